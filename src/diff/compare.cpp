// compare(): what NEW grants that OLD did not, against the union of OLD's
// statements. Each NEW Allow statement is split into (principal, resource)
// units; from each unit's actions we take away what OLD already allowed
// there under a condition no tighter, then explain what is left by the
// closest OLD grant (a condition, a resource or a principal differs) or,
// failing that, as newly allowed. Deny statements are compared the other way
// round: a Deny of OLD must still be covered by NEW's Denies.
#include <algorithm>

#include "diff/coverage.hpp"

namespace iamtrim {
namespace gate {
namespace {

Span element_span(const Span& key, const Span& value) {
  if (key.known() && value.known()) return {key.begin, value.end};
  return value.known() ? value : key;
}

}  // namespace

Location locate(const GatePolicy& gp, const Statement* s, ChangeKind kind) {
  Location l;
  l.path = gp.path;
  if (!s) {
    l.span = gp.policy.statement_span.known() ? gp.policy.statement_span : gp.policy.span;
    l.pointer = gp.policy.statements.empty() ? "" : gp.policy.statements.front().pointer;
    if (auto slash = l.pointer.rfind('/'); slash != std::string::npos) l.pointer.erase(slash);
    return l;
  }
  l.statement = s->index;
  if (s->sid) l.sid = s->sid->text;
  l.span = s->span;
  l.pointer = s->pointer;
  auto use = [&](const char* name, const Span& key, const Span& value) {
    l.span = element_span(key, value);
    l.pointer = s->pointer + "/" + name;
  };
  switch (kind) {
    case ChangeKind::NewlyAllowed:
    case ChangeKind::NewlyDenied:
    case ChangeKind::Grantable:
      if (const ItemList* a = s->actions()) use(s->action ? "Action" : "NotAction", a->key_span, a->span);
      break;
    case ChangeKind::ResourceWidened:
      if (s->resource) use("Resource", s->resource->key_span, s->resource->span);
      if (s->not_resource) use("NotResource", s->not_resource->key_span, s->not_resource->span);
      break;
    case ChangeKind::PrincipalNewlyTrusted:
      if (s->principal) use("Principal", s->principal->key_span, s->principal->span);
      if (s->not_principal) use("NotPrincipal", s->not_principal->key_span, s->not_principal->span);
      break;
    case ChangeKind::ConditionRemoved:
    case ChangeKind::ConditionLoosened:
    case ChangeKind::ConditionChanged:
      if (s->condition) use("Condition", s->condition->key_span, s->condition->span);
      break;
    default: break;
  }
  return l;
}

}  // namespace gate

namespace {

using gate::Cover;
using gate::CondRelation;
using gate::locate;

struct Side {
  const GatePolicy* policy = nullptr;
  GrantModel model;
};

class Comparer {
 public:
  Comparer(const Catalog& c, const GatePolicy* o, const GatePolicy* n) : catalog_(c) {
    old_.policy = o;
    new_.policy = n;
    if (o) old_.model = build_model(c, o->policy);
    if (n) new_.model = build_model(c, n->policy);
  }

  std::vector<Change> run() {
    if (new_.policy)
      for (const Grant& g : new_.model.grants)
        if (g.effect == Effect::Allow) new_allow(g);
    if (old_.policy)
      for (const Grant& g : old_.model.grants) old_grant(g);
    if (new_.policy)
      for (const Grant& g : new_.model.grants)
        if (g.effect == Effect::Deny) informational(g, old_, ChangeKind::NewlyDenied, new_);
    return merge(std::move(out_));
  }

 private:
  ActionSet empty() const { return ActionSet(catalog_.action_count()); }

  // Actions an unconditional Deny of the same policy takes away from (r, p).
  ActionSet denied_outright(const Side& side, const gate::ResourceUnit& r, const gate::PrincipalUnit& p) const {
    ActionSet d = empty();
    for (const Grant& g : side.model.grants)
      if (g.effect == Effect::Deny && g.conditions.empty() && gate::covers(g.resources, r) == Cover::Yes &&
          gate::covers(g.principals, p) == Cover::Yes)
        d |= g.actions;
    return d;
  }

  void emit(ChangeKind kind, Certainty certainty, ActionSet actions, std::vector<std::string> others,
            const gate::ResourceUnit& r, const gate::PrincipalUnit& p, std::string detail, Location where,
            std::optional<Location> was = std::nullopt) {
    Change c;
    c.kind = kind;
    c.certainty = certainty;
    c.actions = std::move(actions);
    c.other_actions = std::move(others);
    c.resources.push_back(r.label());
    if (std::string pl = p.label(); !pl.empty()) c.principals.push_back(pl);
    c.detail = std::move(detail);
    c.where = std::move(where);
    c.was = std::move(was);
    out_.push_back(std::move(c));
  }

  void new_allow(const Grant& s) {
    for (const auto& p : gate::principal_units(s.principals))
      for (const auto& r : gate::resource_units(s.resources)) new_allow_unit(s, r, p);
  }

  void new_allow_unit(const Grant& s, const gate::ResourceUnit& r, const gate::PrincipalUnit& p) {
    ActionSet rest = s.actions - denied_outright(new_, r, p);
    std::vector<std::string> others = s.other_actions;
    struct Near {
      const Grant* grant;
      Cover res, pr;
      gate::CondComparison cond;
    };
    std::vector<Near> near;
    for (const Grant& t : old_.model.grants) {
      if (t.effect != Effect::Allow) continue;
      Near n{&t, gate::covers(t.resources, r), gate::covers(t.principals, p), {}};
      if (n.res == Cover::Yes && n.pr == Cover::Yes) {
        n.cond = gate::compare_conditions(t.conditions, s.conditions);
        if (n.cond.relation == CondRelation::Implied) {
          rest -= t.actions;
          others = gate::uncovered_other_actions(t, others);
          continue;
        }
      }
      near.push_back(n);
    }
    if (rest.empty() && others.empty()) return;
    const GatePolicy& np = *new_.policy;
    auto take = [&](const Grant& t) {
      ActionSet part = rest & t.actions;
      rest -= part;
      return part;
    };
    for (const Near& n : near) {
      if (n.res != Cover::Yes || n.pr != Cover::Yes) continue;
      ActionSet part = take(*n.grant);
      if (part.empty()) continue;
      ChangeKind kind = n.cond.relation == CondRelation::Removed  ? ChangeKind::ConditionRemoved
                        : n.cond.relation == CondRelation::Looser ? ChangeKind::ConditionLoosened
                                                                  : ChangeKind::ConditionChanged;
      emit(kind, Certainty::Definite, std::move(part), {}, r, p, n.cond.detail, locate(np, s.statement, kind));
    }
    for (const Near& n : near) {
      if (n.pr != Cover::Yes || n.res == Cover::Yes) continue;
      ActionSet part = take(*n.grant);
      if (part.empty()) continue;
      Certainty certainty = n.res == Cover::Maybe ? Certainty::Possible : Certainty::Definite;
      gate::ResourceUnit first{&n.grant->resources, 0};
      std::string was = n.grant->resources.negated ? first.label() : join(n.grant->resources.patterns, ", ");
      emit(ChangeKind::ResourceWidened, certainty, std::move(part), {}, r, p, "previously " + was,
           locate(np, s.statement, ChangeKind::ResourceWidened));
    }
    for (const Near& n : near) {
      if (n.res != Cover::Yes || n.pr == Cover::Yes) continue;
      ActionSet part = take(*n.grant);
      if (part.empty()) continue;
      Certainty certainty = n.pr == Cover::Maybe ? Certainty::Possible : Certainty::Definite;
      emit(ChangeKind::PrincipalNewlyTrusted, certainty, std::move(part), {}, r, p, "",
           locate(np, s.statement, ChangeKind::PrincipalNewlyTrusted));
    }
    if (rest.empty() && others.empty()) return;
    bool principal_known = !p.scope->present;
    for (const Grant& t : old_.model.grants)
      if (t.effect == Effect::Allow && gate::covers(t.principals, p) == Cover::Yes) principal_known = true;
    ChangeKind kind = principal_known ? ChangeKind::NewlyAllowed : ChangeKind::PrincipalNewlyTrusted;
    Certainty certainty = r.scope->opaque.empty() || !r.scope->opaque[r.scope->negated ? 0 : r.index]
                              ? Certainty::Definite
                              : Certainty::Possible;
    emit(kind, certainty, std::move(rest), std::move(others), r, p, "",
         locate(np, s.statement, ChangeKind::NewlyAllowed));
  }

  // An OLD statement: a Deny must still be covered by NEW's Denies; an
  // Allow that NEW no longer grants is reported for information.
  void old_grant(const Grant& d) {
    if (d.effect == Effect::Allow) {
      informational(d, new_, ChangeKind::NoLongerAllowed, old_);
      return;
    }
    for (const auto& p : gate::principal_units(d.principals))
      for (const auto& r : gate::resource_units(d.resources)) {
        ActionSet rest = d.actions;
        std::vector<std::pair<const Grant*, gate::CondComparison>> near;
        for (const Grant& t : new_.model.grants) {
          if (t.effect != Effect::Deny || gate::covers(t.resources, r) != Cover::Yes ||
              gate::covers(t.principals, p) != Cover::Yes)
            continue;
          // The new Deny covers the old one when it applies whenever the old did.
          gate::CondComparison cond = gate::compare_conditions(t.conditions, d.conditions);
          if (cond.relation == CondRelation::Implied)
            rest -= t.actions;
          else
            near.emplace_back(&t, cond);
        }
        Location was = locate(*old_.policy, d.statement, ChangeKind::NoLongerDenied);
        for (auto& [t, cond] : near) {
          ActionSet part = rest & t->actions;
          rest -= part;
          if (part.empty()) continue;
          bool changed = cond.relation == CondRelation::Changed;
          ChangeKind kind = changed ? ChangeKind::ConditionChanged : ChangeKind::NoLongerDenied;
          emit(kind, Certainty::Definite, std::move(part), {}, r, p,
               (changed ? "deny " : "deny applies less often: ") + cond.detail,
               locate(*new_.policy, t->statement, ChangeKind::ConditionChanged), was);
        }
        if (!rest.empty())
          emit(ChangeKind::NoLongerDenied, Certainty::Definite, std::move(rest), {}, r, p, "", deny_site(d, was), was);
      }
  }

  // Where NEW says less than an OLD Deny: the Deny with the same Sid if it
  // survived, else NEW's statement list.
  Location deny_site(const Grant& d, const Location& was) const {
    if (!new_.policy) return was;
    for (const Grant& t : new_.model.grants)
      if (t.effect == Effect::Deny && d.statement->sid && t.statement->sid &&
          t.statement->sid->text == d.statement->sid->text)
        return locate(*new_.policy, t.statement, ChangeKind::NewlyDenied);
    return locate(*new_.policy, nullptr, ChangeKind::NoLongerDenied);
  }

  // What `g` covers that no grant of `other` with the same effect covers
  // (whatever their conditions): NewlyDenied and NoLongerAllowed.
  void informational(const Grant& g, const Side& other, ChangeKind kind, const Side& own) {
    for (const auto& p : gate::principal_units(g.principals))
      for (const auto& r : gate::resource_units(g.resources)) {
        ActionSet rest = g.actions;
        for (const Grant& t : other.model.grants)
          if (t.effect == g.effect && gate::covers(t.resources, r) == Cover::Yes &&
              gate::covers(t.principals, p) == Cover::Yes)
            rest -= t.actions;
        if (rest.empty()) continue;
        if (kind == ChangeKind::NewlyDenied) {
          emit(kind, Certainty::Definite, std::move(rest), {}, r, p, "", locate(*own.policy, g.statement, kind));
        } else {
          Location was = locate(*own.policy, g.statement, ChangeKind::NewlyAllowed);
          emit(kind, Certainty::Definite, std::move(rest), {}, r, p, "",
               other.policy ? locate(*other.policy, nullptr, kind) : was, was);
        }
      }
  }

  static bool same_but(const Change& a, const Change& b, bool resources) {
    return a.kind == b.kind && a.certainty == b.certainty && a.detail == b.detail &&
           a.where.pointer == b.where.pointer && a.where.path == b.where.path &&
           (a.was.has_value() == b.was.has_value()) && (!a.was || a.was->pointer == b.was->pointer) &&
           a.actions == b.actions && a.other_actions == b.other_actions &&
           (resources ? a.principals == b.principals : a.resources == b.resources);
  }

  // Units with the same outcome become one change listing all their resources
  // (then principals), so a statement reads as one finding, not one per ARN.
  static std::vector<Change> merge(std::vector<Change> in) {
    for (bool resources : {true, false}) {
      std::vector<Change> out;
      for (Change& c : in) {
        auto it = std::find_if(out.begin(), out.end(), [&](const Change& o) { return same_but(o, c, resources); });
        if (it == out.end()) {
          out.push_back(std::move(c));
          continue;
        }
        auto& dst = resources ? it->resources : it->principals;
        auto& src = resources ? c.resources : c.principals;
        for (auto& x : src)
          if (std::find(dst.begin(), dst.end(), x) == dst.end()) dst.push_back(std::move(x));
      }
      in = std::move(out);
    }
    return in;
  }

  const Catalog& catalog_;
  Side old_, new_;
  std::vector<Change> out_;
};

}  // namespace

std::vector<Change> compare(const Catalog& catalog, const GatePolicy* old_policy, const GatePolicy* new_policy) {
  return Comparer(catalog, old_policy, new_policy).run();
}

}  // namespace iamtrim
