// Mechanical proof of a rewrite. Deliberately shares nothing with the
// rewrite's bookkeeping: it re-reads both policies, pairs statements by their
// text outside the action element and re-expands everything, so a bug in the
// rewrite cannot hide itself.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "narrow/internal.hpp"

namespace iamtrim {
namespace detail {

std::string statement_text(const Statement& st) {
  Policy p;
  p.has_statement = true;
  p.statements.push_back(st);
  return write_policy(p, {.pretty = false});
}

}  // namespace detail

namespace {

std::string frame_text(const Statement& st) {
  Statement s = st;
  s.action.reset();
  s.not_action.reset();
  return detail::statement_text(s);
}

std::string label(const Statement& st) {
  std::string s = "statement " + std::to_string(st.index);
  if (st.sid) s += " (" + st.sid->text + ")";
  return s;
}

bool judged(const Statement& st) {
  return st.effect == Effect::Allow && st.actions() && !detail::has_computed_actions(st);
}

class Checker {
 public:
  Checker(const Catalog& c, const Decisions& d, const ActionSet& removable, const LowRiskWildcards& low_risk)
      : c_(c), removable_(removable), used_(d.used(c.action_count())), low_risk_(low_risk) {}
  Verification v;

  void fail(std::string message) {
    v.ok = false;
    v.violations.push_back(std::move(message));
  }

  // Whether `after` may stand for `before`: same frame, no wider grant, and
  // every item the catalog does not know one that `before` holds (same
  // text). Without the last test a statement of unknown items only, which
  // grants no known action, would pair with any earlier statement of the same
  // frame, and a statement dropped before it would be taken for its
  // narrowed self.
  bool pairs(const Statement& before, const Statement& after) {
    if (frame_text(before) != frame_text(after)) return false;
    if (!judged(before) || !judged(after)) return detail::statement_text(before) == detail::statement_text(after);
    return expanded(after).actions.is_subset_of(expanded(before).actions) && unknown_kept(before, after);
  }

  bool unknown_kept(const Statement& before, const Statement& after) {
    const ItemList& list = *after.actions();
    const StatementActions& now = expanded(after);
    for (std::size_t i = 0; i < list.items.size() && i < now.matches.size(); ++i) {
      if (now.matches[i].status == MatchStatus::Matched) continue;
      const std::string& text = list.items[i].text;
      if (std::none_of(before.actions()->items.begin(), before.actions()->items.end(),
                       [&](const Item& it) { return it.text == text; }))
        return false;
    }
    return true;
  }

  void check_pair(const Statement& before, const Statement& after) {
    if (!judged(before)) {
      // Deny, computed and invalid statements must come through untouched.
      if (detail::statement_text(before) != detail::statement_text(after))
        fail(label(before) + " is not " + (before.effect == Effect::Deny ? "a Deny" : "judged") +
             " and must be identical, but was changed");
      return;
    }
    const ActionSet& old_grant = expanded(before).actions;
    const StatementActions& now = expanded(after);
    if (after.uses_not_action() && detail::statement_text(before) != detail::statement_text(after))
      fail(label(before) + " was rewritten but still uses NotAction");
    if (ActionSet wider = now.actions - old_grant; !wider.empty())
      fail(label(before) + " grants actions it did not grant: " + action_names(c_, wider));
    if (ActionSet bad = (now.actions & removable_) - low_risk_allowance(before, now, *after.actions()); !bad.empty())
      fail(label(before) + " still grants removable actions: " + action_names(c_, bad));
    check_lost(before, old_grant, now.actions);
    // Items the catalog does not know cannot be judged, so they must be the
    // author's: pairs() holds only then (a statement with a new one stands
    // for none and is reported as a statement the input did not have).
  }

  // The removable actions the low-risk rule lets `after` keep: those of its
  // wildcard items that the author wrote (the same text in `before`'s Action
  // list) and that lose only low-risk actions. Re-derived from the text, not
  // taken from the rewrite's record of what it kept.
  ActionSet low_risk_allowance(const Statement& before, const StatementActions& now, const ItemList& after) const {
    ActionSet allowed(c_.action_count());
    if (!low_risk_.enabled || !before.action) return allowed;
    for (std::size_t i = 0; i < after.items.size(); ++i) {
      const Item& item = after.items[i];
      const bool authored = std::any_of(before.action->items.begin(), before.action->items.end(),
                                        [&](const Item& b) { return b.text == item.text; });
      if (authored && low_risk_.keeps(c_, item.text, now.matches[i].actions, removable_))
        allowed |= now.matches[i].actions & removable_;
    }
    return allowed;
  }

  // Everything without removal evidence, the used actions above all, must still be granted.
  // The verifier's own expansion of a statement of either policy, done once:
  // pairs() and check_pair() both need it.
  const StatementActions& expanded(const Statement& st) {
    auto it = expansions_.find(&st);
    if (it == expansions_.end()) it = expansions_.emplace(&st, expand_statement(c_, st)).first;
    return it->second;
  }

  void check_lost(const Statement& before, const ActionSet& old_grant, const ActionSet& now) {
    if (ActionSet lost = (old_grant & used_) - now; !lost.empty())
      fail(label(before) + " no longer grants used actions: " + action_names(c_, lost));
    if (ActionSet lost = (old_grant - removable_) - now - used_; !lost.empty())
      fail(label(before) + " no longer grants actions without removal evidence: " + action_names(c_, lost));
  }

 private:
  const Catalog& c_;
  const ActionSet& removable_;
  ActionSet used_;
  const LowRiskWildcards& low_risk_;
  std::unordered_map<const Statement*, StatementActions> expansions_;
};

}  // namespace

Verification verify_narrowing(const Catalog& c, const Policy& before, const Policy& after,
                              const Decisions& decisions, const NarrowOptions& options) {
  // Worked out from the decisions once, for the checks and the second pass.
  const ActionSet removable = decisions.removable(c.action_count());
  Checker check(c, decisions, removable, options.low_risk);
  std::size_t j = 0;
  for (const Statement& b : before.statements) {
    if (j < after.statements.size() && check.pairs(b, after.statements[j])) {
      check.check_pair(b, after.statements[j++]);
      continue;
    }
    // No partner: the statement was dropped, which only an Allow losing all may be.
    if (!judged(b)) {
      check.fail(label(b) + " is missing or changed in the result");
      continue;
    }
    check.check_lost(b, check.expanded(b).actions, ActionSet(c.action_count()));
  }
  for (; j < after.statements.size(); ++j)
    check.fail("the result has a statement the input did not: " + detail::statement_text(after.statements[j]));
  if (before.version != after.version || before.id != after.id)
    check.fail("the policy's Version or Id changed");

  if (check.v.ok) {
    NarrowResult again = detail::rewrite_policy(c, after, decisions, removable, options, /*record=*/false);
    if (again.changed) check.fail("narrowing the result again with the same evidence changes it");
  }
  return check.v;
}

Verification verify_split(const Catalog& c, const Policy& whole, const std::vector<Policy>& parts) {
  Verification v;
  const auto fail = [&](std::string message) {
    v.ok = false;
    v.violations.push_back(std::move(message));
  };
  if (parts.size() < 2) fail("a split needs at least two parts, not " + std::to_string(parts.size()));
  // Statements with the same frame (all but the action element) are
  // interchangeable, so grants are compared per frame.
  struct Frame {
    ActionSet whole, parts;
  };
  std::map<std::string, Frame> frames;
  std::set<std::string> verbatim_whole, verbatim_parts;
  for (const Statement& st : whole.statements) {
    if (!judged(st)) {
      verbatim_whole.insert(detail::statement_text(st));
      continue;
    }
    auto [it, fresh] = frames.try_emplace(frame_text(st), Frame{ActionSet(c.action_count()), ActionSet(c.action_count())});
    it->second.whole |= expand_statement(c, st).actions;
  }
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const Policy& part = parts[p];
    const std::string where = "part " + std::to_string(p + 1);
    if (part.version != whole.version || part.id != whole.id) fail(where + " has another Version or Id");
    if (part.statements.empty()) fail(where + " is empty");
    for (const Statement& st : part.statements) {
      if (!judged(st)) {
        const std::string text = detail::statement_text(st);
        if (!verbatim_whole.count(text)) fail(where + " has a statement the policy does not: " + text);
        verbatim_parts.insert(text);
        continue;
      }
      auto it = frames.find(frame_text(st));
      if (it == frames.end()) {
        fail(where + " has a statement whose Effect, Resource or Condition the policy has nowhere: " +
             detail::statement_text(st));
        continue;
      }
      const ActionSet grant = expand_statement(c, st).actions;
      if (ActionSet wider = grant - it->second.whole; !wider.empty())
        fail(where + " grants actions the policy does not: " + action_names(c, wider));
      it->second.parts |= grant;
    }
  }
  for (const std::string& text : verbatim_whole)
    if (!verbatim_parts.count(text)) fail("no part has the statement " + text);
  for (const auto& [frame, grants] : frames)
    if (ActionSet lost = grants.whole - grants.parts; !lost.empty())
      fail("the parts together no longer grant " + action_names(c, lost) + " of the statement " + frame);
  return v;
}

}  // namespace iamtrim
