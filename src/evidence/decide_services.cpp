// Organizations access reports: which services an OU or account did not use
// within the window, as the basis of an SCP Deny proposal. Service-level
// only, so only service-level tracking and the Region table apply.
#include <algorithm>

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
  const TimeMs as_of = input.as_of.value_or(r.job_date());
  const TimeMs age = as_of - r.job_date();
  if (input.max_report_age_days && age > static_cast<TimeMs>(*input.max_report_age_days) * kMsPerDay) {
    out.errors.push_back({file, {}, "", "the report is " + std::to_string(age / kMsPerDay) + " days old (job " +
                                            format_timestamp(r.job_date()) + "), older than the maximum of " +
                                            std::to_string(*input.max_report_age_days) + " days"});
    return out;
  }
  const evidence::Scope scope = evidence::make_scope(rules, input, r.subject);
  for (const ServiceAccess& s : r.services) {
    ServiceDecision sd{s.service_namespace, s.service_name, {}};
    const int days = evidence::window_days_for(input, s.service_namespace + ":*", s.service_namespace);
    const TimeMs start = as_of - static_cast<TimeMs>(days) * kMsPerDay;
    const std::string window = "the " + std::to_string(days) + "-day window from " + format_timestamp(start);
    Decision& d = sd.decision;
    d.evidence = evidence::evidence_ref(r, days);
    if (s.last_authenticated) d.evidence.last_accessed = format_timestamp(*s.last_authenticated);
    if (s.last_authenticated && *s.last_authenticated >= start) {
      d.reason = DecisionReason::Used;
      d.detail = "last accessed " + format_timestamp(*s.last_authenticated) + " by " + s.entity + ", within " + window;
    } else {
      const evidence::Coverage cov = evidence::service_coverage(rules, scope, r.job_date(), start);
      d.evidence.tracking_start = format_date(cov.start);
      d.evidence.rule = cov.rule;
      const std::string when = s.last_authenticated ? "last accessed " + format_timestamp(*s.last_authenticated)
                                                    : "not accessed during the tracking period";
      d.reason = cov.covered ? DecisionReason::ServiceNotAccessed : DecisionReason::TrackingTooRecent;
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
