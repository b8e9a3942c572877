#include "cli/lint_fixes.hpp"

#include <iostream>

#include "cli/atomic_write.hpp"

namespace iamtrim::cli {

std::size_t fix_file(const Catalog& catalog, const std::shared_ptr<const SourceFile>& file,
                     const std::vector<Finding>& findings, FixLevel level, const FixWrite& write, std::ostream& err,
                     bool& error) {
  const std::string& path = file->path();
  FixResult r = apply_fixes(catalog, file, findings, level);
  for (const std::string& s : r.skipped) err << "iamtrim: " << path << ": " << s << "\n";
  if (!r.applied) return 0;
  if (std::string why = replace_file(path, r.text, write.read, write.force); !why.empty()) {
    err << "iamtrim: " << why << "\n";
    error = true;
    return 0;
  }
  for (const std::string& d : r.applied_descriptions) err << "iamtrim: " << path << ": fixed " << d << "\n";
  return r.applied;
}

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
