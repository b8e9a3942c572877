// One policy of an account: parse it, decide and narrow it on the evidence
// of everyone who uses it (narrow_with_evidence(), pipeline.hpp), and
// classify the outcome.
#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "account/internal.hpp"
#include "iamtrim/pipeline.hpp"

namespace iamtrim::account {

std::string path_component(std::string_view name) {
  // IAM names use [A-Za-z0-9+=,.@_-]; any other byte (a '/' or a control
  // character in a malformed file) becomes %XX, and '%' is not an IAM name
  // character, so two names never map to one file ('a/b' -> 'a%2Fb', 'a_b'
  // stays). A name of dots only ('.', '..') has its dots encoded too.
  static const char* kHex = "0123456789ABCDEF";
  const bool dots = name.find_first_not_of('.') == std::string_view::npos;
  std::string out;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (!dots && (std::isalnum(c) || std::string_view("+=,.@_-").find(ch) != std::string_view::npos)) out += ch;
    else out += std::string("%") + kHex[c >> 4] + kHex[c & 15];
  }
  return out.empty() ? "%" : out;
}

namespace {

// Counted per distinct action: an action granted by two statements is one
// action, as AccountPolicyResult's counts are.
AccountPolicyResult::Decided decided_of(const NarrowResult& n) {
  AccountPolicyResult::Decided d;
  std::unordered_set<ActionId> seen_removed, seen_kept;
  for (const ActionOutcome& o : n.removed)
    if (seen_removed.insert(o.action).second) d.removed.emplace_back(o.action, o.decision.reason);
  for (const ActionOutcome& o : n.kept)
    if (!seen_removed.count(o.action) && seen_kept.insert(o.action).second) {
      auto it = std::find_if(d.kept.begin(), d.kept.end(), [&](const auto& k) { return k.first == o.decision.reason; });
      if (it == d.kept.end()) d.kept.emplace_back(o.decision.reason, 1);
      else ++it->second;
    }
  return d;
}

}  // namespace

void narrow_one(const Catalog& catalog, const FoundPolicy& found, const PolicyEvidence& ev,
                const TrackingRules& rules, const AccountOptions& options, AccountPolicyResult& result,
                std::vector<EvidenceError>& errors) {
  const std::string& path = found.file->path();
  PolicyResult parsed = parse_policy(found.document, found.pointer);
  if (!parsed.usable) {
    errors.push_back({path, found.document.span, found.pointer, "the policy document of " + result.owner + " / " +
                                                                    result.name + " is not a policy object"});
    return;
  }
  DecisionInput input = options.input;
  input.unknown_actions.clear();
  input.required_subjects = ev.subjects;
  input.policy_arn = ev.policy_arn;
  input.subject_created = ev.youngest_created;
  input.allow_subject_mismatch = false;
  input.explain = options.keep_details;
  std::vector<Report> combined;
  if (ev.groups.size() > 1)
    for (const std::vector<Report>* g : ev.groups) combined.insert(combined.end(), g->begin(), g->end());
  const std::vector<Report>& reports = ev.groups.size() == 1 ? *ev.groups.front() : combined;
  NarrowOptions narrow;
  narrow.compress = options.compress;
  narrow.record_outcomes = options.keep_details;
  narrow.sentences = options.input.sentences;
  narrow.low_risk = options.low_risk;
  PolicyNarrowing narrowing = narrow_with_evidence(catalog, {found, parsed.policy, reports, rules, std::move(input), narrow,
                                                             path, result.owner, result.name, ev.notes, ev.missing});
  if (!narrowing.ok()) {
    errors.insert(errors.end(), narrowing.decided.errors.begin(), narrowing.decided.errors.end());
    return;
  }
  NarrowedPolicy& np = narrowing.narrowed;
  for (const std::string& w : narrowing.decided.warnings) np.notes.push_back("warning: " + w);
  const NarrowResult& r = np.result;
  result.granted = narrowing.granted;
  result.removed = r.changed ? r.removed_actions : 0;
  result.kept = result.granted - result.removed;
  if (!r.verification.ok) result.outcome = AccountOutcome::Failed;
  else if (r.detach) result.outcome = AccountOutcome::Detach;
  else if (r.changed) result.outcome = AccountOutcome::Narrowed;
  else if (!ev.missing.empty()) result.outcome = AccountOutcome::KeptNoEvidence;
  else result.outcome = AccountOutcome::Unchanged;
  if (options.keep_details) result.decided = decided_of(r);
  result.narrowed = std::move(np);
}

}  // namespace iamtrim::account
