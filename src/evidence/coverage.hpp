// Whether tracking covered a window: the tracking-period rules applied to
// the Regions in scope. Shared by decide() and decide_services().
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "iamtrim/evidence.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim::evidence {

// The Regions a decision must hold for, and the latest date any of them that
// existed before its tracking began started tracking (the evidence is only as
// old as that Region's tracking). A Region tracked from its first day never
// bounds a window: nothing could have happened there untracked.
struct Scope {
  std::vector<std::string> regions;
  std::vector<std::string> without_data;  // in scope but absent from the rules: no evidence at all
  Days latest_start = 0;                  // 0 (1970) when no Region bounds anything
  std::string latest_region;
};
// Empty input.regions: every Region of the rules in the subject's partition.
Scope make_scope(const TrackingRules& rules, const DecisionInput& input, std::string_view subject);

struct Coverage {
  bool covered = false;
  // When not covered: TrackingTooRecent, RegionWithoutData or BeyondRetention.
  DecisionReason kept = DecisionReason::TrackingTooRecent;
  Days start = 0;    // when the relevant tracking began
  std::string rule;  // the rule applied, in words
  // `start` (as a date) and `rule`, made once for every decision that cites them.
  std::shared_ptr<const TrackingFacts> facts;
};
// `job_created` picks the history AWS kept then (TrackingRules::retention_at).
Coverage service_coverage(const TrackingRules& rules, const Scope& scope, TimeMs job_created, TimeMs window_start);
Coverage action_coverage(const TrackingRules& rules, const Scope& scope, std::string_view service_prefix,
                         TimeMs job_created, TimeMs window_start);

// Problems of one report that decide() and decide_services() refuse: a job
// dated after `now`, completion before creation. Each error points at the date.
std::vector<EvidenceError> date_errors(const Report& r, std::optional<TimeMs> now);

// The window for one action: the longest matching action entry, else the
// service entry, else the default.
int window_days_for(const DecisionInput& input, std::string_view full_action, std::string_view service_prefix);

// The shared join (iamtrim/text.hpp), also spelled evidence::join by its callers.
using iamtrim::join;
// The facts of `r` every decision drawn from it shares: built once per
// report, not once per decision.
std::shared_ptr<const ReportFacts> report_facts(const Report& r);

}  // namespace iamtrim::evidence
