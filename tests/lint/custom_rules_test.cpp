// Custom rules evaluated on real policies: the shipped examples on their
// fixtures, then each part of the language, a table of rule, input and the
// whole list of findings. Values iamtrim cannot see (Terraform
// interpolations) never decide a finding either way.
#include <gtest/gtest.h>

#include <filesystem>

#include "config/config.hpp"
#include "lint_support.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

std::vector<CustomRule> rules_of(const std::string& yaml) {
  config::ConfigError e;
  auto c = config::parse_config(yaml, ".iamtrim.yaml", [](std::string_view c) { return find_rule(c) != nullptr; }, &e);
  EXPECT_TRUE(c) << e.message;
  return c ? c->custom_rules : std::vector<CustomRule>{};
}

Linter linter_for(const std::vector<CustomRule>& rules) {
  LintConfig config;
  config.custom_rules = rules;
  // Only the custom rules, so the expectations list nothing else.
  for (const RuleInfo& r : lint_rules()) config.enabled[r.code] = false;
  return Linter(Catalog::embedded(), config);
}

std::string lint(const Linter& linter, const std::string& name, const std::string& text) {
  return test::format_findings(test::lint_text(linter, name, text));
}

TEST(CustomRulesLint, TheShippedExamples) {
  fs::path dir = fs::path(IAMTRIM_SOURCE_DIR) / "examples/custom-rules";
  Linter linter = linter_for(rules_of(test::read_file(dir / ".iamtrim.yaml")));
  std::string out;
  for (const char* file :
       {"data-lake.json", "vendor-trust.json", "audit-trust.json", "lenient-trust.json", "keys.json", "lake.tf"})
    out += std::string(file) + ":\n" + lint(linter, file, test::read_file(dir / "policies" / file));
  EXPECT_EQ(out,
            "data-lake.json:\n"
            "14:51: security ACME001 s3-wildcard-outside-acme-buckets: every S3 action (s3:*) allowed on "
            "arn:aws:s3:::partner-drop/*, outside the acme- buckets\n"
            "vendor-trust.json:\n"
            "13:28: security ACME002 foreign-trust-without-external-id: arn:aws:iam::999988887777:root may assume this "
            "role without an sts:ExternalId condition\n"
            "audit-trust.json:\n"
            "lenient-trust.json:\n"
            "7:28: security ACME002 foreign-trust-without-external-id: arn:aws:iam::999988887777:role/reporting may "
            "assume this role without an sts:ExternalId condition\n"
            "keys.json:\n"
            "14:19: error ACME003 kms-write-on-every-key: kms:EnableKeyRotation allowed on every KMS key\n"
            "lake.tf:\n");
}

struct Case {
  const char* name;
  const char* test;    // the rule's when (and unless) block, indented under the rule
  const char* file;    // file name the policy is read as
  const char* policy;
  const char* expected;
};

std::string rule_yaml(const std::string& test) {
  return "custom-rules:\n  - code: TEST001\n    slug: the-rule\n    severity: warning\n    summary: S.\n"
         "    message: \"{statement}: {actions} | {resources} | {principals} | {condition_keys}\"\n    docs: D.\n" +
         test;
}

const char* kS3Star = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::acme-a/*", "arn:aws:s3:::other/*"]}]})";

const Case kCases[] = {
    {"covers-is-every-action-of-the-pattern",
     "    when:\n      actions: {covers: 's3:*'}\n",
     "p.json",
     R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Star", "Effect": "Allow", "Action": "*", "Resource": "*"},
  {"Sid": "Get", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
  {"Sid": "Not", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
  {"Sid": "Deny", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}]})",
     "2:48: warning TEST001 the-rule: statement 0 (Star): s3:* | * | none | none\n"
     "4:37: warning TEST001 the-rule: statement 2 (Not): s3:* | * | none | none\n"},
    {"any-not-regex-reports-at-the-resource",
     "    when:\n      actions: {covers: 's3:*'}\n      resources: {any: {not: {regex: '^arn:aws:s3:::acme-'}}}\n",
     "p.json", kS3Star,
     "2:91: warning TEST001 the-rule: statement 0 (A): s3:* | arn:aws:s3:::other/* | none | none\n"},
    {"unless-all-spares-acme-only-statements",
     "    when:\n      actions: {covers: 's3:*'}\n    unless:\n      resources: {all: {regex: '^arn:aws:s3:::acme-'}}\n",
     "p.json", kS3Star,
     "2:45: warning TEST001 the-rule: statement 0 (A): s3:* | arn:aws:s3:::acme-a/*, arn:aws:s3:::other/* | none "
     "| none\n"},
    {"a-computed-resource-decides-nothing",
     "    when:\n      actions: {covers: 's3:*'}\n      resources: {any: {not: {regex: '^arn:aws:s3:::acme-'}}}\n",
     "main.tf",
     R"(resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Computed", Effect = "Allow", Action = "s3:*", Resource = aws_s3_bucket.b.arn },
      { Sid = "Mixed", Effect = "Allow", Action = "s3:*", Resource = [aws_s3_bucket.b.arn, "arn:aws:s3:::x"] },
    ]
  })
}
)",
     "6:92: warning TEST001 the-rule: statement 1 (Mixed): s3:* | arn:aws:s3:::x | none | none\n"},
    {"unless-on-a-computed-value-spares-nothing-and-reports-nothing",
     "    when:\n      actions: {covers: 's3:*'}\n    unless:\n      resources: {all: {regex: '^arn:aws:s3:::acme-'}}\n",
     "main.tf",
     R"(resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Sid = "Computed", Effect = "Allow", Action = "s3:*", Resource = var.bucket_arn }]
  })
}
)",
     ""},
    {"principals-normalised-typed-and-public",
     "    applies-to: [trust]\n    when:\n      principals:\n        type: AWS\n"
     "        any: {not: {regex: '^arn:aws:iam::111122223333:'}}\n    unless:\n      condition-keys: sts:ExternalId\n",
     "trust.json",
     R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Own", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"},
  {"Sid": "Vendor", "Effect": "Allow", "Principal": {"AWS": ["111122223333", "999988887777"]}, "Action": "sts:AssumeRole"},
  {"Sid": "Svc", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
  {"Sid": "Anyone", "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"},
  {"Sid": "Ext", "Effect": "Allow", "Principal": {"AWS": "999988887777"}, "Action": "sts:AssumeRole",
   "Condition": {"StringEquals": {"sts:ExternalId": "x"}}}]})",
     "3:78: warning TEST001 the-rule: statement 1 (Vendor): sts:AssumeRole | none | arn:aws:iam::999988887777:root | "
     "none\n"
     "5:53: warning TEST001 the-rule: statement 3 (Anyone): sts:AssumeRole | none | * | none\n"},
    {"applies-to-skips-other-kinds",
     "    applies-to: [trust]\n    when:\n      actions: 's3:*'\n",
     "p.json", kS3Star, ""},
    {"access-levels-filter-the-actions",
     "    when:\n      actions: {access: [write, permissions-management], any: 'kms:*'}\n      resources: {equals: '*'}\n",
     "p.json",
     R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": ["kms:ListKeys", "kms:DescribeKey"], "Resource": "*"},
  {"Sid": "Delete", "Effect": "Allow", "Action": ["kms:Describe*", "kms:ScheduleKeyDeletion"], "Resource": "*"},
  {"Sid": "Named", "Effect": "Allow", "Action": "kms:*", "Resource": "arn:aws:kms:eu-west-1:111122223333:key/k"}]})",
     "3:108: warning TEST001 the-rule: statement 1 (Delete): kms:ScheduleKeyDeletion | * | none | none\n"},
    {"equals-is-literal-where-a-pattern-matches-all",
     "    when:\n      resources: {none: {equals: '*'}}\n",
     "p.json",
     R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Star", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
  {"Sid": "Arn", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
  {"Sid": "NotRes", "Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b/*"}]})",
     "3:37: warning TEST001 the-rule: statement 1 (Arn): s3:GetObject | arn:aws:s3:::b/* | none | none\n"},
    {"none-and-condition-keys",
     "    when:\n      effect: any\n      actions: 'ec2:RunInstances'\n      condition-keys: {none: ['aws:SourceVpc*', "
     "{regex: '(?i)^aws:requestedregion$'}]}\n",
     "p.json",
     R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Open", "Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*",
   "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}},
  {"Sid": "Vpc", "Effect": "Allow", "Action": "ec2:*", "Resource": "*",
   "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}},
  {"Sid": "Region", "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*",
   "Condition": {"StringEquals": {"AWS:RequestedRegion": "eu-west-1"}}}]})",
     "2:47: warning TEST001 the-rule: statement 0 (Open): ec2:RunInstances | * | none | ec2:InstanceType\n"},
    // Only keys under the operators named count: a condition the key can
    // be absent from (IfExists, a negated operator, Null) is no requirement.
    {"condition-keys-under-some-operators",
     "    when:\n      principals: {any: '*'}\n    unless:\n      condition-keys:\n"
     "        operator: [StringEquals, {regex: '^(ForAnyValue:)?StringLike$'}]\n        any: 'sts:ExternalId'\n",
     "trust.json",
     R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Equals", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "x"}}},
  {"Sid": "Like", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Condition": {"StringLike": {"sts:externalid": "x-*"}}},
  {"Sid": "IfExists", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Condition": {"StringEqualsIfExists": {"sts:ExternalId": "x"}}},
  {"Sid": "Not", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Condition": {"StringNotEquals": {"sts:ExternalId": "y"}}},
  {"Sid": "Both", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Condition": {"Null": {"sts:ExternalId": "false"}, "StringEquals": {"sts:ExternalId": "x"}}}]})",
     "4:63: warning TEST001 the-rule: statement 2 (IfExists): sts:AssumeRole | none | arn:aws:iam::111122223333:root | "
     "sts:ExternalId\n"
     "5:58: warning TEST001 the-rule: statement 3 (Not): sts:AssumeRole | none | arn:aws:iam::111122223333:root | "
     "sts:ExternalId\n"},
    {"effect-deny",
     "    when:\n      effect: Deny\n      actions: {all: 'iam:*'}\n",
     "p.json",
     R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "D", "Effect": "Deny", "Action": ["iam:Delete*", "iam:Put*"], "Resource": "*"},
  {"Sid": "Mixed", "Effect": "Deny", "Action": ["iam:Delete*", "s3:Put*"], "Resource": "*"},
  {"Sid": "A", "Effect": "Allow", "Action": "iam:*", "Resource": "*"}]})",
     "2:45: warning TEST001 the-rule: statement 0 (D): iam:DeleteAccessKey, iam:DeleteAccountAlias, "
     "iam:DeleteAccountPasswordPolicy and 27 more | * | none | none\n"},
    {"actions-the-catalog-does-not-know-are-tested-by-name",
     "    when:\n      actions: {regex: '^s3:Frobnicate'}\n",
     "p.json",
     R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "New", "Effect": "Allow", "Action": ["s3:GetObject", "s3:FrobnicateBucket"], "Resource": "*"}]})",
     "2:64: warning TEST001 the-rule: statement 0 (New): s3:FrobnicateBucket | * | none | none\n"},
    {"a-computed-action-list-is-a-lower-bound",
     "    when:\n      actions: {none: 'iam:*'}\n",
     "main.tf",
     R"(data "aws_iam_policy_document" "p" {
  statement {
    sid       = "Computed"
    actions   = concat(["s3:GetObject"], var.extra)
    resources = ["*"]
  }
  statement {
    sid       = "Literal"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
)",
     "9:5: warning TEST001 the-rule: statement 1 (Literal): s3:GetObject | * | none | none\n"},
};

class CustomRuleCases : public ::testing::TestWithParam<Case> {};

TEST_P(CustomRuleCases, FindingsAreExactly) {
  const Case& c = GetParam();
  Linter linter = linter_for(rules_of(rule_yaml(c.test)));
  EXPECT_EQ(lint(linter, c.file, c.policy), c.expected) << c.test;
}

INSTANTIATE_TEST_SUITE_P(Language, CustomRuleCases, ::testing::ValuesIn(kCases), [](const auto& info) {
  std::string n = info.param.name;
  for (char& ch : n)
    if (ch == '-') ch = '_';
  return n;
});

TEST(CustomRulesLint, CatalogChecksOfThePatterns) {
  auto rules = rules_of(rule_yaml("    when:\n      actions: {covers: ['s3:GetObjekt', 's4:*', 'iam*:Get*']}\n"));
  EXPECT_EQ(check_custom_rules(Catalog::embedded(), rules),
            (std::vector<std::string>{
                ".iamtrim.yaml:2:11: TEST001: action pattern \"s3:GetObjekt\": unknown action in catalog " +
                    std::string(Catalog::embedded().version()) + " (did you mean s3:GetObject?)",
                ".iamtrim.yaml:2:11: TEST001: action pattern \"s4:*\": unknown service in catalog " +
                    std::string(Catalog::embedded().version()) + " (did you mean s3:*?)",
                ".iamtrim.yaml:2:11: TEST001: action pattern \"iam*:Get*\": IAM allows no wildcard in the service "
                "prefix in catalog " +
                    std::string(Catalog::embedded().version())}));
  auto regex = rules_of(rule_yaml("    when:\n      actions: {covers: {regex: '^nothing:'}}\n"));
  EXPECT_EQ(check_custom_rules(Catalog::embedded(), regex),
            (std::vector<std::string>{".iamtrim.yaml:2:11: TEST001: the covers test matches no action in catalog " +
                                      std::string(Catalog::embedded().version())}));
}

TEST(CustomRulesLint, ConfigurationAppliesToCustomRules) {
  auto rules = rules_of(rule_yaml("    when:\n      actions: {covers: 's3:*'}\n"));
  LintConfig config;
  config.custom_rules = rules;
  for (const RuleInfo& r : lint_rules()) config.enabled[r.code] = false;
  config.severity["the-rule"] = Severity::Error;
  EXPECT_EQ(lint(Linter(Catalog::embedded(), config), "p.json", kS3Star),
            "2:45: error TEST001 the-rule: statement 0 (A): s3:* | arn:aws:s3:::acme-a/*, arn:aws:s3:::other/* | none "
            "| none\n");
  config.enabled["TEST001"] = false;
  Linter off(Catalog::embedded(), config);
  EXPECT_EQ(lint(off, "p.json", kS3Star), "");
  // Known to the linter even when off: rules(), find_rule() and suppressions.
  ASSERT_TRUE(off.find_rule("the-rule"));
  EXPECT_EQ(off.find_rule("the-rule")->category, "custom");
  bool listed = false;
  for (const RuleInfo& r : off.rules()) listed |= r.code == "TEST001";
  EXPECT_TRUE(listed);
}

}  // namespace
}  // namespace iamtrim
