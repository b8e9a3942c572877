// Whom the identity policies of a Terraform file apply to (FoundPolicy::
// principals), shared by the .tf and .tf.json readers. Attribute names are
// the AWS provider's (registry.terraform.io/providers/hashicorp/aws/latest/docs):
//   aws_iam_role_policy.role, aws_iam_user_policy.user, aws_iam_group_policy.group
//   aws_iam_role { inline_policy { policy } }            the role itself
//   aws_iam_policy                                       the principals attached by
//     aws_iam_{role,user,group}_policy_attachment { role|user|group, policy_arn },
//     aws_iam_policy_attachment { roles, users, groups, policy_arn },
//     aws_iam_role.managed_policy_arns,
//     aws_iam_{role,user,group}_policy_attachments_exclusive { role_name|..., policy_arns }
//   (an attachment whose policy_arn is computed, e.g. for_each's each.value,
//   counts for every aws_iam_policy of the file: it may attach any of them)
// A principal's physical name is its resource's literal `name` (data
// sources: `name`, `user_name`, `group_name`); a name Terraform computes or
// generates (no `name`, `name_prefix`, `var.x`) is not knowable offline.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/sources.hpp"

namespace iamtrim::terraform {

// How a Terraform value names something.
struct Ref {
  enum Kind { Missing, Literal, Reference, Computed };
  Kind kind = Missing;
  std::string text;  // the literal, the reference's dotted path, or the expression's source text
};

// A JSON string of a .tf.json file: a literal, "${reference}", or computed.
Ref ref_of_template_string(const std::string& text);

// Reads one resource or data block's attributes for the tables below.
struct BlockView {
  std::function<Ref(std::string_view attribute)> attribute;
  // The items of a list attribute; one Computed item when it is not a literal list.
  std::function<std::vector<Ref>(std::string_view attribute)> list;
};

class Principals {
 public:
  // First pass, every resource and data block of the file: principals and attachments.
  void scan(std::string_view block_type, std::string_view type, const std::string& address, const BlockView& view);

  // The principals a policy attribute of a resource applies to; `managed`
  // receives the identity of an aws_iam_policy.
  std::vector<PolicyPrincipal> of_policy(std::string_view type, const std::string& address, std::string_view attribute,
                                         const BlockView& view, PolicyPrincipal& managed) const;

 private:
  PolicyPrincipal resolve(const std::string& type, const Ref& ref, const std::string& where) const;
  void attach(const Ref& policy_arn, const std::string& type, const Ref& principal, const std::string& where);

  std::map<std::string, PolicyPrincipal> defined_;  // address -> principal
  std::map<std::string, PolicyPrincipal> policies_;  // aws_iam_policy address -> its identity
  struct Attachment {
    std::string type;
    Ref principal;
    std::string where;
    std::string policy;  // the policy_arn's text, for an attachment in possible_
  };
  std::map<std::string, std::vector<Attachment>> attached_;  // policy key -> attachments
  // Attachments whose policy_arn is computed (each.value, a local, an
  // expression): they may attach any aws_iam_policy of the file.
  std::vector<Attachment> possible_;
};

}  // namespace iamtrim::terraform
