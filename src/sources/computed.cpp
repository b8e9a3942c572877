#include "sources/computed.hpp"

#include <vector>

#include "iamtrim/text.hpp"

namespace iamtrim::sources {
namespace {

// "OWNER: WHAT is computed (its text on one line); not analysed" at the value.
void note(Diagnostics& out, const std::string& who, const std::string& what, const Value& v) {
  out.push_back({"IAM091", who + what + " is computed (" + one_line(v.text) + "); not analysed", v.span, "", {}});
}

}  // namespace

void note_computed_elements(const std::string& owner, const Value& document, Noted noted, Diagnostics& out) {
  const bool block = noted == Noted::ByTheDocumentBlock;
  const Value* statements = document.find("Statement");
  if (!statements) return;
  const std::string who = owner.empty() ? "" : owner + ": ";
  if (statements->kind == ValueKind::Opaque) return note(out, who, "Statement", *statements);
  std::vector<const Value*> list;
  if (statements->is_object()) list.push_back(statements);
  for (const Value& s : statements->items) list.push_back(&s);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string statement = "statement " + std::to_string(i);
    if (list[i]->kind == ValueKind::Opaque) {
      if (!block) note(out, who, statement, *list[i]);
      continue;
    }
    // The document block notes its principals, condition operators and
    // actions itself; never its Effect or a Condition computed whole.
    auto element = [&](const char* key, bool noted_by_block) {
      const Value* v = list[i]->find(key);
      if (v && v->kind == ValueKind::Opaque && !(block && noted_by_block)) note(out, who, statement + ": " + key, *v);
    };
    element("Principal", true);
    element("NotPrincipal", true);
    if (const Value* c = list[i]->find("Condition")) {
      if (c->kind == ValueKind::Opaque) note(out, who, statement + ": Condition", *c);
      for (const Member& op : c->members)
        if (op.value.kind == ValueKind::Opaque && !block)
          note(out, who, statement + ": Condition operator " + op.key, op.value);
    }
    element("Effect", false);
    element("Action", true);
    element("NotAction", true);
  }
}

}  // namespace iamtrim::sources
