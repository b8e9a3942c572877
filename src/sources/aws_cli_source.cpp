// AWS CLI outputs. Each shape is recognised by its top-level keys, as the
// AWS CLI prints them (https://docs.aws.amazon.com/cli/latest/reference/iam/):
//   get-policy-version             {"PolicyVersion": {"Document", "VersionId", "IsDefaultVersion"}}
//   get-role                       {"Role": {"RoleName", "AssumeRolePolicyDocument", ...}}
//   get-{role,user,group}-policy   {"RoleName"|"UserName"|"GroupName", "PolicyName", "PolicyDocument"}
//   get-account-authorization-details
//                                  {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"}
// The AWS CLI decodes documents into JSON objects; the IAM API and most SDKs
// return them URL-encoded, so both forms (and plain JSON strings) are read.
#include <map>

#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/sources.hpp"
#include "sources/parsed_readers.hpp"
#include "sources/encoded_document.hpp"

namespace iamtrim {
namespace {

struct Reader {
  const std::shared_ptr<const SourceFile>& file;
  SourceFormat format = SourceFormat::Unknown;
  SourceResult result;

  // A document found at `pointer` under `parent`, attributed as given.
  void add(const Value& parent, std::string_view key, const std::string& pointer, FoundPolicy base) {
    const Value* doc = parent.find(key);
    if (!doc) return;
    base.file = file;
    base.format = format;
    base.pointer = pointer_append(pointer, key);
    if (doc->is_string()) {
      sources::DecodedDocument d = sources::decode_document_string(*file, *doc);
      for (Diagnostic& diag : d.diagnostics) {
        diag.pointer = base.pointer;
        result.diagnostics.push_back(std::move(diag));
      }
      if (!d.ok) return;
      base.document = std::move(d.document);
      base.rewritable = false;  // escaped bytes cannot be replaced one to one
    } else {
      base.document = *doc;
      base.expression = doc->span;
      base.rewritable = true;
    }
    result.policies.push_back(std::move(base));
  }
};

std::string text_of(const Value& object, std::string_view key) {
  const Value* v = object.find(key);
  return v && v->is_string() ? v->text : std::string();
}

FoundPolicy attributed(PolicyKind kind, Attachment attachment, std::string owner, std::string name) {
  FoundPolicy p;
  p.kind = kind;
  p.attachment = attachment;
  p.owner = std::move(owner);
  p.name = std::move(name);
  return p;
}

// A principal the output names: "role/NAME", with its ARN when given.
PolicyPrincipal principal(std::string_view type, const std::string& name, const std::string& arn) {
  return {std::string(type), name, arn, std::string(type) + "/" + name, name.empty() ? "the output does not name it" : ""};
}

// get-policy-version, or one entry of a Policies[].PolicyVersionList.
void read_version(Reader& r, const Value& version, const std::string& pointer, const std::string& owner,
                  const std::string& name) {
  FoundPolicy p = attributed(PolicyKind::Identity, Attachment::Managed, owner, name);
  p.version_id = text_of(version, "VersionId");
  const Value* is_default = version.find("IsDefaultVersion");
  p.default_version = !is_default || is_default->kind != ValueKind::Bool || is_default->boolean;
  r.add(version, "Document", pointer, std::move(p));
}

void read_inline_list(Reader& r, const Value& entity, std::string_view list_key, const std::string& pointer,
                      Attachment attachment, const std::string& owner, const PolicyPrincipal& who) {
  const Value* list = entity.find(list_key);
  if (!list || !list->is_array()) return;
  std::string list_pointer = pointer_append(pointer, list_key);
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const Value& item = list->items[i];
    if (!item.is_object()) continue;
    FoundPolicy p = attributed(PolicyKind::Identity, attachment, owner, text_of(item, "PolicyName"));
    p.principals = {who};
    r.add(item, "PolicyDocument", pointer_append(list_pointer, i), std::move(p));
  }
}

struct EntityShape {
  std::string_view list;        // "RoleDetailList"
  std::string_view name_key;    // "RoleName"
  std::string_view owner_type;  // "role"
  std::string_view policies;    // "RolePolicyList"
  Attachment attachment;
};

constexpr EntityShape kEntities[] = {
    {"UserDetailList", "UserName", "user", "UserPolicyList", Attachment::InlineUser},
    {"GroupDetailList", "GroupName", "group", "GroupPolicyList", Attachment::InlineGroup},
    {"RoleDetailList", "RoleName", "role", "RolePolicyList", Attachment::InlineRole},
};

void read_authorization_details(Reader& r, const Value& top) {
  std::map<std::string, std::vector<PolicyPrincipal>> attached;  // lower-case policy ARN -> principals
  for (const EntityShape& shape : kEntities) {
    const Value* list = top.find(shape.list);
    if (!list || !list->is_array()) continue;
    std::string list_pointer = pointer_append("", shape.list);
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      const Value& entity = list->items[i];
      if (!entity.is_object()) continue;
      std::string pointer = pointer_append(list_pointer, i);
      std::string owner = std::string(shape.owner_type) + "/" + text_of(entity, shape.name_key);
      const PolicyPrincipal who = principal(shape.owner_type, text_of(entity, shape.name_key), text_of(entity, "Arn"));
      if (shape.attachment == Attachment::InlineRole)
        r.add(entity, "AssumeRolePolicyDocument", pointer,
              attributed(PolicyKind::Trust, Attachment::Unknown, owner, "trust policy"));
      read_inline_list(r, entity, shape.policies, pointer, shape.attachment, owner, who);
      if (const Value* managed = entity.find("AttachedManagedPolicies"); managed && managed->is_array())
        for (const Value& m : managed->items)
          if (m.is_object()) attached[to_lower(text_of(m, "PolicyArn"))].push_back(who);
    }
  }
  const Value* policies = top.find("Policies");
  if (!policies || !policies->is_array()) return;
  for (std::size_t i = 0; i < policies->items.size(); ++i) {
    const Value& policy = policies->items[i];
    if (!policy.is_object()) continue;
    std::string name = text_of(policy, "PolicyName");
    std::string pointer = pointer_append(pointer_append("", "Policies"), i);
    const Value* versions = policy.find("PolicyVersionList");
    if (!versions || !versions->is_array()) continue;
    std::string versions_pointer = pointer_append(pointer, "PolicyVersionList");
    const std::string arn = text_of(policy, "Arn");
    for (std::size_t v = 0; v < versions->items.size(); ++v) {
      if (!versions->items[v].is_object()) continue;
      read_version(r, versions->items[v], pointer_append(versions_pointer, v), "policy/" + name, name);
      if (r.result.policies.empty() || r.result.policies.back().pointer.rfind(versions_pointer, 0) != 0) continue;
      FoundPolicy& found = r.result.policies.back();
      found.managed = principal("policy", name, arn);
      if (auto it = attached.find(to_lower(arn)); it != attached.end()) found.principals = it->second;
    }
  }
}

struct InlineShape {
  std::string_view name_key, owner_type;
  SourceFormat command;
  Attachment attachment;
};

constexpr InlineShape kInline[] = {
    {"RoleName", "role", SourceFormat::AwsCliGetRolePolicy, Attachment::InlineRole},
    {"UserName", "user", SourceFormat::AwsCliGetUserPolicy, Attachment::InlineUser},
    {"GroupName", "group", SourceFormat::AwsCliGetGroupPolicy, Attachment::InlineGroup},
};

bool has_any(const Value& top, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys)
    if (top.find(k)) return true;
  return false;
}

}  // namespace

std::optional<SourceResult> read_aws_cli_source(const std::shared_ptr<const SourceFile>& file,
                                                const SourceOptions& options) {
  JsonResult json = parse_json(*file);
  return sources::read_aws_cli(file, options, json);
}

std::optional<SourceResult> sources::read_aws_cli(const std::shared_ptr<const SourceFile>& file, const SourceOptions&,
                                                  JsonResult& json) {
  // Containers imply every document's kind, so a forced kind does not apply.
  if (!json.ok() || !json.value.is_object()) return std::nullopt;
  const Value& top = json.value;
  Reader r{file, SourceFormat::Unknown, {}};
  if (const Value* version = top.find("PolicyVersion"); version && version->is_object()) {
    r.format = SourceFormat::AwsCliGetPolicyVersion;
    read_version(r, *version, "/PolicyVersion", "", "");
  } else if (const Value* role = top.find("Role"); role && role->is_object()) {
    r.format = SourceFormat::AwsCliGetRole;
    r.add(*role, "AssumeRolePolicyDocument", "/Role",
          attributed(PolicyKind::Trust, Attachment::Unknown, "role/" + text_of(*role, "RoleName"), "trust policy"));
  } else if (has_any(top, {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"})) {
    r.format = SourceFormat::AwsCliAuthorizationDetails;
    read_authorization_details(r, top);
  } else if (top.find("PolicyDocument") && top.find("PolicyName")) {
    for (const InlineShape& shape : kInline) {
      if (!top.find(shape.name_key)) continue;
      r.format = shape.command;
      FoundPolicy p = attributed(PolicyKind::Identity, shape.attachment,
                                 std::string(shape.owner_type) + "/" + text_of(top, shape.name_key),
                                 text_of(top, "PolicyName"));
      p.principals = {principal(shape.owner_type, text_of(top, shape.name_key), "")};
      r.add(top, "PolicyDocument", "", std::move(p));
      break;
    }
    if (r.format == SourceFormat::Unknown) return std::nullopt;
  } else {
    return std::nullopt;
  }
  // Duplicate keys in the container are the file's problems too.
  r.result.diagnostics.insert(r.result.diagnostics.begin(), json.diagnostics.begin(), json.diagnostics.end());
  return std::move(r.result);
}

}  // namespace iamtrim
