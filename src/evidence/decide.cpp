// One Decision per granted action (DOMAIN.md section 4): remove only with
// positive evidence, keep everything else and say why.
#include <algorithm>
#include <map>
#include <tuple>

#include "evidence/coverage.hpp"

namespace iamtrim {
namespace {

using evidence::Coverage;
using evidence::Scope;

struct Window {
  int days = 0;
  TimeMs start = 0;
};

struct Judge {
  const Catalog& catalog;
  const TrackingRules& rules;
  const DecisionInput& input;
  TimeMs as_of = 0;
  Scope scope;
  // The same few strings and coverages recur for every action of a policy;
  // building them once per report and window keeps account mode (hundreds
  // of thousands of decisions) fast. Keys are the inputs of each function.
  mutable std::map<std::pair<const Report*, int>, EvidenceRef> refs;
  mutable std::map<std::tuple<const Report*, std::string, TimeMs>, Coverage> coverages;
  mutable std::map<TimeMs, std::string> window_texts, blinds, dates;

  const EvidenceRef& ref(const Report& r, int days) const {
    auto it = refs.find({&r, days});
    if (it == refs.end()) it = refs.emplace(std::make_pair(&r, days), evidence::evidence_ref(r, days)).first;
    return it->second;
  }

  // service_coverage() for an empty prefix, else action_coverage().
  const Coverage& coverage(const Report& r, const std::string& prefix, TimeMs window_start) const {
    auto key = std::make_tuple(&r, prefix, window_start);
    auto it = coverages.find(key);
    if (it == coverages.end())
      it = coverages
               .emplace(key, prefix.empty() ? service_coverage(rules, scope, r.job_date(), window_start)
                                            : action_coverage(rules, scope, prefix, r.job_date(), window_start))
               .first;
    return it->second;
  }

  const std::string& timestamp(std::map<TimeMs, std::string>& cache, TimeMs t) const {
    auto it = cache.find(t);
    if (it == cache.end()) it = cache.emplace(t, format_timestamp(t)).first;
    return it->second;
  }

  const std::string& date(Days day) const {
    auto it = dates.find(day);
    if (it == dates.end()) it = dates.emplace(day, format_date(day)).first;
    return it->second;
  }

  // `detail` builds the sentence; it is not called when the caller asked
  // for reasons only (DecisionInput::explain).
  template <class Detail>
  Decision make(DecisionReason reason, const Report& r, const Window& w, std::optional<TimeMs> last,
                Detail&& detail) const {
    Decision d;
    d.reason = reason;
    if (!input.explain) return d;
    d.evidence = ref(r, w.days);
    if (last) d.evidence.last_accessed = format_timestamp(*last);
    d.detail = detail();
    return d;
  }

  static std::string when(std::optional<TimeMs> last) {
    return last ? "last accessed " + format_timestamp(*last) : "not accessed during the tracking period";
  }

  std::string window_text(const Window& w) const {
    return "the " + std::to_string(w.days) + "-day window from " + timestamp(window_texts, w.start);
  }

  // A removable candidate survives only if the subject is old enough and
  // tracking covered the whole window.
  Decision confirm(DecisionReason reason, const Report& r, const Window& w, std::optional<TimeMs> last,
                   const Coverage& cov, const std::string& what) const {
    Decision d = make(reason, r, w, last, [] { return std::string(); });
    if (!input.explain) {
      if (input.subject_created && *input.subject_created > w.start) d.reason = DecisionReason::SubjectTooYoung;
      else if (!cov.covered) d.reason = DecisionReason::TrackingTooRecent;
      return d;
    }
    d.evidence.tracking_start = date(cov.start);
    d.evidence.rule = cov.rule;
    if (input.subject_created && *input.subject_created > w.start) {
      d.reason = DecisionReason::SubjectTooYoung;
      d.detail = "the principal or policy was created " + format_timestamp(*input.subject_created) + ", inside " +
                 window_text(w) + ", so its evidence cannot cover the window";
    } else if (!cov.covered) {
      d.reason = DecisionReason::TrackingTooRecent;
      d.detail = what + " " + when(last) + ", but " + cov.rule + " does not cover " + window_text(w);
    } else {
      const TimeMs blind = r.job_date() - static_cast<TimeMs>(rules.activity_delay_hours) * 3'600'000;
      d.detail = what + " " + when(last) + (last ? ", before " + window_text(w) + "; " + cov.rule + " covers the window"
                                                 : "; " + cov.rule + " covers " + window_text(w)) +
                 "; activity after " + timestamp(blinds, blind) + " may not be reported yet";
    }
    return d;
  }

  Decision judge(ActionId id, const Report& r) const {
    const std::string name = catalog.full_name(id);
    const std::string prefix(catalog.service_of(id).prefix);
    Window w;
    w.days = evidence::window_days_for(input, name, prefix);
    w.start = as_of - static_cast<TimeMs>(w.days) * kMsPerDay;
    const ServiceAccess* s = r.find_service(prefix);
    if (!s)
      return make(DecisionReason::NoEvidence, r, w, std::nullopt,
                  [&] { return "the report does not list service " + prefix + " for " + r.subject; });
    const TrackedAction* tracked = nullptr;
    for (const TrackedAction& a : s->tracked_actions)
      if (iequals(a.action, name)) tracked = &a;
    const bool never = rules.is_never_tracked(name);
    if (tracked && tracked->last_accessed && *tracked->last_accessed >= w.start)
      return make(DecisionReason::Used, r, w, tracked->last_accessed,
                  [&] { return name + " was last accessed " + format_timestamp(*tracked->last_accessed) + ", within " + window_text(w); });
    const bool service_used = s->last_authenticated && *s->last_authenticated >= w.start;
    if (r.kind == ReportKind::UnusedAccessFindings) {
      if (s->whole_service_unused) {
        if (service_used)
          return make(DecisionReason::Used, r, w, s->last_authenticated,
                      [&] { return "service " + prefix + " was last accessed " + format_timestamp(*s->last_authenticated) +
                          ", within " + window_text(w); });
        if (never) return make(DecisionReason::NotTracked, r, w, std::nullopt, [&] { return name + " is never tracked, so no report can show its use"; });
        return confirm(DecisionReason::ServiceNotAccessed, r, w, s->last_authenticated,
                       coverage(r, "", w.start), "service " + prefix + " was");
      }
      if (!tracked)
        return make(DecisionReason::NoEvidence, r, w, std::nullopt,
                    [&] { return "the finding does not list " + name + " as unused (it was used, or is not tracked)"; });
      return confirm(DecisionReason::ActionNotAccessed, r, w, tracked->last_accessed,
                     coverage(r, prefix, w.start), name + " was");
    }
    if (service_used) {
      if (tracked)
        return confirm(DecisionReason::ActionNotAccessed, r, w, tracked->last_accessed,
                       coverage(r, prefix, w.start), name + " was");
      if (never) return make(DecisionReason::NotTracked, r, w, std::nullopt, [&] { return name + " is never tracked, so no report can show its use"; });
      if (r.granularity == Granularity::ActionLevel && s->has_tracked_actions)
        return make(DecisionReason::NotTracked, r, w, std::nullopt,
                    [&] { return name + " is not in TrackedActionsLastAccessed: it is not tracked (or not granted), which proves nothing"; });
      return make(DecisionReason::Used, r, w, s->last_authenticated,
                  [&] { return "service " + prefix + " was last accessed " + format_timestamp(*s->last_authenticated) + ", within " +
                      window_text(w) + "; the report does not say which actions"; });
    }
    // Using a never-tracked action calls no API of its service, so an
    // unused service says nothing about it.
    if (never) return make(DecisionReason::NotTracked, r, w, std::nullopt, [&] { return name + " is never tracked, so no report can show its use"; });
    return confirm(DecisionReason::ServiceNotAccessed, r, w, s->last_authenticated,
                   coverage(r, "", w.start), "service " + prefix + " was");
  }
};

bool same_subject(std::string_view a, std::string_view b) { return iequals(a, b); }

// Per subject the finest, newest report decides: an ACTION_LEVEL job before
// a SERVICE_LEVEL one, IAM's own report before an Access Analyzer finding.
bool better(const Report& a, const Report& b) {
  auto rank = [](const Report& r) {
    return std::make_tuple(r.granularity == Granularity::ActionLevel, r.kind == ReportKind::ServiceLastAccessed,
                           r.job_date());
  };
  return rank(a) > rank(b);
}

}  // namespace

DecideResult decide(const Catalog& catalog, const ActionSet& granted, const std::vector<Report>& reports,
                    const TrackingRules& rules, const DecisionInput& input) {
  DecideResult out;
  std::vector<const Report*> usable;
  for (const Report& r : reports) {
    const std::string file = evidence::join(r.files);
    if (r.kind == ReportKind::OrganizationsAccess)
      out.errors.push_back({file, {}, "", "an organizations access report judges OUs and accounts, not a policy's principals"});
    else if (r.kind == ReportKind::WithEntities)
      out.notes.push_back(file + ": a with-entities report names who used a service; it decides no action");
    else
      usable.push_back(&r);
  }
  TimeMs as_of = 0;
  for (const Report* r : usable) as_of = std::max(as_of, r->job_date());
  if (input.as_of) as_of = *input.as_of;
  if (!usable.empty() || input.as_of) out.decisions.as_of = format_date(day_of(as_of));

  // Subjects: every report must be about a principal that uses the policy.
  const bool given = !input.required_subjects.empty();
  std::vector<std::string> required = input.required_subjects;
  bool policy_report = false;
  for (const Report* r : usable) {
    const std::string file = evidence::join(r->files);
    const TimeMs age = as_of - r->job_date();
    if (input.max_report_age_days && age > static_cast<TimeMs>(*input.max_report_age_days) * kMsPerDay)
      out.errors.push_back({file, {}, "", "the report is " + std::to_string(age / kMsPerDay) + " days old (job " +
                                              format_timestamp(r->job_date()) + "), older than the maximum of " +
                                              std::to_string(*input.max_report_age_days) + " days"});
    if (!input.policy_arn.empty() && same_subject(r->subject, input.policy_arn)) {
      policy_report = true;
      continue;
    }
    const bool listed = std::any_of(required.begin(), required.end(), [&](const std::string& s) { return same_subject(s, r->subject); });
    if (given && !listed && !input.allow_subject_mismatch)
      out.errors.push_back({file, {}, "", r->subject.empty()
                                              ? "the report does not name its subject: pass --principal or a .request.json sidecar"
                                              : "the report is about '" + r->subject + "', which is not a principal of the policy (" +
                                                    evidence::join(required) + ")"});
    if (!given && !listed) required.push_back(r->subject);
  }
  if (!out.errors.empty()) return out;

  // The best report per required subject; subjects without one leave coverage incomplete.
  std::vector<const Report*> chosen;
  std::vector<std::string> missing;
  if (input.allow_subject_mismatch && given) {
    for (const Report* r : usable) chosen.push_back(r);
  } else {
    for (const std::string& subject : required) {
      const Report* best = nullptr;
      for (const Report* r : usable)
        if ((same_subject(r->subject, subject) || (policy_report && same_subject(r->subject, input.policy_arn))) &&
            (!best || better(*r, *best)))
          best = r;
      if (best && std::find(chosen.begin(), chosen.end(), best) == chosen.end()) chosen.push_back(best);
      if (!best) missing.push_back(subject);
    }
    if (policy_report) missing.clear();
  }
  for (const Report* r : chosen) {
    const TimeMs blind = r->job_date() - static_cast<TimeMs>(rules.activity_delay_hours) * 3'600'000;
    out.notes.push_back(evidence::join(r->files) + ": activity after " + format_timestamp(blind) +
                        " may not be reported yet; see " + rules.activity_delay_source);
    if (as_of > r->job_date())
      out.notes.push_back(evidence::join(r->files) + ": the job ran " + format_timestamp(r->job_date()) +
                          ", before the as-of date; use since then is not shown");
  }

  Judge judge{catalog, rules, input, as_of,
              evidence::make_scope(rules, input, required.empty() ? std::string() : required.front())};
  granted.for_each([&](ActionId id) {
    Decision d;
    d.detail = "no last accessed report was given";
    std::optional<Decision> kept;
    std::optional<Decision> removable;
    for (const Report* r : chosen) {
      Decision one = judge.judge(id, *r);
      if (one.reason == DecisionReason::Used) {
        kept = one;
        break;
      }
      if (!is_removable(one.reason) && !kept) kept = one;
      if (is_removable(one.reason) && !removable) removable = one;
    }
    if (kept) d = *kept;
    else if (removable) d = *removable;
    if (is_removable(d.reason) && !missing.empty()) {
      d.reason = DecisionReason::IncompleteCoverage;
      d.detail = "no report covers " + evidence::join(missing) + ", who also use the policy";
    }
    const std::string name = catalog.full_name(id);
    if (d.reason != DecisionReason::Used)
      for (const std::string& p : input.protected_patterns)
        if (wildcard_match(p, name)) {
          d.reason = DecisionReason::Protected;
          d.detail = "protected by the configuration pattern '" + p + "'";
          break;
        }
    out.decisions.by_action[id] = std::move(d);
  });
  for (const std::string& name : input.unknown_actions) {
    Decision d;
    d.reason = DecisionReason::UnknownToCatalog;
    d.detail = "catalog " + std::string(catalog.version()) + " does not know " + name + "; it may be newer than the catalog";
    out.decisions.unknown[name] = std::move(d);
  }
  return out;
}

}  // namespace iamtrim
