// Planning the edits for one narrowed policy: the narrowing result says
// which statements changed; each changed Action element and each dropped
// statement becomes a few byte-range edits in the policy's own syntax.
#include "edit/internal.hpp"

namespace iamtrim {
namespace {

using edit::Context;
using edit::ItemChange;
using edit::Range;
using edit::Syntax;

Syntax syntax_of(const FoundPolicy& p) {
  const std::string& t = p.file->text();
  char first = p.expression.begin.offset < t.size() ? t[p.expression.begin.offset] : '\0';
  switch (p.format) {
    case SourceFormat::TerraformJsonencode: return Syntax::Hcl;
    case SourceFormat::TerraformPolicyDocument: return Syntax::PolicyDocument;
    case SourceFormat::TerraformString:
    case SourceFormat::TerraformJson: return Syntax::EscapedJson;
    case SourceFormat::CloudFormationJson: return first == '"' ? Syntax::EscapedJson : Syntax::Json;
    case SourceFormat::CloudFormationYaml: return first != '|' ? Syntax::Yaml : Syntax::Json;
    default: return Syntax::Json;
  }
}

std::string source(const Context& c, Range r) { return c.text().substr(r.begin, r.end - r.begin); }

// Pairs the old items with the new list: an item whose span reappears is
// kept; the new names between kept items replace the first dropped item of
// that gap, and the gap's other dropped items are deleted.
bool align(const Context& c, const ItemList& old, const ItemList& now, std::vector<ItemChange>& out) {
  for (const Item& it : old.items) {
    Range r = c.range_of(it.span);
    out.push_back({r, source(c, r), false, {}});
  }
  std::size_t j = 0;
  std::ptrdiff_t gap = -1;
  for (std::size_t i = 0; i < old.items.size(); ++i) {
    bool kept = false;
    for (const Item& n : now.items) kept = kept || (n.span.known() && n.span == old.items[i].span);
    if (!kept) {
      if (gap < 0) gap = static_cast<std::ptrdiff_t>(i);
      continue;
    }
    for (; j < now.items.size() && !(now.items[j].span == old.items[i].span); ++j) {
      if (gap < 0 || now.items[j].span.known()) return false;
      out[static_cast<std::size_t>(gap)].names.push_back(now.items[j].text);
    }
    if (j == now.items.size()) return false;
    ++j;
    out[i].keep = true;
    gap = -1;
  }
  for (; j < now.items.size(); ++j) {
    if (gap < 0 || now.items[j].span.known()) return false;
    out[static_cast<std::size_t>(gap)].names.push_back(now.items[j].text);
  }
  return true;
}

// Item ranges in order, apart and inside the list: not so for positions
// that were approximated (a folded YAML scalar points every node at itself).
bool exact(const std::vector<ItemChange>& items, Range list) {
  std::uint32_t at = list.begin;
  for (const ItemChange& it : items) {
    if (it.range.begin < at || it.range.end <= it.range.begin || it.range.end > list.end) return false;
    at = it.range.end;
  }
  return true;
}

bool plan_statement(const Context& c, const Statement& st, const Statement& now, bool was_not_action,
                    std::vector<SourceEdit>& out, std::string& error) {
  const ItemList& old = was_not_action ? *st.not_action : *st.action;
  const ItemList& list = *now.action;
  Range value = c.range_of(old.span), key = c.range_of(old.key_span), statement = c.range_of(st.span);
  std::vector<std::string> names;
  for (const Item& it : list.items) names.push_back(it.text);
  if (was_not_action && !edit::rename_not_action(c, key, out, error)) return false;
  if (old.single) {
    if (list.single && names.size() == 1) {
      out.push_back(edit::make_edit(c.file, value.begin, value.end, edit::render_item(c, names[0], source(c, value))));
      return true;
    }
    if (edit::write_list(c, key, value, statement, names, source(c, value), out)) return true;
    error = "cannot turn the single " + std::string(was_not_action ? "NotAction" : "Action") + " into a list";
    return false;
  }
  std::vector<ItemChange> items;
  if (!align(c, old, list, items) || !exact(items, value)) {
    error = "the positions of its action items are not exact";
    return false;
  }
  // A one-line list that grows long is written one item per line.
  bool one_line = !edit::has_newline(source(c, value));
  bool block_statement = c.syntax != Syntax::Yaml || c.text()[statement.begin] != '{';
  if (one_line && names.size() > 4 && c.syntax != Syntax::EscapedJson && c.text()[value.begin] == '[' &&
      block_statement && edit::has_newline(source(c, statement)))
    return edit::write_list(c, key, value, statement, names, items.front().like, out);
  return edit::edit_list(c, value, items, out, error);
}

}  // namespace

bool editable_in_place(const FoundPolicy& p) {
  static constexpr SourceFormat kFormats[] = {
      SourceFormat::Json,          SourceFormat::TerraformJsonencode,     SourceFormat::TerraformHeredoc,
      SourceFormat::TerraformString, SourceFormat::TerraformPolicyDocument, SourceFormat::TerraformTemplate,
      SourceFormat::TerraformJson, SourceFormat::CloudFormationJson,      SourceFormat::CloudFormationYaml};
  if (!p.file || !p.document.is_object() || !p.unique_pointer) return false;
  bool known = false;
  for (SourceFormat f : kFormats) known = known || p.format == f;
  if (!known) return false;
  // A JSON string folded by YAML: every node points at the whole scalar.
  const std::vector<Member>& m = p.document.members;
  return m.empty() || !(m.front().key_span == p.document.span);
}

EditPlan plan_in_place(const FoundPolicy& found, const NarrowResult& narrowed) {
  EditPlan plan;
  if (!narrowed.changed) return plan;
  if (!found.unique_pointer) {
    plan.error = "the file declares " + found.pointer + " more than once (Terraform refuses such a configuration)";
    return plan;
  }
  if (!editable_in_place(found)) {
    plan.error = std::string(to_string(found.format)) + " policies cannot be edited in place";
    return plan;
  }
  if (narrowed.detach) {
    plan.error = "the policy grants nothing after narrowing: detach it instead";
    return plan;
  }
  Context c{*found.file, syntax_of(found)};
  PolicyResult before = parse_policy(found.document, found.pointer);
  std::vector<ItemChange> statements;
  bool dropped = false;
  for (const StatementChange& change : narrowed.statements) {
    if (change.index >= before.policy.statements.size()) {
      plan.error = "the narrowing result does not match the policy";
      return plan;
    }
    const Statement& st = before.policy.statements[change.index];
    Range r = c.range_of(st.span);
    statements.push_back({r, "", change.outcome != StatementOutcome::Dropped, {}});
    std::string error;
    if (change.outcome == StatementOutcome::Dropped) {
      dropped = true;
      if (c.syntax == Syntax::PolicyDocument && !edit::delete_block(c, r, plan.edits, error))
        plan.error = "statement " + std::to_string(change.index) + ": " + error;
    } else if (change.outcome == StatementOutcome::Narrowed && change.new_index &&
               !plan_statement(c, st, narrowed.policy.statements[*change.new_index], change.was_not_action, plan.edits,
                               error)) {
      plan.error = "statement " + std::to_string(change.index) + ": " + error;
    }
    if (!plan.error.empty()) break;
  }
  if (plan.error.empty() && dropped && c.syntax != Syntax::PolicyDocument) {
    std::string error;
    if (!exact(statements, c.range_of(found.document.span)))
      plan.error = "the positions of its statements are not exact";
    else if (!edit::delete_items(c, statements, plan.edits, error))
      plan.error = error;
  }
  if (plan.error.empty() && (c.syntax == Syntax::Hcl || c.syntax == Syntax::PolicyDocument))
    edit::align_hcl(c, c.range_of(found.document.span), plan.edits);
  if (!plan.error.empty()) plan.edits.clear();
  return plan;
}

}  // namespace iamtrim
