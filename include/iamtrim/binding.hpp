// iamtrim/binding.hpp - which evidence may judge which policy.
//
// A last-accessed report is about one principal (or one managed policy); it
// may narrow only a policy that applies to that principal. This header holds
// the identity of an ARN, the checks a report's own entities allow, and the
// binding of a file's policies to the reports given with it (docs/narrow.md,
// "Binding rules"). It sits between the sources stage (FoundPolicy and its
// principals) and the evidence stage (Report), and is used by every narrow
// mode: one file (pipeline.hpp) and a whole account (account.hpp).
//
//   BindResult b = bind_evidence({&found}, ev.reports, {});
//   if (!b.ok()) ... b.errors ...;
//   if (!b.policies[0].bound) ... b.policies[0].refusal ...;
//
// Everything here is pure and safe to call from several threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/evidence.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

// ---- Evidence subjects and the entities a report names ---------------------

// The identity an IAM or STS ARN names, lower case: partition, account,
// type ("role", "user", "group", "policy") and name. The path is not part
// of it; "arn:aws:sts::1:assumed-role/App/session" names the role App.
struct PrincipalIdentity {
  std::string partition, account, type, name;
  bool operator==(const PrincipalIdentity&) const = default;
};
std::optional<PrincipalIdentity> identity_of_arn(std::string_view arn);

// Whether a report subject (an ARN) names `principal`: the same type and
// name, without case and whatever the path; partition and account must
// agree where the principal's ARN is known (a Terraform or CloudFormation
// file knows names, not accounts).
bool subject_names(std::string_view subject, const PolicyPrincipal& principal);

// A role's or user's own report shows only that principal as the one who
// accessed a service or action (LastAuthenticatedEntity, LastAccessedEntity;
// a with-entities report's entities). The sentence saying which entity
// contradicts the report's subject, or "" when none does (or the subject is
// a group or a policy, whose reports name their members).
std::string entity_contradiction(const Report& report);
// The distinct principals a report names as having accessed something
// (a hint at whom a report without a subject is about).
std::vector<std::string> report_entities(const Report& report);

// ---- Binding evidence to a policy's principals (every narrow mode) ---------
//
// A report may judge a policy only when it is about a principal the policy
// applies to (FoundPolicy::principals), or about the managed policy itself.
// The rules (docs/narrow.md, "Binding rules"), for each policy to narrow:
//  1. A policy whose file names a principal with a physical name is judged on
//     the reports that name one of its principals (subject_names()) or the
//     policy itself; reports about other principals are not used for it. If
//     no report names one of them, the policy is refused: the evidence is
//     about someone else. Its principals without a report keep its actions
//     (incomplete-coverage).
//  2. A policy whose principals the file names without a physical name (a
//     computed or generated name), or whose file does not say whom it applies
//     to, is bound only by an explicit statement: `--only` selecting it, or
//     `--principal` when the selection holds exactly one such principal (or
//     one such policy). Exception: a file holding a single policy and no
//     principal at all (a plain policy file, get-policy-version) is bound to
//     the evidence given with it, as the user paired them.
//  3. A statement never overrides a known name: a principal whose name is
//     known is always compared.
struct BindOptions {
  bool only = false;       // --only selected the policies: the evidence is about them
  bool principal = false;  // --principal named the evidence's subject
};

struct PolicyBinding {
  bool bound = false;
  std::vector<Report> reports;                 // what judges the policy (with the non-judging reports, for decide's notes)
  std::vector<std::string> required_subjects;  // DecisionInput::required_subjects (empty: the reports' own subjects)
  std::string policy_arn;                      // DecisionInput::policy_arn when a report about the policy itself judges it
  std::string refusal;                         // when not bound: why, naming its principals and the evidence's subjects
  std::vector<std::string> notes;              // for the report
};

struct BindResult {
  std::vector<PolicyBinding> policies;  // one per policy given, in order
  std::vector<EvidenceError> errors;    // reports that contradict their own subject
  std::vector<std::string> unused;      // "FILE (SUBJECT): why", reports that judge none of the policies
  // When some policies were refused and the evidence names principals of
  // others: the --only value that selects those ("aws_iam_role.writer").
  std::string suggestion;
  bool ok() const { return errors.empty(); }
};

BindResult bind_evidence(const std::vector<const FoundPolicy*>& policies, const std::vector<Report>& reports,
                         const BindOptions& options);

}  // namespace iamtrim
