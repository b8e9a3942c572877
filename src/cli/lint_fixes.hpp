// `lint --fix`: the summary line that says how many more --fix would apply.
// (The fixes themselves are applied by lint_file, iamtrim/lint_file.hpp.)
#pragma once

#include <set>
#include <string>
#include <vector>

#include "iamtrim/lint.hpp"

namespace iamtrim::cli {

// "3 fixable with --fix (1 more with --fix --unsafe-fixes)\n", or "" when
// no finding carries a fix. Findings in an `unverifiable` file (one whose
// FileFindings::fixes_blocked is set, lint_file.hpp) are not counted as
// fixable: --fix skips them; a second line says how many there are.
std::string fixable_summary(const std::vector<Finding>& findings, const std::set<const SourceFile*>& unverifiable);

}  // namespace iamtrim::cli
