#include "helpers.hpp"

#include <gtest/gtest.h>

namespace iamtrim::test {

using Json = nlohmann::ordered_json;

TimeMs at(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d) * kMsPerDay; }

Json allow(const std::vector<std::string>& actions) {
  return {{"Version", "2012-10-17"},
          {"Statement", Json::array({{{"Effect", "Allow"}, {"Action", actions}, {"Resource", "*"}}})}};
}

std::string arn_of(const std::string& type, const std::string& name) {
  return "arn:aws:iam::" + std::string(kAccountId) + ":" + type + "/" + name;
}

Details& Details::principal(const std::string& type, const std::string& name, const std::string& created,
                            const std::vector<std::pair<std::string, Json>>& inline_policies,
                            const std::vector<std::string>& attached, const std::vector<std::string>& groups,
                            const std::string& path) {
  const std::string cap = type == "user" ? "User" : type == "group" ? "Group" : "Role";
  Json e = {{"Path", path}, {cap + "Name", name}, {"Arn", "arn:aws:iam::" + std::string(kAccountId) + ":" + type + path + name}};
  if (!created.empty()) e["CreateDate"] = created;
  if (type == "role")
    e["AssumeRolePolicyDocument"] = {{"Version", "2012-10-17"},
                                     {"Statement", Json::array({{{"Effect", "Allow"},
                                                                 {"Principal", {{"Service", "ec2.amazonaws.com"}}},
                                                                 {"Action", "sts:AssumeRole"}}})}};
  Json list = Json::array();
  for (const auto& [n, doc] : inline_policies) list.push_back({{"PolicyName", n}, {"PolicyDocument", doc}});
  e[cap + "PolicyList"] = list;
  if (type == "user") e["GroupList"] = groups;
  Json att = Json::array();
  for (const std::string& a : attached) att.push_back({{"PolicyName", a.substr(a.rfind('/') + 1)}, {"PolicyArn", a}});
  e["AttachedManagedPolicies"] = att;
  doc[cap + "DetailList"].push_back(e);
  return *this;
}

Details& Details::managed(const std::string& arn, const Json& document, const std::string& created) {
  doc["Policies"].push_back({{"PolicyName", arn.substr(arn.rfind('/') + 1)},
                             {"Arn", arn},
                             {"CreateDate", created},
                             {"PolicyVersionList", Json::array({{{"Document", document}, {"VersionId", "v1"}, {"IsDefaultVersion", true}}})}});
  return *this;
}

Account Details::read() const {
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string("details.json", doc.dump(2)));
  AccountResult r = read_account(file);
  for (const EvidenceError& e : r.errors) ADD_FAILURE() << format_error(e);
  return r.account.value_or(Account{});
}

Report service_report(const std::string& subject, const std::vector<std::string>& used,
                      const std::vector<std::string>& unused) {
  Report r;
  r.files = {subject.substr(subject.find(':', 20) + 1) + ".json"};
  r.subject = subject;
  r.subject_origin = "test";
  r.job_created = at(2024, 6, 30);
  for (const std::string& s : used) r.services.push_back({s, s, at(2024, 6, 29), "us-east-1", subject});
  for (const std::string& s : unused) r.services.push_back({s, s, std::nullopt, "", ""});
  std::sort(r.services.begin(), r.services.end(),
            [](const ServiceAccess& a, const ServiceAccess& b) { return a.service_namespace < b.service_namespace; });
  return r;
}

AccountNarrowResult narrow(const Account& account, std::vector<Report> reports, int window) {
  AccountOptions options;
  options.input.window_days = window;
  return narrow_account(Catalog::embedded(), account, std::move(reports), TrackingRules::embedded(), options);
}

const AccountPolicyResult& find(const AccountNarrowResult& r, const std::string& owner, const std::string& name) {
  for (const AccountPolicyResult& p : r.policies)
    if (p.owner == owner && p.name == name) return p;
  ADD_FAILURE() << "no result for " << owner << " / " << name;
  static const AccountPolicyResult none;
  return none;
}

std::string text_of(const AccountPolicyResult& p) {
  return p.narrowed ? write_policy(p.narrowed->result.policy, {.pretty = false}) : "<not judged>";
}

}  // namespace iamtrim::test
