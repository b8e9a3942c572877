#include "sources/policy_attributes.hpp"

#include <array>

namespace iamtrim::sources {
namespace {

using K = PolicyKind;
using A = Attachment;

// One table for both formats: first Terraform's resource attributes, from
// the AWS provider's resource documentation
// (registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/...),
// then CloudFormation's (types with "::").
constexpr std::array kAttributes = {
    PolicyAttribute{"aws_iam_policy", "policy", K::Identity, A::Managed},
    PolicyAttribute{"aws_iam_role", "assume_role_policy", K::Trust, A::Unknown},
    PolicyAttribute{"aws_iam_role", "inline_policy.policy", K::Identity, A::InlineRole},
    PolicyAttribute{"aws_iam_role_policy", "policy", K::Identity, A::InlineRole},
    PolicyAttribute{"aws_iam_user_policy", "policy", K::Identity, A::InlineUser},
    PolicyAttribute{"aws_iam_group_policy", "policy", K::Identity, A::InlineGroup},
    PolicyAttribute{"aws_ssoadmin_permission_set_inline_policy", "inline_policy", K::Identity, A::Unknown},
    PolicyAttribute{"aws_organizations_policy", "content", K::Scp, A::Unknown},
    PolicyAttribute{"aws_s3_bucket", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_s3_bucket_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_s3_access_point", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_s3control_bucket_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_sqs_queue", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_sqs_queue_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_sns_topic", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_sns_topic_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_kms_key", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_kms_key_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_ecr_repository_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_ecr_registry_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_secretsmanager_secret", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_secretsmanager_secret_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_glacier_vault", "access_policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_elasticsearch_domain", "access_policies", K::Resource, A::Unknown},
    PolicyAttribute{"aws_elasticsearch_domain_policy", "access_policies", K::Resource, A::Unknown},
    PolicyAttribute{"aws_opensearch_domain", "access_policies", K::Resource, A::Unknown},
    PolicyAttribute{"aws_opensearch_domain_policy", "access_policies", K::Resource, A::Unknown},
    PolicyAttribute{"aws_cloudwatch_log_resource_policy", "policy_document", K::Resource, A::Unknown},
    PolicyAttribute{"aws_cloudwatch_log_destination_policy", "access_policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_efs_file_system_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_api_gateway_rest_api", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_api_gateway_rest_api_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_vpc_endpoint", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_vpc_endpoint_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_backup_vault_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_glue_resource_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_lambda_layer_version_permission", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_mq_broker", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_media_store_container_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_codeartifact_domain_permissions_policy", "policy_document", K::Resource, A::Unknown},
    PolicyAttribute{"aws_codeartifact_repository_permissions_policy", "policy_document", K::Resource, A::Unknown},
    PolicyAttribute{"aws_dynamodb_resource_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_cloudwatch_event_bus_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_schemas_registry_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_iot_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_ecrpublic_repository_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_kinesis_resource_policy", "policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_s3tables_table_bucket_policy", "resource_policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_s3tables_table_policy", "resource_policy", K::Resource, A::Unknown},
    PolicyAttribute{"aws_lambda_function_url", "policy", K::Resource, A::Unknown},
    // CloudFormation and SAM: the attribute is a property path, where "[]"
    // walks a list (the items' PolicyName names each policy).
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
    PolicyAttribute{"AWS::IAM::Policy", "PolicyDocument", K::Identity, A::Unknown},
    PolicyAttribute{"AWS::IAM::ManagedPolicy", "PolicyDocument", K::Identity, A::Managed},
    PolicyAttribute{"AWS::IAM::Role", "AssumeRolePolicyDocument", K::Trust, A::Unknown},
    PolicyAttribute{"AWS::IAM::Role", "Policies[].PolicyDocument", K::Identity, A::InlineRole},
    PolicyAttribute{"AWS::IAM::User", "Policies[].PolicyDocument", K::Identity, A::InlineUser},
    PolicyAttribute{"AWS::IAM::Group", "Policies[].PolicyDocument", K::Identity, A::InlineGroup},
    PolicyAttribute{"AWS::IAM::RolePolicy", "PolicyDocument", K::Identity, A::InlineRole},
    PolicyAttribute{"AWS::IAM::UserPolicy", "PolicyDocument", K::Identity, A::InlineUser},
    PolicyAttribute{"AWS::IAM::GroupPolicy", "PolicyDocument", K::Identity, A::InlineGroup},
    PolicyAttribute{"AWS::SSO::PermissionSet", "InlinePolicy", K::Identity, A::Unknown},
    PolicyAttribute{"AWS::Organizations::Policy", "Content", K::Scp, A::Unknown},
    PolicyAttribute{"AWS::S3::BucketPolicy", "PolicyDocument", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::S3::AccessPoint", "Policy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::S3::MultiRegionAccessPointPolicy", "Policy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::S3Express::BucketPolicy", "PolicyDocument", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::S3Express::AccessPoint", "Policy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::S3Tables::TableBucketPolicy", "ResourcePolicy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::SQS::QueuePolicy", "PolicyDocument", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::SNS::TopicPolicy", "PolicyDocument", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::KMS::Key", "KeyPolicy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::KMS::ReplicaKey", "KeyPolicy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::ECR::Repository", "RepositoryPolicyText", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::ECR::RegistryPolicy", "PolicyText", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::SecretsManager::ResourcePolicy", "ResourcePolicy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::Logs::ResourcePolicy", "PolicyDocument", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::Logs::Destination", "DestinationPolicy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::CloudTrail::ResourcePolicy", "ResourcePolicy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::Backup::BackupVault", "AccessPolicy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::ApiGateway::RestApi", "Policy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::EC2::VPCEndpoint", "PolicyDocument", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::EFS::FileSystem", "FileSystemPolicy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::OpenSearchService::Domain", "AccessPolicies", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::Elasticsearch::Domain", "AccessPolicies", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::DynamoDB::Table", "ResourcePolicy.PolicyDocument", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::CodeArtifact::Domain", "PermissionsPolicyDocument", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::CodeArtifact::Repository", "PermissionsPolicyDocument", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::Events::EventBus", "Policy", K::Resource, A::Unknown},
    PolicyAttribute{"AWS::Serverless::Function", "Policies[]", K::Identity, A::InlineRole},
    PolicyAttribute{"AWS::Serverless::Function", "Policies", K::Identity, A::InlineRole},
    PolicyAttribute{"AWS::Serverless::StateMachine", "Policies[]", K::Identity, A::InlineRole},
};

constexpr bool is_cloudformation_type(std::string_view type) { return type.find("::") != std::string_view::npos; }

// Where CloudFormation's rows begin; every row before is Terraform's, every
// row from there CloudFormation's.
constexpr std::size_t kFirstCloudFormation = [] {
  std::size_t i = 0;
  while (i < kAttributes.size() && !is_cloudformation_type(kAttributes[i].type)) ++i;
  for (std::size_t j = i; j < kAttributes.size(); ++j)
    if (!is_cloudformation_type(kAttributes[j].type)) throw "a Terraform row after the CloudFormation rows";
  return i;
}();

}  // namespace

std::string name_in_arn(const std::string& literal) {
  if (literal.rfind("arn:", 0) != 0) return literal;
  std::size_t slash = literal.rfind('/');
  return slash == std::string::npos ? literal : literal.substr(slash + 1);
}

const PolicyAttribute* terraform_policy_attribute(std::string_view type, std::string_view attribute) {
  for (const PolicyAttribute& p : std::span(kAttributes).first(kFirstCloudFormation))
    if (p.type == type && p.attribute == attribute) return &p;
  return nullptr;
}

std::span<const PolicyAttribute> cloudformation_policy_attributes() {
  return std::span(kAttributes).subspan(kFirstCloudFormation);
}

bool policy_like_name(std::string_view a, PolicyKind& kind) {
  if (a.find("arn") != std::string_view::npos || a.find("policies") != std::string_view::npos) return false;
  if (!(a.ends_with("policy") || a.ends_with("policy_document") || a.ends_with("policy_json"))) return false;
  bool trust = a.find("assume_role") != std::string_view::npos || a.find("trust") != std::string_view::npos;
  kind = trust ? PolicyKind::Trust : PolicyKind::Unknown;
  return true;
}

}  // namespace iamtrim::sources
