// Reading rule metadata from rules/lint/*.yaml. The YAML is the only place
// rule metadata lives; the engine and the CLI ask lint_rules() for it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/lint.hpp"
#include "iamtrim/rules.hpp"

namespace iamtrim::lint {

struct RuleLoad {
  std::vector<RuleInfo> rules;      // sorted by code
  std::vector<std::string> errors;  // one per defect, "path:line: message"
  std::map<std::string, FixSafety, std::less<>> fix_safety;  // by code: each file's fix.safety
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

// Fix safety is rule metadata: a rule file's fix.safety is the one place it
// is stated. The engine stamps it on every fix the rule's check offers (a
// check builds edits, never decides their safety); RuleInfo::fix says it in
// prose for the docs. indexed_fix_safety() is the line scan's reading (what
// the engine uses), stated_fix_safety() the full parse's; DisplayOnly for a
// code without a rule file.
std::optional<FixSafety> parse_fix_safety(std::string_view text);  // "safe", "unsafe", "display-only"
FixSafety indexed_fix_safety(std::string_view code);
FixSafety stated_fix_safety(std::string_view code);

// The errors of the embedded rule files; empty for a sound build.
const std::vector<std::string>& embedded_rule_errors();

}  // namespace iamtrim::lint
