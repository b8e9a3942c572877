#include "cli/lint_fixes.hpp"

namespace iamtrim::cli {

std::string fixable_summary(const std::vector<Finding>& findings) {
  std::size_t safe = 0, unsafe = 0;
  for (const Finding& f : findings) {
    bool s = false, u = false;
    for (const Fix& x : f.fixes) {
      s |= x.safety == FixSafety::Safe;
      u |= x.safety == FixSafety::Unsafe;
    }
    safe += s;
    unsafe += !s && u;
  }
  if (safe)
    return std::to_string(safe) + " fixable with --fix" +
           (unsafe ? " (" + std::to_string(unsafe) + " more with --fix --unsafe-fixes)" : "") + "\n";
  if (unsafe) return std::to_string(unsafe) + " fixable with --fix --unsafe-fixes, which changes what the policy grants\n";
  return "";
}

}  // namespace iamtrim::cli
