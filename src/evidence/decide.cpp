// One Decision per granted action (DOMAIN.md section 4): remove only with
// positive evidence, keep everything else and say why.
//
// The rules, in the order they apply (docs/evidence.md):
// - a never-tracked action is kept whatever a report says;
// - use shown by any report about any principal keeps the action;
// - a report that contradicts itself about a service proves nothing there;
// - a permission-only action is kept unless the configuration lifts it;
// - per principal, the newest report that reaches the end of the window and
//   lists the service decides; a window ending after every report is kept;
// - across principals, every principal's evidence must prove non-use.
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "evidence/coverage.hpp"

namespace iamtrim {
namespace {

using evidence::Coverage;
using evidence::Scope;

struct Window {
  int days = 0;
  TimeMs start = 0;
  TimeMs end = 0;
};

// What one service entry of one report says, gathered once per entry.
struct ServiceFacts {
  std::optional<TimeMs> last;  // the latest access any entry of the service shows
  std::string contradiction;   // non-empty: the entry contradicts itself
  // Whether a permission-only pattern may match an action of the service
  // (most services have none: their actions skip the list).
  bool permission_only = true;
};

// Whether `pattern` may match some "SERVICE:Action": a match needs the
// pattern's literal head (up to its first wildcard) and "SERVICE:" to agree,
// ignoring case, on the length of the shorter.
bool may_match_service(std::string_view pattern, std::string_view service) {
  for (std::size_t i = 0; i < pattern.size() && i <= service.size(); ++i) {
    if (pattern[i] == '*' || pattern[i] == '?') return true;
    const char want = i < service.size() ? service[i] : ':';
    if (ascii_lower(pattern[i]) != ascii_lower(want)) return false;
  }
  return true;
}

ServiceFacts facts_of(const ServiceAccess& s) {
  // The service was last accessed when its latest entry says so: an action
  // entry later than LastAuthenticated (the two are recorded separately)
  // moves the service's last access, it never hides it.
  ServiceFacts f;
  f.last = s.last_authenticated;
  std::optional<TimeMs> latest_action;
  for (const TrackedAction& a : s.tracked_actions)
    if (a.last_accessed && (!latest_action || *a.last_accessed > *latest_action)) latest_action = a.last_accessed;
  if (latest_action && (!f.last || *latest_action > *f.last)) f.last = latest_action;
  // A service that claims no access while its entries show some (or count
  // authenticated entities) contradicts itself.
  if (!s.last_authenticated && latest_action)
    f.contradiction = "its actions show access at " + format_timestamp(*latest_action) +
                      " but the service has no last access";
  else if (!s.last_authenticated && s.total_entities && *s.total_entities > 0)
    f.contradiction = "TotalAuthenticatedEntities is " + std::to_string(*s.total_entities) +
                      " but the service has no last access";
  return f;
}

struct Judge {
  const Catalog& catalog;
  const TrackingRules& rules;
  const DecisionInput& input;
  Scope scope;
  // The same few strings and coverages recur for every action of a policy;
  // building them once per report and window keeps account mode (hundreds
  // of thousands of decisions) fast. Keys are the inputs of each function.
  mutable std::map<const Report*, std::shared_ptr<const ReportFacts>> facts_of_report;
  mutable std::map<std::tuple<const Report*, std::string, TimeMs>, Coverage> coverages;
  mutable std::map<const ServiceAccess*, ServiceFacts> service_facts;
  mutable std::map<TimeMs, std::string> window_texts;
  mutable std::map<const Report*, std::string> covers_until_texts;

  const std::shared_ptr<const ReportFacts>& report_facts(const Report& r) const {
    auto it = facts_of_report.find(&r);
    if (it == facts_of_report.end()) it = facts_of_report.emplace(&r, evidence::report_facts(r)).first;
    return it->second;
  }

  // service_coverage() for an empty prefix, else action_coverage().
  const Coverage& coverage(const Report& r, const std::string& prefix, TimeMs window_start) const {
    auto key = std::make_tuple(&r, prefix, window_start);
    auto it = coverages.find(key);
    if (it == coverages.end())
      it = coverages
               .emplace(key, prefix.empty() ? service_coverage(rules, scope, r.job_created, window_start)
                                            : action_coverage(rules, scope, prefix, r.job_created, window_start))
               .first;
    return it->second;
  }

  const ServiceFacts& facts(const ServiceAccess& s) const {
    auto it = service_facts.find(&s);
    if (it == service_facts.end()) {
      ServiceFacts f = facts_of(s);
      f.permission_only = std::any_of(rules.permission_only.begin(), rules.permission_only.end(),
                                      [&](const auto& p) { return may_match_service(p.pattern, s.service_namespace); });
      it = service_facts.emplace(&s, std::move(f)).first;
    }
    return it->second;
  }

  // `detail` builds the sentence; it is not called when the caller asked
  // for reasons only (DecisionInput::explain) or for no sentences
  // (DecisionInput::sentences).
  template <class Detail>
  Decision make(DecisionReason reason, const Report& r, const Window& w, std::optional<TimeMs> last,
                Detail&& detail) const {
    Decision d;
    d.reason = reason;
    if (!input.explain) return d;
    d.evidence.report = report_facts(r);
    d.evidence.window_days = w.days;
    d.evidence.last_accessed_at = last;
    if (input.sentences) d.detail = detail();
    return d;
  }

  const std::string& window_text(const Window& w) const {
    auto it = window_texts.find(w.start);
    if (it == window_texts.end())
      it = window_texts
               .emplace(w.start, "the " + std::to_string(w.days) + "-day window from " + format_timestamp(w.start) +
                                     " to " + format_timestamp(w.end))
               .first;
    return it->second;
  }

  // The end of what report `r` speaks for, as written in every confirmed decision.
  const std::string& covers_until(const Report& r) const {
    auto it = covers_until_texts.find(&r);
    if (it == covers_until_texts.end())
      it = covers_until_texts.emplace(&r, format_timestamp(rules.report_covers_until(r))).first;
    return it->second;
  }

  Window window_for(const std::string& name, std::string_view prefix, TimeMs as_of) const {
    Window w;
    w.days = evidence::window_days_for(input, name, prefix);
    w.end = as_of;
    w.start = as_of - static_cast<TimeMs>(w.days) * kMsPerDay;
    return w;
  }

  // A removable candidate survives only if the subject is old enough and
  // tracking covered the whole window.
  // `whole_service`: the sentence is about service `name` rather than action `name`.
  Decision confirm(DecisionReason reason, const Report& r, const Window& w, std::optional<TimeMs> last,
                   const Coverage& cov, bool whole_service, const std::string& name) const {
    Decision d = make(reason, r, w, last, [] { return std::string(); });
    const bool young = input.subject_created && *input.subject_created > w.start;
    if (young) d.reason = DecisionReason::SubjectTooYoung;
    else if (!cov.covered) d.reason = cov.kept;
    if (!input.explain) return d;
    d.evidence.tracking = cov.facts;
    if (!input.sentences) return d;
    // One buffer per sentence: an account's --report holds one per action.
    std::string& out = d.detail;
    out.reserve(320);
    if (young) {
      out.append("the principal or policy was created ")
          .append(format_timestamp(*input.subject_created))
          .append(", inside ")
          .append(window_text(w))
          .append(", so its evidence cannot cover the window");
      return d;
    }
    if (whole_service) out.append("service ");
    out.append(name).append(" was ");
    if (last) out.append("last accessed ").append(format_timestamp(*last));
    else out.append("not accessed during the tracking period");
    if (!cov.covered) {
      out.append(", but ").append(cov.rule).append(" does not cover ").append(window_text(w));
      return d;
    }
    if (last) out.append(", before ").append(window_text(w)).append("; ").append(cov.rule).append(" covers the window");
    else out.append("; ").append(cov.rule).append(" covers ").append(window_text(w));
    out.append("; the report speaks for activity up to ").append(covers_until(r));
    return d;
  }

  // What report `r` alone says about action `id` for the window `w`.
  Decision judge(const std::string& name, const std::string& prefix, const Report& r,
                 const Window& w) const {
    // Using a never-tracked action calls no API of its service, and AWS never
    // lists it: nothing any report says about it is evidence.
    if (rules.is_never_tracked(name))
      return make(DecisionReason::NotTracked, r, w, std::nullopt,
                  [&] { return name + " is never tracked, so no report can show its use or prove it unused"; });
    const ServiceAccess* s = r.find_service(prefix);
    if (!s)
      return make(DecisionReason::NoEvidence, r, w, std::nullopt,
                  [&] { return "the report does not list service " + prefix + " for " + r.subject; });
    // Every entry for the action counts (duplicates, prefixes, case): the
    // latest access any of them shows.
    bool listed = false;
    std::optional<TimeMs> action_last;
    for (const TrackedAction& a : s->tracked_actions)
      if (iequals(a.action, name)) {
        listed = true;
        if (a.last_accessed && (!action_last || *a.last_accessed > *action_last)) action_last = a.last_accessed;
      }
    if (action_last && *action_last >= w.start)
      return make(DecisionReason::Used, r, w, action_last, [&] {
        return name + " was last accessed " + format_timestamp(*action_last) + ", within or after " + window_text(w);
      });
    const ServiceFacts& sf = facts(*s);
    const bool service_used = sf.last && *sf.last >= w.start;
    const bool service_level = r.kind != ReportKind::UnusedAccessFindings && r.granularity == Granularity::ServiceLevel;
    if (service_used && service_level)
      return make(DecisionReason::Used, r, w, sf.last, [&] {
        return "service " + prefix + " was last accessed " + format_timestamp(*sf.last) + ", within or after " +
               window_text(w) + "; the report does not say which actions";
      });
    if (!sf.contradiction.empty())
      return make(DecisionReason::ContradictoryReport, r, w, sf.last, [&] {
        return "the report's entry for " + prefix + " (" + s->pointer + ") contradicts itself: " + sf.contradiction +
               "; it proves nothing about the service";
      });
    if (const TrackingRules::PermissionOnly* p = sf.permission_only ? rules.permission_only_entry(name) : nullptr)
      return make(DecisionReason::PermissionOnly, r, w, std::nullopt, [&] {
        return name + " is permission-only (" + p->reason + "): last accessed information is not documented to "
               "record it, so the report cannot prove it unused (" + p->source + ")";
      });
    if (r.kind == ReportKind::UnusedAccessFindings) {
      if (s->whole_service_unused) {
        if (service_used)
          return make(DecisionReason::Used, r, w, sf.last, [&] {
            return "service " + prefix + " was last accessed " + format_timestamp(*sf.last) + ", within or after " +
                   window_text(w);
          });
        return confirm(DecisionReason::ServiceNotAccessed, r, w, sf.last, coverage(r, "", w.start), true, prefix);
      }
      if (!listed)
        return make(DecisionReason::NoEvidence, r, w, std::nullopt,
                    [&] { return "the finding does not list " + name + " as unused (it was used, or is not tracked)"; });
      return confirm(DecisionReason::ActionNotAccessed, r, w, action_last, coverage(r, prefix, w.start), false, name);
    }
    if (service_used) {
      if (listed)
        return confirm(DecisionReason::ActionNotAccessed, r, w, action_last, coverage(r, prefix, w.start), false,
                       name);
      return make(DecisionReason::NotTracked, r, w, std::nullopt, [&] {
        return name + (s->has_tracked_actions
                           ? " is not in TrackedActionsLastAccessed: it is not tracked (or not granted), which proves "
                             "nothing"
                           : ": the report gives no TrackedActionsLastAccessed for " + prefix +
                                 " although the service was used, which proves nothing about the action");
      });
    }
    return confirm(DecisionReason::ServiceNotAccessed, r, w, sf.last, coverage(r, "", w.start), true, prefix);
  }
};

bool same_subject(std::string_view a, std::string_view b) { return iequals(a, b); }

// Newest coverage first; on a tie an ACTION_LEVEL job before a SERVICE_LEVEL
// one, IAM's own report before an Access Analyzer finding.
struct NewestFirst {
  const TrackingRules& rules;
  bool operator()(const Report* a, const Report* b) const {
    auto rank = [&](const Report& r) {
      return std::make_tuple(rules.report_covers_until(r), r.granularity == Granularity::ActionLevel,
                             r.kind == ReportKind::ServiceLastAccessed);
    };
    return rank(*a) > rank(*b);
  }
};

// The evidence about one principal (or about the policy itself).
struct SubjectEvidence {
  std::string subject;
  std::vector<const Report*> reports;  // NewestFirst
};

// What the reports about one principal say about one action.
Decision decide_for_subject(const Judge& judge, const std::string& name, const std::string& prefix,
                            const SubjectEvidence& ev, TimeMs as_of) {
  const Window w = judge.window_for(name, prefix, as_of);
  std::optional<Decision> deciding, unprovable;
  const Report* newest_listing = nullptr;
  for (std::size_t i = 0; i < ev.reports.size(); ++i) {
    const Report* r = ev.reports[i];
    Decision one = judge.judge(name, prefix, *r, w);
    if (one.reason == DecisionReason::Used) return one;  // use in any report keeps
    // When the last report is the one that decides (after this loop), it
    // is returned at once rather than kept in `unprovable` or `deciding`.
    const bool last = i + 1 == ev.reports.size();
    // No report can prove these unused, whatever its date.
    if (!unprovable && (one.reason == DecisionReason::PermissionOnly ||
                        (one.reason == DecisionReason::NotTracked && judge.rules.is_never_tracked(name)))) {
      if (last) return one;
      unprovable = one;
    }
    const bool covers = judge.rules.report_covers_until(*r) >= w.end;
    if (one.reason != DecisionReason::NoEvidence && !newest_listing) newest_listing = r;
    if ((covers && !deciding) ||
        (covers && deciding->reason == DecisionReason::NoEvidence && one.reason != DecisionReason::NoEvidence)) {
      // The newest covering report that lists the service.
      if (last && !unprovable && one.reason != DecisionReason::NoEvidence) return one;
      deciding = std::move(one);
    }
  }
  if (unprovable) return std::move(*unprovable);
  if (deciding && deciding->reason != DecisionReason::NoEvidence) return std::move(*deciding);
  if (newest_listing) {
    // Only reports that end before the window does know the service.
    const TimeMs until = judge.rules.report_covers_until(*newest_listing);
    return judge.make(DecisionReason::WindowAfterReport, *newest_listing, w, std::nullopt, [&] {
      return "the newest report about " + newest_listing->subject + " that lists " + prefix +
             " speaks only up to " + format_timestamp(until) + " (job created " +
             format_timestamp(newest_listing->job_created) + ", less the " +
             std::to_string(judge.rules.activity_delay_hours) + "-hour reporting delay), before " +
             judge.window_text(w) + " ends";
    });
  }
  if (deciding) return std::move(*deciding);
  Decision d;
  if (judge.input.sentences) d.detail = "no last accessed report was given";
  return d;
}

// What the reports about every principal say about one action: use by any
// of them keeps it, so does any principal's keep; it is removable only when
// every principal's evidence says so.
Decision decide_across_subjects(const Judge& judge, const std::string& name, const std::string& prefix,
                                const std::vector<SubjectEvidence>& subjects, TimeMs as_of) {
  // One principal (each inline policy of an account): its decision, not a copy of it.
  if (subjects.size() == 1) return decide_for_subject(judge, name, prefix, subjects.front(), as_of);
  std::optional<Decision> kept;
  std::optional<Decision> removable;
  for (const SubjectEvidence& e : subjects) {
    Decision one = decide_for_subject(judge, name, prefix, e, as_of);
    if (one.reason == DecisionReason::Used) return one;
    if (!is_removable(one.reason) && !kept) kept = std::move(one);
    else if (is_removable(one.reason) && !removable) removable = std::move(one);
  }
  if (kept) return std::move(*kept);
  if (removable) return std::move(*removable);
  Decision d;
  if (judge.input.sentences) d.detail = "no last accessed report was given";
  return d;
}

// Reports whose entries contradict AWS's documentation or the Region table:
// said once per report, whatever the policy grants.
void warn_about(const TrackingRules& rules, const Report& r, std::vector<std::string>& warnings,
                std::set<std::string>& stale_regions) {
  const std::string file = evidence::join(r.files);
  std::set<std::string> never_listed;
  auto region_seen = [&](const std::string& region) {
    if (!region.empty() && !rules.region_start.count(to_lower(region))) stale_regions.insert(to_lower(region));
  };
  for (const ServiceAccess& s : r.services) {
    region_seen(s.region);
    for (const TrackedAction& a : s.tracked_actions) {
      region_seen(a.region);
      if (rules.is_never_tracked(a.action) && never_listed.insert(to_lower(a.action)).second)
        warnings.push_back(file + ": the report lists " + a.action + " (" + s.pointer + ")" +
                           (a.last_accessed ? " as last accessed " + format_timestamp(*a.last_accessed) : "") +
                           ", but AWS documents that it is never tracked: the report contradicts AWS's documented "
                           "behaviour, and the action is kept whatever it says");
    }
    const ServiceFacts f = facts_of(s);
    if (!f.contradiction.empty())
      warnings.push_back(file + ": the entry for " + s.service_namespace + " (" + s.pointer +
                         ") contradicts itself: " + f.contradiction + "; nothing in that service is removed on its word");
  }
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
  for (const Report* r : usable)
    for (EvidenceError& e : evidence::date_errors(*r, input.now)) out.errors.push_back(std::move(e));
  if (!out.errors.empty()) return out;

  // Subjects: every report must be about a principal that uses the policy.
  // Subjects compare without case; a shared policy of an account has
  // hundreds of principals and as many reports, so they are looked up by
  // their lower-case text rather than compared pairwise.
  const bool given = !input.required_subjects.empty();
  std::vector<std::string> required = input.required_subjects;
  std::unordered_set<std::string> required_keys;
  for (const std::string& s : required) required_keys.insert(to_lower(s));
  bool policy_report = false;
  for (const Report* r : usable) {
    const std::string file = evidence::join(r->files);
    if (!input.policy_arn.empty() && same_subject(r->subject, input.policy_arn)) {
      policy_report = true;
      continue;
    }
    const bool listed = required_keys.count(to_lower(r->subject)) > 0;
    if (given && !listed && !input.allow_subject_mismatch)
      out.errors.push_back({file, {}, "", r->subject.empty()
                                              ? "the report does not name its subject: pass --principal or a .request.json sidecar"
                                              : "the report is about '" + r->subject + "', which is not a principal of the policy (" +
                                                    evidence::join(required) + ")"});
    if (!given && !listed) {
      required.push_back(r->subject);
      required_keys.insert(to_lower(r->subject));
    }
  }
  if (!out.errors.empty()) return out;

  // The reports about each principal; a report about the managed policy
  // itself speaks for every principal it is attached to.
  std::vector<SubjectEvidence> evidence_by_subject;
  std::vector<std::string> missing;
  if (input.allow_subject_mismatch && given) {
    std::unordered_map<std::string, std::size_t> at;  // lower-case subject -> its entry
    for (const Report* r : usable) {
      auto [it, fresh] = at.try_emplace(to_lower(r->subject), evidence_by_subject.size());
      if (fresh) evidence_by_subject.push_back({r->subject, {}});
      evidence_by_subject[it->second].reports.push_back(r);
    }
  } else {
    // Positions in `usable` of the reports about each subject and about the
    // policy itself, ascending: each subject's reports keep their order.
    std::unordered_map<std::string, std::vector<std::size_t>> about;
    std::vector<std::size_t> about_policy;
    for (std::size_t i = 0; i < usable.size(); ++i) {
      about[to_lower(usable[i]->subject)].push_back(i);
      if (policy_report && same_subject(usable[i]->subject, input.policy_arn)) about_policy.push_back(i);
    }
    const std::vector<std::size_t> none;
    for (const std::string& subject : required) {
      SubjectEvidence e{subject, {}};
      auto it = about.find(to_lower(subject));
      const std::vector<std::size_t>& own = it == about.end() ? none : it->second;
      std::vector<std::size_t> positions;
      std::set_union(own.begin(), own.end(), about_policy.begin(), about_policy.end(), std::back_inserter(positions));
      for (std::size_t i : positions) e.reports.push_back(usable[i]);
      if (e.reports.empty()) missing.push_back(subject);
      else evidence_by_subject.push_back(std::move(e));
    }
    if (policy_report) missing.clear();
  }
  for (SubjectEvidence& e : evidence_by_subject) std::stable_sort(e.reports.begin(), e.reports.end(), NewestFirst{rules});

  // The window ends where every principal's newest report still speaks,
  // unless --as-of says otherwise (and then reports that end earlier prove
  // nothing: window-after-report).
  TimeMs as_of = 0;
  if (input.as_of) {
    as_of = *input.as_of;
  } else if (!evidence_by_subject.empty()) {
    as_of = rules.report_covers_until(*evidence_by_subject.front().reports.front());
    for (const SubjectEvidence& e : evidence_by_subject) as_of = std::min(as_of, rules.report_covers_until(*e.reports.front()));
  }
  if (!usable.empty() || input.as_of) out.decisions.as_of = format_date(day_of(as_of));

  // A report's age is measured at the current time when it is known (the
  // CLI always knows it), else at the end of the window.
  const TimeMs age_at = input.now.value_or(as_of);
  for (const Report* r : usable) {
    const TimeMs age = age_at - r->job_date();
    if (input.max_report_age_days && age > static_cast<TimeMs>(*input.max_report_age_days) * kMsPerDay)
      out.errors.push_back({evidence::join(r->files), {}, "", "the report is " + std::to_string(age / kMsPerDay) +
                                                              " days old (job " + format_timestamp(r->job_date()) +
                                                              "), older than the maximum of " +
                                                              std::to_string(*input.max_report_age_days) + " days"});
  }
  if (!out.errors.empty()) return out;

  std::set<std::string> stale_regions;
  for (const SubjectEvidence& e : evidence_by_subject)
    for (const Report* r : e.reports) {
      const std::string file = evidence::join(r->files);
      const TimeMs until = rules.report_covers_until(*r);
      out.notes.push_back(file + ": job created " + format_timestamp(r->job_created) + "; it speaks for activity up to " +
                          format_timestamp(until) + " (recent activity can take " +
                          std::to_string(rules.activity_delay_hours) + " hours to appear; see " +
                          rules.activity_delay_source + ")");
      if (until < as_of)
        out.warnings.push_back(file + ": the report speaks only up to " + format_timestamp(until) +
                               ", before the end of the window " + format_timestamp(as_of) +
                               ": it can show use but cannot prove non-use (window-after-report)");
      warn_about(rules, *r, out.warnings, stale_regions);
    }
  for (const std::string& region : stale_regions)
    out.warnings.push_back("a report shows activity in " + region + ", which the Region table of the tracking rules "
                           "(captured " + format_date(rules.region_table_captured.date) +
                           ") does not list: the table is stale; add " + region +
                           " under tracking.region_tracking_start in .iamtrim.yaml");
  if (!usable.empty())
    out.notes.push_back("tracking rules: Region table captured " + format_date(rules.region_table_captured.date) +
                        "; Regions launched since are not in it (" + rules.region_table_captured.source + ")");

  const Judge judge{catalog, rules, input,
                    evidence::make_scope(rules, input, required.empty() ? std::string() : required.front())};
  out.decisions.by_action.reserve(granted.count());
  granted.for_each([&](ActionId id) {
    const std::string name = catalog.full_name(id);
    const std::string prefix(catalog.service_of(id).prefix);
    Decision d = decide_across_subjects(judge, name, prefix, evidence_by_subject, as_of);
    if (is_removable(d.reason) && !missing.empty()) {
      d.reason = DecisionReason::IncompleteCoverage;
      if (input.sentences) d.detail = "no report covers " + evidence::join(missing) + ", who also use the policy";
    }
    if (d.reason != DecisionReason::Used)
      for (const std::string& p : input.protected_patterns)
        if (wildcard_match(p, name)) {
          d.reason = DecisionReason::Protected;
          if (input.sentences) d.detail = "protected by the configuration pattern '" + p + "'";
          break;
        }
    // Ids come in ascending order: each goes at the end of the map.
    out.decisions.by_action.emplace_hint(out.decisions.by_action.end(), id, std::move(d));
  });
  for (const std::string& name : input.unknown_actions) {
    Decision d;
    d.reason = DecisionReason::UnknownToCatalog;
    if (input.sentences)
      d.detail = "catalog " + std::string(catalog.version()) + " does not know " + name + "; it may be newer than the catalog";
    out.decisions.unknown[name] = std::move(d);
  }
  return out;
}

}  // namespace iamtrim
