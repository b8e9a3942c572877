// `lint --fix`: the summary line that says how many more --fix would apply.
// (The fixes themselves are applied by lint_file, iamtrim/lint_file.hpp.)
#pragma once

#include <string>
#include <vector>

#include "iamtrim/lint.hpp"

namespace iamtrim::cli {

// "3 fixable with --fix (1 more with --fix --unsafe-fixes)\n", or "" when
// no finding carries a fix.
std::string fixable_summary(const std::vector<Finding>& findings);

}  // namespace iamtrim::cli
