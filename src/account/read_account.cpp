// Reads who exists in an account and what is attached to whom from a
// get-account-authorization-details output. The policy documents themselves
// come from the AWS CLI source reader, so both modes read them the same way;
// this file adds the principals, their ARNs, creation dates, group
// membership and managed-policy attachments, which that reader does not keep.
#include <set>

#include "evidence/fields.hpp"
#include "iamtrim/account.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"
#include "sources/parsed_readers.hpp"

namespace iamtrim {
namespace {

using evidence::Fields;

struct Shape {
  const char* list;
  const char* name_key;
  const char* managed_key;  // groups and users: AttachedManagedPolicies too
  PrincipalType type;
};

constexpr Shape kShapes[] = {
    {"UserDetailList", "UserName", "AttachedManagedPolicies", PrincipalType::User},
    {"GroupDetailList", "GroupName", "AttachedManagedPolicies", PrincipalType::Group},
    {"RoleDetailList", "RoleName", "AttachedManagedPolicies", PrincipalType::Role},
};

// "arn:aws:iam::aws:policy/..." (any partition): owned by AWS.
bool is_aws_managed_arn(std::string_view arn) {
  std::size_t pos = 0;
  for (int colons = 0; colons < 4 && pos != std::string_view::npos; ++colons) pos = arn.find(':', pos + 1);
  return pos != std::string_view::npos && arn.substr(pos + 1, 11) == "aws:policy/";
}

// The permissions boundary, tags and instance profiles (used by `iamtrim paths`).
void read_extras(const Value& item, const std::string& ip, Fields& f, AccountPrincipal& p) {
  if (const Value* b = item.find("PermissionsBoundary"); b && f.is_object(*b, pointer_append(ip, "PermissionsBoundary")))
    p.boundary = f.text(*b, pointer_append(ip, "PermissionsBoundary"), "PermissionsBoundaryArn", true).value_or("");
  const std::string tp = pointer_append(ip, "Tags");
  if (const Value* tags = f.array(item, ip, "Tags", false))
    for (std::size_t t = 0; t < tags->items.size(); ++t) {
      const std::string at = pointer_append(tp, t);
      if (!f.is_object(tags->items[t], at)) continue;
      auto key = f.text(tags->items[t], at, "Key", true);
      auto value = f.text(tags->items[t], at, "Value", false);
      if (key) p.tags.emplace_back(*key, value.value_or(""));
    }
  const std::string pp = pointer_append(ip, "InstanceProfileList");
  if (const Value* profiles = f.array(item, ip, "InstanceProfileList", false))
    for (std::size_t i = 0; i < profiles->items.size(); ++i) {
      const std::string at = pointer_append(pp, i);
      if (!f.is_object(profiles->items[i], at)) continue;
      if (auto arn = f.text(profiles->items[i], at, "Arn", true)) p.instance_profiles.push_back(*arn);
    }
}

void read_principals(const Value& root, Fields& f, const Shape& shape, Account& out) {
  const std::string lp = pointer_append("", shape.list);
  const Value* list = f.array(root, "", shape.list, false);
  for (std::size_t i = 0; list && i < list->items.size(); ++i) {
    const Value& item = list->items[i];
    const std::string ip = pointer_append(lp, i);
    if (!f.is_object(item, ip)) continue;
    AccountPrincipal p;
    p.type = shape.type;
    p.pointer = ip;
    p.name = f.text(item, ip, shape.name_key, true).value_or("");
    p.arn = f.text(item, ip, "Arn", true).value_or("");
    p.created = f.time(item, ip, "CreateDate", false);
    if (const Value* groups = f.array(item, ip, "GroupList", false))
      for (std::size_t g = 0; g < groups->items.size(); ++g) {
        if (groups->items[g].is_string()) p.groups.push_back(groups->items[g].text);
        else f.error(&groups->items[g], pointer_append(pointer_append(ip, "GroupList"), g), "expected a group name");
      }
    const std::string mp = pointer_append(ip, shape.managed_key);
    if (const Value* attached = f.array(item, ip, shape.managed_key, false))
      for (std::size_t a = 0; a < attached->items.size(); ++a) {
        const std::string ap = pointer_append(mp, a);
        if (!f.is_object(attached->items[a], ap)) continue;
        if (auto arn = f.text(attached->items[a], ap, "PolicyArn", true)) p.managed.push_back(*arn);
      }
    read_extras(item, ip, f, p);
    out.principals.push_back(std::move(p));
  }
}

void read_managed(const Value& root, Fields& f, Account& out) {
  const Value* list = f.array(root, "", "Policies", false);
  for (std::size_t i = 0; list && i < list->items.size(); ++i) {
    const Value& item = list->items[i];
    const std::string ip = pointer_append("/Policies", i);
    if (!f.is_object(item, ip)) continue;
    ManagedPolicyInfo m;
    m.pointer = ip;
    m.name = f.text(item, ip, "PolicyName", true).value_or("");
    m.arn = f.text(item, ip, "Arn", true).value_or("");
    m.created = f.time(item, ip, "CreateDate", false);
    m.aws_managed = is_aws_managed_arn(m.arn);
    out.managed.push_back(std::move(m));
  }
}

// Two entries with one ARN would make evidence and attachments ambiguous.
void check_unique(const Account& a, Fields& f) {
  std::set<std::string> seen;
  for (const AccountPrincipal& p : a.principals)
    if (!p.arn.empty() && !seen.insert(to_lower(p.arn)).second)
      f.error(nullptr, p.pointer, "principal '" + p.arn + "' is listed twice");
  for (const ManagedPolicyInfo& m : a.managed)
    if (!m.arn.empty() && !seen.insert(to_lower(m.arn)).second)
      f.error(nullptr, m.pointer, "policy '" + m.arn + "' is listed twice");
}

}  // namespace

std::string_view to_string(PrincipalType type) {
  switch (type) {
    case PrincipalType::User: return "user";
    case PrincipalType::Group: return "group";
    case PrincipalType::Role: return "role";
  }
  return "role";
}

std::string AccountPrincipal::owner() const { return std::string(to_string(type)) + "/" + name; }

AccountResult read_account(const std::shared_ptr<const SourceFile>& file) {
  AccountResult out;
  JsonResult json = parse_json(*file);
  auto add = [&](const Diagnostics& ds) {
    for (const Diagnostic& d : ds) out.errors.push_back({file->path(), d.span, d.pointer, d.message});
  };
  if (!json.ok()) {
    add(json.diagnostics);
    return out;
  }
  Fields f(*file, out.errors);
  const Value& root = json.value;
  const bool shape = root.is_object() && (root.find("UserDetailList") || root.find("GroupDetailList") ||
                                          root.find("RoleDetailList") || root.find("Policies"));
  if (!shape) {
    f.error(&root, "",
            "not a get-account-authorization-details output: expected UserDetailList, GroupDetailList, "
            "RoleDetailList or Policies at the top level");
    return out;
  }
  Account a;
  a.file = file;
  for (const Shape& s : kShapes) read_principals(root, f, s, a);
  read_managed(root, f, a);
  check_unique(a, f);
  if (auto marker = root.find("IsTruncated"); marker && marker->kind == ValueKind::Bool && marker->boolean)
    f.error(marker, "/IsTruncated",
            "the output is truncated: fetch every page (the AWS CLI does unless --max-items is given) and "
            "pass one merged file");
  // Its diagnostics include the file's own (duplicate keys) and documents
  // that cannot be decoded: all of them make the account unreliable.
  std::optional<SourceResult> docs = sources::read_aws_cli(file, {}, json);
  add(docs ? docs->diagnostics : json.diagnostics);
  if (!out.errors.empty()) return out;
  if (docs) a.policies = std::move(docs->policies);
  out.account = std::move(a);
  return out;
}

}  // namespace iamtrim
