// Whom the identity policies of a CloudFormation or SAM template apply to
// (FoundPolicy::principals). Property names from the resource reference
// (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-*.html):
//   AWS::IAM::Role|User|Group  Policies[]            the resource itself
//   AWS::IAM::Policy, AWS::IAM::ManagedPolicy  Roles, Users, Groups (names: Ref to a
//                              logical id or a literal name)
//   AWS::IAM::RolePolicy|UserPolicy|GroupPolicy  RoleName|UserName|GroupName
//   AWS::IAM::Role|User|Group  ManagedPolicyArns (Ref to a ManagedPolicy; a
//                              computed ARN may name any ManagedPolicy of the template)
// A resource's physical name is its literal RoleName/UserName/GroupName;
// without one CloudFormation generates it at deploy time (stack name,
// logical id and a random suffix), so it is not knowable offline. The
// execution role SAM creates for a function is named the same way.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "iamtrim/sources.hpp"
#include "iamtrim/value.hpp"

namespace iamtrim::sources {

class CfnPrincipals {
 public:
  // `resources`: the template's Resources object.
  explicit CfnPrincipals(const Value& resources);

  // The principals of the policies in resource `id` (of `type`, with
  // `properties`); `managed` receives a ManagedPolicy's own identity.
  std::vector<PolicyPrincipal> of_policy(std::string_view type, const std::string& id, const Value& properties,
                                         PolicyPrincipal& managed) const;

 private:
  struct Ref {
    enum Kind { Missing, Literal, Reference, Computed };
    Kind kind = Missing;
    std::string text;
  };
  static Ref ref_of(const Value* v);
  PolicyPrincipal resolve(const std::string& type, const Ref& ref, const std::string& where) const;
  std::vector<PolicyPrincipal> listed(const Value& properties, const std::string& id) const;

  std::map<std::string, PolicyPrincipal> defined_;  // logical id -> principal
  std::map<std::string, PolicyPrincipal> managed_;  // ManagedPolicy logical id -> its identity
  std::map<std::string, std::vector<PolicyPrincipal>> attached_by_arn_;  // "id:X" or "name:x" -> principals
  // Principals whose ManagedPolicyArns hold a computed ARN (!Sub, !If, ...),
  // which may name any ManagedPolicy of the template; with where it is.
  std::vector<std::pair<PolicyPrincipal, std::string>> possible_;
};

}  // namespace iamtrim::sources
