// The risk data a Linter uses (risk_data.hpp): the compiled-in tables
// resolved against the Linter's catalog.
#include "lint/risk_data.hpp"

namespace iamtrim::lint {
namespace {

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
  for (const BuiltinAlwaysPresent& k : risk.always_present) {
    AlwaysPresentKey key{{k.keys.begin(), k.keys.end()}, ActionSet(n)};
    for (ActionId id : resolve(catalog, k.actions, out, complete)) key.actions.insert(id);
    out.always_present.push_back(std::move(key));
  }
  for (const BuiltinAlias& a : risk.service_aliases) out.service_aliases.emplace_back(a.first, a.second);
  return out;
}

}  // namespace iamtrim::lint
