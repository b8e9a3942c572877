// The build-time readers of rules/risk-actions.yaml and rules/quotas.yaml
// (tools/builtin-data compiles what they read into tables). Kept apart from
// load_risk_data() so that the generator links none of the run-time code.
#include "iamtrim/rules.hpp"
#include "lint/risk_data.hpp"
#include "lint/yaml_check.hpp"

namespace iamtrim::lint {
namespace {

const char* kRiskFile = "risk-actions.yaml";
const char* kQuotaFile = "quotas.yaml";

std::vector<std::string> names(const YAML::Node& list, const std::string& where, std::vector<std::string>& errors) {
  return scalar_list(list, kRiskFile, where, "action names", errors);
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

}  // namespace iamtrim::lint
