// Builds the GrantModel of a policy: what each statement covers, normalised
// so that two spellings of the same grant compare equal.
#include <algorithm>
#include <cctype>

#include "iamtrim/diff.hpp"

namespace iamtrim {
namespace {

bool is_account_id(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// IAM treats "123456789012" and "arn:aws:iam::123456789012:root" alike in a
// Principal; service and federated names are case-insensitive.
std::string normalise_principal(std::string_view type, std::string_view value) {
  std::string t = to_lower(type);
  if (value == "*" && t == "aws") return "*";
  std::string v(value);
  if (t == "aws" && is_account_id(v)) v = "arn:aws:iam::" + v + ":root";
  if (t == "service" || t == "federated") v = to_lower(v);
  std::string name = t == "aws"             ? "AWS"
                     : t == "service"       ? "Service"
                     : t == "federated"     ? "Federated"
                     : t == "canonicaluser" ? "CanonicalUser"
                                            : std::string(type);
  return name + " " + v;
}

PrincipalScope principal_scope(const Statement& s) {
  PrincipalScope scope;
  const Principal* p = s.principal ? &*s.principal : s.not_principal ? &*s.not_principal : nullptr;
  if (!p) return scope;
  scope.present = true;
  scope.negated = !s.principal.has_value();
  if (p->star) {
    scope.principals.push_back("*");
    return scope;
  }
  for (const PrincipalEntry& e : p->entries)
    for (const Item& it : e.values.items) scope.principals.push_back(normalise_principal(e.type, it.text));
  std::sort(scope.principals.begin(), scope.principals.end());
  scope.principals.erase(std::unique(scope.principals.begin(), scope.principals.end()), scope.principals.end());
  return scope;
}

ResourceScope resource_scope(const Statement& s) {
  ResourceScope scope;
  const ItemList* list = s.resource ? &*s.resource : s.not_resource ? &*s.not_resource : nullptr;
  if (!list) {
    // Resource policies may leave it out: the policy's own resource, which
    // no pattern written elsewhere can name more narrowly than "*".
    scope.patterns.push_back("*");
    scope.opaque.push_back(false);
    return scope;
  }
  scope.negated = !s.resource.has_value();
  for (const Item& it : list->items) {
    scope.patterns.push_back(it.text);
    scope.opaque.push_back(it.kind == ValueKind::Opaque || list->opaque);
  }
  return scope;
}

std::vector<ConditionClause> condition_clauses(const Statement& s) {
  std::vector<ConditionClause> out;
  if (!s.condition) return out;
  for (const ConditionOperator& op : s.condition->operators)
    for (const ConditionKey& k : op.keys) {
      ConditionClause c;
      c.op = op.text;
      c.base = op.base;
      c.qualifier = op.qualifier;
      c.if_exists = op.if_exists;
      c.key = to_lower(k.key);
      c.key_as_written = k.key;
      c.span = k.values.span.known() ? k.values.span : k.key_span;
      for (const Item& it : k.values.items) c.values.push_back(it.text);
      std::sort(c.values.begin(), c.values.end());
      c.values.erase(std::unique(c.values.begin(), c.values.end()), c.values.end());
      out.push_back(std::move(c));
    }
  return out;
}

}  // namespace

GrantModel build_model(const Catalog& catalog, const Policy& policy) {
  GrantModel model;
  for (const Statement& s : policy.statements) {
    // A computed Effect (Terraform, CloudFormation) may be Allow: the gate
    // assumes it is, so it can never hide new access.
    bool computed_effect = s.effect_item && s.effect_item->kind == ValueKind::Opaque;
    if ((s.effect == Effect::Invalid && !computed_effect) || !s.actions()) continue;
    Grant g;
    g.effect = computed_effect ? Effect::Allow : s.effect;
    g.statement = &s;
    StatementActions sa = expand_statement(catalog, s);
    g.actions = std::move(sa.actions);
    g.not_action = s.uses_not_action();
    const ItemList& items = *s.actions();
    for (std::size_t i = 0; i < items.items.size(); ++i) {
      std::string lowered = to_lower(items.items[i].text);
      if (g.not_action) {
        g.not_action_patterns.push_back(lowered);
      } else if (i >= sa.matches.size() || sa.matches[i].status != MatchStatus::Matched ||
                 items.items[i].kind == ValueKind::Opaque) {
        // Newer than the catalog, mistyped, or computed: kept by name so
        // that adding it still shows up as new access.
        g.other_actions.push_back(lowered);
      }
    }
    g.resources = resource_scope(s);
    g.principals = principal_scope(s);
    g.conditions = condition_clauses(s);
    model.grants.push_back(std::move(g));
  }
  return model;
}

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::NewlyAllowed: return "newly-allowed";
    case ChangeKind::PrincipalNewlyTrusted: return "principal-newly-trusted";
    case ChangeKind::ResourceWidened: return "resource-widened";
    case ChangeKind::ConditionRemoved: return "condition-removed";
    case ChangeKind::ConditionLoosened: return "condition-loosened";
    case ChangeKind::ConditionChanged: return "condition-changed";
    case ChangeKind::NoLongerDenied: return "no-longer-denied";
    case ChangeKind::NewlyDenied: return "newly-denied";
    case ChangeKind::NoLongerAllowed: return "no-longer-allowed";
    case ChangeKind::Grantable: return "grantable";
  }
  return "unknown";
}

bool Change::new_access() const {
  switch (kind) {
    case ChangeKind::NewlyAllowed:
    case ChangeKind::PrincipalNewlyTrusted:
    case ChangeKind::ResourceWidened:
    case ChangeKind::ConditionRemoved:
    case ChangeKind::ConditionLoosened:
    case ChangeKind::NoLongerDenied:
    case ChangeKind::Grantable:
      return true;
    default:
      return false;
  }
}

bool GateReport::new_access() const {
  for (const PolicyDiff& p : policies)
    for (const Change& c : p.changes)
      if (c.new_access()) return true;
  return false;
}

}  // namespace iamtrim
