#include "sources/computed.hpp"

#include <vector>

#include "iamtrim/text.hpp"

namespace iamtrim::sources {

void note_computed_elements(const std::string& owner, const Value& document, Noted noted, Diagnostics& out) {
  const bool block = noted == Noted::ByTheDocumentBlock;
  const Value* statements = document.find("Statement");
  if (!statements) return;
  const std::string who = owner.empty() ? "" : owner + ": ";
  if (statements->kind == ValueKind::Opaque) {
    out.push_back({"IAM091", who + "Statement is computed (" + one_line(statements->text) + "); not analysed", statements->span,
                   "", {}});
    return;
  }
  std::vector<const Value*> list;
  if (statements->is_object()) list.push_back(statements);
  for (const Value& s : statements->items) list.push_back(&s);
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i]->kind == ValueKind::Opaque) {
      if (block) continue;
      out.push_back({"IAM091", who + "statement " + std::to_string(i) + " is computed (" + one_line(list[i]->text) +
                                   "); not analysed",
                     list[i]->span, "", {}});
      continue;
    }
    for (const char* element : {"Principal", "NotPrincipal"}) {
      const Value* p = list[i]->find(element);
      if (!p || p->kind != ValueKind::Opaque || block) continue;
      out.push_back({"IAM091", who + "statement " + std::to_string(i) + ": " + element + " is computed (" +
                                   one_line(p->text) + "); not analysed",
                     p->span, "", {}});
    }
    if (const Value* c = list[i]->find("Condition")) {
      if (c->kind == ValueKind::Opaque)
        out.push_back({"IAM091", who + "statement " + std::to_string(i) + ": Condition is computed (" + one_line(c->text) +
                                     "); not analysed",
                       c->span, "", {}});
      for (const Member& op : c->members)
        if (op.value.kind == ValueKind::Opaque && !block)
          out.push_back({"IAM091", who + "statement " + std::to_string(i) + ": Condition operator " + op.key +
                                       " is computed (" + one_line(op.value.text) + "); not analysed",
                         op.value.span, "", {}});
    }
    for (const char* key : {"Effect", "Action", "NotAction"}) {
      if (block && key[0] != 'E') continue;
      const Value* v = list[i]->find(key);
      if (!v || v->kind != ValueKind::Opaque) continue;
      out.push_back({"IAM091",
                     who + "statement " + std::to_string(i) + ": " + key +
                         " is computed (" + one_line(v->text) + "); not analysed",
                     v->span, "", {}});
    }
  }
}

}  // namespace iamtrim::sources
