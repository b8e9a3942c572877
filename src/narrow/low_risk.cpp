// The low-risk wildcard rule (LowRiskWildcards in narrow.hpp): which actions
// a wildcard may keep although the evidence proves them unused.
#include <algorithm>
#include <unordered_set>

#include "iamtrim/narrow.hpp"
#include "iamtrim/rules.hpp"

namespace iamtrim {
namespace {

// The names listed under `data_exfiltration:` and `credentials_exposure:` of
// rules/risk-actions.yaml. The file is a plain mapping of lists, so a line
// scan reads it without loading a YAML parser into every narrow run (the
// narrow tests compare this with yaml-cpp's reading of the same file).
std::unordered_set<std::string> sensitive_names() {
  std::unordered_set<std::string> out;
  auto text = embedded_rule_file("risk-actions.yaml");
  if (!text) return out;
  bool in_list = false;
  std::string_view rest = *text;
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() != ' ') {  // a top-level key starts a section
      in_list = line == "data_exfiltration:" || line == "credentials_exposure:";
      continue;
    }
    if (!in_list) continue;
    std::size_t dash = line.find_first_not_of(' ');
    if (dash == std::string_view::npos || line[dash] != '-') continue;  // a comment line inside the list
    std::string_view name = line.substr(dash + 1);
    name.remove_prefix(std::min(name.find_first_not_of(' '), name.size()));
    name = name.substr(0, name.find_first_of(" #"));
    if (!name.empty()) out.insert(to_lower(name));
  }
  return out;
}

bool has_level(const std::vector<AccessLevel>& levels, AccessLevel level) {
  return std::find(levels.begin(), levels.end(), level) != levels.end();
}

}  // namespace

bool is_sensitive_action(const Catalog& catalog, ActionId action) {
  static const std::unordered_set<std::string> names = sensitive_names();  // thread-safe initialisation
  if (catalog.is_embedded()) {
    // The embedded catalog's ids of those names, resolved once: narrowing
    // asks about every action a wildcard matches.
    static const ActionSet ids = [&] {
      ActionSet out(catalog.action_count());
      for (const std::string& name : names)
        if (auto id = catalog.find_action(name)) out.insert(*id);
      return out;
    }();
    return ids.contains(action);
  }
  return names.count(to_lower(catalog.full_name(action))) != 0;
}

bool LowRiskWildcards::is_low_risk(const Catalog& catalog, ActionId action) const {
  if (!enabled) return false;
  auto svc = services.empty() ? services.end() : services.find(to_lower(catalog.service_of(action).prefix));
  if (!has_level(svc == services.end() ? access_levels : svc->second, catalog.access_level(action))) return false;
  if (is_sensitive_action(catalog, action)) return false;
  if (except.empty()) return true;
  const std::string name = catalog.full_name(action);
  return std::none_of(except.begin(), except.end(), [&](const std::string& p) { return wildcard_match(p, name); });
}

bool LowRiskWildcards::keeps(const Catalog& catalog, std::string_view item, const ActionSet& matched,
                             const ActionSet& removable) const {
  if (!enabled || !has_wildcard(item)) return false;
  bool all = true;
  (matched & removable).for_each([&](ActionId id) { all = all && is_low_risk(catalog, id); });
  return all;
}

}  // namespace iamtrim
