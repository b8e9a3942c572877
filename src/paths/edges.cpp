// The edges of the account graph: trust policies first (who may assume
// which role, and which services and outsiders are trusted), then every
// method of the catalogue for every principal that is not already at the
// target.
#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>

#include "paths/internal.hpp"

namespace iamtrim::paths {
namespace {


std::string account_of(std::string_view arn) {
  // arn:partition:service:region:account:...
  std::size_t pos = 0;
  for (int i = 0; i < 4 && pos != std::string_view::npos; ++i) pos = arn.find(':', pos + 1);
  if (pos == std::string_view::npos) return "";
  std::size_t end = arn.find(':', pos + 1);
  return std::string(arn.substr(pos + 1, end == std::string_view::npos ? std::string_view::npos : end - pos - 1));
}

// A trust statement admitting someone to a role.
struct Admission {
  std::size_t role = 0;  // actor index
  const CStatement* statement = nullptr;
};

struct ServiceTrust {
  std::size_t role = 0;
  const CStatement* statement = nullptr;
};

class EdgeBuilder {
 public:
  EdgeBuilder(Model& m, const MethodCatalogue& methods, Graph& g)
      : m_(m), methods_(methods), g_(g), direct_(m.actors.size()), wide_by_role_(m.actors.size()) {
    root_ = "AWS arn:" + m.partition + ":iam::" + m.account + ":root";
    const Catalog& c = *m.catalog;
    assume_ = *c.find_action("sts:AssumeRole");
    web_ = *c.find_action("sts:AssumeRoleWithWebIdentity");
    saml_ = *c.find_action("sts:AssumeRoleWithSAML");
    pass_role_ = *c.find_action("iam:PassRole");
    for (const Method& method : methods.methods) formats_[&method] = formats_for(method);
  }

  void run() {
    for (std::size_t r = 0; r < m_.actors.size(); ++r) read_trust(r);
    for (const Admission& ad : account_wide_) wide_by_role_[ad.role].push_back(ad.statement);
    for (const auto& [service, trusts] : services_) {
      auto& per_actor = service_trust_[service];
      per_actor.assign(m_.actors.size(), nullptr);
      for (const ServiceTrust& st : trusts)
        if (!per_actor[st.role]) per_actor[st.role] = st.statement;
    }
    for (const Actor& role : m_.actors)
      if (role.trust)
        for (const CStatement& st : role.trust->statements)
          if (st.grant->effect == Effect::Deny) trust_has_deny_.insert(&role);
    service_edges();
    for (std::size_t a = 0; a < m_.actors.size(); ++a) {
      const Actor& actor = m_.actors[a];
      if (g_.at_target[actor.node]) continue;  // already there: its own edges do not matter
      verdicts_.clear();
      filters_.clear();
      assume_edges(a);
      for (const Method& method : methods_.methods)
        if (method.kind != EdgeKind::AssumeRole) method_edges(a, method);
    }
    g_.searched = g_.edges.size();
    shown_only_edges();
  }

 private:
  // ---- trust policies ----------------------------------------------------------

  Context trust_context(const Actor* caller, const Actor& role) const {
    Context ctx;
    ctx.principal = caller;
    ctx.group_member = caller && caller->type == PrincipalType::Group;
    ctx.resource = &role;
    ctx.account = m_.account;
    ctx.partition = m_.partition;
    return ctx;
  }

  void read_trust(std::size_t r) {
    const Actor& role = m_.actors[r];
    if (!role.trust) return;
    for (const CStatement& s : role.trust->statements) {
      const Grant& g = *s.grant;
      if (g.effect != Effect::Allow || !g.principals.present) continue;
      if (g.principals.negated) continue;  // NotPrincipal is not valid in a trust policy (IAM017)
      const bool assume = g.actions.contains(assume_);
      for (const std::string& p : g.principals.principals) {
        if (p == "*" || p == "AWS *") {
          if (assume) {
            account_wide_.push_back({r, &s});
            outside_edge(NodeKind::Anyone, "anyone", "", r, s, "AssumeRole", assume_);
          }
          continue;
        }
        const auto space = p.find(' ');
        const std::string type = p.substr(0, space), value = p.substr(space + 1);
        if (type == "AWS" && assume) {
          aws_principal(r, s, value);
        } else if (type == "Service" && assume) {
          services_[value].push_back({r, &s});
        } else if (type == "Federated") {
          const bool saml = value.find(":saml-provider/") != std::string::npos;
          ActionId action = saml ? saml_ : web_;
          if (g.actions.contains(action))
            outside_edge(NodeKind::Provider, "provider/" + value, value, r, s,
                         saml ? "AssumeRoleWithSAML" : "AssumeRoleWithWebIdentity", action);
        }
      }
    }
  }

  void aws_principal(std::size_t r, const CStatement& s, const std::string& value) {
    const std::string account = account_of(value);
    if (account != m_.account) {
      std::string id = value.starts_with("arn:") && value.size() > 5 && value.substr(value.size() - 5) == ":root"
                           ? "account/" + account
                           : value;
      outside_edge(NodeKind::Account, id, value, r, s, "AssumeRole", assume_);
      return;
    }
    if (value.size() > 5 && value.substr(value.size() - 5) == ":root") {
      account_wide_.push_back({r, &s});
      return;
    }
    std::string arn = to_lower(value);
    // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION names sessions of ROLE.
    if (auto pos = arn.find(":assumed-role/"); pos != std::string::npos) {
      std::string name = arn.substr(pos + 14);
      name = name.substr(0, name.find('/'));
      if (auto it = m_.by_id.find("role/" + name); it != m_.by_id.end()) direct_[it->second].push_back({r, &s});
      return;
    }
    if (auto it = m_.by_arn.find(arn); it != m_.by_arn.end()) direct_[it->second].push_back({r, &s});
  }

  // Someone outside the account (a provider, another account, anyone) may assume the role.
  void outside_edge(NodeKind kind, const std::string& id, const std::string& arn, std::size_t r,
                    const CStatement& s, std::string_view method, ActionId action) {
    const Actor& role = m_.actors[r];
    const std::size_t from = m_.node_for(kind, id, kind == NodeKind::Anyone ? "" : arn);
    GEdge e;
    e.from = from;
    e.to = role.node;
    e.kind = EdgeKind::AssumeRole;
    e.method = method;
    e.citations.push_back(raw({role.trust, kNoGroup}, *s.grant, action, "trust"));
    Context ctx = trust_context(nullptr, role);
    CondResult cond = evaluate_conditions(s.grant->conditions, ctx, Effect::Allow, role.trust->variables);
    if (cond.value == Tri::False) return;
    for (const std::string& u : cond.unknown) e.conditions.push_back({u, e.citations.front()});
    if (kind == NodeKind::Account)
      e.conditions.push_back({"principals of account " + account_of(arn) + " whose own policies allow " +
                                  m_.catalog->full_name(action) + " (not in this file)",
                              std::nullopt});
    if (kind == NodeKind::Anyone)
      e.conditions.push_back({"any AWS principal whose own account's policies allow sts:AssumeRole", std::nullopt});
    if (!trust_denies(role, nullptr, action, e.conditions)) add_edge(std::move(e));
  }

  // Deny statements of a trust policy that apply to `caller` (nullptr: someone outside).
  bool trust_denies(const Actor& role, const Actor* caller, ActionId action, std::vector<RawNote>& notes) const {
    if (!trust_has_deny_.count(&role)) return false;
    for (const CStatement& s : role.trust->statements) {
      const Grant& g = *s.grant;
      if (g.effect != Effect::Deny || !g.actions.contains(action)) continue;
      bool applies = !g.principals.present || g.principals.negated;
      for (const std::string& p : g.principals.principals)
        if (p == "*" || p == "AWS *" ||
            (caller && ((p.size() == caller->arn.size() + 4 && iequals(std::string_view(p).substr(4), caller->arn)) ||
                        iequals(p, root_))))
          applies = true;
      if (!applies) continue;
      CondResult cond = evaluate_conditions(g.conditions, trust_context(caller, role), Effect::Deny, role.trust->variables);
      if (cond.value == Tri::False) continue;
      if (cond.value == Tri::True) return true;
      std::string text;
      for (const std::string& u : cond.unknown) text += (text.empty() ? "" : "; ") + u;
      notes.push_back({"unless denied (" + text + ")", raw({role.trust, kNoGroup}, g, action, "deny")});
    }
    return false;
  }

  // ---- sts:AssumeRole by a principal of the account ------------------------------

  // Whether actor `a` may assume role actor `r`; fills citations and conditions.
  std::optional<Verdict> may_assume(std::size_t a, std::size_t r) {
    const Actor& actor = m_.actors[a];
    const Actor& role = m_.actors[r];
    if (!role.trust) return std::nullopt;
    std::optional<Verdict> best;
    auto consider = [&](const CStatement& s, bool direct) {
      Context ctx = trust_context(&actor, role);
      CondResult cond = evaluate_conditions(s.grant->conditions, ctx, Effect::Allow, role.trust->variables);
      if (cond.value == Tri::False) return;
      Need need = !direct ? Need::Identity : actor.type == PrincipalType::Role ? Need::NoIdentityRole : Need::NoIdentity;
      ResourceQuery q;
      q.arn = role.arn;
      Verdict v = evaluate(m_, actor, assume_, q, ctx, need);
      if (v.value == Tri::False) return;
      RawCitation trust = raw({role.trust, kNoGroup}, *s.grant, assume_, "trust");
      v.citations.push_back(trust);  // after the caller's own grants, as for a service's trust
      for (const std::string& u : cond.unknown) v.conditions.push_back({u, trust});
      if (trust_denies(role, &actor, assume_, v.conditions)) return;
      if (!v.conditions.empty()) v.value = Tri::Unknown;
      if (!best || (best->value != Tri::True && v.value == Tri::True)) best = std::move(v);
    };
    for (const Admission& ad : direct_[a])
      if (ad.role == r) consider(*ad.statement, true);
    if (best && best->value == Tri::True) return best;
    for (const CStatement* st : wide_by_role_[r]) {
      // "*" admits the principal itself; the account root admits it through its own policies.
      bool star = false;
      for (const std::string& p : st->grant->principals.principals) star = star || p == "*" || p == "AWS *";
      consider(*st, star && actor.type != PrincipalType::Group);
      if (star && actor.type == PrincipalType::Group) consider(*st, false);
    }
    return best;
  }

  static bool star_trust(const CStatement& st) {
    for (const std::string& p : st.grant->principals.principals)
      if (p == "*" || p == "AWS *") return true;
    return false;
  }

  void assume_edges(std::size_t a) {
    const Actor& actor = m_.actors[a];
    std::vector<std::size_t> roles;
    for (const Admission& ad : direct_[a]) roles.push_back(ad.role);
    // A role that trusts the account is reached through the actor's own
    // sts:AssumeRole; without one, only "*" trusts can admit it.
    const bool own = may_allow(actor, assume_);
    const TargetFilter* names = own ? &filter(actor, assume_) : nullptr;
    for (const Admission& ad : account_wide_)
      if (star_trust(*ad.statement) || (names && names->admits(m_.actors[ad.role].arn))) roles.push_back(ad.role);
    std::sort(roles.begin(), roles.end());
    roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
    for (std::size_t r : roles) {
      if (r == a) continue;
      auto v = may_assume(a, r);
      if (!v) continue;
      GEdge e;
      e.from = actor.node;
      e.to = m_.actors[r].node;
      e.kind = EdgeKind::AssumeRole;
      e.method = "AssumeRole";
      e.citations = std::move(v->citations);
      e.conditions = std::move(v->conditions);
      add_edge(std::move(e));
    }
  }

  // ---- the methods of the catalogue -------------------------------------------------

  // ARN formats of the actions a method evaluates on "any resource", as globs
  // in this account.
  std::vector<std::vector<std::string>> formats_for(const Method& method) const {
    std::vector<std::vector<std::string>> out;
    const Catalog& c = *m_.catalog;
    for (const MethodAction& ma : method.actions) {
      std::vector<std::string> globs;
      if (ma.resource == MethodResource::Any) {
        for (const ActionResource& ar : c.resource_types(ma.action)) {
          const ResourceTypeInfo* rt = ar.type;
          if (!rt) continue;
          std::string f(rt->arn), g;
          for (std::size_t i = 0; i < f.size(); ++i) {
            if (f.compare(i, 12, "${Partition}") == 0) {
              g += m_.partition;
              i += 11;
            } else if (f.compare(i, 10, "${Account}") == 0) {
              g += m_.account;
              i += 9;
            } else if (f[i] == '$' && i + 1 < f.size() && f[i + 1] == '{') {
              g += '*';
              i = f.find('}', i);
              if (i == std::string::npos) break;
            } else {
              g += f[i];
            }
          }
          globs.push_back(std::move(g));
        }
      }
      out.push_back(std::move(globs));
    }
    return out;
  }

  Context caller_context(const Actor& actor, const Actor* resource) const {
    Context ctx;
    ctx.principal = &actor;
    ctx.group_member = actor.type == PrincipalType::Group;
    ctx.resource = resource;
    ctx.account = m_.account;
    ctx.partition = m_.partition;
    return ctx;
  }

  // A verdict for (action, target actor or none, passed-to service), cached
  // while one actor's edges are built.
  template <typename F>
  const Verdict& cached(ActionId action, std::size_t resource, std::string_view service, F&& compute) {
    auto [sit, added] = service_ids_.emplace(std::string(service), service_ids_.size());
    (void)added;
    const std::uint64_t key = (static_cast<std::uint64_t>(action) << 40) ^
                              (static_cast<std::uint64_t>(resource & 0xffffff) << 16) ^ sit->second;
    auto it = verdicts_.find(key);
    if (it == verdicts_.end()) it = verdicts_.emplace(key, compute()).first;
    return it->second;
  }

  struct Part {
    Tri value = Tri::True;
    std::vector<RawCitation> citations;
    std::vector<RawNote> conditions;
    const CPolicy* swap_from = nullptr;
    const CPolicy* swap_to = nullptr;
    void add(const Verdict& v) {
      if (v.value == Tri::False) value = Tri::False;
      if (v.value == Tri::Unknown && value == Tri::True) value = Tri::Unknown;
      citations.insert(citations.end(), v.citations.begin(), v.citations.end());
      conditions.insert(conditions.end(), v.conditions.begin(), v.conditions.end());
    }
  };

  void method_edges(std::size_t a, const Method& method) {
    const Actor& actor = m_.actors[a];
    if (method.users_only && actor.type != PrincipalType::User) return;
    const auto& formats = formats_.at(&method);
    // The actions on resources the actor picks do not depend on the target.
    Part common;
    for (std::size_t i = 0; i < method.actions.size() && common.value != Tri::False; ++i) {
      const MethodAction& ma = method.actions[i];
      if (ma.resource != MethodResource::Any) continue;
      common.add(cached(ma.action, 0xffffff, "", [&] {
        ResourceQuery q;
        q.kind = ResourceQuery::Kind::Formats;
        q.formats = &formats[i];
        return evaluate(m_, actor, ma.action, q, caller_context(actor, nullptr));
      }));
    }
    if (common.value == Tri::False) return;
    // Quick rejection: an action on the target that no identity policy allows at all.
    for (const MethodAction& ma : method.actions)
      if (ma.resource != MethodResource::Any && !(ma.action == assume_) && !may_allow(actor, ma.action)) return;

    if (method.kind == EdgeKind::ExistingResource) {
      if (!services_.count(method.service)) return;
      GEdge e;
      e.from = actor.node;
      e.to = m_.node_for(NodeKind::Service, "service/" + method.service, "");
      e.kind = method.kind;
      e.method = method.name;
      e.citations = std::move(common.citations);
      e.conditions = std::move(common.conditions);
      e.conditions.push_back({"requires " + method.precondition + " (the next step names the role)", std::nullopt});
      add_edge(std::move(e));
      return;
    }
    // Which targets the actor's grants can name at all (a pre-filter: the
    // verdict is evaluate()'s). Grants that name their resources literally
    // are looked up instead of tried against every target.
    std::vector<const TargetFilter*> filters;
    const TargetFilter* literal = nullptr;
    for (const MethodAction& ma : method.actions)
      if (ma.resource == MethodResource::Target && ma.action != assume_) {
        filters.push_back(&filter(actor, ma.action));
        if (!filters.back()->any && filters.back()->prefixes.empty()) literal = filters.back();
      }
    auto admitted = [&](std::size_t x) {
      for (const TargetFilter* f : filters)
        if (!f->admits(m_.actors[x].arn)) return false;
      return true;
    };
    const std::vector<const CStatement*>* trusting = nullptr;
    if (!method.service.empty()) {
      auto it = service_trust_.find(method.service);
      if (it == service_trust_.end()) return;
      trusting = &it->second;
    }
    auto visit = [&](std::size_t x) {
      const Actor& t = m_.actors[x];
      if (std::find(method.targets.begin(), method.targets.end(), t.type) == method.targets.end()) return;
      const CStatement* trust = nullptr;
      if (t.type == PrincipalType::Role && trusting) {
        trust = (*trusting)[x];
        if (!trust) return;
      }
      if (admitted(x)) target_edge(a, method, x, common, trust);
    };
    if (literal) {
      for (const std::string& arn : literal->literals)
        if (auto it = m_.by_arn.find(to_lower(arn)); it != m_.by_arn.end()) visit(it->second);
    } else if (trusting && method.targets.size() == 1 && method.targets[0] == PrincipalType::Role) {
      for (const ServiceTrust& st : services_.at(method.service)) visit(st.role);
    } else {
      for (std::size_t x = 0; x < m_.actors.size(); ++x) visit(x);
    }
  }

  // The resources an actor's Allow statements for one action can name.
  struct TargetFilter {
    bool any = false;                   // some statement could name any ARN
    std::vector<std::string> literals;  // ARNs without wildcards
    std::vector<std::string> prefixes;  // the literal start of patterns with wildcards
    bool admits(const std::string& arn) const {
      if (any) return true;
      for (const std::string& l : literals)
        if (l == arn) return true;
      for (const std::string& p : prefixes)
        if (arn.compare(0, p.size(), p) == 0) return true;
      return false;
    }
  };

  const TargetFilter& filter(const Actor& actor, ActionId action) {
    auto [it, added] = filters_.try_emplace(action);
    if (!added) return it->second;
    TargetFilter& f = it->second;
    Context ctx = caller_context(actor, nullptr);
    for (const PolicyUse& u : actor.identity)
      for (const CStatement& s : u.policy->statements) {
        const Grant& g = *s.grant;
        if (g.effect != Effect::Allow || !g.actions.contains(action)) continue;
        if (g.resources.negated) f.any = true;
        for (std::size_t i = 0; i < g.resources.patterns.size() && !f.any; ++i) {
          std::string p = g.resources.patterns[i];
          if (g.resources.opaque[i]) {
            f.any = true;
            break;
          }
          if (s.variables && u.policy->variables && has_policy_variable(p)) {
            auto resolved = substitute(p, ctx);
            if (!resolved) {
              f.any = true;
              break;
            }
            p = *resolved;
          }
          std::size_t wild = p.find_first_of("*?");
          if (wild == std::string::npos) f.literals.push_back(p);
          else f.prefixes.push_back(p.substr(0, wild));
        }
      }
    return f;
  }

  bool may_allow(const Actor& actor, ActionId action) {
    auto key = std::make_pair(&actor, action);
    if (auto it = may_allow_.find(key); it != may_allow_.end()) return it->second;
    bool any = false;
    for (const PolicyUse& u : actor.identity)
      for (const CStatement& s : u.policy->statements)
        if (s.grant->effect == Effect::Allow && s.grant->actions.contains(action)) any = true;
    may_allow_[key] = any;
    return any;
  }

  void target_edge(std::size_t a, const Method& method, std::size_t x, const Part& common,
                   const CStatement* service_trust) {
    const Actor& actor = m_.actors[a];
    const Actor& target = m_.actors[x];
    const bool acts = method.effect == MethodEffect::ActAs || method.effect == MethodEffect::JoinGroup;
    if (acts && x == a) return;
    if (method.instance_profile && !target.instance_profile) return;
    if (method.effect == MethodEffect::DropBoundary && target.boundary_arn.empty()) return;
    if (method.effect == MethodEffect::JoinGroup &&
        std::find(actor.groups.begin(), actor.groups.end(), x) != actor.groups.end())
      return;

    Part part;  // what the target adds; `common` joins it once the target qualifies
    std::vector<std::pair<const CPolicy*, const CPolicy*>> swaps;  // SetPolicyVersion: (default, older)
    for (const MethodAction& ma : method.actions) {
      if (part.value == Tri::False) return;
      if (ma.resource == MethodResource::Any) continue;
      if (ma.action == assume_ && ma.resource == MethodResource::Target) {
        auto v = may_assume(a, x);
        if (!v) return;
        part.add(*v);
        continue;
      }
      if (ma.resource == MethodResource::Target) {
        const std::string_view service = ma.action == pass_role_ ? std::string_view(method.service) : std::string_view();
        part.add(cached(ma.action, x, service, [&] {
          ResourceQuery q;
          q.arn = target.arn;
          Context ctx = caller_context(actor, &target);
          ctx.passed_to_service = service;
          return evaluate(m_, actor, ma.action, q, ctx);
        }));
        continue;
      }
      // @target-policy: a customer-managed policy attached to the target.
      std::optional<Verdict> best;
      for (const Attached& at : target.attached) {
        if (method.effect == MethodEffect::SetPolicyVersion && at.other_versions.empty()) continue;
        ResourceQuery q;
        q.arn = at.policy->arn;
        Verdict v = evaluate(m_, actor, ma.action, q, caller_context(actor, nullptr));
        if (v.value == Tri::False) continue;
        if (!best || (best->value != Tri::True && v.value == Tri::True)) {
          best = std::move(v);
          part.swap_from = at.policy;
          swaps.clear();
          for (const CPolicy* older : at.other_versions) swaps.emplace_back(at.policy, older);
        }
      }
      if (!best) return;
      part.add(*best);
    }
    if (part.value == Tri::False) return;
    part.citations.insert(part.citations.begin(), common.citations.begin(), common.citations.end());
    part.conditions.insert(part.conditions.begin(), common.conditions.begin(), common.conditions.end());

    // Citations in the order the method lists its actions.
    auto rank = [&](const RawCitation& c) {
      for (std::size_t i = 0; i < method.actions.size(); ++i)
        if (c.label.empty() && method.actions[i].action == c.action) return i;
      return method.actions.size();
    };
    std::stable_sort(part.citations.begin(), part.citations.end(),
                     [&](const RawCitation& l, const RawCitation& r) { return rank(l) < rank(r); });
    GEdge e;
    e.from = actor.node;
    e.to = target.node;
    e.kind = method.kind;
    e.method = method.name;
    e.service = method.service;
    e.citations = std::move(part.citations);
    e.conditions = std::move(part.conditions);
    if (service_trust) {
      RawCitation trust = raw({target.trust, kNoGroup}, *service_trust->grant, assume_, "trust");
      Context ctx;
      ctx.service = method.service;
      ctx.resource = &target;
      ctx.account = m_.account;
      ctx.partition = m_.partition;
      CondResult cond = evaluate_conditions(service_trust->grant->conditions, ctx, Effect::Allow, target.trust->variables);
      if (cond.value == Tri::False) return;
      for (const std::string& u : cond.unknown) e.conditions.push_back({u, trust});
      e.citations.push_back(std::move(trust));
    }
    if (!method.precondition.empty()) e.conditions.push_back({"requires " + method.precondition, std::nullopt});
    if (method.effect == MethodEffect::JoinGroup && (!actor.boundary_arn.empty() || actor.has_deny))
      e.conditions.push_back({"the permissions boundary and Deny statements of " + actor.id +
                                  " still apply to what it does as a member of " + target.id,
                              std::nullopt});

    switch (method.effect) {
      case MethodEffect::ActAs:
      case MethodEffect::JoinGroup: add_edge(std::move(e)); break;
      case MethodEffect::SetPolicyVersion:
        for (const auto& [from, to] : swaps) {
          ModifyEdge me{e, method.effect, from, to};
          g_.modify.push_back(std::move(me));
        }
        break;
      default: g_.modify.push_back({std::move(e), method.effect, nullptr, nullptr}); break;
    }
  }

  // One searched edge per (from, to): the unconditional one when there is one,
  // the others named as alternatives.
  void add_edge(GEdge e) {
    const std::uint64_t key = (static_cast<std::uint64_t>(e.from) << 32) | e.to;
    auto it = pair_.find(key);
    if (it == pair_.end()) {
      pair_[key] = g_.edges.size();
      g_.edges.push_back(std::move(e));
      return;
    }
    GEdge& old = g_.edges[it->second];
    if (old.method == e.method) return;
    if (old.conditional() && !e.conditional()) {
      e.alternatives = std::move(old.alternatives);
      e.alternatives.push_back(old.method);
      old = std::move(e);
    } else if (std::find(old.alternatives.begin(), old.alternatives.end(), e.method) == old.alternatives.end()) {
      old.alternatives.push_back(e.method);
    }
  }

  // A service node stands for the resources of that service that already
  // exist (functions, instances, notebooks...): the file does not say which
  // role each runs as, so an actor that may take one over (an
  // existing-resource method) reaches the service node, and the service node
  // reaches every role that trusts it (EC2: every role with an instance
  // profile). This keeps those edges to actors + roles instead of their product.
  void service_edges() {
    for (const auto& [service, trusts] : services_)
      for (const ServiceTrust& st : trusts) {
        const Actor& role = m_.actors[st.role];
        if (service == "ec2.amazonaws.com" && !role.instance_profile) continue;
        Context ctx;
        ctx.service = service;
        ctx.resource = &role;
        ctx.account = m_.account;
        ctx.partition = m_.partition;
        CondResult cond = evaluate_conditions(st.statement->grant->conditions, ctx, Effect::Allow, role.trust->variables);
        if (cond.value == Tri::False) continue;
        GEdge e;
        e.from = m_.node_for(NodeKind::Service, "service/" + service, "");
        e.to = role.node;
        e.kind = EdgeKind::ServiceTrust;
        e.method = "RunsAsRole";
        RawCitation trust = raw({role.trust, kNoGroup}, *st.statement->grant, assume_, "trust");
        e.citations.push_back(trust);
        for (const std::string& u : cond.unknown) e.conditions.push_back({u, trust});
        add_edge(std::move(e));
      }
  }

  // Membership: drawn, not searched.
  void shown_only_edges() {
    for (const Actor& user : m_.actors)
      for (std::size_t gi : user.groups) {
        GEdge e;
        e.from = user.node;
        e.to = m_.actors[gi].node;
        e.kind = EdgeKind::Member;
        e.method = "member";
        g_.edges.push_back(std::move(e));
      }
  }

  Model& m_;
  const MethodCatalogue& methods_;
  Graph& g_;
  ActionId assume_ = 0, web_ = 0, saml_ = 0, pass_role_ = 0;
  std::vector<std::vector<Admission>> direct_;       // per actor: trust statements naming it
  std::vector<Admission> account_wide_;              // trust statements naming the account or "*"
  std::vector<std::vector<const CStatement*>> wide_by_role_;
  std::set<const Actor*> trust_has_deny_;
  std::string root_;
  std::map<std::string, std::vector<ServiceTrust>> services_;
  std::map<const Method*, std::vector<std::vector<std::string>>> formats_;
  std::unordered_map<std::uint64_t, Verdict> verdicts_;
  std::unordered_map<ActionId, TargetFilter> filters_;
  std::map<std::string, std::vector<const CStatement*>> service_trust_;  // service -> per actor: its trust statement
  std::unordered_map<std::string, std::uint64_t> service_ids_;
  std::map<std::pair<const Actor*, ActionId>, bool> may_allow_;
  std::unordered_map<std::uint64_t, std::size_t> pair_;
};

}  // namespace

void build_edges(Model& model, const MethodCatalogue& methods, Graph& graph) {
  EdgeBuilder(model, methods, graph).run();
  graph.at_target.resize(model.nodes.size());
}

}  // namespace iamtrim::paths
