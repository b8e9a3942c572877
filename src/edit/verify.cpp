// The check behind every in-place write: the edited text, read again by the
// same reader, must hold the narrowed policies where the old ones were and
// leave every other policy of the file as it was.
#include <map>
#include <memory>

#include "iamtrim/edit.hpp"

namespace iamtrim {
namespace {

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

std::string name_of(const FoundPolicy& p) {
  return p.owner.empty() || p.owner == p.pointer ? p.pointer : p.owner + " (" + p.pointer + ")";
}

}  // namespace

std::vector<std::string> verify_in_place(const SourceFile& original, const std::string& edited,
                                         const std::vector<ExpectedPolicy>& expected, const SourceOptions& options) {
  std::vector<std::string> problems;
  auto before_file = std::make_shared<const SourceFile>(original);
  auto after_file = std::make_shared<const SourceFile>(SourceFile::from_string(original.path(), edited));
  SourceResult before = read_source(before_file, options);
  SourceResult after = read_source(after_file, options);
  if (after.policies.size() != before.policies.size()) {
    std::string why;
    for (const Diagnostic& d : after.diagnostics)
      if (d.code == "IAM090" || d.code == "IAM001")
        why = ": " + d.message + " at " + std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column);
    problems.push_back("the edited file holds " + std::to_string(after.policies.size()) + " policies instead of " +
                       std::to_string(before.policies.size()) + why);
    return problems;
  }
  // The k-th expectation for a pointer is the k-th policy at that pointer
  // (a conditional gives one attribute two policies).
  std::map<std::string, std::vector<const ExpectedPolicy*>> wanted;
  for (const ExpectedPolicy& e : expected) wanted[e.pointer].push_back(&e);
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < after.policies.size(); ++i) {
    const FoundPolicy& a = after.policies[i];
    const FoundPolicy& b = before.policies[i];
    if (a.pointer != b.pointer || a.format != b.format) {
      problems.push_back(name_of(b) + ": not found at its place in the edited file");
      continue;
    }
    std::size_t k = seen[a.pointer]++;
    auto it = wanted.find(a.pointer);
    const ExpectedPolicy* e = it != wanted.end() && k < it->second.size() ? it->second[k] : nullptr;
    PolicyResult now = parse_policy(a.document, a.pointer);
    std::string want = e ? canonical(e->policy) : canonical(parse_policy(b.document, b.pointer).policy);
    if (!now.usable || canonical(now.policy) != want)
      problems.push_back(name_of(a) + (e ? ": the edited policy differs from the narrowed policy"
                                         : ": a policy that was not to change changed"));
  }
  for (const auto& [pointer, list] : wanted)
    if (seen[pointer] < list.size()) problems.push_back(pointer + ": not found in the edited file");
  return problems;
}

}  // namespace iamtrim
