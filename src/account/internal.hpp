// Shared by the account-mode sources: the subject index and the per-policy
// narrowing step.
#pragma once

#include <string>
#include <unordered_map>

#include "iamtrim/account.hpp"

namespace iamtrim::account {

// match_subject() for many subjects: the account's identities parsed once.
class SubjectIndex {
 public:
  explicit SubjectIndex(const Account& account);
  SubjectMatch find(std::string_view subject) const;

 private:
  std::unordered_map<std::string, std::size_t> principals_, policies_;
};

}  // namespace iamtrim::account

namespace iamtrim::account {

// What the evidence of one policy is: the reports of the principals that use
// it (or of the policy itself) and who those principals are.
struct PolicyEvidence {
  // Each principal's (or the policy's) reports; one group is handed to
  // decide() as it is, several are copied into one list.
  std::vector<const std::vector<Report>*> groups;
  std::vector<std::string> subjects;        // ARNs whose evidence is required
  std::vector<std::string> missing;         // owners of required subjects without a report
  std::string policy_arn;                   // set when a report about the policy itself decides
  std::optional<TimeMs> youngest_created;   // the latest CreateDate among them
  std::vector<std::string> notes;
};

// Parses, decides and narrows one found policy. Fills `result` (outcome,
// counts, narrowed) and appends problems to `errors`.
void narrow_one(const Catalog& catalog, const FoundPolicy& found, const PolicyEvidence& evidence,
                const TrackingRules& rules, const AccountOptions& options, AccountPolicyResult& result,
                std::vector<EvidenceError>& errors);

// A file or directory name for an IAM name: IAM name characters as they
// are, every other byte %XX, so distinct names never share a file.
std::string path_component(std::string_view name);

}  // namespace iamtrim::account
