#include "helpers.hpp"

#include <gtest/gtest.h>

#include "support/files.hpp"

namespace iamtrim::test {

Json fixture(const std::string& name) {
  return Json::parse(read_file(testdata("paths/" + name + "/authorization-details.json")));
}

Account account_of(const Json& details, const std::string& path) {
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path, details.dump(4)));
  AccountResult a = read_account(file);
  for (const EvidenceError& e : a.errors) ADD_FAILURE() << format_error(e);
  return a.account ? *a.account : Account{};
}

PathsResult run(const Account& account, PathsOptions options) {
  static const Catalog catalog = Catalog::embedded();
  if (options.target.capabilities.empty() && options.target.kind == Target::Kind::Admin)
    options.target.capabilities.push_back({});
  options.all_edges = true;  // the tests look at edges that are on no path too
  PathsResult r = find_paths(catalog, account, options);
  for (const EvidenceError& e : r.errors) ADD_FAILURE() << format_error(e);
  return r;
}

PathsResult run(const Json& details, PathsOptions options) { return run(account_of(details), std::move(options)); }

const EscalationPath* path_from(const PathsResult& r, const std::string& source) {
  for (const EscalationPath& p : r.paths)
    if (r.nodes[p.source].id == source) return &p;
  return nullptr;
}

std::vector<std::string> nodes_of(const PathsResult& r, const EscalationPath& p) {
  std::vector<std::string> out{r.nodes[p.source].id};
  for (const Edge& e : p.hops) out.push_back(r.nodes[e.to].id);
  return out;
}

bool reaches(const PathsResult& r, const std::string& id) {
  for (const TargetReach& t : r.at_target)
    if (r.nodes[t.node].id == id) return true;
  return path_from(r, id) != nullptr;
}

Json& entry(Json& details, const std::string& type, const std::string& name) {
  const char* list = type == "user" ? "UserDetailList" : type == "group" ? "GroupDetailList" : "RoleDetailList";
  const char* key = type == "user" ? "UserName" : type == "group" ? "GroupName" : "RoleName";
  for (Json& e : details[list])
    if (e[key] == name) return e;
  ADD_FAILURE() << "no " << type << " " << name;
  static Json none;
  return none;
}

Json doc(std::vector<Json> statements) { return {{"Version", "2012-10-17"}, {"Statement", statements}}; }
Json allow(const Json& actions, const Json& resource) {
  return {{"Effect", "Allow"}, {"Action", actions}, {"Resource", resource}};
}
Json deny(const Json& actions, const Json& resource) {
  return {{"Effect", "Deny"}, {"Action", actions}, {"Resource", resource}};
}
std::string arn(const std::string& type, const std::string& name) {
  return "arn:aws:iam::" + std::string(kAcct) + ":" + type + "/" + name;
}

namespace {
Json inline_list(const std::vector<std::pair<std::string, Json>>& policies) {
  Json out = Json::array();
  for (const auto& [name, d] : policies) out.push_back({{"PolicyName", name}, {"PolicyDocument", d}});
  return out;
}
Json attached(const std::vector<std::string>& arns) {
  Json out = Json::array();
  for (const std::string& a : arns) out.push_back({{"PolicyName", a.substr(a.rfind('/') + 1)}, {"PolicyArn", a}});
  return out;
}
}  // namespace

Json empty_details() {
  Json d = {{"UserDetailList", Json::array()}, {"GroupDetailList", Json::array()}, {"RoleDetailList", Json::array()},
            {"Policies", Json::array()}};
  add_managed(d, kAdminArn, doc({allow("*")}));
  return d;
}

void add_user(Json& d, const std::string& name, std::vector<std::pair<std::string, Json>> inline_policies,
              std::vector<std::string> managed, std::vector<std::string> groups) {
  d["UserDetailList"].push_back({{"Path", "/"},
                                 {"UserName", name},
                                 {"Arn", arn("user", name)},
                                 {"CreateDate", "2023-01-10T09:00:00Z"},
                                 {"UserPolicyList", inline_list(inline_policies)},
                                 {"GroupList", groups},
                                 {"AttachedManagedPolicies", attached(managed)},
                                 {"Tags", Json::array()}});
}

void add_group(Json& d, const std::string& name, std::vector<std::pair<std::string, Json>> inline_policies,
               std::vector<std::string> managed) {
  d["GroupDetailList"].push_back({{"Path", "/"},
                                  {"GroupName", name},
                                  {"Arn", arn("group", name)},
                                  {"CreateDate", "2023-01-10T09:00:00Z"},
                                  {"GroupPolicyList", inline_list(inline_policies)},
                                  {"AttachedManagedPolicies", attached(managed)}});
}

void add_role(Json& d, const std::string& name, const Json& trust, std::vector<std::pair<std::string, Json>> inline_policies,
              std::vector<std::string> managed, bool instance_profile) {
  Json profiles = Json::array();
  if (instance_profile)
    profiles.push_back({{"InstanceProfileName", name}, {"Arn", "arn:aws:iam::" + std::string(kAcct) + ":instance-profile/" + name}});
  d["RoleDetailList"].push_back({{"Path", "/"},
                                 {"RoleName", name},
                                 {"Arn", arn("role", name)},
                                 {"CreateDate", "2023-01-10T09:00:00Z"},
                                 {"AssumeRolePolicyDocument", trust},
                                 {"InstanceProfileList", profiles},
                                 {"RolePolicyList", inline_list(inline_policies)},
                                 {"AttachedManagedPolicies", attached(managed)},
                                 {"Tags", Json::array()}});
}

void add_managed(Json& d, const std::string& policy_arn, const Json& document) {
  d["Policies"].push_back({{"PolicyName", policy_arn.substr(policy_arn.rfind('/') + 1)},
                           {"Arn", policy_arn},
                           {"Path", "/"},
                           {"DefaultVersionId", "v1"},
                           {"CreateDate", "2022-05-01T09:00:00Z"},
                           {"PolicyVersionList",
                            Json::array({{{"Document", document}, {"VersionId", "v1"}, {"IsDefaultVersion", true}}})}});
}

}  // namespace iamtrim::test
