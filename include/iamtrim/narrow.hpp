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

#include <optional>
#include <string>
#include <vector>

#include "iamtrim/actions.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/decision.hpp"
#include "iamtrim/policy.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

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
  std::size_t granted = 0;      // catalog actions granted before
  std::size_t removed = 0;      // catalog actions removed
};

// One granted action of one Allow statement and what happened to it.
struct ActionOutcome {
  std::size_t statement = 0;  // input statement index
  ActionId action = 0;
  bool removed = false;
  Decision decision;          // NoEvidence when the Decisions did not mention it
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
  // When it does not fit: groups of output statement indexes, each under the quota.
  std::vector<std::vector<std::size_t>> split;
  std::string message;            // one sentence for the report
};

struct NarrowResult {
  Policy policy;                       // the rewrite (the input when nothing changed)
  std::vector<StatementChange> statements;  // one per input statement, in order
  std::vector<ActionOutcome> removed;  // every removal, by statement then action
  std::vector<ActionOutcome> kept;     // every keep of a judged Allow statement
  bool changed = false;
  bool detach = false;                 // the input granted something and the result grants nothing
  SizeReport size;
  Verification verification;
};

NarrowResult narrow_policy(const Catalog& catalog, const Policy& policy, const Decisions& decisions,
                           const NarrowOptions& options = {});

// Checks `after` against `before` without using the rewrite's bookkeeping:
// statements pair up in order by everything but their action element; every
// Deny and computed statement is identical; each Allow grants a subset of
// its original and nothing removable; every action without removal evidence
// (the used ones included) is still granted by the same statement; and a
// second narrowing of `after` changes nothing.
Verification verify_narrowing(const Catalog& catalog, const Policy& before, const Policy& after,
                              const Decisions& decisions, const NarrowOptions& options = {});

// Covers `target` with few `svc:*` / `svc:Prefix*` wildcards and literal
// names, using a wildcard only when every catalog action it matches is in
// `allowed` (a superset of `target`), so the result matches nothing outside
// `allowed` in this catalog version. Greedy: each uncovered action takes the
// shortest prefix of its name whose matches all lie in `allowed`. Returns
// names in catalog order.
std::vector<std::string> compress_actions(const Catalog& catalog, const ActionSet& target,
                                          const ActionSet& allowed);

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
