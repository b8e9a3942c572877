// Every rule document's bad example fires its rule, and its whole output is
// a golden file (testdata/lint/<CODE>/bad_example.expected); every good
// example fires nothing at all.
#include <gtest/gtest.h>

#include "lint_support.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

class RuleExamples : public ::testing::TestWithParam<RuleInfo> {};

// "IAM090-bad.tf" for a rule whose examples are Terraform, else "IAM104-bad.json".
std::string example_name(const RuleInfo& rule, const std::string& which) {
  const std::string& f = rule.example_file;
  std::size_t dot = f.find('.');
  return rule.code + "-" + which + (f.empty() || dot == std::string::npos ? ".json" : f.substr(dot));
}

TEST_P(RuleExamples, BadExampleFiresTheRule) {
  const RuleInfo& rule = GetParam();
  Linter linter = test::make_linter(rule.example_kind);
  auto findings = test::lint_text(linter, example_name(rule, "bad"), rule.bad_example);
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
  auto findings = test::lint_text(linter, example_name(rule, "good"), rule.good_example);
  EXPECT_EQ(test::format_findings(findings), "");
}

INSTANTIATE_TEST_SUITE_P(AllRules, RuleExamples, ::testing::ValuesIn(lint_rules()),
                         [](const auto& info) { return info.param.code; });

}  // namespace
}  // namespace iamtrim
