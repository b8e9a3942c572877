// The check behind every in-place write (verify.hpp). Deliberately shares
// nothing with what it checks: it re-reads both texts with the source reader,
// parses every policy again and re-expands every statement, so neither the
// edit planner nor a fix builder nor the rewrite's bookkeeping can vouch for
// itself.
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "iamtrim/actions.hpp"
#include "iamtrim/text.hpp"
#include "iamtrim/verify.hpp"

namespace iamtrim {
namespace {

struct ReadBack {
  SourceResult source;
  std::vector<PolicyResult> parsed;                    // one per policy of `source`
  std::vector<std::pair<std::string, std::string>> breaking;  // code, message: problems that break a policy's meaning
  std::vector<std::string> computed;  // per policy, the source text of its computed parts (PolicyResult::computed_parts), joined
};

ReadBack read_back(std::shared_ptr<const SourceFile> file, const SourceOptions& options) {
  ReadBack r;
  r.source = read_source(std::move(file), options);
  for (const Diagnostic& d : r.source.diagnostics)
    if (breaks_meaning(d.code)) r.breaking.emplace_back(d.code, d.message);
  r.parsed.reserve(r.source.policies.size());
  for (const FoundPolicy& p : r.source.policies) r.parsed.push_back(parse_policy(p.document, p.pointer));
  for (std::size_t i = 0; i < r.parsed.size(); ++i) {
    const PolicyResult& p = r.parsed[i];
    bool said = false;
    for (const Diagnostic& d : p.diagnostics)
      if (breaks_meaning(d.code)) r.breaking.emplace_back(d.code, d.message), said = true;
    if (!p.usable && !said) r.breaking.emplace_back("IAM018", "policy must be an object");
    // A computed statement, Principal or Condition is not read, so no comparison could
    // see it change: --fix refuses, and an edit is held to its text.
    if (!p.computed_parts.empty())
      r.breaking.emplace_back("IAM091", "a statement, its Principal or its Condition is computed (not evaluated), so what it grants is unknown");
    const std::string& text = r.source.policies[i].file->text();  // positions point into the policy's own file
    std::string joined;
    for (const Span& s : p.computed_parts)
      if (s.begin.offset <= s.end.offset && s.end.offset <= text.size())
        joined.append(text, s.begin.offset, s.end.offset - s.begin.offset).push_back('\0');
    r.computed.push_back(std::move(joined));
  }
  return r;
}

void items(std::string& out, const char* name, const std::optional<ItemList>& list) {
  if (!list) return;
  out += std::string(" ") + name + (list->single ? "=" : "=[") + (list->opaque ? "computed" : "");
  for (const Item& it : list->items) out += std::to_string(static_cast<int>(it.kind)) + it.text + "|";
}

// Everything but positions: write_policy() covers the grammar's elements;
// element order, unknown keys and item kinds (computed or literal) are added.
std::string canonical(const Policy& p) {
  std::string out = write_policy(p, {.pretty = false, .indent = 0});
  for (const std::string& k : p.order) out += " " + k;
  for (const UnknownElement& u : p.unknown) out += " ?" + u.key;
  for (const Statement& st : p.statements) {
    out += "\n";
    for (const std::string& k : st.order) out += k + ",";
    for (const UnknownElement& u : st.unknown) out += " ?" + u.key;
    items(out, "Action", st.action);
    items(out, "NotAction", st.not_action);
    items(out, "Resource", st.resource);
    items(out, "NotResource", st.not_resource);
  }
  return out;
}

// A statement's canonical text without its action items; with `element`,
// which element it uses (Action or NotAction) stays part of it (a narrowing
// may turn NotAction into Action, a safe fix may not).
std::string frame(const Statement& st, bool element) {
  Policy p;
  p.has_statement = true;
  p.statements.push_back(st);
  Statement& s = p.statements.back();
  const char* which = !element ? "" : s.action ? "Action" : s.not_action ? "NotAction" : "-";
  s.action.reset();
  s.not_action.reset();
  s.order.erase(std::remove_if(s.order.begin(), s.order.end(),
                               [](const std::string& k) { return k == "Action" || k == "NotAction"; }),
                s.order.end());
  return canonical(p) + " " + which;
}

bool computed(const Statement& st) {
  const ItemList* list = st.actions();
  if (!list) return false;
  return list->opaque || std::any_of(list->items.begin(), list->items.end(),
                                     [](const Item& it) { return it.kind == ValueKind::Opaque; });
}

std::string name_of(const FoundPolicy& p) {
  return p.owner.empty() || p.owner == p.pointer ? p.pointer : p.owner + " (" + p.pointer + ")";
}

std::string label(const Statement& st) {
  std::string s = "statement " + std::to_string(st.index);
  if (st.sid) s += " (" + st.sid->text + ")";
  return s;
}

// The items of a statement's action element that the catalog does not know, lower-cased.
std::vector<std::string> unknown_items(const Statement& st, const StatementActions& e) {
  std::vector<std::string> out;
  const ItemList* list = st.actions();
  for (std::size_t i = 0; list && i < list->items.size() && i < e.matches.size(); ++i)
    if (e.matches[i].status != MatchStatus::Matched) out.push_back(to_lower(list->items[i].text));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

class Grants {
 public:
  Grants(const Catalog& c, const std::string& policy, std::vector<std::string>& problems)
      : c_(c), policy_(policy), problems_(problems) {}

  // EqualGrant: statement for statement, the same frame and the same grant.
  void equal(const Policy& before, const Policy& after) {
    std::vector<std::string> changes;
    if (before.version != after.version || before.id != after.id) changes.push_back("its Version or Id changes");
    if (before.statements.size() != after.statements.size())
      changes.push_back(std::to_string(after.statements.size()) + " statements instead of " +
                        std::to_string(before.statements.size()));
    for (std::size_t i = 0; i < before.statements.size() && i < after.statements.size(); ++i) {
      const Statement& b = before.statements[i];
      const Statement& a = after.statements[i];
      if (frame(b, true) != frame(a, true)) {
        changes.push_back(label(b) + " changes outside its action items");
      } else if (computed(b) || computed(a)) {
        if (canonical_of(b) != canonical_of(a)) changes.push_back(label(b) + " has computed actions and changes");
      } else {
        StatementActions eb = expand_statement(c_, b), ea = expand_statement(c_, a);
        const bool allow = b.effect == Effect::Allow;
        if (ActionSet more = ea.actions - eb.actions; !more.empty())
          changes.push_back((allow ? "newly allows " : "newly denies ") + action_names(c_, more) + " in " + label(b));
        if (ActionSet less = eb.actions - ea.actions; !less.empty())
          changes.push_back((allow ? "no longer allows " : "no longer denies ") + action_names(c_, less) + " in " +
                            label(b));
        if (unknown_items(b, eb) != unknown_items(a, ea))
          changes.push_back(label(b) + " changes the items the catalog does not know");
      }
    }
    if (!changes.empty()) fail("it would change what the policy grants (" + join(changes, "; ") + ")");
  }

  // Subset: statements in order, each kept with no wider grant or (an
  // Allow) dropped; none added. A statement stands for the next one of the
  // original with the same frame that grants no less, as in
  // verify_narrowing(), so a dropped statement between two alike is not
  // mistaken for the one narrowed after it.
  void subset(const Policy& before, const Policy& after) {
    if (before.version != after.version || before.id != after.id) fail("its Version or Id changed");
    const auto judged = [](const Statement& st) { return st.effect == Effect::Allow && st.actions() && !computed(st); };
    std::size_t j = 0;
    for (const Statement& b : before.statements) {
      bool paired = false;
      if (j < after.statements.size() && frame(b, false) == frame(after.statements[j], false)) {
        const Statement& a = after.statements[j];
        if (!judged(b) || !judged(a)) {
          paired = canonical_of(b) == canonical_of(a);
        } else {
          // Items the catalog does not know count as grants too: a statement
          // of such items only grants no known action, and must not stand for
          // an earlier one; an item the original lacks makes it grant more.
          const StatementActions eb = expand_statement(c_, b), ea = expand_statement(c_, a);
          const std::vector<std::string> unknown_before = unknown_items(b, eb), unknown_after = unknown_items(a, ea);
          paired = ea.actions.is_subset_of(eb.actions) && std::includes(unknown_before.begin(), unknown_before.end(),
                                                                         unknown_after.begin(), unknown_after.end());
        }
      }
      if (paired) {
        ++j;
      } else if (!judged(b)) {
        fail(label(b) + " is not a narrowed Allow and is missing or changed");
      }  // else an Allow dropped
    }
    for (; j < after.statements.size(); ++j)
      fail("it has a statement the original did not, or one that grants more: " + label(after.statements[j]));
  }

 private:
  static std::string canonical_of(const Statement& st) {
    Policy p;
    p.has_statement = true;
    p.statements.push_back(st);
    return canonical(p);
  }
  void fail(const std::string& why) { problems_.push_back(policy_.empty() ? why : policy_ + ": " + why); }

  const Catalog& c_;
  const std::string& policy_;
  std::vector<std::string>& problems_;
};

// The byte ranges of the expressions of the policies at `pointers`, merged;
// nothing when one of them has no known range.
std::optional<std::vector<std::pair<std::uint32_t, std::uint32_t>>> ranges(const SourceResult& s,
                                                                          const std::map<std::string, int>& pointers) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const FoundPolicy& p : s.policies) {
    if (!pointers.count(p.pointer)) continue;
    if (!p.expression.known()) return std::nullopt;
    out.emplace_back(p.expression.begin.offset, p.expression.end.offset);
  }
  std::sort(out.begin(), out.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
  for (const auto& r : out)
    if (!merged.empty() && r.first <= merged.back().second) merged.back().second = std::max(merged.back().second, r.second);
    else merged.push_back(r);
  return merged;
}

// The text outside `r`, with a separator where each range was.
std::string outside(const std::string& text, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& r) {
  std::string out;
  std::size_t at = 0;
  for (const auto& [b, e] : r) {
    out.append(text, at, b - at);
    out += '\0';
    at = e;
  }
  out.append(text, std::min(at, text.size()));
  return out;
}

}  // namespace

std::vector<std::string> verify_edit(const Catalog& catalog, const SourceFile& original, const std::string& edited,
                                     const EditCheck& check) {
  std::vector<std::string> problems;
  ReadBack before = read_back(std::make_shared<const SourceFile>(original), check.options);
  ReadBack after =
      read_back(std::make_shared<const SourceFile>(SourceFile::from_string(original.path(), edited)), check.options);
  // No problem that breaks a policy's meaning may be new.
  std::map<std::string, int> had;
  for (const auto& [code, message] : before.breaking) ++had[code];
  for (const auto& [code, message] : after.breaking)
    if (had[code]-- <= 0) {
      problems.push_back("the edited file would not read: " + message);
      return problems;
    }
  if (after.source.policies.size() != before.source.policies.size()) {
    std::string why;
    for (const Diagnostic& d : after.source.diagnostics)
      if (d.code == "IAM090" || d.code == "IAM001")
        why = ": " + d.message + " at " + std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column);
    problems.push_back("the edited file holds " + std::to_string(after.source.policies.size()) + " policies instead of " +
                       std::to_string(before.source.policies.size()) + why);
    return problems;
  }
  // The k-th expectation for a pointer is the k-th policy at that pointer
  // (a conditional gives one attribute two policies).
  std::map<std::string, std::vector<const ExpectedPolicy*>> wanted;
  std::map<std::string, int> edited_pointers;
  if (check.contract == EditContract::Subset)
    for (const ExpectedPolicy& e : check.expected) wanted[e.pointer].push_back(&e), edited_pointers[e.pointer] = 1;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < after.source.policies.size(); ++i) {
    const FoundPolicy& a = after.source.policies[i];
    const FoundPolicy& b = before.source.policies[i];
    if (a.pointer != b.pointer || a.format != b.format || a.owner != b.owner || a.name != b.name) {
      problems.push_back(name_of(b) + ": not found at its place in the edited file");
      continue;
    }
    const PolicyResult& now = after.parsed[i];
    const PolicyResult& was = before.parsed[i];
    const std::string name = name_of(a);
    // A computed statement or Condition is not read: held to its text, byte for byte.
    if (after.computed[i] != before.computed[i]) problems.push_back(name + ": a computed statement or Condition changed");
    if (!now.usable || !was.usable) {
      if (!now.usable && was.usable) problems.push_back(name + ": the edited policy does not read");
      continue;
    }
    if (check.contract == EditContract::Reads) continue;
    if (check.contract == EditContract::EqualGrant) {
      Grants(catalog, name, problems).equal(was.policy, now.policy);
      continue;
    }
    std::size_t k = seen[a.pointer]++;
    auto it = wanted.find(a.pointer);
    const ExpectedPolicy* e = it != wanted.end() && k < it->second.size() ? it->second[k] : nullptr;
    if (!e) {
      if (canonical(now.policy) != canonical(was.policy)) problems.push_back(name + ": a policy that was not to change changed");
      continue;
    }
    if (canonical(now.policy) != canonical(e->policy)) {
      problems.push_back(name + ": the edited policy differs from the narrowed policy");
      continue;
    }
    // The expectation itself is held to the contract: no wider grant.
    Grants(catalog, name, problems).subset(was.policy, now.policy);
    if (e->decisions) {
      Verification v = verify_narrowing(catalog, was.policy, now.policy, *e->decisions, e->options);
      for (const std::string& why : v.violations) problems.push_back(name + ": " + why);
    }
  }
  for (const auto& [pointer, list] : wanted)
    if (seen[pointer] < list.size()) problems.push_back(pointer + ": not found in the edited file");
  if (check.contract == EditContract::Subset && problems.empty()) {
    auto r_before = ranges(before.source, edited_pointers);
    auto r_after = ranges(after.source, edited_pointers);
    if (r_before && r_after &&
        (r_before->size() != r_after->size() || outside(original.text(), *r_before) != outside(edited, *r_after)))
      problems.push_back("the edit changed bytes outside the narrowed policies");
  }
  return problems;
}

std::string breaking_problem(const SourceFile& file, const SourceOptions& options) {
  ReadBack r = read_back(std::make_shared<const SourceFile>(file), options);
  return r.breaking.empty() ? "" : r.breaking.front().second;
}

}  // namespace iamtrim
