// Reading rule metadata from rules/lint/*.yaml. The YAML is the only place
// rule metadata lives; the engine and the CLI ask lint_rules() for it.
#pragma once

#include <string>
#include <vector>

#include "iamtrim/lint.hpp"
#include "iamtrim/rules.hpp"

namespace iamtrim::lint {

struct RuleLoad {
  std::vector<RuleInfo> rules;      // sorted by code
  std::vector<std::string> errors;  // one per defect, "path:line: message"
};

// Reads every file under lint/ in `files`. A file with any defect (unknown
// or missing field, duplicate key, bad severity, a name that does not match
// its code and slug) is left out and reported in `errors`.
RuleLoad load_rules(const std::vector<RuleFile>& files);

// The errors of the embedded rule files; empty for a sound build.
const std::vector<std::string>& embedded_rule_errors();

}  // namespace iamtrim::lint
