// `lint --fix`: applying the fixes of one file's findings in place, and the
// summary line that says how many more --fix would apply.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/atomic_write.hpp"
#include "iamtrim/fix.hpp"

namespace iamtrim::cli {

// How a fixed file may be written: only if it is still what was read, and a
// read-only file only when forced (atomic_write.hpp).
struct FixWrite {
  FileSnapshot read;
  bool force = false;
};

// Applies the fixes `level` allows to `file` and writes it atomically,
// printing each fix applied or skipped on `err`. Returns the number
// applied (0 when nothing was written); sets `error` when the write failed.
std::size_t fix_file(const Catalog& catalog, const std::shared_ptr<const SourceFile>& file,
                     const std::vector<Finding>& findings, FixLevel level, const FixWrite& write, std::ostream& err,
                     bool& error);

// "3 fixable with --fix (1 more with --fix --unsafe-fixes)\n", or "" when
// no finding carries a fix.
std::string fixable_summary(const std::vector<Finding>& findings);

}  // namespace iamtrim::cli
