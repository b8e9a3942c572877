// One policy: decide every action it grants on the evidence bound to it,
// then narrow it. Shared by every narrow mode (one file, and each policy of
// an account).
#include "iamtrim/actions.hpp"
#include "iamtrim/pipeline.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim {

PolicyNarrowing narrow_with_evidence(const Catalog& catalog, PolicyRequest request) {
  PolicyNarrowing out;
  DecisionInput& input = request.input;
  const ActionSet granted = granted_actions(catalog, request.policy, &input.unknown_actions);
  out.granted = granted.count();
  out.decided = decide(catalog, granted, request.reports, request.rules, input);
  if (!out.decided.ok()) return out;
  // decide() turns removals into incomplete-coverage when a principal lacks
  // evidence; when none has any, every action is "no evidence", which says
  // the same thing less precisely.
  if (!request.missing.empty() && request.reports.empty())
    for (auto& [id, d] : out.decided.decisions.by_action)
      if (d.reason == DecisionReason::NoEvidence) {
        d.reason = DecisionReason::IncompleteCoverage;
        if (input.sentences) d.detail = "no report covers " + join(request.missing) + ", who use the policy";
      }
  NarrowOptions options = request.options;
  options.kind = request.found.kind;
  options.attachment = request.found.attachment;
  out.narrowed = {std::move(request.path), request.found.pointer, std::move(request.owner), std::move(request.name),
                  input.required_subjects, std::move(request.notes),
                  narrow_policy(catalog, request.policy, out.decided.decisions, options)};
  out.narrowed.notes.insert(out.narrowed.notes.end(), out.decided.notes.begin(), out.decided.notes.end());
  return out;
}

}  // namespace iamtrim
