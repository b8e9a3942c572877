// Wildcard expansion against the embedded catalog: IAM's matching rules,
// the four kinds of "no match", and suggestions for typos.
#include <gtest/gtest.h>

#include <algorithm>

#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"

namespace iamtrim {
namespace {

const Catalog& catalog() {
  static const Catalog c = Catalog::embedded();
  return c;
}

std::vector<std::string> names(const ActionSet& s) {
  std::vector<std::string> out;
  s.for_each([&](ActionId id) { out.push_back(catalog().full_name(id)); });
  return out;
}

TEST(WildcardMatch, FollowsIamRules) {
  EXPECT_TRUE(wildcard_match("Get*", "getobject"));
  EXPECT_TRUE(wildcard_match("?etObject", "GetObject"));
  EXPECT_TRUE(wildcard_match("*Access*Key*", "ListAccessKeys"));
  EXPECT_TRUE(wildcard_match("*", ""));
  EXPECT_FALSE(wildcard_match("?", ""));
  EXPECT_FALSE(wildcard_match("Get", "GetObject"));
  EXPECT_TRUE(wildcard_match("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(wildcard_match("a*b*c", "aXbYbZ"));
  // Regex and glob metacharacters are literal.
  EXPECT_TRUE(wildcard_match("Get(*", "Get(x"));
  EXPECT_FALSE(wildcard_match("Get(*", "GetObject"));
  EXPECT_FALSE(wildcard_match("[G]et", "Get"));
  EXPECT_FALSE(wildcard_match("Get.bject", "GetObject"));
}

TEST(ExpandPattern, LiteralIsCaseInsensitiveAndCanonical) {
  PatternMatch m = expand_pattern(catalog(), "IAM:passrole");
  EXPECT_EQ(m.status, MatchStatus::Matched);
  EXPECT_EQ(names(m.actions), (std::vector<std::string>{"iam:PassRole"}));
}

TEST(ExpandPattern, QuestionMarkAndStarInTheActionPart) {
  PatternMatch m = expand_pattern(catalog(), "s3:?etObject");
  EXPECT_EQ(names(m.actions), (std::vector<std::string>{"s3:GetObject"}));
  PatternMatch keys = expand_pattern(catalog(), "iam:*AccessKey*");
  auto n = names(keys.actions);
  EXPECT_EQ(n, (std::vector<std::string>{"iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed",
                                         "iam:ListAccessKeys", "iam:UpdateAccessKey"}));
}

TEST(ExpandPattern, WildcardsInTheServicePartAndSecondColonsAreMalformed) {
  // IAM rejects these ("Action vendors must not contain wildcards", "can
  // contain only one colon"): they match nothing, for a reason.
  struct Case {
    const char* pattern;
    const char* reason;
  } cases[] = {
      {"*:GetObject", "IAM allows no wildcard in the service prefix"},
      {"*:ListTags*", "IAM allows no wildcard in the service prefix"},
      {"s3*:GetObject", "IAM allows no wildcard in the service prefix"},
      {"s?:GetObject", "IAM allows no wildcard in the service prefix"},
      {"*:*", "IAM allows no wildcard in the service prefix"},
      {"ec2:*:*", "IAM allows only one ':' in an action"},
      {"s3:Get:Object", "IAM allows only one ':' in an action"},
      {"GetObject", "it has no \"service:\" prefix"},
      {":GetObject", "the service prefix is empty"},
      {"s3:", "the action name is empty"},
  };
  for (const Case& c : cases) {
    PatternMatch m = expand_pattern(catalog(), c.pattern);
    EXPECT_EQ(m.status, MatchStatus::Malformed) << c.pattern;
    EXPECT_TRUE(m.actions.empty()) << c.pattern;
    EXPECT_EQ(malformed_reason(c.pattern), c.reason) << c.pattern;
  }
  for (const char* ok : {"*", "s3:*", "s3:Get*", "s3:?etObject", "S3:getobject"})
    EXPECT_EQ(malformed_reason(ok), "") << ok;
}

TEST(ExpandPattern, StarAloneAndServiceStarCoverEverything) {
  EXPECT_EQ(expand_pattern(catalog(), "*").actions.count(), catalog().action_count());
  const ServiceInfo* iam = catalog().find_service("iam");
  EXPECT_EQ(expand_pattern(catalog(), "iam:*").actions.count(), iam->end - iam->first);
}

TEST(ExpandPattern, PrefixesMatchTheScanOfTheService) {
  // The prefix range shortcut must agree with testing every action.
  for (const char* p : {"ec2:Describe*", "ec2:describe*s", "s3:Get*Tagging", "lambda:List*", "dynamodb:*Item*", "iam:Pass*"}) {
    PatternMatch m = expand_pattern(catalog(), p);
    std::string svc(p, std::string_view(p).find(':'));
    std::string act(std::string_view(p).substr(svc.size() + 1));
    const ServiceInfo* s = catalog().find_service(svc);
    ActionSet scan(catalog().action_count());
    for (ActionId id = s->first; id < s->end; ++id)
      if (wildcard_match(act, catalog().action_name(id))) scan.insert(id);
    EXPECT_EQ(m.actions, scan) << p;
    EXPECT_FALSE(scan.empty()) << p;
  }
}

struct NoMatchCase {
  const char* pattern;
  MatchStatus status;
  std::vector<std::string> suggestions;
};
class ExpandNoMatch : public ::testing::TestWithParam<NoMatchCase> {};
TEST_P(ExpandNoMatch, KindsAreDistinctWithSuggestions) {
  PatternMatch m = expand_pattern(catalog(), GetParam().pattern);
  EXPECT_EQ(m.status, GetParam().status) << GetParam().pattern;
  EXPECT_TRUE(m.actions.empty());
  ASSERT_GE(m.suggestions.size(), GetParam().suggestions.size());
  for (std::size_t i = 0; i < GetParam().suggestions.size(); ++i) EXPECT_EQ(m.suggestions[i], GetParam().suggestions[i]);
}
INSTANTIATE_TEST_SUITE_P(
    Cases, ExpandNoMatch,
    ::testing::Values(NoMatchCase{"s3:GetObjet", MatchStatus::UnknownAction, {"s3:GetObject"}},
                      NoMatchCase{"ec2:DescribeInstance", MatchStatus::UnknownAction, {"ec2:DescribeInstances"}},
                      NoMatchCase{"lamda:InvokeFunction", MatchStatus::UnknownService, {"lambda:InvokeFunction"}},
                      NoMatchCase{"s3:Get(*", MatchStatus::NoMatch, {}},
                      NoMatchCase{"s3:Get|Put*", MatchStatus::NoMatch, {}},
                      NoMatchCase{"zz*:Get*", MatchStatus::Malformed, {}},
                      NoMatchCase{"s3", MatchStatus::Malformed, {}},
                      NoMatchCase{":GetObject", MatchStatus::Malformed, {}},
                      NoMatchCase{"s3:", MatchStatus::Malformed, {}},
                      NoMatchCase{"", MatchStatus::Malformed, {}}));

TEST(ExpandStatement, NotActionIsTheComplementAndOpaqueItemsAreFlagged) {
  SourceFile f = SourceFile::from_string(
      "p.json", R"({"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"},
                                 {"Effect":"Allow","Action":["S3:get*","s3:GetObject"],"Resource":"*"}]})");
  PolicyResult p = parse_policy(parse_json(f).value);
  StatementActions na = expand_statement(catalog(), p.policy.statements[0]);
  EXPECT_TRUE(na.present);
  EXPECT_FALSE(na.actions.contains(*catalog().find_action("iam:PassRole")));
  EXPECT_TRUE(na.actions.contains(*catalog().find_action("s3:GetObject")));
  std::size_t iam_and_org = expand_pattern(catalog(), "iam:*").actions.count() +
                            expand_pattern(catalog(), "organizations:*").actions.count();
  EXPECT_EQ(na.actions.count(), catalog().action_count() - iam_and_org);
  StatementActions get = expand_statement(catalog(), p.policy.statements[1]);
  EXPECT_EQ(get.matches.size(), 2u);
  EXPECT_EQ(get.actions, expand_pattern(catalog(), "s3:Get*").actions);
  Statement computed = p.policy.statements[1];
  computed.action->items.push_back({"${var.actions}", {}, ValueKind::Opaque});
  EXPECT_TRUE(expand_statement(catalog(), computed).has_opaque);
}

// What a policy grants: Allow statements only (a Deny narrows nothing here,
// conditions and resources aside), NotAction as its complement, and the
// patterns that match nothing reported as written, NotAction's too.
TEST(GrantedActions, UnionOfTheAllowStatementsWithUnknownPatternsAsWritten) {
  SourceFile f = SourceFile::from_string(
      "p.json", R"({"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:GetObjectTypo"],"Resource":"*"},
                                 {"Effect":"Deny","Action":"s3:GetObject","Resource":"*"},
                                 {"Effect":"Allow","Action":"sqs:Send*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
                                 {"Effect":"Allow","Resource":"*"}]})");
  PolicyResult p = parse_policy(parse_json(f).value);
  std::vector<std::string> unknown;
  ActionSet granted = granted_actions(catalog(), p.policy, &unknown);
  ActionSet expected = expand_pattern(catalog(), "s3:GetObject").actions | expand_pattern(catalog(), "sqs:Send*").actions;
  EXPECT_EQ(names(granted), names(expected));
  EXPECT_EQ(unknown, std::vector<std::string>{"s3:GetObjectTypo"});
  EXPECT_EQ(granted_actions(catalog(), p.policy), granted);  // the same without collecting

  SourceFile g = SourceFile::from_string(
      "q.json", R"({"Statement":{"Effect":"Allow","NotAction":["iam:*","nosuch:Thing"],"Resource":"*"}})");
  PolicyResult q = parse_policy(parse_json(g).value);
  unknown.clear();
  granted = granted_actions(catalog(), q.policy, &unknown);
  EXPECT_EQ(granted, expand_pattern(catalog(), "iam:*").actions.complement());
  EXPECT_EQ(unknown, std::vector<std::string>{"nosuch:Thing"});
}

}  // namespace
}  // namespace iamtrim
