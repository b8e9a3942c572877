#include "lint/risk_data.hpp"

#include "iamtrim/rules.hpp"
#include "lint/yaml_check.hpp"

namespace iamtrim::lint {
namespace {

const char* kRiskFile = "risk-actions.yaml";
const char* kQuotaFile = "quotas.yaml";
const char* kKeyFile = "condition-keys.yaml";
const char* kArnFile = "arn-services.yaml";

std::optional<YAML::Node> load(const char* path, RiskData& out) {
  auto text = embedded_rule_file(path);
  if (!text) {
    out.errors.push_back(std::string(path) + ": not embedded");
    return std::nullopt;
  }
  std::string error;
  auto doc = load_yaml(path, *text, error);
  if (!doc) {
    out.errors.push_back(error);
    return std::nullopt;
  }
  find_duplicate_keys(*doc, path, out.errors);
  if (!doc->IsMap()) {
    out.errors.push_back(std::string(path) + ": must be a mapping");
    return std::nullopt;
  }
  return doc;
}

// Resolves a list of names; unknown ones are remembered, not fatal: a newer
// risk list may name actions an older catalog lacks.
std::vector<ActionId> resolve(const Catalog& catalog, const YAML::Node& list, const std::string& where,
                              RiskData& out, bool& complete) {
  std::vector<ActionId> ids;
  if (!list.IsSequence()) {
    out.errors.push_back(std::string(kRiskFile) + ": " + where + " must be a list of action names");
    complete = false;
    return ids;
  }
  for (const YAML::Node& item : list) {
    auto name = scalar(item);
    if (!name) {
      out.errors.push_back(std::string(kRiskFile) + ": " + where + " holds a non-string");
      complete = false;
      continue;
    }
    if (auto id = catalog.find_action(*name)) ids.push_back(*id);
    else {
      out.unresolved.push_back(*name);
      complete = false;
    }
  }
  return ids;
}

void read_risks(const Catalog& catalog, RiskData& out) {
  auto doc = load(kRiskFile, out);
  if (!doc) return;
  for (const auto& kv : *doc) {
    std::string key = kv.first.Scalar();
    bool complete = true;
    if (key == "data_exfiltration" || key == "credentials_exposure") {
      ActionSet& set = key == "data_exfiltration" ? out.data_exfiltration : out.credentials_exposure;
      for (ActionId id : resolve(catalog, kv.second, key, out, complete)) set.insert(id);
    } else if (key == "privilege_escalation" && kv.second.IsMap()) {
      for (const auto& m : kv.second) {
        EscalationMethod method{m.first.Scalar(), {}, true};
        method.actions = resolve(catalog, m.second, key + "." + method.name, out, method.complete);
        out.privilege_escalation.push_back(std::move(method));
      }
    } else {
      out.errors.push_back(std::string(kRiskFile) + ": unknown or malformed section \"" + key + "\"");
    }
  }
}

void read_quotas(RiskData& out) {
  auto doc = load(kQuotaFile, out);
  if (!doc) return;
  for (const auto& kv : *doc) {
    std::string kind = kv.first.Scalar();
    Quota q;
    bool ok = kv.second.IsMap();
    const YAML::Node fields = ok ? kv.second : YAML::Node(YAML::NodeType::Map);
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
    else out.quotas[kind] = q;
  }
}

std::vector<std::string> strings(const YAML::Node& n, const std::string& where, RiskData& out) {
  std::vector<std::string> v;
  if (!n || !n.IsSequence()) {
    out.errors.push_back(std::string(kKeyFile) + ": " + where + " must be a list of strings");
    return v;
  }
  for (const YAML::Node& item : n) {
    if (auto s = scalar(item)) v.push_back(*s);
    else out.errors.push_back(std::string(kKeyFile) + ": " + where + " holds a non-string");
  }
  return v;
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
  out.data_exfiltration = ActionSet(catalog.action_count());
  out.credentials_exposure = ActionSet(catalog.action_count());
  out.permissions_management = ActionSet(catalog.action_count());
  out.write_or_permissions = ActionSet(catalog.action_count());
  for (ActionId id = 0; id < catalog.action_count(); ++id) {
    AccessLevel level = catalog.access_level(id);
    // The catalog files some reads under permissions management
    // (glue:ListEntities, fsx:GetResourcePolicy): they change no one's
    // access, so they expose nothing.
    if (level == AccessLevel::PermissionsManagement && !read_only_name(catalog.action_name(id)))
      out.permissions_management.insert(id);
    if (level == AccessLevel::PermissionsManagement || level == AccessLevel::Write)
      out.write_or_permissions.insert(id);
  }
  read_risks(catalog, out);
  read_quotas(out);
  read_condition_keys(catalog, out);
  read_arn_services(out);
  return out;
}

}  // namespace iamtrim::lint
