#include "sources/cloudformation_principals.hpp"

#include <algorithm>
#include <cctype>

#include "iamtrim/actions.hpp"
#include "sources/policy_attributes.hpp"

namespace iamtrim::sources {
namespace {

// A principal's own resource, and the inline policy resources that name one.
constexpr PrincipalAttribute kPrincipals[] = {
    {"AWS::IAM::Role", "role", "RoleName"},
    {"AWS::IAM::User", "user", "UserName"},
    {"AWS::IAM::Group", "group", "GroupName"},
};

constexpr PrincipalAttribute kInline[] = {
    {"AWS::IAM::RolePolicy", "role", "RoleName"},
    {"AWS::IAM::UserPolicy", "user", "UserName"},
    {"AWS::IAM::GroupPolicy", "group", "GroupName"},
};


std::string first_line(const std::string& s) { return s.substr(0, s.find_first_of("\r\n")); }

void add(std::vector<PolicyPrincipal>& out, const PolicyPrincipal& p) {
  if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
}

}  // namespace

CfnPrincipals::Ref CfnPrincipals::ref_of(const Value* v) {
  if (!v || v->kind == ValueKind::Null) return {};
  if (v->is_string()) return {Ref::Literal, v->text};
  if (v->is_object() && v->members.size() == 1 && v->members[0].key == "Ref" && v->members[0].value.is_string())
    return {Ref::Reference, v->members[0].value.text};
  if (v->kind == ValueKind::Opaque && v->text.rfind("!Ref ", 0) == 0) {
    // Logical ids and parameter names are alphanumeric (pseudo parameters: AWS::Name).
    std::size_t begin = v->text.find_first_not_of(" \t", 5);
    std::size_t end = begin;
    while (end < v->text.size() && (std::isalnum(static_cast<unsigned char>(v->text[end])) || v->text[end] == ':')) ++end;
    if (begin != std::string::npos && end > begin) return {Ref::Reference, v->text.substr(begin, end - begin)};
  }
  if (v->kind == ValueKind::Opaque) return {Ref::Computed, first_line(v->text)};
  if (v->is_object() && v->members.size() == 1) return {Ref::Computed, v->members[0].key};
  return {Ref::Computed, "a " + std::string(to_string(v->kind))};
}

CfnPrincipals::CfnPrincipals(const Value& resources) {
  auto why = [](const Ref& name, std::string_view property) {
    if (name.kind == Ref::Missing)
      return "CloudFormation generates its name at deploy time: no " + std::string(property);
    return std::string("its name is computed: ") + (name.kind == Ref::Reference ? "Ref " : "") + name.text;
  };
  for (const Member& r : resources.members) {
    const Value* type = r.value.find("Type");
    const Value* props = r.value.find("Properties");
    if (!type || !type->is_string()) continue;
    for (const PrincipalAttribute& p : kPrincipals) {
      if (p.type != type->text) continue;
      Ref name = ref_of(props ? props->find(p.attribute) : nullptr);
      defined_[r.key] = {std::string(p.principal_type), name.kind == Ref::Literal ? name.text : "", "", r.key,
                         name.kind == Ref::Literal ? "" : why(name, p.attribute)};
    }
    if (type->text == "AWS::IAM::ManagedPolicy") {
      Ref name = ref_of(props ? props->find("ManagedPolicyName") : nullptr);
      managed_[r.key] = {"policy", name.kind == Ref::Literal ? name.text : "", "", r.key,
                         name.kind == Ref::Literal ? "" : why(name, "ManagedPolicyName")};
    }
  }
  // Managed policies attached from the principal's side.
  for (const auto& [id, principal] : defined_) {
    const Value* props = resources.find(id)->find("Properties");
    const Value* arns = props ? props->find("ManagedPolicyArns") : nullptr;
    if (!arns || arns->kind == ValueKind::Null) continue;
    const std::string where = id + ".ManagedPolicyArns";
    if (!arns->is_array()) {
      possible_.push_back({principal, where + " (" + ref_of(arns).text + ")"});
      continue;
    }
    for (const Value& item : arns->items) {
      Ref ref = ref_of(&item);
      if (ref.kind == Ref::Reference) add(attached_by_arn_["id:" + ref.text], principal);
      else if (ref.kind == Ref::Literal) add(attached_by_arn_["name:" + to_lower(name_in_arn(ref.text))], principal);
      else if (ref.kind == Ref::Computed) possible_.push_back({principal, where + " (" + ref.text + ")"});
    }
  }
}

PolicyPrincipal CfnPrincipals::resolve(const std::string& type, const Ref& ref, const std::string& where) const {
  switch (ref.kind) {
    case Ref::Missing:
      return {type, "", "", where, "the property is missing"};
    case Ref::Literal: {
      std::string name = name_in_arn(ref.text);
      return {type, name, "", type + "/" + name, ""};
    }
    case Ref::Reference:
      if (auto it = defined_.find(ref.text); it != defined_.end()) return it->second;
      return {type, "", "", ref.text, "a parameter or a resource of another template"};
    case Ref::Computed:
      break;
  }
  return {type, "", "", ref.text, "its name is computed: " + ref.text};
}

// Roles, Users and Groups of an AWS::IAM::Policy or ManagedPolicy.
std::vector<PolicyPrincipal> CfnPrincipals::listed(const Value& props, const std::string& id) const {
  std::vector<PolicyPrincipal> out;
  for (const auto& [key, type] : {std::pair{"Roles", "role"}, std::pair{"Users", "user"}, std::pair{"Groups", "group"}}) {
    const Value* list = props.find(key);
    if (!list || list->kind == ValueKind::Null) continue;
    const std::string where = id + "." + key;
    if (!list->is_array()) {
      add(out, resolve(type, {Ref::Computed, ref_of(list).text}, where));
      continue;
    }
    for (const Value& item : list->items) add(out, resolve(type, ref_of(&item), where));
  }
  return out;
}

std::vector<PolicyPrincipal> CfnPrincipals::of_policy(std::string_view type, const std::string& id,
                                                      const Value& props, PolicyPrincipal& managed) const {
  std::vector<PolicyPrincipal> out;
  for (const PrincipalAttribute& p : kPrincipals)
    if (p.type == type)
      if (auto it = defined_.find(id); it != defined_.end()) add(out, it->second);
  for (const PrincipalAttribute& p : kInline)
    if (p.type == type)
      add(out, resolve(std::string(p.principal_type), ref_of(props.find(p.attribute)), id + "." + std::string(p.attribute)));
  if (type == "AWS::IAM::Policy") out = listed(props, id);
  if (type == "AWS::IAM::ManagedPolicy") {
    out = listed(props, id);
    auto self = managed_.find(id);
    if (self != managed_.end()) managed = self->second;
    std::vector<std::string> keys = {"id:" + id};
    if (!managed.name.empty()) keys.push_back("name:" + to_lower(managed.name));
    for (const std::string& key : keys)
      if (auto it = attached_by_arn_.find(key); it != attached_by_arn_.end())
        for (const PolicyPrincipal& p : it->second) add(out, p);
    // A computed ARN (!Sub, !If, ...) may name this policy: its principal
    // counts as one the policy applies to.
    for (const auto& possible : possible_) {
      // (A named variable, not a structured binding: C++20 lambdas may not capture those.)
      const PolicyPrincipal& principal = possible.first;
      const std::string& where = possible.second;
      const bool known = std::any_of(out.begin(), out.end(), [&](const PolicyPrincipal& o) {
        return o.type == principal.type && o.address == principal.address;
      });
      if (known) continue;
      PolicyPrincipal p = principal;
      p.via = "perhaps: " + where + " attaches it";
      add(out, p);
    }
  }
  if (type == "AWS::Serverless::Function" || type == "AWS::Serverless::StateMachine")
    add(out, {"role", "", "", id,
              "SAM creates its execution role, whose name CloudFormation generates at deploy time"});
  if (type == "AWS::SSO::PermissionSet")
    add(out, {"role", "", "", id, "IAM Identity Center creates a role for it in each account (AWSReservedSSO_...)"});
  return out;
}

}  // namespace iamtrim::sources
