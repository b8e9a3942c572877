// Test helpers for the lint stage: lint a text the way the CLI does (read
// the source, report its problems, lint each policy, apply the inline
// suppressions, unused ones reported) and print the findings
// one per line, "line:col: severity CODE slug: message".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "iamtrim/lint.hpp"

namespace iamtrim::test {

std::vector<Finding> lint_text(const Linter& linter, const std::string& path, const std::string& text);

std::string format_findings(const std::vector<Finding>& findings);

// A linter over the embedded catalog, forcing `kind` when given.
Linter make_linter(std::optional<PolicyKind> kind = std::nullopt);

}  // namespace iamtrim::test
