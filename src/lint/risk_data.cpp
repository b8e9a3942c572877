#include "lint/risk_data.hpp"

#include "lint/yaml_check.hpp"

namespace iamtrim::lint {
namespace {

const char* kRiskFile = "risk-actions.yaml";
const char* kQuotaFile = "quotas.yaml";

std::optional<YAML::Node> load(const char* path, std::string_view text, std::vector<std::string>& errors) {
  std::string error;
  auto doc = load_yaml(path, text, error);
  if (!doc) {
    errors.push_back(error);
    return std::nullopt;
  }
  find_duplicate_keys(*doc, path, errors);
  if (!doc->IsMap()) {
    errors.push_back(std::string(path) + ": must be a mapping");
    return std::nullopt;
  }
  return doc;
}

std::vector<std::string> names(const YAML::Node& list, const std::string& where, std::vector<std::string>& errors) {
  std::vector<std::string> out;
  if (!list.IsSequence()) {
    errors.push_back(std::string(kRiskFile) + ": " + where + " must be a list of action names");
    return out;
  }
  for (const YAML::Node& item : list) {
    if (auto name = scalar(item)) out.push_back(*name);
    else errors.push_back(std::string(kRiskFile) + ": " + where + " holds a non-string");
  }
  return out;
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

}  // namespace

RiskLists read_risk_lists(std::string_view yaml) {
  RiskLists out;
  auto doc = load(kRiskFile, yaml, out.errors);
  if (!doc) return out;
  for (const auto& kv : *doc) {
    std::string key = kv.first.Scalar();
    if (key == "data_exfiltration") out.data_exfiltration = names(kv.second, key, out.errors);
    else if (key == "credentials_exposure") out.credentials_exposure = names(kv.second, key, out.errors);
    else if (key == "privilege_escalation" && kv.second.IsMap()) {
      for (const auto& m : kv.second) {
        const std::string method = m.first.Scalar();
        out.privilege_escalation.emplace_back(method, names(m.second, key + "." + method, out.errors));
      }
    } else {
      out.errors.push_back(std::string(kRiskFile) + ": unknown or malformed section \"" + key + "\"");
    }
  }
  return out;
}

QuotaList read_quotas(std::string_view yaml) {
  QuotaList out;
  auto doc = load(kQuotaFile, yaml, out.errors);
  if (!doc) return out;
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
    else out.quotas.emplace_back(kind, q);
  }
  return out;
}

RiskData load_risk_data(const Catalog& catalog) {
  RiskData out;
  const std::size_t n = catalog.action_count();
  out.permissions_management = ActionSet::from_bits(n, catalog.actions_at_level(AccessLevel::PermissionsManagement));
  out.write_or_permissions =
      out.permissions_management | ActionSet::from_bits(n, catalog.actions_at_level(AccessLevel::Write));
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
  for (const SizeQuota& q : size_quotas())
    out.quotas[std::string(q.kind)] = Quota{q.limit, q.whitespace_counts, std::string(q.source)};
  return out;
}

}  // namespace iamtrim::lint
