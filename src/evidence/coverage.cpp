#include "evidence/coverage.hpp"

#include <algorithm>

#include "iamtrim/actions.hpp"

namespace iamtrim::evidence {
namespace {

std::string partition_of_subject(std::string_view subject) {
  // arn:PARTITION:service:region:account:resource; entity paths are commercial.
  if (subject.rfind("arn:", 0) != 0) return "aws";
  subject.remove_prefix(4);
  return std::string(subject.substr(0, subject.find(':')));
}

std::string partition_of_region(std::string_view region) {
  if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
  if (region.rfind("cn-", 0) == 0) return "aws-cn";
  return "aws";
}

// Service-level data reaches back a number of days from the job's creation,
// 365 or 400 depending on when the job ran.
bool retained(const TrackingRules& rules, TimeMs job_created, TimeMs window_start, Coverage& c) {
  const TrackingRules::Retention& kept = rules.retention_at(job_created);
  if (job_created - static_cast<TimeMs>(kept.days) * kMsPerDay <= window_start) return true;
  c.kept = DecisionReason::BeyondRetention;
  c.rule = "last accessed data of a job created " + format_date(day_of(job_created)) + " reaches back " +
           std::to_string(kept.days) + " days (" + kept.source + ")";
  return false;
}

Coverage no_data(const Scope& scope) {
  Coverage c;
  c.kept = DecisionReason::RegionWithoutData;
  c.rule = "no last accessed information for " + join(scope.without_data) + " (Region not in the tracking table)";
  return c;
}

// The coverage as decisions cite it: its facts made once.
Coverage shared(Coverage c) {
  c.facts = std::make_shared<const TrackingFacts>(TrackingFacts{format_date(c.start), c.rule});
  return c;
}

}  // namespace

Scope make_scope(const TrackingRules& rules, const DecisionInput& input, std::string_view subject) {
  Scope s;
  if (input.regions.empty()) {
    const std::string partition = partition_of_subject(subject);
    for (const auto& [region, fact] : rules.region_start)
      if (partition_of_region(region) == partition) s.regions.push_back(region);
    if (s.regions.empty()) s.without_data.push_back("every Region of partition " + partition);
  } else {
    for (const std::string& r : input.regions) s.regions.push_back(to_lower(r));
  }
  for (const std::string& r : s.regions) {
    auto it = rules.region_start.find(r);
    if (it == rules.region_start.end()) {
      s.without_data.push_back(r);
    } else if (it->second.bounds_windows() && (s.latest_region.empty() || it->second.date > s.latest_start)) {
      s.latest_start = it->second.date;
      s.latest_region = r;
    }
  }
  return s;
}

Coverage service_coverage(const TrackingRules& rules, const Scope& scope, TimeMs job_created, TimeMs window_start) {
  if (!scope.without_data.empty()) return shared(no_data(scope));
  Coverage c;
  c.start = scope.latest_start;
  c.rule = scope.latest_region.empty()
               ? "service-level tracking in every Region in scope since it opened"
               : "service-level tracking in " + scope.latest_region + " since " + format_date(scope.latest_start);
  if (!retained(rules, job_created, window_start, c)) return shared(std::move(c));
  c.covered = c.start * kMsPerDay <= window_start;
  return shared(std::move(c));
}

Coverage action_coverage(const TrackingRules& rules, const Scope& scope, std::string_view prefix, TimeMs job_created,
                         TimeMs window_start) {
  if (!scope.without_data.empty()) return shared(no_data(scope));
  Coverage c;
  const DatedFact fact = rules.action_start(prefix);
  c.start = fact.date;
  c.rule = "action-level tracking for " + std::string(prefix) + " since " + format_date(fact.date);
  // A Region that started later starts action data later too.
  if (scope.latest_start > fact.date) {
    c.start = scope.latest_start;
    c.rule += ", in " + scope.latest_region + " since " + format_date(scope.latest_start);
  }
  if (!retained(rules, job_created, window_start, c)) return shared(std::move(c));
  c.covered = c.start * kMsPerDay <= window_start;
  return shared(std::move(c));
}

std::vector<EvidenceError> date_errors(const Report& r, std::optional<TimeMs> now) {
  std::vector<EvidenceError> out;
  const std::string file = r.files.empty() ? std::string() : r.files.front();
  const bool finding = r.kind == ReportKind::UnusedAccessFindings;
  const char* created = finding ? "createdAt" : "JobCreationDate";
  const char* completed = finding ? "analyzedAt" : "JobCompletionDate";
  // IAM completes a job after creating it. (Access Analyzer may analyze a
  // principal before the finding is created, so findings are not checked.)
  if (!finding && r.job_completed && *r.job_completed < r.job_created)
    out.push_back({file, r.completed_span, r.completed_pointer,
                   std::string(completed) + " " + format_timestamp(*r.job_completed) + " is before " + created + " " +
                       format_timestamp(r.job_created) + ": the report is inconsistent and proves nothing"});
  if (now) {
    // A few minutes of difference between this machine's clock and AWS's is
    // ordinary (a job read the moment it completes); more is a wrong file or clock.
    constexpr TimeMs kClockSkewMs = 5 * 60 * 1000;
    if (r.job_created > *now + kClockSkewMs)
      out.push_back({file, r.created_span, r.created_pointer,
                     std::string(created) + " " + format_timestamp(r.job_created) + " is after the current time " +
                         format_timestamp(*now) + ": a report cannot speak for the future (check the clock and the file)"});
    else if (r.job_completed && *r.job_completed > *now + kClockSkewMs)
      out.push_back({file, r.completed_span, r.completed_pointer,
                     std::string(completed) + " " + format_timestamp(*r.job_completed) + " is after the current time " +
                         format_timestamp(*now) + ": a report cannot speak for the future (check the clock and the file)"});
  }
  return out;
}

int window_days_for(const DecisionInput& input, std::string_view full_action, std::string_view prefix) {
  int best = 0;
  for (const auto& [pattern, days] : input.action_window_days)
    if (wildcard_match(pattern, full_action)) best = std::max(best, days);
  if (best) return best;
  if (input.service_window_days.empty()) return input.window_days;  // the usual case: no per-service window
  if (auto it = input.service_window_days.find(to_lower(prefix)); it != input.service_window_days.end())
    return it->second;
  return input.window_days;
}

std::shared_ptr<const ReportFacts> report_facts(const Report& r) {
  return std::make_shared<const ReportFacts>(
      ReportFacts{join(r.files), r.subject, format_date(day_of(r.job_date()))});
}

}  // namespace iamtrim::evidence
