// SourceFormat: the names reports and JSON output print are a contract
// (they were free strings before the enum), and the family predicates are
// what in-place narrowing and path ownership decide on.
#include <gtest/gtest.h>

#include <set>

#include "iamtrim/sources.hpp"

namespace iamtrim {
namespace {

struct Expected {
  SourceFormat format;
  std::string_view name;
  bool aws_cli, terraform_configuration, cloudformation;
};

constexpr Expected kAll[] = {
    {SourceFormat::Unknown, "unknown", false, false, false},
    {SourceFormat::Json, "json", false, false, false},
    {SourceFormat::Yaml, "yaml", false, false, false},
    {SourceFormat::AwsCliGetPolicyVersion, "aws-cli/get-policy-version", true, false, false},
    {SourceFormat::AwsCliGetRole, "aws-cli/get-role", true, false, false},
    {SourceFormat::AwsCliGetRolePolicy, "aws-cli/get-role-policy", true, false, false},
    {SourceFormat::AwsCliGetUserPolicy, "aws-cli/get-user-policy", true, false, false},
    {SourceFormat::AwsCliGetGroupPolicy, "aws-cli/get-group-policy", true, false, false},
    {SourceFormat::AwsCliAuthorizationDetails, "aws-cli/get-account-authorization-details", true, false, false},
    {SourceFormat::TerraformJsonencode, "terraform/jsonencode", false, true, false},
    {SourceFormat::TerraformHeredoc, "terraform/heredoc", false, true, false},
    {SourceFormat::TerraformString, "terraform/string", false, true, false},
    {SourceFormat::TerraformFile, "terraform/file", false, true, false},
    {SourceFormat::TerraformTemplatefile, "terraform/templatefile", false, true, false},
    {SourceFormat::TerraformPolicyDocument, "terraform/aws_iam_policy_document", false, true, false},
    {SourceFormat::TerraformTemplate, "terraform/template", false, true, false},
    {SourceFormat::TerraformJson, "terraform-json", false, true, false},
    {SourceFormat::TerraformPlan, "terraform-plan", false, false, false},
    {SourceFormat::TerraformState, "terraform-state", false, false, false},
    {SourceFormat::CloudFormationJson, "cloudformation/json", false, false, true},
    {SourceFormat::CloudFormationYaml, "cloudformation/yaml", false, false, true},
};

TEST(SourceFormat, PrintsTheNamesOutputHasAlwaysUsed) {
  std::set<std::string_view> names;
  for (const Expected& e : kAll) {
    EXPECT_EQ(to_string(e.format), e.name);
    EXPECT_TRUE(names.insert(to_string(e.format)).second) << e.name;
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(SourceFormat::CloudFormationYaml) + 1) << "a format is missing here";
}

TEST(SourceFormat, FamiliesFollowTheNames) {
  for (const Expected& e : kAll) {
    EXPECT_EQ(is_aws_cli_output(e.format), e.aws_cli) << e.name;
    EXPECT_EQ(is_terraform_configuration(e.format), e.terraform_configuration) << e.name;
    EXPECT_EQ(is_cloudformation(e.format), e.cloudformation) << e.name;
  }
}

TEST(SourceFormat, ReadersSetIt) {
  auto read = [](const char* path, const char* text) {
    return read_source(std::make_shared<const SourceFile>(SourceFile::from_string(path, text)));
  };
  SourceResult json = read("p.json", R"({"Version": "2012-10-17", "Statement": []})");
  ASSERT_EQ(json.policies.size(), 1u);
  EXPECT_EQ(json.policies[0].format, SourceFormat::Json);
  SourceResult tf = read("main.tf", "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = []\n  })\n}\n");
  ASSERT_EQ(tf.policies.size(), 1u);
  EXPECT_EQ(tf.policies[0].format, SourceFormat::TerraformJsonencode);
  SourceResult cfn = read("t.yaml", "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement: []\n");
  ASSERT_EQ(cfn.policies.size(), 1u);
  EXPECT_EQ(cfn.policies[0].format, SourceFormat::CloudFormationYaml);
}

}  // namespace
}  // namespace iamtrim
