// Every rule document's bad example fires its rule, and its whole output is
// a golden file (testdata/lint/<CODE>/bad_example.expected); every good
// example fires nothing at all.
#include <gtest/gtest.h>

#include "lint_support.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

class RuleExamples : public ::testing::TestWithParam<RuleInfo> {};

TEST_P(RuleExamples, BadExampleFiresTheRule) {
  const RuleInfo& rule = GetParam();
  Linter linter = test::make_linter(rule.example_kind);
  auto findings = test::lint_text(linter, rule.code + "-bad.json", rule.bad_example);
  bool fired = false;
  for (const Finding& f : findings) fired |= f.diagnostic.code == rule.code && f.slug == rule.slug;
  EXPECT_TRUE(fired) << test::format_findings(findings);
  std::string diff = test::check_golden(test::testdata("lint/" + rule.code + "/bad_example.expected"),
                                        test::format_findings(findings));
  EXPECT_EQ(diff, "");
}

TEST_P(RuleExamples, GoodExampleFiresNothing) {
  const RuleInfo& rule = GetParam();
  Linter linter = test::make_linter(rule.example_kind);
  auto findings = test::lint_text(linter, rule.code + "-good.json", rule.good_example);
  EXPECT_EQ(test::format_findings(findings), "");
}

INSTANTIATE_TEST_SUITE_P(AllRules, RuleExamples, ::testing::ValuesIn(lint_rules()),
                         [](const auto& info) { return info.param.code; });

}  // namespace
}  // namespace iamtrim
