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
