// rules/tracking.yaml and the `tracking:` / `evidence:` sections of
// .iamtrim.yaml. The embedded file must be complete and name a source for
// every entry; a user's file may override or add single entries.
#include <algorithm>
#include <limits>

#include "evidence/builtin.hpp"
#include "evidence/yaml_fields.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/rules.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim {
namespace {

using evidence::YamlFields;

// Reads `{<value_key>: ..., source: ...}`; the source defaults to where the
// entry is when `complete` is false (a user's override).
std::optional<std::string> entry_source(const YAML::Node& entry, YamlFields& y, const std::string& what,
                                        bool complete) {
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (key == "source") return y.text(it->second, what + ".source");
  }
  if (complete) {
    y.error(entry, what + " has no source");
    return std::nullopt;
  }
  return y.where(entry);
}

// One {date, source} entry; nullopt after an error.
std::optional<DatedFact> read_one_dated(const YAML::Node& entry, YamlFields& y, const std::string& item, bool complete) {
  if (!y.is_map(entry, item)) return std::nullopt;
  std::optional<Days> date;
  for (auto f = entry.begin(); f != entry.end(); ++f) {
    const std::string key = f->first.Scalar();
    if (key == "date") date = y.date(f->second, item + ".date");
    else if (key != "source") y.error(f->first, "unknown key '" + key + "' in " + item);
  }
  auto source = entry_source(entry, y, item, complete);
  if (!date) {
    if (!entry["date"]) y.error(entry, item + " has no date");
    return std::nullopt;
  }
  if (!source) return std::nullopt;
  return DatedFact{*date, *source};
}

// A map of name -> {date, source}.
void read_dated(const YAML::Node& map, YamlFields& y, const std::string& what, bool complete,
                std::map<std::string, DatedFact>& out) {
  if (!y.is_map(map, what)) return;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string name = to_lower(it->first.Scalar());
    const YAML::Node entry = it->second;  // a copy: it->second lives in a temporary
    if (auto fact = read_one_dated(entry, y, what + "." + name, complete)) out[name] = *fact;
  }
}

// region_tracking_start: name -> {date, launched, source, launch_source}.
void read_regions(const YAML::Node& map, YamlFields& y, bool complete, std::map<std::string, TrackingRules::Region>& out) {
  const std::string what = "region_tracking_start";
  if (!y.is_map(map, what)) return;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string name = to_lower(it->first.Scalar());
    const std::string item = what + "." + name;
    const YAML::Node entry = it->second;  // a copy: it->second lives in a temporary
    if (!y.is_map(entry, item)) continue;
    TrackingRules::Region region;
    std::optional<Days> date;
    for (auto f = entry.begin(); f != entry.end(); ++f) {
      const std::string key = f->first.Scalar();
      if (key == "date") date = y.date(f->second, item + ".date");
      else if (key == "launched") region.launched = y.date(f->second, item + ".launched");
      else if (key == "launch_source") region.launch_source = y.text(f->second, item + ".launch_source").value_or("");
      else if (key != "source") y.error(f->first, "unknown key '" + key + "' in " + item);
    }
    auto source = entry_source(entry, y, item, complete);
    if (!date) {
      if (!entry["date"]) y.error(entry, item + " has no date");
      continue;
    }
    if (region.launched && !entry["launch_source"]) {
      if (complete) y.error(entry, item + " has a launch date but no launch_source");
      else region.launch_source = y.where(entry);
    }
    if (region.launched && *region.launched > *date)
      y.error(entry["launched"], item + ": launched after its tracking date, which AWS's table gives as no earlier than launch");
    region.date = *date;
    if (source) {
      region.source = *source;
      out[name] = std::move(region);
    }
  }
}

// service_level_tracking_days: [{days, from?, source}], the first without
// `from`, the others in increasing `from` order.
void read_retention(const YAML::Node& list, YamlFields& y, bool complete, std::vector<TrackingRules::Retention>& out) {
  const std::string what = "service_level_tracking_days";
  if (!y.is_list(list, what + " (a list of {days, from, source})")) return;
  std::vector<TrackingRules::Retention> periods;
  bool ok = true;
  for (const YAML::Node& entry : list) {
    if (!y.is_map(entry, what + " entry")) {
      ok = false;
      continue;
    }
    TrackingRules::Retention r;
    std::optional<int> days;
    std::optional<Days> from;
    for (auto f = entry.begin(); f != entry.end(); ++f) {
      const std::string key = f->first.Scalar();
      if (key == "days") days = y.integer(f->second, what + ".days", 1, 3650);
      else if (key == "from") from = y.date(f->second, what + ".from");
      else if (key != "source") y.error(f->first, "unknown key '" + key + "' in " + what);
    }
    auto source = entry_source(entry, y, what, complete);
    if (!days) {
      if (!entry["days"]) y.error(entry, what + " entry has no days");
      ok = false;
      continue;
    }
    if (periods.empty() && entry["from"]) {
      y.error(entry["from"], what + ": the first entry applies to every earlier job and takes no 'from'");
      ok = false;
    } else if (!periods.empty() && !from) {
      if (!entry["from"]) y.error(entry, what + ": every entry after the first needs 'from'");
      ok = false;
    } else if (!periods.empty() && *from <= periods.back().from) {
      y.error(entry["from"], what + ": 'from' dates must increase");
      ok = false;
    }
    if (!source) ok = false;
    r.days = *days;
    r.from = from.value_or(std::numeric_limits<Days>::min());
    r.source = source.value_or("");
    periods.push_back(std::move(r));
  }
  if (periods.empty()) {
    y.error(list, what + " has no entry");
    return;
  }
  if (ok) out = std::move(periods);  // a user's list replaces the whole history
}

void read_permission_only(const YAML::Node& list, YamlFields& y, bool complete, TrackingRules& rules) {
  const std::string what = "permission_only_actions";
  if (!y.is_list(list, what)) return;
  for (const YAML::Node& entry : list) {
    if (!y.is_map(entry, what + " entry")) continue;
    std::optional<std::string> action, reason;
    for (auto f = entry.begin(); f != entry.end(); ++f) {
      const std::string key = f->first.Scalar();
      if (key == "action") action = y.text(f->second, what + ".action");
      else if (key == "reason") reason = y.text(f->second, what + ".reason");
      else if (key != "source") y.error(f->first, "unknown key '" + key + "' in " + what);
    }
    if (!action) {
      if (!entry["action"]) y.error(entry, what + " entry has no action");
      continue;
    }
    if (action->find(':') == std::string::npos) {
      y.error(entry["action"], what + ": '" + *action + "' is not service:Action");
      continue;
    }
    if (!reason && complete) {
      y.error(entry, what + "." + *action + " has no reason");
      continue;
    }
    auto source = entry_source(entry, y, what + "." + *action, complete);
    const bool known = std::any_of(rules.permission_only.begin(), rules.permission_only.end(),
                                   [&](const auto& p) { return iequals(p.pattern, *action); });
    if (source && !known)
      rules.permission_only.push_back({*action, reason.value_or("listed as permission-only in the configuration"), *source});
  }
}

// A single {<unit>: N, source} entry.
void read_count(const YAML::Node& entry, YamlFields& y, const std::string& what, const char* unit, int max,
                bool complete, int& value, std::string& source) {
  if (!y.is_map(entry, what)) return;
  std::optional<int> v;
  for (auto f = entry.begin(); f != entry.end(); ++f) {
    const std::string key = f->first.Scalar();
    if (key == unit) v = y.integer(f->second, what + "." + unit, 0, max);
    else if (key != "source") y.error(f->first, "unknown key '" + key + "' in " + what);
  }
  auto src = entry_source(entry, y, what, complete);
  if (!v && !entry[unit]) y.error(entry, what + " has no " + unit);
  if (v && src) {
    value = *v;
    source = *src;
  }
}

void read_never_tracked(const YAML::Node& list, YamlFields& y, bool complete, TrackingRules& rules) {
  if (!y.is_list(list, "never_tracked_actions")) return;
  for (const YAML::Node& entry : list) {
    if (!y.is_map(entry, "never_tracked_actions entry")) continue;
    std::optional<std::string> action;
    for (auto f = entry.begin(); f != entry.end(); ++f) {
      const std::string key = f->first.Scalar();
      if (key == "action") action = y.text(f->second, "never_tracked_actions.action");
      else if (key != "source") y.error(f->first, "unknown key '" + key + "' in never_tracked_actions");
    }
    if (!action) {
      if (!entry["action"]) y.error(entry, "never_tracked_actions entry has no action");
      continue;
    }
    if (action->find(':') == std::string::npos) {
      y.error(entry["action"], "never_tracked_actions: '" + *action + "' is not service:Action");
      continue;
    }
    auto source = entry_source(entry, y, "never_tracked_actions." + *action, complete);
    const bool known = std::any_of(rules.never_tracked.begin(), rules.never_tracked.end(),
                                   [&](const auto& n) { return iequals(n.pattern, *action); });
    if (source && !known) rules.never_tracked.push_back({*action, *source});
  }
}

void read_tracking(const YAML::Node& root, YamlFields& y, bool complete, TrackingRules& rules) {
  if (!y.is_map(root, "tracking rules")) return;
  static const char* kKeys[] = {"service_level_tracking_days", "activity_delay_hours", "action_level_tracking_start",
                                "never_tracked_actions",       "region_tracking_start", "permission_only_actions",
                                "region_table_captured"};
  for (const char* key : kKeys)
    if (complete && !root[key]) y.error(root, std::string("missing ") + key);
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node v = it->second;  // a copy: it->second lives in a temporary
    if (key == kKeys[0]) read_retention(v, y, complete, rules.service_level);
    else if (key == kKeys[1]) read_count(v, y, key, "hours", 240, complete, rules.activity_delay_hours, rules.activity_delay_source);
    else if (key == kKeys[2]) read_dated(v, y, key, complete, rules.action_level_start);
    else if (key == kKeys[3]) read_never_tracked(v, y, complete, rules);
    else if (key == kKeys[4]) read_regions(v, y, complete, rules.region_start);
    else if (key == kKeys[5]) read_permission_only(v, y, complete, rules);
    else if (key == kKeys[6]) {
      if (auto fact = read_one_dated(v, y, key, complete)) rules.region_table_captured = *fact;
    } else {
      y.error(it->first, "unknown tracking key '" + key + "'");
    }
  }
  if (complete && !rules.action_level_start.count("*"))
    y.error(root, "action_level_tracking_start needs a '*' entry for the other services");
}

// `lifted` receives evidence.remove_permission_only, applied to the rules
// once the tracking section (which may add entries) has been read.
void read_settings(const YAML::Node& root, YamlFields& y, DecisionInput& input, std::vector<std::string>& lifted,
                   std::vector<YAML::Node>& lifted_at) {
  if (!y.is_map(root, "evidence")) return;
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node v = it->second;  // a copy: it->second lives in a temporary
    if (key == "window_days") {
      if (auto d = y.integer(v, "evidence.window_days", 1, 3650)) input.window_days = *d;
    } else if (key == "max_report_age_days") {
      if (auto d = y.integer(v, "evidence.max_report_age_days", 0, 3650)) input.max_report_age_days = *d;
    } else if (key == "windows") {
      if (!y.is_map(v, "evidence.windows")) continue;
      for (auto w = v.begin(); w != v.end(); ++w) {
        const std::string name = w->first.Scalar();
        auto d = y.integer(w->second, "evidence.windows." + name, 1, 3650);
        if (!d) continue;
        if (name.find(':') != std::string::npos) input.action_window_days[name] = *d;
        else input.service_window_days[to_lower(name)] = *d;
      }
    } else if (key == "regions" || key == "protect" || key == "remove_permission_only") {
      if (!y.is_list(v, "evidence." + key)) continue;
      auto& out = key == "regions" ? input.regions : key == "protect" ? input.protected_patterns : lifted;
      for (const YAML::Node& item : v) {
        auto t = y.text(item, "evidence." + key + " entry");
        if (!t) continue;
        if (key != "regions" && *t != "*" && t->find(':') == std::string::npos) {
          y.error(item, "evidence." + key + ": '" + *t + "' is not an action pattern service:Action");
          continue;
        }
        if (key == "remove_permission_only") lifted_at.push_back(item);
        out.push_back(key == "regions" ? to_lower(*t) : *t);
      }
    } else {
      y.error(it->first, "unknown evidence key '" + key + "'");
    }
  }
}

}  // namespace

TrackingRulesResult parse_tracking_rules(std::string_view yaml, const std::string& file) {
  TrackingRulesResult out;
  YamlFields y(file, out.errors);
  try {
    auto root = y.load(yaml);
    if (!root) return out;
    TrackingRules rules;
    read_tracking(*root, y, true, rules);
    if (out.errors.empty()) out.rules = std::move(rules);
  } catch (const YAML::Exception& e) {
    out.errors.push_back({file, {}, "", "cannot read tracking rules: " + e.msg});
  }
  return out;
}

const TrackingRules& TrackingRules::embedded() {
  // Built on first use from the tables compiled in (a broken
  // rules/tracking.yaml fails the build), so commands that never judge
  // evidence never build it.
  static const TrackingRules rules = evidence::builtin_tracking_rules();
  return rules;
}

DatedFact TrackingRules::action_start(std::string_view service_prefix) const {
  if (auto it = action_level_start.find(to_lower(service_prefix)); it != action_level_start.end()) return it->second;
  if (auto it = action_level_start.find("*"); it != action_level_start.end()) return it->second;
  // No rule at all: nothing is covered.
  return {days_from_civil(9999, 12, 31), "no action-level tracking rule"};
}

namespace {

// wildcard_match(), with the literal start of the pattern (up to its first
// wildcard) compared first, in line: these lists are asked about every
// action of every policy of an account, and a different service fails at
// its first character.
bool matches(std::string_view pattern, std::string_view name) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '*' || pattern[i] == '?') return wildcard_match(pattern, name);
    if (i >= name.size() || ascii_lower(pattern[i]) != ascii_lower(name[i])) return false;
  }
  return pattern.size() == name.size();
}

}  // namespace

bool TrackingRules::is_never_tracked(std::string_view full_action_name) const {
  return std::any_of(never_tracked.begin(), never_tracked.end(),
                     [&](const NeverTracked& n) { return matches(n.pattern, full_action_name); });
}

const TrackingRules::PermissionOnly* TrackingRules::permission_only_entry(std::string_view full_action_name) const {
  for (const PermissionOnly& p : permission_only)
    if (matches(p.pattern, full_action_name)) return &p;
  return nullptr;
}

const TrackingRules::Retention& TrackingRules::retention_at(TimeMs job_created) const {
  static const Retention kNone{std::numeric_limits<Days>::min(), 0, "no service-level history rule"};
  const Retention* found = service_level.empty() ? &kNone : &service_level.front();
  for (const Retention& r : service_level)
    if (r.from <= day_of(job_created)) found = &r;
  return *found;
}

TimeMs TrackingRules::report_covers_until(const Report& r) const {
  // An Access Analyzer finding speaks for its latest analysis; an IAM job
  // for its creation: the data is read when the job starts.
  const TimeMs base = r.kind == ReportKind::UnusedAccessFindings ? r.job_date() : r.job_created;
  return base - static_cast<TimeMs>(activity_delay_hours) * 3'600'000;
}

EvidenceConfigResult apply_evidence_config(std::string_view yaml, const std::string& file, TrackingRules& rules,
                                           DecisionInput& input) {
  EvidenceConfigResult out;
  YamlFields y(file, out.errors);
  try {
    auto root = y.load(yaml);
    if (!root || root->IsNull()) return out;
    if (!y.is_map(*root, "the configuration")) return out;
    // Work on copies so that a file with errors changes nothing.
    TrackingRules new_rules = rules;
    DecisionInput new_input = input;
    std::vector<std::string> lifted;
    std::vector<YAML::Node> lifted_at;
    for (auto it = root->begin(); it != root->end(); ++it) {
      const std::string key = it->first.Scalar();
      if (key == "tracking") read_tracking(it->second, y, false, new_rules);
      else if (key == "evidence") read_settings(it->second, y, new_input, lifted, lifted_at);
      // Other sections belong to other stages.
    }
    // Lifting a permission-only entry lets the evidence judge the action like
    // any other; a pattern that lifts nothing is a mistake worth an error.
    for (std::size_t i = 0; i < lifted.size(); ++i) {
      auto& list = new_rules.permission_only;
      const auto before = list.size();
      list.erase(std::remove_if(list.begin(), list.end(),
                                [&](const TrackingRules::PermissionOnly& p) { return wildcard_match(lifted[i], p.pattern); }),
                 list.end());
      if (list.size() == before)
        y.error(lifted_at[i], "evidence.remove_permission_only: '" + lifted[i] +
                                  "' matches no permission-only action (see rules/tracking.yaml)");
    }
    if (out.errors.empty()) {
      rules = std::move(new_rules);
      input = std::move(new_input);
    }
  } catch (const YAML::Exception& e) {
    out.errors.push_back({file, {}, "", "cannot read the configuration: " + e.msg});
  }
  return out;
}

}  // namespace iamtrim
