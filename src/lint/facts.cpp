#include "lint/facts.hpp"

namespace iamtrim::lint {

bool has_star_resource(const Statement& s) {
  if (!s.resource) return false;
  for (const Item& i : s.resource->items)
    if (i.kind == ValueKind::String && i.text == "*") return true;
  return false;
}

bool unrestricted_resource(const Statement& s) { return has_star_resource(s) || s.not_resource.has_value(); }

bool is_negated_operator(std::string_view base) {
  return base.find("Not") != std::string_view::npos;
}

namespace {

bool key_matches(std::string_view written, std::string_view wanted) {
  if (!wanted.empty() && wanted.back() == '/')
    return written.size() > wanted.size() && iequals(written.substr(0, wanted.size()), wanted);
  return iequals(written, wanted);
}

bool narrows(const ConditionOperator& op, const ConditionKey& key) {
  if (op.if_exists || op.base == "Null" || is_negated_operator(op.base)) return false;
  if (op.qualifier == SetQualifier::ForAllValues) return false;  // vacuously true when absent
  if (op.base == "Bool") {
    for (const Item& v : key.values.items)
      if (!iequals(v.text, "true")) return false;
  }
  for (const Item& v : key.values.items)
    if (v.kind == ValueKind::String && (v.text == "*" || v.text.empty())) return false;
  return true;
}

}  // namespace

std::string narrowing_key(const Statement& s, std::initializer_list<std::string_view> keys) {
  if (!s.condition) return "";
  for (const ConditionOperator& op : s.condition->operators)
    for (const ConditionKey& k : op.keys)
      for (std::string_view wanted : keys)
        if (key_matches(k.key, wanted) && narrows(op, k)) return k.key;
  return "";
}

std::string computed_condition_note(const Statement& s) {
  if (!s.condition || !s.condition->computed) return "";
  return "the Condition is computed (IAM091), so it may hold a condition that narrows the statement";
}

std::string general_narrowing_key(const Statement& s) {
  return narrowing_key(s, {"aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp",
                           "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount",
                           "aws:PrincipalArn", "aws:MultiFactorAuthPresent", "aws:ResourceTag/",
                           "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths",
                           "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast",
                           "aws:SourceArn", "aws:SourceAccount", "aws:PrincipalTag/"});
}

ActionSet unconditional_denials(const PolicyContext& ctx) {
  ActionSet out(ctx.catalog.action_count());
  const auto& statements = ctx.parsed.policy.statements;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const Statement& s = statements[i];
    if (s.effect == Effect::Deny && !s.condition && has_star_resource(s) && !s.principal && !s.not_principal)
      out |= ctx.actions[i].actions;
  }
  return out;
}

std::string name_some(const Catalog& catalog, const ActionSet& set, std::size_t limit) {
  std::string out;
  std::size_t n = 0, total = set.count();
  set.for_each([&](ActionId id) {
    if (n++ < limit) out += (out.empty() ? "" : ", ") + catalog.full_name(id);
  });
  if (total > limit) out += " and " + std::to_string(total - limit) + " more";
  return out;
}

bool action_supports(const Catalog& catalog, ActionId id, std::string_view canonical) {
  for (std::string_view k : catalog.condition_keys(id))
    if (iequals(k, canonical)) return true;
  for (const ActionResource& r : catalog.resource_types(id))
    if (r.type)
      for (std::string_view k : r.type->condition_keys)
        if (iequals(k, canonical)) return true;
  return false;
}

Diagnostic at(std::string_view code, std::string message, const Span& span, std::string pointer) {
  return Diagnostic{std::string(code), std::move(message), span, std::move(pointer), {}};
}

Span action_span(const Statement& s) {
  if (const ItemList* a = s.actions()) return a->key_span;
  return s.span;
}

}  // namespace iamtrim::lint
