// Organizations access reports: which services an OU or account did not use
// within the window, as the basis of an SCP Deny proposal. Service-level
// only, so only service-level tracking and the Region table apply.
#include <algorithm>
#include <set>

#include "evidence/coverage.hpp"
#include "iamtrim/actions.hpp"

namespace iamtrim {

OrgDecideResult decide_services(const Report& r, const TrackingRules& rules, const DecisionInput& input) {
  OrgDecideResult out;
  const std::string file = evidence::join(r.files);
  if (r.kind != ReportKind::OrganizationsAccess) {
    out.errors.push_back({file, {}, "", "not an organizations access report"});
    return out;
  }
  out.errors = evidence::date_errors(r, input.now);
  if (!out.errors.empty()) return out;
  // The report speaks up to its creation less the reporting delay; a later
  // --as-of leaves the services it does not show used undecided.
  const TimeMs until = rules.report_covers_until(r);
  const TimeMs as_of = input.as_of.value_or(until);
  out.as_of = as_of;
  const TimeMs age = input.now.value_or(as_of) - r.job_date();
  if (input.max_report_age_days && age > static_cast<TimeMs>(*input.max_report_age_days) * kMsPerDay) {
    out.errors.push_back({file, {}, "", "the report is " + std::to_string(age / kMsPerDay) + " days old (job " +
                                            format_timestamp(r.job_date()) + "), older than the maximum of " +
                                            std::to_string(*input.max_report_age_days) + " days"});
    return out;
  }
  const evidence::Scope scope = evidence::make_scope(rules, input, r.subject);
  std::set<std::string> stale;
  for (const ServiceAccess& s : r.services)
    if (!s.region.empty() && !rules.region_start.count(to_lower(s.region))) stale.insert(to_lower(s.region));
  for (const std::string& region : stale)
    out.warnings.push_back(file + ": the report shows activity in " + region + ", which the Region table of the "
                           "tracking rules (captured " + format_date(rules.region_table_captured.date) +
                           ") does not list: the table is stale; add " + region +
                           " under tracking.region_tracking_start in .iamtrim.yaml");
  const std::shared_ptr<const ReportFacts> facts = evidence::report_facts(r);
  for (const ServiceAccess& s : r.services) {
    ServiceDecision sd{s.service_namespace, s.service_name, {}};
    const int days = evidence::window_days_for(input, s.service_namespace + ":*", s.service_namespace);
    const TimeMs start = as_of - static_cast<TimeMs>(days) * kMsPerDay;
    const std::string window =
        "the " + std::to_string(days) + "-day window from " + format_timestamp(start) + " to " + format_timestamp(as_of);
    Decision& d = sd.decision;
    d.evidence.report = facts;
    d.evidence.window_days = days;
    d.evidence.last_accessed_at = s.last_authenticated;
    if (s.last_authenticated && *s.last_authenticated >= start) {
      d.reason = DecisionReason::Used;
      d.detail = "last accessed " + format_timestamp(*s.last_authenticated) + " by " + s.entity + ", within " + window;
    } else if (s.total_entities && *s.total_entities > 0 && !s.last_authenticated) {
      // Entities authenticated, yet no time is given: the entry contradicts itself.
      d.reason = DecisionReason::ContradictoryReport;
      d.detail = "TotalAuthenticatedEntities is " + std::to_string(*s.total_entities) +
                 " but no last access is given: the entry (" + s.pointer + ") cannot prove the service unused";
      out.warnings.push_back(file + ": the entry for " + s.service_namespace + " (" + s.pointer + ") counts " +
                             std::to_string(*s.total_entities) +
                             " authenticated entities but gives no last access; the service is not denied on its word");
    } else if (until < as_of) {
      d.reason = DecisionReason::WindowAfterReport;
      d.detail = "the report speaks only up to " + format_timestamp(until) + " (job created " +
                 format_timestamp(r.job_created) + ", less the reporting delay), before " + window + " ends";
    } else {
      const evidence::Coverage cov = evidence::service_coverage(rules, scope, r.job_created, start);
      d.evidence.tracking = cov.facts;
      const std::string when = s.last_authenticated ? "last accessed " + format_timestamp(*s.last_authenticated)
                                                    : "not accessed during the tracking period";
      d.reason = cov.covered ? DecisionReason::ServiceNotAccessed : cov.kept;
      d.detail = cov.covered ? when + "; " + cov.rule + " covers " + window
                             : when + ", but " + cov.rule + " does not cover " + window;
    }
    // A protected pattern that reaches into the service protects the service.
    for (const std::string& p : input.protected_patterns) {
      const std::string svc = to_lower(p.substr(0, p.find(':')));
      if (d.reason != DecisionReason::Used && wildcard_match(svc, s.service_namespace)) {
        d.reason = DecisionReason::Protected;
        d.detail = "protected by the configuration pattern '" + p + "'";
        break;
      }
    }
    out.services.push_back(std::move(sd));
  }
  return out;
}

}  // namespace iamtrim
