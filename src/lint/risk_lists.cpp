// The build-time readers of rules/risk-actions.yaml, rules/quotas.yaml,
// rules/condition-keys.yaml and rules/arn-services.yaml (tools/builtin-data
// compiles what they read into tables). Kept apart from
// load_risk_data() so that the generator links none of the run-time code.
#include "iamtrim/rules.hpp"
#include "lint/risk_data.hpp"
#include "lint/yaml_check.hpp"

namespace iamtrim::lint {
namespace {

const char* kRiskFile = "risk-actions.yaml";
const char* kQuotaFile = "quotas.yaml";
const char* kKeyFile = "condition-keys.yaml";
const char* kArnFile = "arn-services.yaml";

std::vector<std::string> names(const YAML::Node& list, const std::string& where, std::vector<std::string>& errors) {
  return scalar_list(list, kRiskFile, where, "action names", errors);
}

std::optional<AccessLevel> parse_level(std::string_view text) {
  for (AccessLevel l : {AccessLevel::List, AccessLevel::Read, AccessLevel::Write, AccessLevel::PermissionsManagement,
                        AccessLevel::Tagging})
    if (iequals(to_string(l), text)) return l;
  return std::nullopt;
}

}  // namespace

RiskLists read_risk_lists(std::string_view yaml) {
  RiskLists out;
  for_each_entry(load_yaml_mapping(kRiskFile, yaml, out.errors), [&](const std::string& key, const YAML::Node& value) {
    if (key == "data_exfiltration") out.data_exfiltration = names(value, key, out.errors);
    else if (key == "credentials_exposure") out.credentials_exposure = names(value, key, out.errors);
    else if (key == "privilege_escalation" && value.IsMap()) {
      for (const auto& m : value) {
        const std::string method = m.first.Scalar();
        out.privilege_escalation.emplace_back(method, names(m.second, key + "." + method, out.errors));
      }
    } else {
      out.errors.push_back(std::string(kRiskFile) + ": unknown or malformed section \"" + key + "\"");
    }
  });
  return out;
}

QuotaList read_quotas(std::string_view yaml) {
  QuotaList out;
  for_each_entry(load_yaml_mapping(kQuotaFile, yaml, out.errors), [&](const std::string& kind, const YAML::Node& entry) {
    Quota q;
    bool ok = entry.IsMap();
    const YAML::Node fields = ok ? entry : YAML::Node(YAML::NodeType::Map);
    for (const auto& f : fields) {
      std::string field = f.first.Scalar();
      auto value = scalar(f.second).value_or("");
      try {
        if (field == "limit") q.limit = std::stoul(value);
        else if (field == "whitespace_counts") q.whitespace_counts = f.second.as<bool>();
        else if (field == "source") q.source = value;
        else ok = false;
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok || q.limit == 0 || q.source.empty())
      out.errors.push_back(std::string(kQuotaFile) + ": quota \"" + kind + "\" needs limit, whitespace_counts and source only");
    else out.quotas.emplace_back(kind, q);
  });
  return out;
}

ConditionKeyList read_condition_keys(std::string_view yaml) {
  ConditionKeyList out;
  auto strings = [&](const YAML::Node& n, const std::string& where) {
    return scalar_list(n, kKeyFile, where, "strings", out.errors);
  };
  for_each_entry(load_yaml_mapping(kKeyFile, yaml, out.errors), [&](const std::string& key, const YAML::Node& value) {
    if (key != "always_present" || !value.IsSequence()) {
      out.errors.push_back(std::string(kKeyFile) + ": unknown or malformed section \"" + key + "\"");
      return;
    }
    for (const YAML::Node& entry : value) {
      ConditionKeyRule rule;
      bool ok = entry.IsMap();
      for (const auto& f : ok ? entry : YAML::Node(YAML::NodeType::Map)) {
        std::string field = f.first.Scalar();
        if (field == "keys") rule.keys = strings(f.second, "keys");
        else if (field == "names") rule.names = strings(f.second, "names");
        else if (field == "except") rule.except = strings(f.second, "except");
        else if (field == "actions") rule.actions = strings(f.second, "actions");
        else if (field == "access_level") ok = ok && (rule.level = parse_level(scalar(f.second).value_or("")));
        else if (field != "source") ok = false;
      }
      if (!ok || rule.keys.empty() || !entry["source"] || (rule.actions.empty() && rule.names.empty()) ||
          (rule.level && rule.names.empty())) {
        out.errors.push_back(std::string(kKeyFile) + ": an entry needs keys, source and actions or names "
                                                     "(with a valid access_level) only");
        continue;
      }
      out.always_present.push_back(std::move(rule));
    }
  });
  return out;
}

std::vector<ActionId> resolve_rule(const Catalog& catalog, const ConditionKeyRule& rule,
                                   std::vector<std::string>& unresolved) {
  ActionSet actions(catalog.action_count());
  for (const std::string& pattern : rule.actions) {
    PatternMatch m = expand_pattern(catalog, pattern);
    if (m.status == MatchStatus::Matched) actions |= m.actions;
    else unresolved.push_back(pattern);
  }
  // Names hold across services: every action of that name (and level).
  std::vector<bool> matched(rule.names.size(), false);
  for (ActionId id = 0; !rule.names.empty() && id < catalog.action_count(); ++id) {
    if (rule.level && catalog.access_level(id) != *rule.level) continue;
    for (std::size_t i = 0; i < rule.names.size(); ++i)
      if (wildcard_match(rule.names[i], catalog.action_name(id))) {
        actions.insert(id);
        matched[i] = true;
      }
  }
  for (std::size_t i = 0; i < rule.names.size(); ++i)
    if (!matched[i]) unresolved.push_back(rule.names[i]);
  for (const std::string& name : rule.except) {
    if (auto id = catalog.find_action(name)) actions.erase(*id);
    else unresolved.push_back(name);
  }
  std::vector<ActionId> ids;
  actions.for_each([&](ActionId id) { ids.push_back(id); });
  return ids;
}

AliasList read_arn_services(std::string_view yaml) {
  AliasList out;
  for_each_entry(load_yaml_mapping(kArnFile, yaml, out.errors), [&](const std::string& key, const YAML::Node& value) {
    bool ok = key == "aliases" && value.IsSequence();
    for (const YAML::Node& entry : ok ? value : YAML::Node(YAML::NodeType::Sequence)) {
      YAML::Node names = entry.IsMap() ? entry["names"] : YAML::Node();
      if (!entry.IsMap() || entry.size() != 2 || !entry["source"] || !names.IsSequence() || names.size() != 2 ||
          !scalar(names[0]) || !scalar(names[1])) {
        ok = false;
        continue;
      }
      out.aliases.emplace_back(*scalar(names[0]), *scalar(names[1]));
    }
    if (!ok) out.errors.push_back(std::string(kArnFile) + ": \"aliases\" must list {names: [two services], source}");
  });
  return out;
}

}  // namespace iamtrim::lint
