// The narrowing rewrite: removes the removable actions from Allow statements
// while leaving every item that loses nothing exactly as written.
#include <algorithm>

#include "narrow/internal.hpp"

namespace iamtrim {
namespace detail {
namespace {

Item name_item(std::string text) { return Item{std::move(text), {}, ValueKind::String}; }

Decision decision_for(const Decisions& d, ActionId id) {
  auto it = d.by_action.find(id);
  return it == d.by_action.end() ? Decision{} : it->second;
}

// Rewrites an Action element. Items that lose nothing (and items the catalog
// does not know) stay as written; each other item becomes the explicit list
// of what it still grants, minus what kept items already cover, so no name is
// written twice. With `compress`, the explicit names of the whole statement
// are re-covered by wildcards placed where the first rewritten item was.
// `removable` no longer holds what low-risk wildcards keep.
ItemList rewrite_action_list(const Catalog& c, const ItemList& list, const StatementActions& sa,
                             const ActionSet& removable, bool compress, StatementChange& change) {
  const std::size_t n = c.action_count();
  std::vector<bool> keep(list.items.size());
  ActionSet covered(n);
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    keep[i] = !sa.matches[i].actions.intersects(removable);
    if (keep[i]) covered |= sa.matches[i].actions;
  }
  ItemList out = list;
  out.items.clear();
  ActionSet emitted = covered;
  ActionSet generated(n);
  bool placed = false;
  std::size_t compress_at = 0;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    if (keep[i]) {
      out.items.push_back(list.items[i]);
      continue;
    }
    change.replaced_items.push_back(list.items[i].text);
    ActionSet rest = sa.matches[i].actions - removable - emitted;
    emitted |= rest;
    if (compress) {
      generated |= rest;
      if (!placed) compress_at = out.items.size();
      placed = true;
      continue;
    }
    rest.for_each([&](ActionId id) { out.items.push_back(name_item(c.full_name(id))); });
  }
  if (compress && !generated.empty()) {
    ActionSet allowed = sa.actions - removable;
    std::vector<Item> names;
    for (std::string& s : compress_actions(c, generated, allowed)) names.push_back(name_item(std::move(s)));
    out.items.insert(out.items.begin() + static_cast<std::ptrdiff_t>(compress_at), names.begin(), names.end());
  }
  if (out.items.size() != 1) out.single = false;
  return out;
}

// The removable actions that low-risk wildcard items of an Action list keep,
// each remembered with the first item that keeps it (for the report).
struct LowRiskKept {
  ActionSet actions;
  std::vector<std::pair<std::string, ActionSet>> by_item;
  const std::string* item_of(ActionId id) const {
    for (const auto& [item, set] : by_item)
      if (set.contains(id)) return &item;
    return nullptr;
  }
};

LowRiskKept low_risk_kept(const Catalog& c, const Statement& st, const StatementActions& sa, const ActionSet& removable,
                          const LowRiskWildcards& rule, StatementChange& change) {
  LowRiskKept kept{ActionSet(c.action_count()), {}};
  if (!rule.enabled || st.uses_not_action()) return kept;
  const ItemList& list = *st.action;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const ActionSet& matched = sa.matches[i].actions;
    if (!matched.intersects(removable) || !rule.keeps(c, list.items[i].text, matched, removable)) continue;
    ActionSet unused = matched & removable;
    change.low_risk.push_back({list.items[i].text, unused.count()});
    kept.actions |= unused;
    kept.by_item.emplace_back(list.items[i].text, std::move(unused));
  }
  return kept;
}

Decision low_risk_decision(Decision d, const std::string& item, bool sentence) {
  if (!sentence) {
    d.reason = DecisionReason::LowRiskWildcard;
    d.detail.clear();
    return d;
  }
  // Built in one buffer: an account's --report writes one per kept action.
  constexpr std::string_view kBy = "kept by the low-risk wildcard ",
                             kProof = ", which would lose only low-risk actions; the evidence proves it unused (";
  const std::string_view reason = to_string(d.reason);
  std::string detail;
  detail.reserve(kBy.size() + item.size() + kProof.size() + reason.size() + 2 + d.detail.size() + 1);
  detail.append(kBy).append(item).append(kProof).append(reason);
  if (!d.detail.empty()) detail.append(": ").append(d.detail);
  detail += ')';
  d.reason = DecisionReason::LowRiskWildcard;
  d.detail = std::move(detail);
  return d;
}

// A NotAction Allow grants every action but a few, future services included;
// what is kept is written out explicitly instead.
ItemList rewrite_not_action(const Catalog& c, const ItemList& list, const ActionSet& keep, bool compress) {
  ItemList out;
  out.key_span = list.key_span;
  std::vector<std::string> names = compress ? compress_actions(c, keep, keep) : explicit_actions(c, keep, true);
  for (std::string& s : names) out.items.push_back(name_item(std::move(s)));
  return out;
}

}  // namespace

bool has_computed_actions(const Statement& st) {
  // Action next to NotAction: written out both, AWS rejects the policy
  // (IAM006); with one computed, it may be absent once evaluated, and which
  // of them grants is unknown. Either way the statement stays as written.
  if (st.action && st.not_action) return true;
  const ItemList* list = st.actions();
  if (!list) return false;
  if (list->opaque) return true;
  for (const Item& it : list->items)
    if (it.kind == ValueKind::Opaque) return true;
  return false;
}

NarrowResult rewrite_policy(const Catalog& c, const Policy& policy, const Decisions& decisions,
                            const ActionSet& removable, const NarrowOptions& options, bool record) {
  NarrowResult r;
  r.policy = policy;
  r.policy.statements.clear();
  if (record) r.original = policy;
  bool granted_any = false;
  ActionSet granted_before(c.action_count()), granted_after(c.action_count());
  for (const Statement& st : policy.statements) {
    StatementChange change;
    change.index = st.index;
    change.pointer = st.pointer;
    change.span = st.span;
    if (st.sid) change.sid = st.sid->text;
    Statement out = st;
    bool keep = true;
    if (st.effect == Effect::Deny) {
      change.outcome = StatementOutcome::Deny;
    } else if (st.effect != Effect::Allow || !st.actions()) {
      change.outcome = StatementOutcome::Invalid;
    } else if (has_computed_actions(st)) {
      change.outcome = StatementOutcome::Computed;
      granted_any = true;
      StatementActions sa = expand_statement(c, st);
      granted_before |= sa.actions;
      granted_after |= sa.actions;
    } else {
      StatementActions sa = expand_statement(c, st);
      const LowRiskKept low = low_risk_kept(c, st, sa, removable, options.low_risk, change);
      const ActionSet& dropped = low.actions.empty() ? removable : removable - low.actions;
      ActionSet gone = sa.actions & dropped;
      change.granted = sa.actions.count();
      change.removed = gone.count();
      granted_before |= sa.actions;
      granted_after |= sa.actions - gone;
      if (!sa.actions.empty()) granted_any = true;
      if (record)
        sa.actions.for_each([&](ActionId id) {
          ActionOutcome o{st.index, id, gone.contains(id), decision_for(decisions, id), {}};
          if (const std::string* item = low.actions.contains(id) ? low.item_of(id) : nullptr) {
            o.decision = low_risk_decision(std::move(o.decision), *item, options.sentences);
            o.kept_by = *item;
          }
          (o.removed ? r.removed : r.kept).push_back(std::move(o));
        });
      if (gone.empty()) {
        change.outcome = StatementOutcome::Unchanged;
      } else if (st.uses_not_action()) {
        change.was_not_action = true;
        for (const Item& it : st.not_action->items) change.replaced_items.push_back(it.text);
        out.action = rewrite_not_action(c, *st.not_action, sa.actions - dropped, options.compress);
        out.not_action.reset();
        std::replace(out.order.begin(), out.order.end(), std::string("NotAction"), std::string("Action"));
        keep = !out.action->items.empty();
      } else {
        out.action = rewrite_action_list(c, *st.action, sa, dropped, options.compress, change);
        keep = !out.action->items.empty();
      }
      if (!gone.empty()) change.outcome = keep ? StatementOutcome::Narrowed : StatementOutcome::Dropped;
    }
    if (change.outcome == StatementOutcome::Narrowed || change.outcome == StatementOutcome::Dropped)
      r.changed = true;
    if (keep) {
      change.new_index = r.policy.statements.size();
      out.index = r.policy.statements.size();
      r.policy.statements.push_back(std::move(out));
    }
    r.statements.push_back(std::move(change));
  }
  if (r.policy.statements.size() != 1) r.policy.statement_single = false;
  r.detach = granted_any && r.policy.statements.empty();
  r.removed_actions = (granted_before - granted_after).count();
  return r;
}

}  // namespace detail

std::string_view to_string(StatementOutcome outcome) {
  switch (outcome) {
    case StatementOutcome::Unchanged: return "unchanged";
    case StatementOutcome::Narrowed: return "narrowed";
    case StatementOutcome::Dropped: return "dropped";
    case StatementOutcome::Deny: return "deny";
    case StatementOutcome::Computed: return "computed";
    case StatementOutcome::Invalid: return "invalid";
  }
  return "";
}

std::vector<std::string> explicit_actions(const Catalog& c, const ActionSet& actions, bool whole_services) {
  std::vector<std::string> out;
  for (const ServiceInfo& s : c.services()) {
    ActionSet svc(c.action_count());
    svc.insert_range(s.first, s.end);
    if (!svc.intersects(actions)) continue;
    if (whole_services && svc.is_subset_of(actions)) {
      out.push_back(std::string(s.prefix) + ":*");
      continue;
    }
    for (ActionId id = s.first; id < s.end; ++id)
      if (actions.contains(id)) out.push_back(c.full_name(id));
  }
  return out;
}

NarrowResult narrow_policy(const Catalog& c, const Policy& policy, const Decisions& decisions,
                           const NarrowOptions& options) {
  ActionSet removable = decisions.removable(c.action_count());
  NarrowResult r = detail::rewrite_policy(c, policy, decisions, removable, options, options.record_outcomes);
  if (r.changed) {
    r.size = check_size(c, r.policy, options.kind, options.attachment);
    if (!r.size.fits) r.parts = split_policy(c, r.policy, options.kind, options.attachment);
  }
  r.size.catalog_version = std::string(c.version());
  r.size.compressed = options.compress;
  r.verification = verify_narrowing(c, policy, r.policy, decisions, options);
  if (r.verification.ok && !r.parts.empty()) r.verification = verify_split(c, r.policy, r.parts);
  return r;
}

}  // namespace iamtrim
