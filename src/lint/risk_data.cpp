#include "lint/risk_data.hpp"

#include "iamtrim/rules.hpp"
#include "lint/yaml_check.hpp"

namespace iamtrim::lint {
namespace {

const char* kRiskFile = "risk-actions.yaml";
const char* kQuotaFile = "quotas.yaml";

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

}  // namespace

RiskData load_risk_data(const Catalog& catalog) {
  RiskData out;
  out.data_exfiltration = ActionSet(catalog.action_count());
  out.credentials_exposure = ActionSet(catalog.action_count());
  out.permissions_management = ActionSet(catalog.action_count());
  out.write_or_permissions = ActionSet(catalog.action_count());
  for (ActionId id = 0; id < catalog.action_count(); ++id) {
    AccessLevel level = catalog.access_level(id);
    if (level == AccessLevel::PermissionsManagement) out.permissions_management.insert(id);
    if (level == AccessLevel::PermissionsManagement || level == AccessLevel::Write)
      out.write_or_permissions.insert(id);
  }
  read_risks(catalog, out);
  read_quotas(out);
  return out;
}

}  // namespace iamtrim::lint
