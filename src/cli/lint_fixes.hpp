// `lint --fix`: applying the fixes of one file's findings in place, and the
// summary line that says how many more --fix would apply.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "iamtrim/fix.hpp"

namespace iamtrim::cli {

// Applies the fixes `level` allows to `file` and writes it atomically,
// printing each fix applied or skipped on `err`. Returns the number
// applied (0 when nothing was written); sets `error` when the write failed.
std::size_t fix_file(const Catalog& catalog, const std::shared_ptr<const SourceFile>& file,
                     const std::vector<Finding>& findings, FixLevel level, std::ostream& err, bool& error);

// "3 fixable with --fix (1 more with --fix --unsafe-fixes)\n", or "" when
// no finding carries a fix.
std::string fixable_summary(const std::vector<Finding>& findings);

}  // namespace iamtrim::cli
