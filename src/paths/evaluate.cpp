// Request evaluation with iamtrim's own policy semantics: identity policies
// (a user's groups included), the permissions boundary, the SCPs, explicit
// Deny everywhere, and conditions decided or kept as conditions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
#include <algorithm>

#include "iamtrim/text.hpp"
#include "paths/internal.hpp"

namespace iamtrim::paths {
namespace {

Tri both(Tri a, Tri b) {
  if (a == Tri::False || b == Tri::False) return Tri::False;
  if (a == Tri::Unknown || b == Tri::Unknown) return Tri::Unknown;
  return Tri::True;
}

// Whether the statement's Resource/NotResource applies to the request.
Tri resource_applies(const CPolicy& policy, const CStatement& s, const ResourceQuery& q, const Context& ctx,
                     std::vector<std::string>& notes) {
  const ResourceScope& r = s.grant->resources;
  if (q.kind == ResourceQuery::Kind::All) return !r.negated && s.covers_all ? Tri::True : Tri::False;
  bool unknown = false;
  bool any = false;
  std::size_t excluded_formats = 0;
  std::vector<bool> format_excluded;  // NotResource against formats only
  if (r.negated && q.kind == ResourceQuery::Kind::Formats) format_excluded.assign(q.formats->size(), false);
  for (std::size_t i = 0; i < r.patterns.size() && !any; ++i) {
    std::string resolved;
    std::string_view pattern = r.patterns[i];
    if (r.opaque[i]) {
      unknown = true;
      notes.push_back("resource " + r.patterns[i] + " is computed");
      continue;
    }
    if (s.variables && policy.variables && has_policy_variable(pattern)) {
      if (auto sub = substitute(pattern, ctx)) {
        resolved = *sub;
        pattern = resolved;
      } else {
        unknown = true;
        notes.push_back("resource " + r.patterns[i] + " holds a policy variable not known offline");
        continue;
      }
    }
    bool hit = false;
    switch (q.kind) {
      case ResourceQuery::Kind::Arn: hit = glob_match(pattern, q.arn); break;
      case ResourceQuery::Kind::Pattern:
        hit = r.negated ? glob_contains(pattern, q.arn) == GlobVerdict::Yes : glob_intersects(pattern, q.arn);
        break;
      case ResourceQuery::Kind::Formats:
        if (q.formats->empty()) {
          hit = glob_match(pattern, "*");
        } else if (r.negated) {
          for (std::size_t f = 0; f < q.formats->size(); ++f)
            if (!format_excluded[f] && glob_contains(pattern, (*q.formats)[f]) == GlobVerdict::Yes) {
              format_excluded[f] = true;
              ++excluded_formats;
            }
          hit = excluded_formats == q.formats->size();
        } else {
          for (const std::string& f : *q.formats)
            if (glob_intersects(pattern, f)) hit = true;
        }
        break;
      case ResourceQuery::Kind::All: break;
    }
    any = any || hit;
  }
  // NotResource applies when no pattern covers the request.
  if (r.negated) return any ? Tri::False : unknown ? Tri::Unknown : Tri::True;
  return any ? Tri::True : unknown ? Tri::Unknown : Tri::False;
}

struct Match {
  Tri value = Tri::False;
  std::vector<std::string> notes;  // what is unknown
};

Match statement_applies(const CPolicy& policy, const CStatement& s, ActionId action, const ResourceQuery& q,
                        const Context& ctx) {
  Match m;
  if (!s.grant->actions.contains(action)) return m;
  Tri r = resource_applies(policy, s, q, ctx, m.notes);
  if (r == Tri::False) return {};
  CondResult c = evaluate_conditions(s.grant->conditions, ctx, s.grant->effect, policy.variables);
  if (c.value == Tri::False) return {};
  m.value = both(r, c.value);
  m.notes.insert(m.notes.end(), c.unknown.begin(), c.unknown.end());
  return m;
}

struct Best {
  Tri value = Tri::False;
  RawCitation citation;
  std::vector<RawNote> notes;
};

// The best Allow among `uses` (an unconditional one when there is one).
Best best_allow(const std::vector<PolicyUse>& uses, ActionId action, const ResourceQuery& q, const Context& ctx) {
  Best best;
  for (const PolicyUse& u : uses)
    for (const CStatement& s : u.policy->statements) {
      if (s.grant->effect != Effect::Allow) continue;
      Match m = statement_applies(*u.policy, s, action, q, ctx);
      if (m.value == Tri::False) continue;
      if (m.value == Tri::True) return {Tri::True, raw(u, *s.grant, action), {}};
      if (best.value == Tri::False) {
        best.value = Tri::Unknown;
        best.citation = raw(u, *s.grant, action);
        best.notes.push_back({join(m.notes, "; "), best.citation});
      }
    }
  return best;
}

// Deny statements of `uses`: True when one surely applies (with its citation
// in `denied`), notes for the ones that may.
bool scan_denies(const std::vector<PolicyUse>& uses, ActionId action, const ResourceQuery& q, const Context& ctx,
                 std::vector<RawNote>& notes) {
  for (const PolicyUse& u : uses)
    for (const CStatement& s : u.policy->statements) {
      if (s.grant->effect != Effect::Deny) continue;
      Match m = statement_applies(*u.policy, s, action, q, ctx);
      if (m.value == Tri::False) continue;
      if (m.value == Tri::True) return true;
      notes.push_back({"unless denied (" + join(m.notes, "; ") + ")", raw(u, *s.grant, action, "deny")});
    }
  return false;
}

const std::vector<PolicyUse> kNone;

}  // namespace

Verdict evaluate(const Model& model, const Actor& actor, ActionId action, const ResourceQuery& resource,
                 const Context& ctx, Need need) {
  Verdict v;
  const bool scps_apply = !actor.service_linked && !model.scps.empty();
  const std::vector<PolicyUse>& scps = scps_apply ? model.scp_uses : kNone;
  std::vector<RawNote> notes;
  if (scan_denies(actor.identity, action, resource, ctx, notes) ||
      scan_denies(actor.boundary_uses, action, resource, ctx, notes) || scan_denies(scps, action, resource, ctx, notes))
    return v;

  Tri value = Tri::True;
  auto require = [&](const std::vector<PolicyUse>& uses) {
    Best b = best_allow(uses, action, resource, ctx);
    if (b.value == Tri::False) return false;
    v.citations.push_back(b.citation);
    for (RawNote& n : b.notes) notes.push_back(std::move(n));
    value = both(value, b.value);
    return true;
  };
  if (need == Need::Identity && !require(actor.identity)) return v;
  if (!actor.boundary_arn.empty() && need != Need::NoIdentity) {
    if (!actor.boundary) {
      notes.push_back({"permissions boundary " + actor.boundary_arn + " is not in the file", std::nullopt});
      value = both(value, Tri::Unknown);
    } else if (!require(actor.boundary_uses)) {
      return v;
    }
  }
  if (scps_apply && model.scp_allow_lists && !require(scps)) return v;
  if (!notes.empty()) value = both(value, Tri::Unknown);
  v.value = value;
  v.conditions = std::move(notes);
  return v;
}

namespace {

struct Contributor {
  const CStatement* statement = nullptr;
  PolicyUse use;
  std::optional<RawNote> note;  // set when the statement applies only conditionally
};

struct Cover {
  ActionSet sure, maybe;
  std::vector<Contributor> contributors;  // the unconditional ones first
  std::size_t sure_count = 0;
};

Cover allow_cover(const std::vector<PolicyUse>& uses, const ActionSet& need, const ResourceQuery& q,
                  const Context& ctx, std::size_t universe) {
  Cover c{ActionSet(universe), ActionSet(universe), {}, 0};
  std::vector<Contributor> conditional;
  for (const PolicyUse& u : uses)
    for (const CStatement& s : u.policy->statements) {
      if (s.grant->effect != Effect::Allow || !s.grant->actions.intersects(need)) continue;
      std::vector<std::string> notes;
      Tri r = resource_applies(*u.policy, s, q, ctx, notes);
      if (r == Tri::False) continue;
      CondResult cond = evaluate_conditions(s.grant->conditions, ctx, Effect::Allow, u.policy->variables);
      if (cond.value == Tri::False) continue;
      c.maybe |= s.grant->actions;
      if (both(r, cond.value) == Tri::True) {
        c.sure |= s.grant->actions;
        c.contributors.push_back({&s, u, std::nullopt});
      } else {
        notes.insert(notes.end(), cond.unknown.begin(), cond.unknown.end());
        conditional.push_back({&s, u, RawNote{join(notes, "; "), raw(u, *s.grant, 0, "allow")}});
      }
    }
  c.sure_count = c.contributors.size();
  c.contributors.insert(c.contributors.end(), conditional.begin(), conditional.end());
  return c;
}

// The fewest contributors (in order) whose actions still cover `need`, the
// unconditional ones only when they suffice; the conditions of the
// conditional ones kept go to `notes`.
std::vector<RawCitation> minimal_citations(const Cover& c, const ActionSet& need, std::string_view what,
                                           std::size_t universe, std::vector<RawNote>& notes) {
  const std::size_t n = need.is_subset_of(c.sure) ? c.sure_count : c.contributors.size();
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < n; ++i) {
    if ((need & c.contributors[i].statement->grant->actions) == need) {
      kept = {i};
      break;
    }
    kept.push_back(i);
  }
  for (std::size_t k = kept.size(); k-- > 0 && kept.size() > 1;) {
    ActionSet rest(universe);
    for (std::size_t j : kept)
      if (j != kept[k]) rest |= c.contributors[j].statement->grant->actions;
    if (need.is_subset_of(rest)) kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(k));
  }
  std::vector<RawCitation> out;
  for (std::size_t i : kept) {
    const Contributor& ct = c.contributors[i];
    out.push_back(raw(ct.use, *ct.statement->grant, 0, what));
    if (ct.note) notes.push_back(*ct.note);
  }
  return out;
}

// Deny statements that take (part of) `need` away on the whole resource.
bool capability_denied(const std::vector<PolicyUse>& uses, const ActionSet& need, const ResourceQuery& q,
                       const Context& ctx, std::vector<RawNote>& notes) {
  for (const PolicyUse& u : uses)
    for (const CStatement& s : u.policy->statements) {
      if (s.grant->effect != Effect::Deny || !s.grant->actions.intersects(need)) continue;
      std::vector<std::string> n;
      Tri r;
      if (q.kind == ResourceQuery::Kind::Pattern) {
        // The Deny must cover every resource the pattern names to take the capability away.
        r = Tri::False;
        if (!s.grant->resources.negated)
          for (const std::string& p : s.grant->resources.patterns)
            if (glob_contains(p, q.arn) == GlobVerdict::Yes) r = Tri::True;
      } else {
        r = resource_applies(*u.policy, s, q, ctx, n);
      }
      if (r == Tri::False) continue;
      CondResult cond = evaluate_conditions(s.grant->conditions, ctx, Effect::Deny, u.policy->variables);
      if (cond.value == Tri::False) continue;
      if (both(r, cond.value) == Tri::True) return true;
      n.insert(n.end(), cond.unknown.begin(), cond.unknown.end());
      notes.push_back({"unless denied (" + join(n, "; ") + ")", raw(u, *s.grant, 0, "deny")});
    }
  return false;
}

}  // namespace

Verdict check_capability(const Model& model, const Actor& actor, const ActionSet& need, bool every_action,
                         const Capability& capability, const Adjust& adjust) {
  Verdict v;
  const std::size_t universe = model.catalog->action_count();
  ResourceQuery q;
  if (capability.resource == "*") q.kind = ResourceQuery::Kind::All;
  else if (has_wildcard(capability.resource)) q.kind = ResourceQuery::Kind::Pattern;
  q.arn = capability.resource;
  Context ctx;
  ctx.principal = &actor;
  ctx.group_member = actor.type == PrincipalType::Group;
  ctx.account = model.account;
  ctx.partition = model.partition;
  const std::string_view cited = every_action ? std::string_view("admin") : std::string_view(capability.action);

  std::vector<PolicyUse> identity;
  for (const PolicyUse& u : actor.identity)
    if (u.policy != adjust.swap_from) identity.push_back(u);
  if (adjust.swap_to) identity.push_back({adjust.swap_to, kNoGroup});
  const std::vector<PolicyUse>& boundary = adjust.drop_boundary ? kNone : actor.boundary_uses;
  const bool scps_apply = !every_action && !actor.service_linked && !model.scps.empty();
  const std::vector<PolicyUse>& scps = scps_apply ? model.scp_uses : kNone;

  std::vector<RawNote> notes;
  if (capability_denied(identity, need, q, ctx, notes) || capability_denied(boundary, need, q, ctx, notes) ||
      capability_denied(scps, need, q, ctx, notes))
    return v;

  Tri value = Tri::True;
  if (!adjust.allow_all) {
    Cover c = allow_cover(identity, need, q, ctx, universe);
    if (!need.is_subset_of(c.maybe)) return v;
    if (!need.is_subset_of(c.sure)) value = Tri::Unknown;
    for (RawCitation& ci : minimal_citations(c, need, cited, universe, notes)) v.citations.push_back(std::move(ci));
  }
  if (!actor.boundary_arn.empty() && !adjust.drop_boundary) {
    if (!actor.boundary) {
      notes.push_back({"permissions boundary " + actor.boundary_arn + " is not in the file", std::nullopt});
      value = Tri::Unknown;
    } else {
      Cover c = allow_cover(boundary, need, q, ctx, universe);
      if (!need.is_subset_of(c.maybe)) return v;
      if (!need.is_subset_of(c.sure)) value = Tri::Unknown;
      for (RawCitation& ci : minimal_citations(c, need, cited, universe, notes)) v.citations.push_back(std::move(ci));
    }
  }
  if (scps_apply && model.scp_allow_lists) {
    Cover c = allow_cover(scps, need, q, ctx, universe);
    if (!need.is_subset_of(c.maybe)) return v;
    if (!need.is_subset_of(c.sure)) value = Tri::Unknown;
    for (RawCitation& ci : minimal_citations(c, need, cited, universe, notes)) v.citations.push_back(std::move(ci));
  }
  if (!notes.empty()) value = Tri::Unknown;
  v.value = value;
  v.conditions = std::move(notes);
  return v;
}

}  // namespace iamtrim::paths
