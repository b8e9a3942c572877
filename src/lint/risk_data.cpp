#include "lint/risk_data.hpp"

#include "iamtrim/rules.hpp"
#include "lint/yaml_check.hpp"

namespace iamtrim::lint {
namespace {

const char* kKeyFile = "condition-keys.yaml";
const char* kArnFile = "arn-services.yaml";

// A file of the embedded rules bundle (rules/*.yaml), parsed.
std::optional<YAML::Node> load(const char* path, RiskData& out) {
  auto text = embedded_rule_file(path);
  if (!text) {
    out.errors.push_back(std::string(path) + ": not embedded");
    return std::nullopt;
  }
  return load_yaml_mapping(path, *text, out.errors);
}

std::vector<std::string> strings(const YAML::Node& n, const std::string& where, RiskData& out) {
  return scalar_list(n, kKeyFile, where, "strings", out.errors);
}

// The ids of `names` in `catalog`: the build's own when it is the embedded
// catalog, else each name looked up. Unknown names are remembered, not
// fatal: a newer risk list may name actions an older catalog lacks.
std::vector<ActionId> resolve(const Catalog& catalog, std::span<const BuiltinAction> names, RiskData& out,
                              bool& complete) {
  std::vector<ActionId> ids;
  ids.reserve(names.size());
  const bool embedded = catalog.is_embedded();
  for (const BuiltinAction& a : names) {
    ActionId id = embedded ? a.id : catalog.find_action(a.name).value_or(kNoAction);
    if (id != kNoAction) ids.push_back(id);
    else {
      out.unresolved.emplace_back(a.name);
      complete = false;
    }
  }
  return ids;
}

std::optional<AccessLevel> parse_level(std::string_view text) {
  for (AccessLevel l : {AccessLevel::List, AccessLevel::Read, AccessLevel::Write, AccessLevel::PermissionsManagement,
                        AccessLevel::Tagging})
    if (iequals(to_string(l), text)) return l;
  return std::nullopt;
}

void read_condition_keys(const Catalog& catalog, RiskData& out) {
  auto doc = load(kKeyFile, out);
  if (!doc) return;
  for (const auto& kv : *doc) {
    if (kv.first.Scalar() != "always_present" || !kv.second.IsSequence()) {
      out.errors.push_back(std::string(kKeyFile) + ": unknown or malformed section \"" + kv.first.Scalar() + "\"");
      continue;
    }
    for (const YAML::Node& entry : kv.second) {
      AlwaysPresentKey k{{}, ActionSet(catalog.action_count())};
      std::optional<AccessLevel> level;
      std::vector<std::string> names, excluded;
      bool ok = entry.IsMap();
      for (const auto& f : ok ? entry : YAML::Node(YAML::NodeType::Map)) {
        std::string field = f.first.Scalar();
        if (field == "keys") k.keys = strings(f.second, "keys", out);
        else if (field == "names") names = strings(f.second, "names", out);
        else if (field == "except") excluded = strings(f.second, "except", out);
        else if (field == "access_level") ok = ok && (level = parse_level(scalar(f.second).value_or("")));
        else if (field == "actions") {
          for (const std::string& pattern : strings(f.second, "actions", out)) {
            PatternMatch m = expand_pattern(catalog, pattern);
            if (m.status == MatchStatus::Matched) k.actions |= m.actions;
            else out.unresolved.push_back(pattern);
          }
        } else if (field != "source") ok = false;
      }
      if (!ok || k.keys.empty() || !entry["source"]) {
        out.errors.push_back(std::string(kKeyFile) + ": an entry needs keys, source and actions or names "
                                                     "(with a valid access_level) only");
        continue;
      }
      // Names hold across services: every action of that name and level.
      if (!names.empty())
        for (ActionId id = 0; id < catalog.action_count(); ++id) {
          if (level && catalog.access_level(id) != *level) continue;
          for (const std::string& n : names)
            if (wildcard_match(n, catalog.action_name(id))) k.actions.insert(id);
        }
      for (const std::string& name : excluded) {
        if (auto id = catalog.find_action(name)) k.actions.erase(*id);
        else out.unresolved.push_back(name);
      }
      out.always_present.push_back(std::move(k));
    }
  }
}

void read_arn_services(RiskData& out) {
  auto doc = load(kArnFile, out);
  if (!doc) return;
  for (const auto& kv : *doc) {
    bool ok = kv.first.Scalar() == "aliases" && kv.second.IsSequence();
    for (const YAML::Node& entry : ok ? kv.second : YAML::Node(YAML::NodeType::Sequence)) {
      YAML::Node names = entry.IsMap() ? entry["names"] : YAML::Node();
      if (!entry.IsMap() || entry.size() != 2 || !entry["source"] || !names.IsSequence() || names.size() != 2 ||
          !scalar(names[0]) || !scalar(names[1])) {
        ok = false;
        continue;
      }
      out.service_aliases.emplace_back(*scalar(names[0]), *scalar(names[1]));
    }
    if (!ok) out.errors.push_back(std::string(kArnFile) + ": \"aliases\" must list {names: [two services], source}");
  }
}

}  // namespace

bool read_only_name(std::string_view name) {
  for (std::string_view verb : {"List", "Get", "Describe", "Search", "BatchGet", "View"})
    if (name.size() > verb.size() && name.substr(0, verb.size()) == verb &&
        !(name[verb.size()] >= 'a' && name[verb.size()] <= 'z'))
      return true;
  return false;
}

std::string_view service_alias(const RiskData& data, std::string_view service) {
  for (const auto& [a, b] : data.service_aliases) {
    if (iequals(a, service)) return b;
    if (iequals(b, service)) return a;
  }
  return "";
}

RiskData load_risk_data(const Catalog& catalog) {
  RiskData out;
  const std::size_t n = catalog.action_count();
  const ActionSet permissions = ActionSet::from_bits(n, catalog.actions_at_level(AccessLevel::PermissionsManagement));
  out.write_or_permissions = permissions | ActionSet::from_bits(n, catalog.actions_at_level(AccessLevel::Write));
  // The catalog files some reads under permissions management
  // (glue:ListEntities, fsx:GetResourcePolicy): they change no one's
  // access, so they expose nothing.
  out.permissions_management = ActionSet(n);
  permissions.for_each([&](ActionId id) {
    if (!read_only_name(catalog.action_name(id))) out.permissions_management.insert(id);
  });
  const BuiltinRisk& risk = builtin_risk();
  bool complete = true;
  out.data_exfiltration = ActionSet(n);
  for (ActionId id : resolve(catalog, risk.data_exfiltration, out, complete)) out.data_exfiltration.insert(id);
  out.credentials_exposure = ActionSet(n);
  for (ActionId id : resolve(catalog, risk.credentials_exposure, out, complete)) out.credentials_exposure.insert(id);
  for (const BuiltinEscalation& m : risk.privilege_escalation) {
    EscalationMethod method{std::string(m.method), {}, true};
    method.actions = resolve(catalog, m.actions, out, method.complete);
    out.privilege_escalation.push_back(std::move(method));
  }
  // Not yet compiled in (tools/builtin-data): read from the embedded bundle.
  read_condition_keys(catalog, out);
  read_arn_services(out);
  return out;
}

}  // namespace iamtrim::lint
