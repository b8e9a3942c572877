#include "iamtrim/sources.hpp"

namespace iamtrim {

std::string_view to_string(SourceFormat format) {
  switch (format) {
    case SourceFormat::Unknown: return "unknown";
    case SourceFormat::Json: return "json";
    case SourceFormat::Yaml: return "yaml";
    case SourceFormat::AwsCliGetPolicyVersion: return "aws-cli/get-policy-version";
    case SourceFormat::AwsCliGetRole: return "aws-cli/get-role";
    case SourceFormat::AwsCliGetRolePolicy: return "aws-cli/get-role-policy";
    case SourceFormat::AwsCliGetUserPolicy: return "aws-cli/get-user-policy";
    case SourceFormat::AwsCliGetGroupPolicy: return "aws-cli/get-group-policy";
    case SourceFormat::AwsCliAuthorizationDetails: return "aws-cli/get-account-authorization-details";
    case SourceFormat::TerraformJsonencode: return "terraform/jsonencode";
    case SourceFormat::TerraformHeredoc: return "terraform/heredoc";
    case SourceFormat::TerraformString: return "terraform/string";
    case SourceFormat::TerraformFile: return "terraform/file";
    case SourceFormat::TerraformTemplatefile: return "terraform/templatefile";
    case SourceFormat::TerraformPolicyDocument: return "terraform/aws_iam_policy_document";
    case SourceFormat::TerraformTemplate: return "terraform/template";
    case SourceFormat::TerraformJson: return "terraform-json";
    case SourceFormat::TerraformPlan: return "terraform-plan";
    case SourceFormat::TerraformState: return "terraform-state";
    case SourceFormat::CloudFormationJson: return "cloudformation/json";
    case SourceFormat::CloudFormationYaml: return "cloudformation/yaml";
  }
  return "unknown";
}

bool is_aws_cli_output(SourceFormat format) {
  switch (format) {
    case SourceFormat::AwsCliGetPolicyVersion:
    case SourceFormat::AwsCliGetRole:
    case SourceFormat::AwsCliGetRolePolicy:
    case SourceFormat::AwsCliGetUserPolicy:
    case SourceFormat::AwsCliGetGroupPolicy:
    case SourceFormat::AwsCliAuthorizationDetails: return true;
    default: return false;
  }
}

bool is_terraform_configuration(SourceFormat format) {
  switch (format) {
    case SourceFormat::TerraformJsonencode:
    case SourceFormat::TerraformHeredoc:
    case SourceFormat::TerraformString:
    case SourceFormat::TerraformFile:
    case SourceFormat::TerraformTemplatefile:
    case SourceFormat::TerraformPolicyDocument:
    case SourceFormat::TerraformTemplate:
    case SourceFormat::TerraformJson: return true;
    default: return false;
  }
}

bool is_cloudformation(SourceFormat format) {
  return format == SourceFormat::CloudFormationJson || format == SourceFormat::CloudFormationYaml;
}

}  // namespace iamtrim
