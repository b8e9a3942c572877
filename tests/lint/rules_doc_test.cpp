// docs/rules.md is derived from rules/lint/*.yaml, never kept by hand: this
// test renders it from lint_rules() and compares; IAMTRIM_UPDATE_GOLDEN=1
// rewrites it.
#include <gtest/gtest.h>

#include "iamtrim/lint.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '|') c = c == '|' ? '/' : ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string render_rules_doc() {
  std::string out =
      "# Lint rules\n\n"
      "<!-- Generated from rules/lint/*.yaml by tests/lint/rules_doc_test.cpp; "
      "IAMTRIM_UPDATE_GOLDEN=1 regenerates it. Do not edit by hand. -->\n\n"
      "Every rule is one YAML file under `rules/lint/` and one check class in `src/lint/registry.cpp`.\n"
      "Severity is the default; configuration can change it per code or slug. `iamtrim explain CODE`\n"
      "prints a rule's full document. Severities: **error** (AWS rejects the policy or it cannot work),\n"
      "**security** (it grants dangerous access), **warning**, **suggestion**. A finding whose statement\n"
      "has a narrowing Condition is lowered one step (error and security drop to warning) and says why.\n\n"
      "| Code | Slug | Severity | Category | Applies to | Summary |\n|---|---|---|---|---|---|\n";
  for (const RuleInfo& r : lint_rules()) {
    std::string kinds;
    for (const std::string& k : r.applies_to) kinds += (kinds.empty() ? "" : ", ") + k;
    out += "| " + r.code + " | " + r.slug + " | " + std::string(to_string(r.severity)) + " | " + r.category +
           " | " + (kinds.empty() ? "all" : kinds) + " | " + one_line(r.summary) + " |\n";
  }
  out += "\n## Rules\n";
  for (const RuleInfo& r : lint_rules()) {
    out += "\n### " + r.code + " " + r.slug + "\n\n" + r.summary + "\n\n**Why it matters.** " + r.rationale +
           "\n\n**Fix.** " + r.fix + "\n\n**Options.** " + r.options + "\n\n**Bad** (linted as " +
           std::string(to_string(*r.example_kind)) + "):\n\n```json\n" + r.bad_example + "```\n\n**Good:**\n\n```json\n" +
           r.good_example + "```\n\n**References.**\n";
    for (const std::string& ref : r.references) out += "- " + ref + "\n";
  }
  return out;
}

TEST(LintRulesDoc, MatchesTheRuleDocuments) {
  std::string diff = test::check_golden(std::filesystem::path(IAMTRIM_SOURCE_DIR) / "docs" / "rules.md",
                                        render_rules_doc());
  EXPECT_EQ(diff, "");
}

}  // namespace
}  // namespace iamtrim
