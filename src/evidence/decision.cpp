// The small functions declared in decision.hpp.
#include "iamtrim/decision.hpp"

namespace iamtrim {

std::string_view to_string(DecisionReason reason) {
  switch (reason) {
    case DecisionReason::Used: return "used";
    case DecisionReason::ServiceNotAccessed: return "service-not-accessed";
    case DecisionReason::ActionNotAccessed: return "action-not-accessed";
    case DecisionReason::NotTracked: return "not-tracked";
    case DecisionReason::TrackingTooRecent: return "tracking-too-recent";
    case DecisionReason::SubjectTooYoung: return "subject-too-young";
    case DecisionReason::Protected: return "protected";
    case DecisionReason::UnknownToCatalog: return "unknown-to-catalog";
    case DecisionReason::IncompleteCoverage: return "incomplete-coverage";
    case DecisionReason::NoEvidence: return "no-evidence";
  }
  return "no-evidence";
}

bool is_removable(DecisionReason reason) {
  return reason == DecisionReason::ServiceNotAccessed || reason == DecisionReason::ActionNotAccessed;
}

ActionSet Decisions::removable(std::size_t universe) const {
  ActionSet out(universe);
  for (const auto& [id, d] : by_action)
    if (is_removable(d.reason) && id < universe) out.insert(id);
  return out;
}

ActionSet Decisions::used(std::size_t universe) const {
  ActionSet out(universe);
  for (const auto& [id, d] : by_action)
    if (d.reason == DecisionReason::Used && id < universe) out.insert(id);
  return out;
}

}  // namespace iamtrim
