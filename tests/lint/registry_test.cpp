// The rule documents and the check registry match one to one, and the
// embedded rule data loads without a defect.
#include <gtest/gtest.h>

#include <set>

#include "lint/registry.hpp"
#include "lint/risk_data.hpp"
#include "lint/rule_info.hpp"

namespace iamtrim {
namespace {

TEST(LintRegistry, EmbeddedRuleFilesHaveNoDefects) {
  EXPECT_EQ(lint::embedded_rule_errors(), std::vector<std::string>{});
}

TEST(LintRegistry, MatchesRuleDocumentsOneToOne) {
  std::vector<std::string> checks, docs;
  for (const auto& c : lint::all_checks()) checks.emplace_back(c->code());
  for (const RuleInfo& r : lint_rules()) docs.push_back(r.code);
  EXPECT_TRUE(std::is_sorted(checks.begin(), checks.end())) << "registry.cpp must stay sorted by code";
  EXPECT_EQ(checks, docs);
  EXPECT_EQ(std::set<std::string>(checks.begin(), checks.end()).size(), checks.size());
}

TEST(LintRegistry, FastIndexAgreesWithTheFullParse) {
  // The engine runs on rule_index() (a line scan); lint_rules() is yaml-cpp.
  const auto& index = lint::rule_index();
  const auto& full = lint_rules();
  ASSERT_EQ(index.size(), full.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    EXPECT_EQ(index[i].code, full[i].code);
    EXPECT_EQ(index[i].slug, full[i].slug) << full[i].code;
    EXPECT_EQ(index[i].severity, full[i].severity) << full[i].code;
    EXPECT_EQ(index[i].category, full[i].category) << full[i].code;
    EXPECT_EQ(index[i].applies_to, full[i].applies_to) << full[i].code;
  }
  EXPECT_EQ(lint::find_indexed_rule("pass-role-on-star")->code, "IAM505");
}

TEST(LintRegistry, FindsRulesByCodeOrSlug) {
  ASSERT_NE(find_rule("IAM104"), nullptr);
  EXPECT_EQ(find_rule("IAM104")->slug, "unknown-action");
  ASSERT_NE(find_rule("pass-role-on-star"), nullptr);
  EXPECT_EQ(find_rule("pass-role-on-star")->code, "IAM505");
  EXPECT_EQ(find_rule("iam104"), find_rule("IAM104"));
  EXPECT_EQ(find_rule("IAM999"), nullptr);
}

TEST(LintRegistry, RiskDataResolvesAgainstTheEmbeddedCatalog) {
  lint::RiskData risk = lint::load_risk_data(Catalog::embedded());
  EXPECT_EQ(risk.errors, std::vector<std::string>{});
  EXPECT_EQ(risk.quotas.size(), 6u);
  EXPECT_EQ(risk.quotas.at("managed").limit, 6144u);
  EXPECT_TRUE(risk.quotas.at("scp").whitespace_counts);
  EXPECT_EQ(risk.privilege_escalation.size(), 59u);
  // Names a catalog version does not know are kept out, not fatal (a newer
  // list may name newer actions); the embedded catalog knows them all.
  EXPECT_EQ(risk.unresolved, std::vector<std::string>{});
}

const char* kValid =
    "code: IAM900\nslug: sample-rule\nseverity: warning\ncategory: actions\nsummary: s\nrationale: r\n"
    "fix:\n  how: h\n  safety: safe\napplies_to: [identity]\nexample_kind: identity\nbad_example: b\n"
    "good_example: g\noptions: o\nreferences: [https://example.com]\n";

TEST(LintRuleLoader, ReadsAValidFile) {
  lint::RuleLoad load = lint::load_rules({{"lint/IAM900-sample-rule.yaml", kValid}});
  EXPECT_EQ(load.errors, std::vector<std::string>{});
  ASSERT_EQ(load.rules.size(), 1u);
  EXPECT_EQ(load.rules[0].fix, "h Fix safety: safe.");
  EXPECT_EQ(load.rules[0].applies_to, std::vector<std::string>{"identity"});
}

TEST(LintRuleLoader, RejectsDuplicateKeysUnknownFieldsAndBadValues) {
  std::string dup = std::string(kValid) + "severity: error\n";
  std::string unknown = std::string(kValid) + "colour: red\n";
  std::string bad = kValid;
  bad.replace(bad.find("warning"), 7, "fatal");
  lint::RuleLoad load = lint::load_rules({{"lint/IAM900-sample-rule.yaml", dup},
                                          {"lint/IAM901-other.yaml", unknown},
                                          {"lint/IAM902-third.yaml", bad},
                                          {"lint/IAM903-broken.yaml", "code: [unclosed\n"}});
  EXPECT_TRUE(load.rules.empty());
  EXPECT_EQ(load.errors,
            (std::vector<std::string>{
                "lint/IAM900-sample-rule.yaml:16: duplicate key \"severity\"",
                "lint/IAM901-other.yaml: unknown field \"colour\" (line 16)",
                "lint/IAM902-third.yaml: invalid severity \"fatal\"",
                "lint/IAM903-broken.yaml:2:1: end of sequence flow not found",
            }));
}

}  // namespace
}  // namespace iamtrim
