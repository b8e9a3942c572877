// The judgement, fuzzed: last-accessed reports through the evidence readers,
// page merging, decide() and the rewrite, with the safety invariants checked
// on every input by code that shares nothing with decide():
//   - a never-tracked or permission-only action is never removable;
//   - an action whose use any report shows inside the window is never
//     removable;
//   - the rewrite verifies, grants a subset of what the policy granted,
//     removes only removable actions and keeps every used one.
//
// Input: a policy, then reports, separated by lines "=====". The first
// byte picks the window, the Regions and whether an --as-of is given, so the
// fuzzer explores those too. Seeds: fuzz/seeds-evidence (adversarial shapes)
// and testdata/evidence.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "iamtrim/actions.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/narrow.hpp"
#include "iamtrim/policy.hpp"

namespace {

using namespace iamtrim;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_evidence: invariant broken: %s\n", what.c_str());
  std::abort();
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find("\n=====", start);
    parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    std::size_t nl = text.find('\n', at + 1);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return parts;
}

ActionSet granted_by(const Catalog& c, const Policy& p) {
  ActionSet out(c.action_count());
  for (const Statement& st : p.statements)
    if (st.effect == Effect::Allow) out |= expand_statement(c, st).actions;
  return out;
}

// The end of the window as the documentation defines it: --as-of, else for
// each principal the newest report's creation less the delay (a finding: its
// analysis), and the earliest of those.
TimeMs window_end(const TrackingRules& rules, const std::vector<Report>& reports, const DecisionInput& in) {
  if (in.as_of) return *in.as_of;
  std::vector<std::pair<std::string, TimeMs>> newest;
  for (const Report& r : reports) {
    if (r.kind != ReportKind::ServiceLastAccessed && r.kind != ReportKind::UnusedAccessFindings) continue;
    const TimeMs base = r.kind == ReportKind::UnusedAccessFindings ? r.job_date() : r.job_created;
    const TimeMs until = base - static_cast<TimeMs>(rules.activity_delay_hours) * 3'600'000;
    bool found = false;
    for (auto& [subject, t] : newest)
      if (iequals(subject, r.subject)) {
        t = std::max(t, until);
        found = true;
      }
    if (!found) newest.emplace_back(r.subject, until);
  }
  TimeMs end = newest.empty() ? 0 : newest.front().second;
  for (const auto& [subject, t] : newest) end = std::min(end, t);
  return end;
}

// Whether any report shows use of `name` at or after `start`.
bool shows_use(const std::vector<Report>& reports, const std::string& name, std::string_view prefix, TimeMs start) {
  for (const Report& r : reports) {
    if (r.kind != ReportKind::ServiceLastAccessed && r.kind != ReportKind::UnusedAccessFindings) continue;
    for (const ServiceAccess& s : r.services) {
      if (!iequals(s.service_namespace, prefix)) continue;
      for (const TrackedAction& a : s.tracked_actions)
        if (iequals(a.action, name) && a.last_accessed && *a.last_accessed >= start) return true;
      const bool service_level = r.kind == ReportKind::ServiceLastAccessed && r.granularity == Granularity::ServiceLevel;
      if ((service_level || s.whole_service_unused) && s.last_authenticated && *s.last_authenticated >= start) return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Catalog catalog = Catalog::embedded();
  static const TrackingRules& rules = TrackingRules::embedded();
  if (size < 2) return 0;
  const std::uint8_t knobs = data[0];
  const std::vector<std::string> parts = split(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  if (parts.size() < 2 || parts.size() > 9) return 0;

  SourceFile policy_file = SourceFile::from_string("policy.json", parts[0]);
  JsonResult json = parse_json(policy_file);
  if (!json.ok()) return 0;
  PolicyResult parsed = parse_policy(json.value);
  if (!parsed.usable) return 0;

  std::vector<Report> pages;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    SourceFile file = SourceFile::from_string("report" + std::to_string(i) + ".json", parts[i]);
    EvidenceResult one = read_evidence(file, nullptr, {});
    for (const EvidenceError& e : one.errors)
      if (e.span.known() && e.span.end.offset > parts[i].size()) fail("an error points past its file");
    for (Report& r : one.reports) pages.push_back(std::move(r));
  }
  EvidenceResult merged = merge_pages(std::move(pages));
  if (!merged.ok() || merged.reports.empty()) return 0;

  DecisionInput in;
  static constexpr int kWindows[] = {1, 7, 30, 90, 365, 400};
  in.window_days = kWindows[knobs % 6];
  if (knobs & 0x08) in.regions = {"us-east-1", "il-central-1"};
  if (knobs & 0x10) in.regions = {"us-east-2", "mx-central-1"};
  if (knobs & 0x20) in.as_of = *parse_timestamp("2024-06-01T00:00:00Z");
  in.explain = (knobs & 0x40) != 0;
  in.now = *parse_timestamp("2030-01-01T00:00:00Z");

  const ActionSet granted = granted_by(catalog, parsed.policy);
  DecideResult d = decide(catalog, granted, merged.reports, rules, in);
  if (!d.ok()) return 0;

  const TimeMs end = window_end(rules, merged.reports, in);
  const TimeMs start = end - static_cast<TimeMs>(in.window_days) * kMsPerDay;
  ActionSet used(catalog.action_count());
  for (const auto& [id, decision] : d.decisions.by_action) {
    const std::string name = catalog.full_name(id);
    const bool removable = is_removable(decision.reason);
    if (removable && rules.is_never_tracked(name)) fail(name + " is never tracked but " + std::string(to_string(decision.reason)));
    if (removable && rules.permission_only_entry(name)) fail(name + " is permission-only but " + std::string(to_string(decision.reason)));
    if (shows_use(merged.reports, name, catalog.service_of(id).prefix, start)) {
      used.insert(id);
      if (removable) fail(name + " shows use in the window but is " + std::string(to_string(decision.reason)));
    }
  }

  NarrowResult r = narrow_policy(catalog, parsed.policy, d.decisions);
  if (!r.verification.ok) fail("the rewrite failed its own verification");
  const ActionSet after = granted_by(catalog, r.policy);
  if (!(after - granted).empty()) fail("the rewrite grants an action the policy did not");
  if (!((granted - after) - d.decisions.removable(catalog.action_count())).empty())
    fail("the rewrite removed an action that was not removable");
  if (!((used & granted) - after).empty()) fail("the rewrite lost a used action");
  return 0;
}
