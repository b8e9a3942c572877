// One policy of an account: parse it, decide every granted action on the
// evidence of everyone who uses it, narrow it, and classify the outcome.
#include <algorithm>

#include "account/internal.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/text.hpp"

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
  const ActionSet granted = granted_actions(catalog, parsed.policy, &input.unknown_actions);
  input.required_subjects = ev.subjects;
  input.policy_arn = ev.policy_arn;
  input.subject_created = ev.youngest_created;
  input.allow_subject_mismatch = false;
  input.explain = options.keep_details;
  std::vector<Report> combined;
  if (ev.groups.size() > 1)
    for (const std::vector<Report>* g : ev.groups) combined.insert(combined.end(), g->begin(), g->end());
  const std::vector<Report>& reports = ev.groups.size() == 1 ? *ev.groups.front() : combined;
  DecideResult decided = decide(catalog, granted, reports, rules, input);
  if (!decided.ok()) {
    errors.insert(errors.end(), decided.errors.begin(), decided.errors.end());
    return;
  }
  // decide() turns removals into incomplete-coverage when a principal lacks
  // evidence; when none has any, every action is "no evidence", which says
  // the same thing less precisely.
  if (!ev.missing.empty() && reports.empty())
    for (auto& [id, d] : decided.decisions.by_action)
      if (d.reason == DecisionReason::NoEvidence) {
        d.reason = DecisionReason::IncompleteCoverage;
        d.detail = "no report covers " + join(ev.missing) + ", who use the policy";
      }

  NarrowOptions narrow;
  narrow.compress = options.compress;
  narrow.kind = found.kind;
  narrow.attachment = found.attachment;
  narrow.record_outcomes = options.keep_details;
  narrow.low_risk = options.low_risk;
  NarrowedPolicy np{path, found.pointer, result.owner, result.name, ev.subjects, ev.notes,
                    narrow_policy(catalog, parsed.policy, decided.decisions, narrow)};
  np.notes.insert(np.notes.end(), decided.notes.begin(), decided.notes.end());
  for (const std::string& w : decided.warnings) np.notes.push_back("warning: " + w);
  const NarrowResult& r = np.result;
  result.granted = granted.count();
  result.removed = r.changed ? r.removed_actions : 0;
  result.kept = result.granted - result.removed;
  if (!r.verification.ok) result.outcome = AccountOutcome::Failed;
  else if (r.detach) result.outcome = AccountOutcome::Detach;
  else if (r.changed) result.outcome = AccountOutcome::Narrowed;
  else if (!ev.missing.empty()) result.outcome = AccountOutcome::KeptNoEvidence;
  else result.outcome = AccountOutcome::Unchanged;
  result.narrowed = std::move(np);
}

}  // namespace iamtrim::account
