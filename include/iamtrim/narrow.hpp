// iamtrim/narrow.hpp - rewriting a policy down to what the evidence allows.
//
// narrow_policy() takes a parsed policy and the evidence stage's Decisions
// (decision.hpp) and removes from every Allow statement exactly the actions
// whose Decision is removable. The contract (README "Narrowing"):
//  - Deny statements, and statements with computed (opaque) action items, are
//    never touched; Sid, Principal, Resource, NotResource and Condition of a
//    narrowed statement are kept; statement and list order are kept.
//  - An action item that loses nothing stays exactly as written; an item that
//    loses something becomes the explicit, sorted list of what it still
//    grants. An item the catalog does not know is kept as written.
//  - A NotAction Allow that loses something becomes an explicit Action list,
//    with `svc:*` for a service whose every action is kept.
//  - A wildcard item whose removable actions are all low-risk (List and Read
//    by default, LowRiskWildcards) is kept as written, and those actions are
//    reported as kept (`low-risk-wildcard`); `strict` narrowing turns it off.
//  - A result larger than its size quota comes with a split into parts that
//    each fit (NarrowResult::parts, verified by verify_split()).
//  - A statement left with no action is dropped; a policy left with no
//    statement is reported as "detach".
//
// Every result is verified by verify_narrowing(), an independent check of the
// output against the input; a failed verification is an internal error and
// the caller must not print or write the policy.
//
//   Catalog catalog = Catalog::embedded();
//   NarrowResult r = narrow_policy(catalog, policy, decisions, {});
//   if (!r.verification.ok) { ... internal error, r.verification.violations ... }
//   else if (r.changed) std::cout << write_policy(r.policy);
//
// All functions are pure: they read their arguments and return values, so
// they may run concurrently on distinct inputs. Nothing here throws.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "iamtrim/actions.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/decision.hpp"
#include "iamtrim/policy.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

// The low-risk wildcard rule. A wildcard item (`ec2:Describe*`, `s3:*`) that
// would lose only low-risk actions stays as written: rewriting it into the
// hundreds of names it still grants costs a reviewer more than the unused
// reads it would remove. An action is low-risk when its access level is in
// `access_levels` (or in `services[prefix]` for its service), it is not in
// the product's sensitive-read lists (rules/risk-actions.yaml:
// data_exfiltration and credentials_exposure, e.g. secretsmanager:GetSecretValue,
// s3:GetObject, ecr:GetAuthorizationToken) and no `except` pattern matches it.
// An item losing any other action is narrowed as usual, low-risk actions
// included. Configured in .iamtrim.yaml (narrow.keep_low_risk_wildcards).
struct LowRiskWildcards {
  bool enabled = true;
  std::vector<AccessLevel> access_levels = {AccessLevel::List, AccessLevel::Read};
  // Lower-case service prefix -> the access levels that are low-risk there
  // (replacing access_levels; empty: nothing is).
  std::map<std::string, std::vector<AccessLevel>> services;
  std::vector<std::string> except;  // action patterns never low-risk

  bool is_low_risk(const Catalog& catalog, ActionId action) const;
  // Whether an action item keeps its text under this rule: it has a
  // wildcard, and every action of `removable` it matches is low-risk.
  bool keeps(const Catalog& catalog, std::string_view item, const ActionSet& matched, const ActionSet& removable) const;
};

// Whether the embedded risk lists name the action as a sensitive read
// (data exfiltration or credentials exposure); never low-risk.
bool is_sensitive_action(const Catalog& catalog, ActionId action);

struct NarrowOptions {
  // Re-compress explicit lists into `svc:Prefix*` wildcards that match no
  // removed action in the catalog (see compress_statement()).
  bool compress = false;
  // Which size quota applies; Unknown skips the quota check.
  PolicyKind kind = PolicyKind::Unknown;
  Attachment attachment = Attachment::Unknown;
  // Fill NarrowResult::removed and ::kept (one entry per granted action,
  // for the reports). Callers that only need the policy and the counts of
  // statements turn it off: it is most of the rewrite's cost on large
  // accounts.
  bool record_outcomes = true;
  // With record_outcomes, write the sentence of an action a low-risk
  // wildcard keeps (its Decision::detail); off, it stays empty, as the
  // evidence's own sentences do without DecisionInput::sentences.
  bool sentences = true;
  // Wildcards kept although some of their actions are provably unused
  // (disabled: "strict" narrowing removes every removable action).
  LowRiskWildcards low_risk;
};

enum class StatementOutcome {
  Unchanged,  // an Allow that loses nothing
  Narrowed,   // an Allow that lost some actions
  Dropped,    // an Allow that lost every action
  Deny,       // never touched
  Computed,   // has computed action items: left as written and reported
  Invalid,    // no valid Effect or no action element: left as written
};
std::string_view to_string(StatementOutcome outcome);  // "unchanged", "narrowed", ...

struct StatementChange {
  std::size_t index = 0;        // position in the input's Statement list
  std::optional<std::size_t> new_index;  // position in the output, if kept
  std::string sid;              // empty when none
  std::string pointer;          // JSON pointer in the input
  Span span;                    // the statement in the input file
  StatementOutcome outcome = StatementOutcome::Unchanged;
  bool was_not_action = false;  // a NotAction Allow turned into an Action list
  std::vector<std::string> replaced_items;  // input items that were rewritten or removed
  // Wildcard items kept by the low-risk rule, with how many provably unused
  // actions each keeps.
  struct LowRiskKeep {
    std::string item;
    std::size_t unused = 0;
  };
  std::vector<LowRiskKeep> low_risk;
  std::size_t granted = 0;      // catalog actions granted before
  std::size_t removed = 0;      // catalog actions removed
};

// One granted action of one Allow statement and what happened to it.
struct ActionOutcome {
  std::size_t statement = 0;  // input statement index
  ActionId action = 0;
  bool removed = false;
  // NoEvidence when the Decisions did not mention it. An action the evidence
  // proves unused but a low-risk wildcard keeps has reason LowRiskWildcard
  // (its evidence kept, the proof in `detail`) and `kept_by` names the item.
  Decision decision;
  std::string kept_by;
};

struct Verification {
  bool ok = true;
  std::vector<std::string> violations;  // one sentence each, naming the statement
};

// What --compress did, and whether the result fits its quota.
struct SizeReport {
  std::string catalog_version;    // the catalog the wildcard guarantee holds for
  bool compressed = false;
  std::size_t size = 0;           // characters counted the way the quota counts them
  std::optional<std::size_t> quota;
  std::string quota_name;         // e.g. "managed policy"
  bool fits = true;
  // When it does not fit: groups of output statement indexes, each under the
  // quota (NarrowResult::parts is the split that is written).
  std::vector<std::vector<std::size_t>> split;
  std::string message;            // one sentence for the report
};

struct NarrowResult {
  Policy policy;                       // the rewrite (the input when nothing changed)
  Policy original;                     // the input (kept with record_outcomes, for reports)
  std::vector<StatementChange> statements;  // one per input statement, in order
  std::vector<ActionOutcome> removed;  // every removal, by statement then action
  std::vector<ActionOutcome> kept;     // every keep of a judged Allow statement
  bool changed = false;
  bool detach = false;                 // the input granted something and the result grants nothing
  SizeReport size;
  // When the rewrite does not fit its quota: policies that each fit and
  // together grant exactly what `policy` grants (split_policy()); empty
  // when it fits, or when no split exists (a statement whose Action list
  // cannot be cut small enough, a NotAction statement too large alone).
  std::vector<Policy> parts;
  Verification verification;
  // Distinct catalog actions the Allow statements no longer grant (an action
  // removed from one statement but still granted by another is not).
  std::size_t removed_actions = 0;
};

NarrowResult narrow_policy(const Catalog& catalog, const Policy& policy, const Decisions& decisions,
                           const NarrowOptions& options = {});

// A NarrowResult's outcomes with what the HTML report shows of them: each
// distinct decision (reason, evidence, keeping item) once in `kinds`, and
// each outcome as its action and the index of its kind, in the order of
// NarrowResult::removed and ::kept. About 8 bytes an outcome instead of an
// ActionOutcome's 150: what an account's HTML report holds of every policy
// until the page is built (AccountOptions::compact_outcomes). The statement
// and the sentence (Decision::detail) are not kept.
struct CompactOutcomes {
  struct Kind {
    DecisionReason reason = DecisionReason::NoEvidence;
    EvidenceRef evidence;
    std::string kept_by;
  };
  std::vector<Kind> kinds;
  std::vector<std::pair<ActionId, std::uint32_t>> removed, kept;  // action, index into kinds
};
CompactOutcomes compact_outcomes(const NarrowResult& result);

// Checks `after` against `before` without using the rewrite's bookkeeping:
// statements pair up in order by everything but their action element; every
// Deny and computed statement is identical; each Allow grants a subset of
// its original and nothing removable; every action without removal evidence
// (the used ones included) is still granted by the same statement; and a
// second narrowing of `after` changes nothing.
Verification verify_narrowing(const Catalog& catalog, const Policy& before, const Policy& after,
                              const Decisions& decisions, const NarrowOptions& options = {});

// Splits a policy that exceeds its size quota into parts that each fit:
// statements are packed in order, and a statement too large alone has its
// Action list cut into consecutive chunks (same Sid, Effect, Resource and
// Condition; chunks of one statement never share a part). NotAction lists
// are never cut (that would widen them). Empty when the policy fits, no
// quota applies, or no split exists.
std::vector<Policy> split_policy(const Catalog& catalog, const Policy& policy, PolicyKind kind, Attachment attachment);

// Checks `parts` against `whole` without split_policy()'s bookkeeping: every
// part statement has the frame of a statement of `whole` and grants a subset
// of it; together the parts grant every action of each statement; every
// statement that is not a judged Allow (Deny, computed) appears unchanged.
Verification verify_split(const Catalog& catalog, const Policy& whole, const std::vector<Policy>& parts);

// Covers `target` with few `svc:*` / `svc:Prefix*` wildcards and literal
// names, using a wildcard only when every catalog action it matches is in
// `allowed` (a superset of `target`), so the result matches nothing outside
// `allowed` in this catalog version. A wildcard is written only as a person
// would write it: `Prefix` is whole camel-case words of an action it
// matches (is_word_prefix: `Describe*`, `Get*`, `CreateVpc*`, never
// `DescribeA*`), and it matches at least two actions. Each target action
// takes the shortest such prefix (its verb family first) whose matches all
// lie in `allowed`, else its name. Returns names in catalog order.
std::vector<std::string> compress_actions(const Catalog& catalog, const ActionSet& target,
                                          const ActionSet& allowed);

// Whether `prefix` ends where a camel-case word of `name` ends: at the end
// of `name`, or before an upper-case letter that starts a word (after a
// lower-case letter or digit, or ending an acronym: "DB|Instances"). The
// empty prefix is not (a whole service is written `svc:*`).
bool is_word_prefix(std::string_view name, std::size_t prefix_length);

// The explicit names for `actions`, with `svc:*` for every service the set
// holds completely (used for NotAction statements).
std::vector<std::string> explicit_actions(const Catalog& catalog, const ActionSet& actions,
                                          bool whole_services);

// Size of a policy as its quota counts it, the quota that applies (from the
// embedded rules/quotas.yaml) and, when it does not fit, a proposed split.
SizeReport check_size(const Catalog& catalog, const Policy& policy, PolicyKind kind, Attachment attachment);

// One narrowed policy with what the report says about where it came from.
struct NarrowedPolicy {
  std::string file;    // the policy file (or authorization-details file)
  std::string pointer; // where the policy sits in it, empty for a whole file
  std::string owner;   // "role/App", "policy/Shared", ... when known
  std::string name;    // the policy's name when known
  std::vector<std::string> principals;  // whose evidence decided (the principals the evidence is bound to)
  std::vector<std::string> notes;       // things a reviewer should know
  NarrowResult result;
};

// The --report formats. Both list every removal and every keep with its
// reason, evidence file, job date, last access, window and rule: the JSON
// one action per entry, the Markdown one row per group of actions that share
// all of those (so a removed service is one row, not hundreds).
std::string narrow_report_json(const Catalog& catalog, const std::vector<NarrowedPolicy>& policies,
                               const std::string& as_of);
std::string narrow_report_markdown(const Catalog& catalog, const std::vector<NarrowedPolicy>& policies,
                                   const std::string& as_of);
// The same for policies held elsewhere (account mode's results): nothing is
// copied. The JSON is written one policy at a time, so its memory is the
// text's, not a document tree of the whole report.
std::string narrow_report_json(const Catalog& catalog, const std::vector<const NarrowedPolicy*>& policies,
                               const std::string& as_of);
std::string narrow_report_markdown(const Catalog& catalog, const std::vector<const NarrowedPolicy*>& policies,
                                   const std::string& as_of);

}  // namespace iamtrim
