// The reviewed rules (README "What lint finds"): what they now stay quiet
// on, and the real problems they still report. One table, each row a policy
// linted with one rule and the whole list of findings it must give.
#include <gtest/gtest.h>

#include "lint_support.hpp"

namespace iamtrim {
namespace {

struct Row {
  const char* name;
  const char* rule;
  const char* statement;  // one statement of an identity policy
  const char* expected;
};

const Row kRows[] = {
    // IAM101: IAM rejects these forms.
    {"service-wildcards-are-malformed", "IAM101",
     R"({"Effect": "Allow", "Action": ["*:ListTags*", "s3*:GetObject", "ec2:*:*", "*"], "Resource": "*"})",
     "1:72: error IAM101 malformed-action: \"*:ListTags*\" is not an action: IAM allows no wildcard in the service "
     "prefix\n"
     "1:87: error IAM101 malformed-action: \"s3*:GetObject\" is not an action: IAM allows no wildcard in the service "
     "prefix\n"
     "1:104: error IAM101 malformed-action: \"ec2:*:*\" is not an action: IAM allows only one ':' in an action\n"},
    // IAM204: a service-wide ARN is "*" for the service.
    {"service-wide-arn-is-fine", "IAM204",
     R"({"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "logs:DescribeLogGroups"], "Resource": ["arn:aws:s3:::*", "arn:aws:logs:*:*:*"]})",
     ""},
    {"a-type-of-the-service-is-a-suggestion", "IAM204",
     R"({"Effect": "Allow", "Action": "logs:DescribeLogGroups", "Resource": "arn:aws:logs:*:*:log-group:/app/*"})",
     "1:71: suggestion IAM204 star-only-action-with-arn: logs:DescribeLogGroups supports only \"Resource\": \"*\" in "
     "catalog CATALOG, so this statement does not grant it [lowered from warning: "
     "\"arn:aws:logs:*:*:log-group:/app/*\" has the form of logs resource type \"log-group\", which AWS may have "
     "linked to logs:DescribeLogGroups after this catalog was built]\n"},
    {"another-services-arn-stays-a-warning", "IAM204",
     R"({"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "arn:aws:s3:::bucket"})",
     "1:71: warning IAM204 star-only-action-with-arn: ec2:DescribeInstances supports only \"Resource\": \"*\" in "
     "catalog CATALOG, so this statement does not grant it\n"},
    // Each service's actions are judged on the statement's ARNs on their
    // own: a service-wide ARN of one service covers none of another's.
    {"each-service-on-its-own-arns", "IAM204",
     R"({"Effect": "Allow", "Action": ["logs:DescribeLogGroups", "ec2:DescribeInstances", "s3:ListAllMyBuckets", "ec2:DescribeImages"], "Resource": ["arn:aws:logs:*:*:*", "arn:aws:ec2:*:*:instance/i-1", "arn:aws:s3:::bucket"]})",
     "1:98: suggestion IAM204 star-only-action-with-arn: ec2:DescribeInstances supports only \"Resource\": \"*\" in "
     "catalog CATALOG, so this statement does not grant it [lowered from warning: \"arn:aws:ec2:*:*:instance/i-1\" has "
     "the form of ec2 resource type \"instance\", which AWS may have linked to ec2:DescribeInstances after this "
     "catalog was built]\n"
     "1:123: suggestion IAM204 star-only-action-with-arn: s3:ListAllMyBuckets supports only \"Resource\": \"*\" in "
     "catalog CATALOG, so this statement does not grant it [lowered from warning: \"arn:aws:s3:::bucket\" has the form "
     "of s3 resource type \"bucket\", which AWS may have linked to s3:ListAllMyBuckets after this catalog was built]\n"
     "1:146: suggestion IAM204 star-only-action-with-arn: ec2:DescribeImages supports only \"Resource\": \"*\" in "
     "catalog CATALOG, so this statement does not grant it [lowered from warning: \"arn:aws:ec2:*:*:instance/i-1\" has "
     "the form of ec2 resource type \"instance\", which AWS may have linked to ec2:DescribeImages after this catalog "
     "was built]\n"},
    // IAM202: the renamed service's ARNs, and a typeless action.
    {"codeconnections-alias", "IAM202",
     R"({"Effect": "Allow", "Action": "codestar-connections:UseConnection", "Resource": "arn:aws:codeconnections:us-east-1:111122223333:connection/abc"})",
     ""},
    {"wrong-service-still-reported", "IAM202",
     R"({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/t"})",
     "1:99: warning IAM202 resource-service-mismatch: resource \"arn:aws:dynamodb:us-east-1:111122223333:table/t\" "
     "belongs to service \"dynamodb\", which no action of the statement is in\n"},
    {"typeless-action-lowers", "IAM202",
     R"({"Effect": "Allow", "Action": "ssmmessages:OpenDataChannel", "Resource": "arn:aws:ssm:*:*:session/*"})",
     "1:114: suggestion IAM202 resource-service-mismatch: resource \"arn:aws:ssm:*:*:session/*\" belongs to service "
     "\"ssm\", which no action of the statement is in [lowered from warning: ssmmessages:OpenDataChannel has no "
     "resource type in catalog CATALOG; if AWS has added one since, this ARN may be it]\n"},
    // IAM307: quiet where the key cannot be absent, loud on the real hole.
    {"delete-tags-is-the-hole", "IAM307",
     R"({"Effect": "Allow", "Action": "ec2:DeleteTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}})",
     "1:150: warning IAM307 forallvalues-with-allow: \"ForAllValues:StringEquals\" on \"aws:TagKeys\" in an Allow "
     "also matches requests of ec2:DeleteTags without the key; add \"Null\": {\"aws:TagKeys\": \"false\"}\n"},
    {"tagging-apis-always-carry-keys", "IAM307",
     R"({"Effect": "Allow", "Action": ["ec2:CreateTags", "s3:TagResource", "iam:UntagRole", "rds:RemoveTagsFromResource", "ec2:DescribeTags"], "Resource": "*", "Condition": {"ForAllValues:StringLike": {"aws:TagKeys": ["team*"]}}})",
     ""},
    {"a-request-tag-condition-requires-keys", "IAM307",
     R"({"Effect": "Allow", "Action": ["ec2:CreateVolume", "ec2:DeleteTags"], "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "StringEquals": {"aws:RequestTag/team": "x"}}})",
     ""},
    {"forany-on-the-key-requires-it", "IAM307",
     R"({"Effect": "Allow", "Action": "ec2:DeleteTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}}})",
     ""},
    // A negated operator holds when the key is absent ("StringNotEquals":
    // {"aws:RequestTag/team": "x"} is true for a request with no tags).
    {"a-negated-request-tag-condition-requires-nothing", "IAM307",
     R"({"Effect": "Allow", "Action": "ec2:DeleteTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "StringNotEquals": {"aws:RequestTag/team": "x"}}})",
     "1:150: warning IAM307 forallvalues-with-allow: \"ForAllValues:StringEquals\" on \"aws:TagKeys\" in an Allow "
     "also matches requests of ec2:DeleteTags without the key; add \"Null\": {\"aws:TagKeys\": \"false\"}\n"},
    {"a-negated-condition-on-the-key-requires-nothing", "IAM307",
     R"({"Effect": "Allow", "Action": "ec2:DeleteTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}, "StringNotLike": {"aws:TagKeys": "aws:*"}}})",
     "1:150: warning IAM307 forallvalues-with-allow: \"ForAllValues:StringEquals\" on \"aws:TagKeys\" in an Allow "
     "also matches requests of ec2:DeleteTags without the key; add \"Null\": {\"aws:TagKeys\": \"false\"}\n"},
    {"forany-negated-on-the-key-requires-it", "IAM307",
     R"({"Effect": "Allow", "Action": "ec2:DeleteTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}, "ForAnyValue:StringNotEquals": {"aws:TagKeys": "owner"}}})",
     ""},
    {"ifexists-requires-nothing", "IAM307",
     R"({"Effect": "Allow", "Action": "ec2:DeleteTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "StringEqualsIfExists": {"aws:RequestTag/team": "x"}}})",
     "1:150: warning IAM307 forallvalues-with-allow: \"ForAllValues:StringEquals\" on \"aws:TagKeys\" in an Allow "
     "also matches requests of ec2:DeleteTags without the key; add \"Null\": {\"aws:TagKeys\": \"false\"}\n"},
    {"create-grant-always-has-operations", "IAM307",
     R"({"Effect": "Allow", "Action": "kms:CreateGrant", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"kms:GrantOperations": ["Decrypt"]}}})",
     ""},
    {"an-optional-encryption-context-is-a-hole", "IAM307",
     R"({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["app"]}}})",
     "1:147: warning IAM307 forallvalues-with-allow: \"ForAllValues:StringEquals\" on \"kms:EncryptionContextKeys\" "
     "in an Allow also matches requests of kms:Decrypt without the key; add \"Null\": "
     "{\"kms:EncryptionContextKeys\": \"false\"}\n"},
    // IAM509: reads the catalog files under permissions management expose nothing.
    {"reads-expose-nothing", "IAM509",
     R"({"Effect": "Allow", "Action": ["glue:ListEntities", "fsx:GetResourcePolicy", "quicksight:DescribeTopicPermissions"], "Resource": "*"})",
     ""},
    {"writing-a-policy-exposes", "IAM509",
     R"({"Effect": "Allow", "Action": ["glue:ListEntities", "s3:PutBucketPolicy"], "Resource": "*"})",
     "1:61: security IAM509 resource-exposure: statement allows permissions-management actions on \"*\": "
     "s3:PutBucketPolicy\n"},
};

class QuietRules : public ::testing::TestWithParam<Row> {};

TEST_P(QuietRules, FindingsAreExactly) {
  const Row& row = GetParam();
  LintConfig config;
  for (const RuleInfo& r : lint_rules()) config.enabled[r.code] = r.code == row.rule;
  config.kind = PolicyKind::Identity;
  Linter linter(Catalog::embedded(), config);
  std::string policy = std::string(R"({"Version": "2012-10-17", "Statement": [)") + row.statement + "]}";
  std::string out = test::format_findings(test::lint_text(linter, "p.json", policy));
  std::string version(Catalog::embedded().version());
  for (std::size_t at = out.find(version); at != std::string::npos; at = out.find(version, at))
    out.replace(at, version.size(), "CATALOG");
  EXPECT_EQ(out, row.expected) << row.statement;
}

// IAM020 is about a statement without Principal. One whose Principal is
// written but unreadable (checkov's SQS example: a string that is not "*")
// has IAM018 for that, and no "no Principal" beside it; a statement with no
// Principal at all still has IAM020. Every rule on, as a resource policy.
TEST(QuietRules, AnUnreadablePrincipalIsNotAMissingOne) {
  Linter linter = test::make_linter(PolicyKind::Resource);
  const std::string policy = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": "ARN:01010101010:TEST:SAMPLE", "Action": "sqs:SendMessage", "Resource": "*"},
  {"Effect": "Allow", "NotPrincipal": 7, "Action": "sqs:SendMessage", "Resource": "*"},
  {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}
]})";
  EXPECT_EQ(test::format_findings(test::lint_text(linter, "queue-policy.json", policy)),
            "2:36: error IAM018 wrong-type: Principal must be \"*\" or an object such as {\"AWS\": ...}, found "
            "string\n"
            "3:39: error IAM018 wrong-type: NotPrincipal must be \"*\" or an object such as {\"AWS\": ...}, found "
            "number\n"
            "4:3: error IAM020 missing-principal: statement has no Principal; a resource policy must name who it "
            "applies to\n");
}

// A Condition that CloudFormation computes (IAM091 says it is not analysed)
// may hold the condition a rule looks for: the finding is lowered one step
// and says why, instead of asserting that no such condition exists. A
// literal Condition without the key is reported as before.
TEST(QuietRules, AComputedConditionMayNarrowTheStatement) {
  Linter linter = test::make_linter();
  const std::string cfn =
      "Conditions:\n  Prod: !Equals [!Ref Env, prod]\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
      "          - Effect: Allow\n            Action: iam:PassRole\n            Resource: '*'\n"
      "            Condition: !If\n              - Prod\n              - StringEquals: {iam:PassedToService: "
      "ec2.amazonaws.com}\n              - !Ref AWS::NoValue\n"
      "          - Effect: Allow\n            Action: iam:PassRole\n            Resource: '*'\n"
      "            Condition: {StringEquals: {aws:RequestedRegion: us-east-1}}\n"
      "  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n"
      "        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n"
      "            Principal: {AWS: 'arn:aws:iam::444455556666:root'}\n            Action: sts:AssumeRole\n"
      "            Condition:\n              StringEquals: !If [Prod, {sts:ExternalId: x}, {}]\n";
  EXPECT_EQ(test::format_findings(test::lint_text(linter, "template.yaml", cfn)),
            "13:24: warning IAM091 policy-not-evaluated: P: statement 0: Condition is computed (!If - Prod - "
            "StringEquals: {iam:PassedToService: ec2.amazonaws.com} - !Ref AWS::NoValue); not analysed\n"
            "31:29: warning IAM091 policy-not-evaluated: R: statement 0: Condition operator StringEquals is computed "
            "(!If [Prod, {sts:ExternalId: x}, {}]); not analysed\n"
            "11:21: warning IAM505 pass-role-on-star: iam:PassRole on \"*\" without an iam:PassedToService condition "
            "lets the holder hand any role to any service [lowered from security: the Condition is computed "
            "(IAM091), so it may hold a condition that narrows the statement]\n"
            "18:21: security IAM505 pass-role-on-star: iam:PassRole on \"*\" without an iam:PassedToService condition "
            "lets the holder hand any role to any service\n"
            "28:30: warning IAM402 cross-account-trust-without-external-id: account 444455556666 may assume this "
            "role without an sts:ExternalId or organization condition [lowered from security: the Condition is "
            "computed (IAM091), so it may hold a condition that narrows the statement]\n");
}

// Every rule whose document says a computed Condition lowers it does so:
// its own bad example, with each statement's Condition computed (what a
// CloudFormation !If or a Terraform dynamic "condition" block reads as), is
// reported one severity step lower, saying why.
TEST(QuietRules, EveryRuleThatSaysSoIsLoweredByAComputedCondition) {
  std::vector<std::string> lowered;
  for (const RuleInfo& rule : lint_rules()) {
    if (rule.options.find("is computed") == std::string::npos) continue;
    lowered.push_back(rule.code);
    Linter linter = test::make_linter(rule.example_kind);
    auto file = std::make_shared<const SourceFile>(SourceFile::from_string(rule.code + "-bad.json", rule.bad_example));
    SourceResult src = read_source(file);
    ASSERT_EQ(src.policies.size(), 1u) << rule.code;
    FoundPolicy found = src.policies[0];
    Value* statements = nullptr;
    for (Member& m : found.document.members)
      if (m.key == "Statement") statements = &m.value;
    ASSERT_NE(statements, nullptr) << rule.code;
    std::vector<Value*> list;
    if (statements->is_object()) list.push_back(statements);
    for (Value& st : statements->items) list.push_back(&st);
    for (Value* st : list) {
      Value computed;
      computed.kind = ValueKind::Opaque;
      computed.text = "!If [Prod, {}, !Ref AWS::NoValue]";
      computed.span = st->span;
      bool had = false;
      for (Member& m : st->members)
        if (m.key == "Condition") m.value = computed, had = true;
      if (!had) st->members.push_back({"Condition", st->span, computed});
    }
    PolicyResult parsed = parse_policy(found.document, found.pointer);
    ASSERT_TRUE(parsed.policy.statements.at(0).condition && parsed.policy.statements[0].condition->computed)
        << rule.code;
    const Severity expected = rule.severity == Severity::Security ? Severity::Warning : Severity::Suggestion;
    std::size_t fired = 0;
    for (const Finding& f : linter.lint(found, parsed)) {
      if (f.diagnostic.code != rule.code) continue;
      ++fired;
      EXPECT_EQ(f.severity, expected) << rule.code << ": " << f.diagnostic.message;
      EXPECT_NE(f.note.find("the Condition is computed (IAM091)"), std::string::npos) << rule.code << ": " << f.note;
    }
    EXPECT_GT(fired, 0u) << rule.code << " no longer fires on its bad example with a computed Condition";
  }
  EXPECT_EQ(lowered, (std::vector<std::string>{"IAM401", "IAM402", "IAM403", "IAM501", "IAM502", "IAM503", "IAM504",
                                               "IAM505", "IAM507", "IAM508", "IAM509"}));
}

INSTANTIATE_TEST_SUITE_P(Reviewed, QuietRules, ::testing::ValuesIn(kRows), [](const auto& info) {
  std::string n = info.param.name;
  for (char& c : n)
    if (c == '-') c = '_';
  return n;
});

}  // namespace
}  // namespace iamtrim
