// iamtrim/account.hpp - narrowing every policy of an account, and proposing
// an Organizations SCP.
//
// Account mode reads the output of `aws iam get-account-authorization-details`
// (users, groups, roles, their inline policies, the managed policies attached
// to them and group membership) and narrows every inline policy and every
// customer-managed policy (its default version) on the last-accessed evidence
// of the principals that use it:
//  - an inline policy of a user or role: that principal's evidence;
//  - an inline policy of a group: the group's own report (which covers its
//    members), else the reports of all its member users;
//  - a customer-managed policy: a report about the policy itself when given,
//    else every principal it is attached to (a group standing for its
//    members, as above). An action is removable only when it is removable for
//    every one of them (decide() with required_subjects).
// A policy with a principal that has no evidence is not narrowed (its
// removable actions are kept as `incomplete-coverage`). AWS-managed policies
// cannot be edited and are only reported; trust policies are not narrowed.
//
//   AccountResult a = read_account(file);            // errors: a.errors
//   EvidenceResult ev = read_evidence_files(paths, {});
//   AccountNarrowResult r = narrow_account(catalog, *a.account, ev.reports,
//                                          TrackingRules::embedded(), {});
//   std::cout << account_summary_table(r);
//   for (const AccountPolicyResult& p : r.policies) if (p.rewrite_due()) write(p.out_path, ...);
//
// Organizations mode turns a get-organizations-access-report output into a
// proposed SCP that denies, as `svc:*`, every service the OU or account has
// provably not used within the window (decide_services()), split into several
// SCPs when one would exceed the SCP size quota. A proposal is advice for a
// person to review; nothing here applies it.
//
// Everything here is pure (no I/O besides what the caller passes in), returns
// errors as values, never throws, and is safe to call from several threads on
// distinct inputs.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "iamtrim/binding.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/narrow.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

// ---- The account: who exists and what is attached to whom -----------------

enum class PrincipalType { User, Group, Role };
std::string_view to_string(PrincipalType type);  // "user", "group", "role"

struct AccountPrincipal {
  PrincipalType type = PrincipalType::Role;
  std::string name;                  // RoleName / UserName / GroupName
  std::string arn;                   // as the authorization details give it (with its path)
  std::optional<TimeMs> created;     // CreateDate
  std::vector<std::string> groups;   // users: the names of their groups (GroupList)
  std::vector<std::string> managed;  // AttachedManagedPolicies[].PolicyArn
  std::string pointer;               // JSON pointer of the entry, for messages
  // Users and roles: PermissionsBoundary.PermissionsBoundaryArn ("" when none),
  // Tags as key/value pairs; roles: InstanceProfileList[].Arn.
  std::string boundary;
  std::vector<std::pair<std::string, std::string>> tags;
  std::vector<std::string> instance_profiles;
  std::string owner() const;         // "role/App"
};

struct ManagedPolicyInfo {
  std::string arn, name;
  std::optional<TimeMs> created;
  bool aws_managed = false;  // arn:PARTITION:iam::aws:policy/...: AWS owns it, nobody can edit it
  std::string pointer;
};

struct Account {
  std::shared_ptr<const SourceFile> file;
  std::vector<AccountPrincipal> principals;  // users, then groups, then roles, in file order
  std::vector<ManagedPolicyInfo> managed;    // the Policies list, in file order
  std::vector<FoundPolicy> policies;         // every document read_aws_cli_source() found
};

struct AccountResult {
  std::optional<Account> account;  // absent when errors is not empty
  std::vector<EvidenceError> errors;
  bool ok() const { return errors.empty(); }
};

// Reads a get-account-authorization-details output. Refuses files that are
// not that output, entries without a name or ARN, unparseable CreateDates,
// duplicate principals, and policy documents that cannot be decoded.
AccountResult read_account(const std::shared_ptr<const SourceFile>& file);

// ---- Matching evidence subjects to principals ------------------------------

// Which principal or managed policy an evidence subject names. IAM names are
// unique per account and type whatever the path, and case-insensitive, so
// "arn:aws:iam::1:role/App", "arn:aws:iam::1:role/service-role/App" and
// "ARN:AWS:IAM::1:ROLE/app" all name the role App of account 1; an STS
// assumed-role ARN names its role. Partition and account must agree.
struct SubjectMatch {
  std::optional<std::size_t> principal;  // index in Account::principals
  std::optional<std::size_t> policy;     // index in Account::managed
  bool matched() const { return principal || policy; }
};
SubjectMatch match_subject(const Account& account, std::string_view subject);

// Account mode reads evidence the way users save it: a page that does not
// name its subject (no sidecar) is bound by its file name when the stem is
// exactly the name of one principal of the account (role, user or group,
// compared without case), or the full ARN of a principal or managed policy
// with every ':' and '/' replaced by '_' ("arn_aws_iam__123456789012_role_App").
// Subjects are settled page by page before the pages of a job are merged
// (merge_pages), so reports of different principals that share job dates
// are never taken for pages of one job. Errors: a stem that names several
// principals (naming them), and a report left without a subject (naming the
// FILE.request.json to write, with LastAuthenticatedEntity as the hint).
EvidenceResult bind_account_evidence(const Account& account, std::vector<Report> pages);

// ---- Narrowing the account -------------------------------------------------

// How far narrow_account() is, for a progress display. The unit of work is
// a policy (inline or customer-managed; AWS-managed ones are only listed and
// not counted). A principal is done when every policy it uses (its inline
// ones and the customer-managed ones attached to it) has been judged, so a
// policy shared by many principals completes them all at once.
struct AccountProgress {
  std::size_t policies_done = 0, policies_total = 0;
  std::size_t principals_done = 0, principals_total = 0;
};

struct AccountPolicyResult;

struct AccountOptions {
  // Window, as-of, Regions, protected patterns... as for one policy; the
  // subjects, policy ARN and creation date are filled in per policy.
  DecisionInput input;
  bool compress = false;
  LowRiskWildcards low_risk;  // which wildcards keep their unused low-risk actions
  // Keep every action's decision (NarrowResult::removed and ::kept) for the
  // --report files. Without a report they are dropped after counting, which
  // keeps a large account's memory to the rewritten policies.
  bool keep_details = true;
  // With keep_details, for reports that need only each policy's summary
  // (AccountPolicyResult::decided) and its detail text: `render_details`
  // turns a judged policy into its detail text on the thread that judged it
  // (so it must be thread-safe; as_of is AccountNarrowResult::as_of), the
  // per-action outcomes are then dropped, and `take_details` receives the
  // text on the calling thread, in the order policies are judged. An
  // account's detail texts together are many times its memory: they are
  // written as they come, never all held. Unset: every
  // outcome stays in the result (the HTML report reads them all), or its
  // compact form with compact_outcomes.
  std::function<std::string(const AccountPolicyResult& policy, const std::string& as_of)> render_details;
  std::function<void(const AccountPolicyResult& policy, std::string text)> take_details;
  // With keep_details and no render_details, for the HTML report: each
  // policy's outcomes are kept as AccountPolicyResult::compact (an action and
  // a shared decision each, what the page shows) and NarrowResult::removed
  // and ::kept are emptied once the policy is judged: at 5,000 roles the
  // outcomes were more than half of the report's memory.
  bool compact_outcomes = false;
  // Called on the calling thread once before the first policy is judged
  // and after each one (the last call has policies_done == policies_total).
  // The library never prints; a front end draws this (the CLI: a line on a
  // terminal's standard error).
  std::function<void(const AccountProgress&)> progress;
};

enum class AccountOutcome {
  Unchanged,       // judged, nothing removable
  Narrowed,        // some actions removed
  Detach,          // nothing left: detach or delete it
  KeptNoEvidence,  // a principal using it has no evidence: not narrowed
  AwsManaged,      // AWS owns it: not narrowable, reported only
  Failed,          // the rewrite failed verification (internal error)
};
std::string_view to_string(AccountOutcome outcome);  // "unchanged", "narrowed", "detach", "kept-no-evidence", ...

struct AccountPolicyResult {
  std::string owner;       // "role/App" for inline policies, "policy/Shared" for managed ones
  std::string name;        // the policy name
  std::string arn;         // managed policies
  Attachment attachment = Attachment::Unknown;
  // Owners ("role/A") of everyone it is attached to; a group judged on its
  // members' evidence reads "group/G (through its members)".
  std::vector<std::string> principals;
  std::vector<std::string> without_evidence;  // of those, the ones no report covers
  AccountOutcome outcome = AccountOutcome::Unchanged;
  std::size_t granted = 0, removed = 0, kept = 0;  // actions judged in Allow statements
  std::optional<NarrowedPolicy> narrowed;          // absent for AWS-managed policies
  // Where --out writes it, relative: "role/App/inline/P.json", "policy/Shared.json".
  // Names keep the IAM name characters; any other byte is %XX, so distinct
  // names never share a file ("a/b" -> "a%2Fb").
  std::string out_path;
  // With AccountOptions::keep_details, what the account report says of the
  // decisions, kept when the per-action outcomes are dropped: each distinct
  // removed action with the reason of its first removal (in removal order),
  // and the distinct kept actions (not also removed) by reason.
  struct Decided {
    std::vector<std::pair<ActionId, DecisionReason>> removed;
    std::vector<std::pair<DecisionReason, std::size_t>> kept;  // in order of first appearance
  };
  Decided decided;
  // With AccountOptions::compact_outcomes, the outcomes of `narrowed`
  // (whose removed and kept lists are then empty).
  std::optional<CompactOutcomes> compact;
  bool rewrite_due() const { return outcome == AccountOutcome::Narrowed || outcome == AccountOutcome::Detach; }
  // "aws-managed", "inline" or "managed", as the reports name it.
  std::string_view kind() const;
  // Why the policy is reported but cannot be rewritten (AWS-managed
  // policies); empty otherwise.
  std::string_view note() const;
};

struct UnmatchedEvidence {
  std::string file;
  std::string subject;
  std::string reason;
};

struct AccountNarrowResult {
  std::vector<AccountPolicyResult> policies;  // inline (users, groups, roles), then managed, in file order
  std::vector<UnmatchedEvidence> unmatched;   // evidence not used: names no principal or policy of the account, ...
  std::vector<std::string> without_evidence;  // principals ("role/App") with no report
  std::vector<EvidenceError> errors;          // bad evidence; policies is empty then
  std::string as_of;                          // --as-of, else the newest job date used
  bool ok() const { return errors.empty(); }
  bool rewrite_due() const;
  bool verified() const;  // no policy Failed
};

// Narrows every inline and customer-managed policy of `account`. `reports`
// may hold reports about anything; those naming no principal or policy of
// the account are listed in `unmatched` and otherwise ignored.
AccountNarrowResult narrow_account(const Catalog& catalog, const Account& account, std::vector<Report> reports,
                                   const TrackingRules& rules, const AccountOptions& options);
// The same, for a caller done with the account: each policy's document is
// released as soon as the policy is judged (with the account's file once
// nothing points into it), so a large account is not held whole beside its
// results. The result is the same.
AccountNarrowResult narrow_account(const Catalog& catalog, Account&& account, std::vector<Report> reports,
                                   const TrackingRules& rules, const AccountOptions& options);

// Text safe to print on a terminal: control characters (C0, DEL, C1) as
// \xNN and '\' as "\\", so a name from an input file cannot move the
// cursor, change colours or hide text.
std::string printable(std::string_view text);

// The stdout table: one row per policy with owner, policy, kind, granted,
// removed, kept, outcome and whose evidence decided (names printable()),
// then a totals line.
struct SummaryTableOptions {
  // Display columns a line may take (0: no limit). When the table is wider,
  // the wide cells (owner, policy, used by, no evidence for) are cut to fit
  // and end in "…"; numbers, kind and outcome are never cut. Widths are
  // counted as a terminal shows UTF-8 (East Asian wide characters take two
  // columns, combining marks none).
  std::size_t max_width = 0;
};
std::string account_summary_table(const AccountNarrowResult& result, const SummaryTableOptions& options = {});
// Display columns of UTF-8 text on a terminal (the measure max_width uses).
std::size_t display_width(std::string_view text);
// The --report files: a summary that stays small however large the account
// (docs/narrow.md, "The account report"). Totals; per principal and per
// policy the counts (granted, used, removed, kept) and outcome; the removed
// actions grouped by service and reason (counts and names, not an entry per
// action); the AWS-managed policies, unmatched evidence and principals
// without evidence. Every decision with its reason and evidence is in the
// policy's detail file (account_policy_details_json()), which the report
// names.
struct AccountReportOptions {
  // The folder the detail files were written under (--out, as given);
  // empty when none were: the report then says how to get them.
  std::string details_dir;
};
std::string account_report_json(const Catalog& catalog, const AccountNarrowResult& result,
                                const AccountReportOptions& options = {});
std::string account_report_markdown(const Catalog& catalog, const AccountNarrowResult& result,
                                    const AccountReportOptions& options = {});
// Where a judged policy's detail file goes, relative to --out:
// "details/" + out_path ("details/role/App/inline/P.json"); "" for a policy
// that was not judged (AWS-managed).
std::string details_path(const AccountPolicyResult& policy);
// The detail file: the narrowing report of that one policy (the format of
// `narrow --report FILE.json`), every removal and keep with its reason and
// evidence. Needs AccountOptions::keep_details.
std::string account_policy_details_json(const Catalog& catalog, const AccountNarrowResult& result,
                                        const AccountPolicyResult& policy);
// The same for a policy judged but not yet in a result (render_details).
std::string account_policy_details_json(const Catalog& catalog, const std::string& as_of,
                                        const AccountPolicyResult& policy);

// ---- Organizations: the SCP proposal ---------------------------------------

struct ScpProposal {
  std::string subject;                   // the OU or account entity path
  std::vector<ServiceDecision> denied;   // not used within the window, proven
  std::vector<ServiceDecision> kept;     // used, or not proven unused
  std::vector<std::string> scps;         // the proposed SCP documents (JSON); several when one is too large
  std::vector<std::size_t> sizes;        // characters of each, as the SCP quota counts them
  std::size_t quota = 0;
  std::vector<EvidenceError> errors;
  std::vector<std::string> warnings;     // the report contradicts itself, or the Region table is stale
  std::string as_of;
  bool ok() const { return errors.empty(); }
};

ScpProposal propose_scp(const Catalog& catalog, const Report& organizations_report, const TrackingRules& rules,
                        const DecisionInput& input);
// The --report files for a proposal: every service, denied or kept, with why.
std::string scp_report_json(const ScpProposal& proposal);
std::string scp_report_markdown(const ScpProposal& proposal);

}  // namespace iamtrim
