// Resource and principal coverage between grants. Exact where wildcard
// containment decides it; Maybe where the answer depends on values iamtrim
// cannot see (computed items) or on reasoning it does not do (NotResource
// against NotResource with different lists).
#include "diff/coverage.hpp"

#include <algorithm>

namespace iamtrim::gate {

std::string ResourceUnit::label() const {
  if (scope->negated) return "not " + join(scope->patterns, ", not ");
  return scope->patterns[index];
}

std::vector<ResourceUnit> resource_units(const ResourceScope& scope) {
  if (scope.negated) return {ResourceUnit{&scope, 0}};
  std::vector<ResourceUnit> out;
  for (std::size_t i = 0; i < scope.patterns.size(); ++i) out.push_back({&scope, i});
  return out;
}

namespace {

bool has_star(const ResourceScope& s) {
  if (s.negated) return false;
  for (std::size_t i = 0; i < s.patterns.size(); ++i)
    if (!s.opaque[i] && s.patterns[i] == "*") return true;
  return false;
}

// Is `inner` (a positive pattern) inside one of `outer`'s positive patterns?
Cover pattern_covered(const ResourceScope& outer, const std::string& inner, bool inner_opaque) {
  Cover result = Cover::No;
  for (std::size_t i = 0; i < outer.patterns.size(); ++i) {
    if (outer.opaque[i] || inner_opaque) {
      if (outer.patterns[i] == inner && outer.opaque[i] == inner_opaque) return Cover::Yes;
      if (!outer.opaque[i] && outer.patterns[i] == "*") return Cover::Yes;
      if (inner_opaque) result = Cover::Maybe;
      continue;
    }
    GlobVerdict v = glob_contains(outer.patterns[i], inner);
    if (v == GlobVerdict::Yes) return Cover::Yes;
    if (v == GlobVerdict::Unknown) result = Cover::Maybe;
  }
  return result;
}

}  // namespace

Cover covers(const ResourceScope& cover, const ResourceUnit& target) {
  const ResourceScope& t = *target.scope;
  if (!t.negated) {
    const std::string& r = t.patterns[target.index];
    bool opaque = t.opaque[target.index];
    if (!cover.negated) return pattern_covered(cover, r, opaque);
    // NotResource N covers r when r shares no string with any pattern of N.
    if (opaque) return Cover::Maybe;
    for (std::size_t i = 0; i < cover.patterns.size(); ++i) {
      if (cover.opaque[i]) return Cover::Maybe;
      if (glob_intersects(cover.patterns[i], r)) return Cover::No;
    }
    return Cover::Yes;
  }
  if (has_star(cover)) return Cover::Yes;
  if (!cover.negated) return Cover::Maybe;
  // "All but N" covers "all but M" when everything N leaves out, M leaves out too.
  for (std::size_t i = 0; i < cover.patterns.size(); ++i) {
    Cover c = pattern_covered(t, cover.patterns[i], cover.opaque[i]);
    if (c != Cover::Yes) return c == Cover::No ? Cover::Maybe : c;
  }
  return Cover::Yes;
}

std::string PrincipalUnit::label() const {
  if (!scope->present) return "";
  if (scope->negated) return "not " + join(scope->principals, ", not ");
  return scope->principals[index];
}

std::vector<PrincipalUnit> principal_units(const PrincipalScope& scope) {
  if (!scope.present || scope.negated) return {PrincipalUnit{&scope, 0}};
  std::vector<PrincipalUnit> out;
  for (std::size_t i = 0; i < scope.principals.size(); ++i) out.push_back({&scope, i});
  return out;
}

namespace {

// An account's root principal stands for every principal of that account
// the account's own policies allow, so it covers the account's roles and users.
bool principal_contains(const std::string& outer, const std::string& inner) {
  if (outer == "*") return true;
  if (inner == "*") return false;
  const std::string root_prefix = "AWS arn:aws:iam::";
  if (outer.rfind(root_prefix, 0) == 0 && outer.size() > 5 && outer.substr(outer.size() - 5) == ":root") {
    std::string account = outer.substr(root_prefix.size(), outer.size() - 5 - root_prefix.size());
    for (const char* svc : {"AWS arn:aws:iam::", "AWS arn:aws:sts::"})
      if (inner.rfind(svc + account + ":", 0) == 0) return true;
  }
  return glob_contains(outer, inner) == GlobVerdict::Yes;
}

}  // namespace

Cover covers(const PrincipalScope& cover, const PrincipalUnit& target) {
  const PrincipalScope& t = *target.scope;
  if (!t.present) return cover.present ? Cover::No : Cover::Yes;
  if (!cover.present) return Cover::No;
  bool cover_star = !cover.negated && std::find(cover.principals.begin(), cover.principals.end(), "*") !=
                                          cover.principals.end();
  if (cover_star) return Cover::Yes;
  if (!t.negated) {
    const std::string& p = t.principals[target.index];
    if (!cover.negated) {
      for (const std::string& c : cover.principals)
        if (principal_contains(c, p)) return Cover::Yes;
      return Cover::No;
    }
    for (const std::string& c : cover.principals)
      if (p == "*" || principal_contains(p, c) || principal_contains(c, p)) return Cover::No;
    return Cover::Yes;
  }
  if (!cover.negated) return Cover::No;
  for (const std::string& c : cover.principals)
    if (std::find(t.principals.begin(), t.principals.end(), c) == t.principals.end()) return Cover::Maybe;
  return Cover::Yes;
}

std::vector<std::string> uncovered_other_actions(const Grant& cover, const std::vector<std::string>& target) {
  std::vector<std::string> out;
  for (const std::string& a : target) {
    bool covered = false;
    if (cover.not_action) {
      covered = std::none_of(cover.not_action_patterns.begin(), cover.not_action_patterns.end(),
                             [&](const std::string& n) { return glob_intersects(n, a); });
    } else {
      for (const std::string& o : cover.other_actions)
        if (glob_contains(o, a) == GlobVerdict::Yes) covered = true;
      // A known wildcard such as "newsvc:*" is not in other_actions when it
      // matched nothing; "*" always is in the ActionSet, so check the items.
      if (!covered && cover.statement && cover.statement->actions())
        for (const Item& it : cover.statement->actions()->items)
          if (it.kind != ValueKind::Opaque && glob_contains(to_lower(it.text), a) == GlobVerdict::Yes)
            covered = true;
    }
    if (!covered) out.push_back(a);
  }
  return out;
}

}  // namespace iamtrim::gate
