// A compact, complete text dump of a Policy AST for table-driven tests:
// every element, value, form (single/list) and start position.
#pragma once

#include <string>

#include "iamtrim/policy.hpp"

namespace iamtrim::test {

inline std::string at(const Span& s) {
  return "@" + std::to_string(s.begin.line) + ":" + std::to_string(s.begin.column);
}

inline std::string dump_items(const ItemList& l) {
  std::string out = l.single ? "" : "[";
  for (std::size_t i = 0; i < l.items.size(); ++i) {
    const Item& it = l.items[i];
    out += (i ? " " : "") + std::string(it.kind == ValueKind::String ? "" : std::string(to_string(it.kind)) + ":") +
           it.text + at(it.span);
  }
  return out + (l.single ? "" : "]");
}

inline std::string dump_principal(const Principal& p) {
  if (p.star) return "*" + at(p.span);
  std::string out = "{";
  for (const auto& e : p.entries) out += " " + e.type + "=" + dump_items(e.values);
  return out + " }";
}

inline std::string dump(const Policy& p) {
  std::string out;
  if (p.version) out += "Version " + p.version->text + at(p.version->span) + "\n";
  if (p.id) out += "Id " + p.id->text + "\n";
  out += std::string("Statement ") + (p.statement_single ? "single" : "list") + "\n";
  for (const Statement& s : p.statements) {
    out += "  #" + std::to_string(s.index) + " " + s.pointer + at(s.span);
    if (s.sid) out += " Sid=" + s.sid->text;
    out += std::string(" Effect=") + (s.effect == Effect::Allow ? "Allow" : s.effect == Effect::Deny ? "Deny" : "invalid") + "\n";
    if (s.principal) out += "    Principal " + dump_principal(*s.principal) + "\n";
    if (s.not_principal) out += "    NotPrincipal " + dump_principal(*s.not_principal) + "\n";
    if (s.action) out += "    Action " + dump_items(*s.action) + "\n";
    if (s.not_action) out += "    NotAction " + dump_items(*s.not_action) + "\n";
    if (s.resource) out += "    Resource " + dump_items(*s.resource) + "\n";
    if (s.not_resource) out += "    NotResource " + dump_items(*s.not_resource) + "\n";
    if (s.condition)
      for (const auto& op : s.condition->operators) {
        out += "    Condition " + op.text + " base=" + op.base +
               (op.qualifier == SetQualifier::ForAllValues ? " forall" : op.qualifier == SetQualifier::ForAnyValue ? " forany" : "") +
               (op.if_exists ? " ifexists" : "") + "\n";
        for (const auto& k : op.keys) out += "      " + k.key + " = " + dump_items(k.values) + "\n";
      }
    for (const auto& u : s.unknown) out += "    unknown " + u.key + at(u.key_span) + "\n";
  }
  return out;
}

}  // namespace iamtrim::test
