// Which resource attributes carry a policy, and what kind of policy each
// one is. Shared by the Terraform (.tf, .tf.json, plan/state) and
// CloudFormation readers so every format agrees on kinds and quotas.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "iamtrim/sources.hpp"

namespace iamtrim::sources {

struct PolicyAttribute {
  std::string_view type;       // "aws_iam_role", "AWS::IAM::Role"
  std::string_view attribute;  // "assume_role_policy", "inline_policy.policy", "PolicyDocument"
  PolicyKind kind;
  Attachment attachment;
};

// A resource that names a principal: its type, the principal's type
// ("role", "user", "group") and the attribute or property holding the name.
struct PrincipalAttribute {
  std::string_view type;            // "aws_iam_role_policy", "AWS::IAM::Role"
  std::string_view principal_type;  // "role"
  std::string_view attribute;       // "role", "RoleName"
};

// The entry for a Terraform resource type and attribute (nested blocks as
// "block.attribute"), or nullptr.
const PolicyAttribute* terraform_policy_attribute(std::string_view type, std::string_view attribute);

// Every CloudFormation/SAM entry; several may share a resource type.
std::span<const PolicyAttribute> cloudformation_policy_attributes();

// For resources the table does not know (and module inputs): whether an
// attribute's name says it holds a policy, e.g. "policy", "trust_policy",
// "policy_document". The kind is Trust for assume-role names, else Unknown.
bool policy_like_name(std::string_view attribute, PolicyKind& kind);

// The name in an IAM ARN ("arn:aws:iam::1:role/path/App" -> "App"); other
// text as it is (a principal or policy named by its name).
std::string name_in_arn(const std::string& literal);

}  // namespace iamtrim::sources
