// check_not_granted(): can this policy grant any of these actions (on any of
// these resources)? Like Access Analyzer's CheckAccessNotGranted, an Allow
// counts whatever its Condition says (a condition may hold), and only a Deny
// without a Condition takes access away.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckAccessNotGranted.html
#include <algorithm>

#include "diff/coverage.hpp"

namespace iamtrim {
namespace {

using gate::Cover;

// Whether a statement's resources can include the query resource `q`.
bool may_apply(const ResourceScope& scope, const std::string& q) {
  for (std::size_t i = 0; i < scope.patterns.size(); ++i) {
    if (scope.opaque[i]) return true;  // a computed value could be q
    if (scope.negated) continue;
    if (glob_intersects(scope.patterns[i], q)) return true;
  }
  if (!scope.negated) return false;
  return std::none_of(scope.patterns.begin(), scope.patterns.end(),
                      [&](const std::string& n) { return glob_contains(n, q) == GlobVerdict::Yes; });
}

bool covers_all_principals(const PrincipalScope& cover, const PrincipalScope& target) {
  for (const auto& p : gate::principal_units(target))
    if (gate::covers(cover, p) != Cover::Yes) return false;
  return true;
}

}  // namespace

std::vector<Change> check_not_granted(const Catalog& catalog, const GatePolicy& policy,
                                      const NotGrantedQuery& query) {
  GrantModel model = build_model(catalog, policy.policy);
  std::vector<const Grant*> denies;
  for (const Grant& g : model.grants)
    if (g.effect == Effect::Deny && g.conditions.empty()) denies.push_back(&g);

  std::vector<Change> out;
  for (const Grant& s : model.grants) {
    if (s.effect != Effect::Allow) continue;
    ActionSet wanted = s.actions & query.actions;
    std::vector<std::string> others;
    for (const std::string& a : s.other_actions)
      if (std::any_of(query.patterns.begin(), query.patterns.end(),
                      [&](const std::string& q) { return glob_intersects(a, q); }))
        others.push_back(a);
    if (wanted.empty() && others.empty()) continue;

    ActionSet grantable(catalog.action_count());
    std::vector<std::string> resources;
    if (query.resources.empty()) {
      // Denied only where a Deny covers every resource of the statement.
      ActionSet denied(catalog.action_count());
      for (const Grant* d : denies) {
        bool all = covers_all_principals(d->principals, s.principals);
        for (const auto& r : gate::resource_units(s.resources))
          if (gate::covers(d->resources, r) != Cover::Yes) all = false;
        if (all) denied |= d->actions;
      }
      grantable = wanted - denied;
      for (const auto& r : gate::resource_units(s.resources)) resources.push_back(r.label());
    } else {
      for (const std::string& q : query.resources) {
        if (!may_apply(s.resources, q)) continue;
        ResourceScope one;
        one.patterns = {q};
        one.opaque = {false};
        gate::ResourceUnit unit{&one, 0};
        ActionSet denied(catalog.action_count());
        for (const Grant* d : denies)
          if (gate::covers(d->resources, unit) == Cover::Yes && covers_all_principals(d->principals, s.principals))
            denied |= d->actions;
        ActionSet here = wanted - denied;
        if (here.empty() && others.empty()) continue;
        grantable |= here;
        resources.push_back(q);
      }
      if (resources.empty()) continue;
    }
    if (grantable.empty() && others.empty()) continue;
    Change c;
    c.kind = ChangeKind::Grantable;
    c.actions = std::move(grantable);
    c.other_actions = std::move(others);
    c.resources = std::move(resources);
    for (const auto& p : gate::principal_units(s.principals))
      if (std::string l = p.label(); !l.empty()) c.principals.push_back(l);
    if (!s.conditions.empty()) c.detail = "when its condition holds";
    c.where = gate::locate(policy, s.statement, ChangeKind::Grantable);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace iamtrim
