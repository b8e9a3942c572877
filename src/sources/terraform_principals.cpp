#include "sources/terraform_principals.hpp"

#include <algorithm>

#include "iamtrim/actions.hpp"
#include "sources/policy_attributes.hpp"
#include "sources/hcl/parser.hpp"

namespace iamtrim::terraform {
namespace {

// "data.aws_iam_role.x[0].name" -> "data.aws_iam_role.x"; "aws_iam_role.x.id" -> "aws_iam_role.x".
std::string resource_key(const std::string& path) {
  std::vector<std::string> parts;
  std::string part;
  int depth = 0;
  bool skipping = false;
  for (char c : path) {
    if (c == '[') ++depth;
    if (depth > 0) {
      if (c == ']') --depth;
      skipping = true;
      continue;
    }
    if (c == '.') {
      parts.push_back(part);
      part.clear();
      skipping = false;
      continue;
    }
    if (!skipping) part += c;
  }
  parts.push_back(part);
  const std::size_t n = !parts.empty() && parts[0] == "data" ? 3 : 2;
  if (parts.size() < n) return path;
  std::string key;
  for (std::size_t i = 0; i < n; ++i) key += (i ? "." : "") + parts[i];
  return key;
}


struct PrincipalResource {
  std::string_view block, type, principal_type, name_attribute;
};

constexpr PrincipalResource kPrincipalResources[] = {
    {"resource", "aws_iam_role", "role", "name"},    {"resource", "aws_iam_user", "user", "name"},
    {"resource", "aws_iam_group", "group", "name"},  {"data", "aws_iam_role", "role", "name"},
    {"data", "aws_iam_user", "user", "user_name"},   {"data", "aws_iam_group", "group", "group_name"},
};

// Resources that attach managed policies: the attribute naming the
// principal (a list when `list`) and the one naming the policy (or policies).
struct AttachmentResource {
  std::string_view type, principal_type, principal_attribute;
  bool principal_list;
  std::string_view policy_attribute;
  bool policy_list;
};

constexpr AttachmentResource kAttachments[] = {
    {"aws_iam_role_policy_attachment", "role", "role", false, "policy_arn", false},
    {"aws_iam_user_policy_attachment", "user", "user", false, "policy_arn", false},
    {"aws_iam_group_policy_attachment", "group", "group", false, "policy_arn", false},
    {"aws_iam_policy_attachment", "role", "roles", true, "policy_arn", false},
    {"aws_iam_policy_attachment", "user", "users", true, "policy_arn", false},
    {"aws_iam_policy_attachment", "group", "groups", true, "policy_arn", false},
    {"aws_iam_role_policy_attachments_exclusive", "role", "role_name", false, "policy_arns", true},
    {"aws_iam_user_policy_attachments_exclusive", "user", "user_name", false, "policy_arns", true},
    {"aws_iam_group_policy_attachments_exclusive", "group", "group_name", false, "policy_arns", true},
};

// Inline policy resources: the attribute naming their principal.
using sources::PrincipalAttribute;
constexpr PrincipalAttribute kInline[] = {
    {"aws_iam_role_policy", "role", "role"},
    {"aws_iam_user_policy", "user", "user"},
    {"aws_iam_group_policy", "group", "group"},
};

// The keys under which attachments of a policy are recorded: its resource
// address, or its name when attached by a literal ARN.
std::string policy_key(const Ref& ref) {
  if (ref.kind == Ref::Reference) return resource_key(ref.text);
  if (ref.kind == Ref::Literal) return "name:" + to_lower(sources::name_in_arn(ref.text));
  return {};
}

// Whether a policy_arn that is not a reference to a policy resource may
// still name a policy of this file: through a local, for_each's each.value,
// count, or an expression. Variables, module outputs and data sources come
// from outside the file.
bool may_name_a_policy_of_the_file(const Ref& policy_arn) {
  if (policy_arn.kind == Ref::Computed) return true;
  if (policy_arn.kind != Ref::Reference) return false;
  for (std::string_view prefix : {"local.", "each.", "count."})
    if (policy_arn.text.rfind(prefix, 0) == 0) return true;
  return false;
}

std::string why_unknown(const Ref& name, bool prefix) {
  switch (name.kind) {
    case Ref::Missing:
      return prefix ? "Terraform generates its name from name_prefix" : "Terraform generates its name: no name attribute";
    case Ref::Literal:
      return {};
    default:
      return "its name is computed: " + name.text;
  }
}

}  // namespace

Ref ref_of_template_string(const std::string& text) {
  SourceFile decoded = SourceFile::from_string("", text);
  hcl::TemplateResult t = hcl::parse_template(decoded);
  if (!t.ok) return {Ref::Computed, text};
  if (t.tmpl.literal()) return {Ref::Literal, t.tmpl.text};
  if (t.tmpl.interpolations.size() == 1 && t.tmpl.holes.size() == 1 && t.tmpl.holes[0].first == 0 &&
      t.tmpl.holes[0].second == text.size() && t.tmpl.interpolations[0].kind == hcl::ExprKind::Traversal)
    return {Ref::Reference, t.tmpl.interpolations[0].name};
  return {Ref::Computed, text};
}

void Principals::scan(std::string_view block_type, std::string_view type, const std::string& address,
                      const BlockView& view) {
  for (const PrincipalResource& r : kPrincipalResources) {
    if (r.block != block_type || r.type != type) continue;
    const Ref name = view.attribute(r.name_attribute);
    const bool prefix = view.attribute("name_prefix").kind != Ref::Missing;
    defined_[address] = PolicyPrincipal{std::string(r.principal_type), name.kind == Ref::Literal ? name.text : "", "",
                                        address, why_unknown(name, prefix)};
  }
  if (block_type != "resource") return;
  if (type == "aws_iam_policy") {
    const Ref name = view.attribute("name");
    policies_[address] = PolicyPrincipal{"policy", name.kind == Ref::Literal ? name.text : "", "", address,
                                         why_unknown(name, view.attribute("name_prefix").kind != Ref::Missing)};
  }
  if (type == "aws_iam_role")
    for (const Ref& arn : view.list("managed_policy_arns")) attach(arn, "role", {Ref::Reference, address}, address);
  for (const AttachmentResource& a : kAttachments) {
    if (a.type != type) continue;
    std::vector<Ref> principals = a.principal_list ? view.list(a.principal_attribute)
                                                   : std::vector<Ref>{view.attribute(a.principal_attribute)};
    std::vector<Ref> policies = a.policy_list ? view.list(a.policy_attribute)
                                              : std::vector<Ref>{view.attribute(a.policy_attribute)};
    for (const Ref& policy : policies)
      for (const Ref& principal : principals)
        if (principal.kind != Ref::Missing || !a.principal_list)
          attach(policy, std::string(a.principal_type), principal, address + "." + std::string(a.principal_attribute));
  }
}

void Principals::attach(const Ref& policy_arn, const std::string& type, const Ref& principal, const std::string& where) {
  if (may_name_a_policy_of_the_file(policy_arn)) {
    possible_.push_back({type, principal, where, policy_arn.text});
    return;
  }
  const std::string key = policy_key(policy_arn);
  if (!key.empty()) attached_[key].push_back({type, principal, where, ""});
}

PolicyPrincipal Principals::resolve(const std::string& type, const Ref& ref, const std::string& where) const {
  switch (ref.kind) {
    case Ref::Missing:
      return {type, "", "", where, "the attribute is missing"};
    case Ref::Literal: {
      std::string name = sources::name_in_arn(ref.text);
      return {type, name, "", type + "/" + name, ""};
    }
    case Ref::Reference: {
      const std::string key = resource_key(ref.text);
      if (auto it = defined_.find(key); it != defined_.end()) return it->second;
      if (key.rfind("aws_iam_" + type + ".", 0) == 0 || key.rfind("data.aws_iam_" + type + ".", 0) == 0)
        return {type, "", "", key, "it is not defined in this file"};
      return {type, "", "", ref.text, "its name is computed: " + ref.text};
    }
    case Ref::Computed:
      break;
  }
  return {type, "", "", ref.text, "its name is computed: " + ref.text};
}

std::vector<PolicyPrincipal> Principals::of_policy(std::string_view type, const std::string& address,
                                                   std::string_view attribute, const BlockView& view,
                                                   PolicyPrincipal& managed) const {
  std::vector<PolicyPrincipal> out;
  auto add = [&](PolicyPrincipal p) {
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
  };
  for (const PrincipalAttribute& r : kInline)
    if (r.type == type && attribute == "policy")
      add(resolve(std::string(r.principal_type), view.attribute(r.attribute), address + "." + std::string(r.attribute)));
  if (type == "aws_iam_role" && (attribute == "inline_policy.policy" || attribute == "assume_role_policy"))
    if (auto it = defined_.find(address); it != defined_.end()) add(it->second);
  if (type == "aws_iam_policy" && attribute == "policy") {
    auto self = policies_.find(address);
    if (self == policies_.end()) return out;
    managed = self->second;
    std::vector<std::string> keys = {address};
    if (!managed.name.empty()) keys.push_back("name:" + to_lower(managed.name));
    for (const std::string& key : keys)
      if (auto it = attached_.find(key); it != attached_.end())
        for (const Attachment& a : it->second) add(resolve(a.type, a.principal, a.where));
    // An attachment whose policy iamtrim cannot resolve may attach this one:
    // its principal counts as one the policy applies to, so what it may use
    // is never removed on the others' evidence.
    for (const Attachment& a : possible_) {
      PolicyPrincipal p = resolve(a.type, a.principal, a.where);
      const bool known = std::any_of(out.begin(), out.end(), [&](const PolicyPrincipal& o) {
        return o.type == p.type && (p.name.empty() ? o.address == p.address : to_lower(o.name) == to_lower(p.name));
      });
      if (known) continue;
      p.via = "perhaps: " + a.where + " attaches " + a.policy;
      add(std::move(p));
    }
  }
  return out;
}

}  // namespace iamtrim::terraform
