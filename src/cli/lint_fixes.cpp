#include "cli/lint_fixes.hpp"

namespace iamtrim::cli {

std::string fixable_summary(const std::vector<Finding>& findings, const std::set<const SourceFile*>& unverifiable) {
  std::size_t safe = 0, unsafe = 0, blocked = 0;
  for (const Finding& f : findings) {
    bool s = false, u = false;
    for (const Fix& x : f.fixes) {
      s |= x.safety == FixSafety::Safe;
      u |= x.safety == FixSafety::Unsafe;
    }
    if ((s || u) && unverifiable.count(f.file.get())) {
      ++blocked;
      continue;
    }
    safe += s;
    unsafe += !s && u;
  }
  std::string out;
  if (safe)
    out = std::to_string(safe) + " fixable with --fix" +
          (unsafe ? " (" + std::to_string(unsafe) + " more with --fix --unsafe-fixes)" : "") + "\n";
  else if (unsafe)
    out = std::to_string(unsafe) + " fixable with --fix --unsafe-fixes, which changes what the policy grants\n";
  if (blocked)
    out += std::to_string(blocked) + (blocked == 1 ? " finding has a fix" : " findings have a fix") +
           " that --fix cannot verify in its file (an error to fix first, or a computed part)\n";
  return out;
}

}  // namespace iamtrim::cli
