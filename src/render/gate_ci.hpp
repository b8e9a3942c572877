// The gate (`iamtrim diff`, `iamtrim check`) in the CI formats; text, JSON,
// Markdown and SARIF are diff.hpp's own. GitHub: one annotation per change
// (::error when it grants new access, ::notice otherwise). JUnit: one test
// case per policy compared, failing when it grants new access. GitLab: one
// issue per change ("critical" for new access, "info" otherwise).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "iamtrim/diff.hpp"

namespace iamtrim {

std::string render_gate_github(const Catalog& catalog, const GateReport& report);
std::string render_gate_junit(const Catalog& catalog, const GateReport& report);
std::string render_gate_gitlab(const Catalog& catalog, const GateReport& report);
// By format name: the CI formats above, else diff.hpp's render().
std::optional<std::string> render_gate(const Catalog& catalog, const GateReport& report, std::string_view format);

}  // namespace iamtrim
