// Which principal or managed policy an evidence subject names. Sidecars are
// written by hand or by scripts, so the same role shows up with and without
// its path, in another case, or as the STS session that used it; comparing
// ARNs as strings would silently leave such a role "without evidence".
#include <algorithm>

#include "account/internal.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim {
namespace {

std::string key_of(const PrincipalIdentity& id) { return id.partition + ":" + id.account + ":" + id.type + "/" + id.name; }

}  // namespace

// IAM names are unique per account and type, whatever the path, and
// case-insensitive: the path is not part of the identity.
std::optional<PrincipalIdentity> identity_of_arn(std::string_view arn) {
  const std::string lower = to_lower(trim(arn));
  std::vector<std::string> parts;  // arn, partition, service, region, account, resource
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = lower.find(':', start);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(lower.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(lower.substr(start));
  if (parts[0] != "arn" || parts[4].empty()) return std::nullopt;
  const std::string& resource = parts[5];
  const std::size_t slash = resource.find('/');
  if (slash == std::string::npos) return std::nullopt;
  PrincipalIdentity id{parts[1], parts[4], resource.substr(0, slash), ""};
  if (parts[2] == "sts" && id.type == "assumed-role") {
    // assumed-role/ROLE/SESSION: the role did it.
    const std::size_t end = resource.find('/', slash + 1);
    if (end == std::string::npos) return std::nullopt;
    id.type = "role";
    id.name = resource.substr(slash + 1, end - slash - 1);
    return id;
  }
  if (parts[2] != "iam") return std::nullopt;
  id.name = resource.substr(resource.rfind('/') + 1);  // the path is not part of the identity
  if (id.name.empty()) return std::nullopt;
  return id;
}

account::SubjectIndex::SubjectIndex(const Account& account) {
  // Principals first: a principal wins over a policy of the same identity
  // (they cannot collide anyway: "policy" is not a principal type).
  for (std::size_t i = 0; i < account.principals.size(); ++i)
    if (auto id = identity_of_arn(account.principals[i].arn)) principals_.try_emplace(key_of(*id), i);
  for (std::size_t i = 0; i < account.managed.size(); ++i)
    if (auto id = identity_of_arn(account.managed[i].arn)) policies_.try_emplace(key_of(*id), i);
}

SubjectMatch account::SubjectIndex::find(std::string_view subject) const {
  SubjectMatch m;
  const std::optional<PrincipalIdentity> id = identity_of_arn(subject);
  if (!id) return m;
  const std::string key = key_of(*id);
  if (auto it = principals_.find(key); it != principals_.end()) m.principal = it->second;
  else if (auto p = policies_.find(key); p != policies_.end()) m.policy = p->second;
  return m;
}

SubjectMatch match_subject(const Account& account, std::string_view subject) {
  return account::SubjectIndex(account).find(subject);
}

}  // namespace iamtrim
