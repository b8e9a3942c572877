// Reading rule metadata from rules/lint/*.yaml. The YAML is the only place
// rule metadata lives; the engine and the CLI ask lint_rules() for it.
#pragma once

#include <string>
#include <string_view>
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

// What the engine needs to run the rules (code, slug, severity, category,
// applies_to; the docs fields are empty), read without a YAML parser so that
// start-up stays fast. Sorted by code. The CLI's explain, rules and SARIF
// output use the full lint_rules() instead.
const std::vector<RuleInfo>& rule_index();
const RuleInfo* find_indexed_rule(std::string_view code_or_slug);

// The errors of the embedded rule files; empty for a sound build.
const std::vector<std::string>& embedded_rule_errors();

}  // namespace iamtrim::lint
