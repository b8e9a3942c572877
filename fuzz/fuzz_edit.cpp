// The in-place edit planner (narrow --write) on arbitrary files: each
// policy iamtrim can edit in place is narrowed with generated evidence (half
// the services unused, one action in five of the rest), and a plan the
// planner accepts must stay inside the file, apply cleanly, keep every byte
// outside the edits, and pass the verifier every in-place write passes
// (verify_edit with the Subset contract and the decisions it was narrowed
// on, as narrow_file() calls it). A policy whose document another policy of
// the file reads too (one `local` feeding two resources) changes that policy
// with it: the other is then expected to read back as the same narrowed
// policy. (narrow_file() expects it unchanged unless it was narrowed alike,
// so the verifier refuses such a write: testdata/edit/shared_local.tf.)
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_check.hpp"
#include "iamtrim/edit.hpp"
#include "iamtrim/verify.hpp"

using iamtrim::fuzz::check_span;
using iamtrim::fuzz::require;

namespace {

std::uint32_t fnv(std::string_view s, std::uint32_t seed) {
  std::uint32_t h = 2166136261u ^ seed;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

iamtrim::Decisions generated(const iamtrim::Catalog& c, const iamtrim::Policy& policy, std::uint32_t seed) {
  iamtrim::Decisions d;
  d.as_of = "2024-06-30";
  for (const iamtrim::Statement& st : policy.statements) {
    if (st.effect != iamtrim::Effect::Allow || !st.actions()) continue;
    iamtrim::expand_statement(c, st).actions.for_each([&](iamtrim::ActionId id) {
      std::string name = c.full_name(id);
      std::string service = name.substr(0, name.find(':'));
      if (fnv(service, seed) % 2) d.by_action[id] = {iamtrim::DecisionReason::ServiceNotAccessed, {}, ""};
      else if (fnv(name, seed) % 5 == 0) d.by_action[id] = {iamtrim::DecisionReason::ActionNotAccessed, {}, ""};
    });
  }
  return d;
}

// Everything outside the edits is byte-identical.
void check_outside(const std::string& before, const std::string& after, std::vector<iamtrim::SourceEdit> edits) {
  std::sort(edits.begin(), edits.end(), [](const auto& a, const auto& b) { return a.range.begin.offset < b.range.begin.offset; });
  std::size_t in = 0, out = 0;
  for (const iamtrim::SourceEdit& e : edits) {
    std::size_t len = e.range.begin.offset - in;
    require(before.compare(in, len, after, out, len) == 0);
    out += len + e.text.size();
    in = e.range.end.offset;
  }
  require(before.compare(in, std::string::npos, after, out, std::string::npos) == 0);
}

// The other policies of `src` whose document shares bytes with `p`'s.
std::vector<const iamtrim::FoundPolicy*> sharing(const iamtrim::SourceResult& src, const iamtrim::FoundPolicy& p) {
  std::vector<const iamtrim::FoundPolicy*> out;
  const iamtrim::Span& a = p.document.span;
  if (!a.known()) return out;
  for (const iamtrim::FoundPolicy& q : src.policies) {
    const iamtrim::Span& b = q.document.span;
    if (&q == &p || q.file != p.file || !b.known()) continue;
    if (a.begin.offset < b.end.offset && b.begin.offset < a.end.offset) out.push_back(&q);
  }
  return out;
}

void edit_all(const iamtrim::Catalog& catalog, const char* name, const std::string& text, std::uint32_t seed) {
  auto file = std::make_shared<const iamtrim::SourceFile>(iamtrim::SourceFile::from_string(name, text));
  iamtrim::SourceResult src = iamtrim::read_source(file);
  for (const iamtrim::FoundPolicy& p : src.policies) {
    if (p.file != file || !iamtrim::editable_in_place(p)) continue;
    iamtrim::PolicyResult parsed = iamtrim::parse_policy(p.document, p.pointer);
    if (!parsed.usable) continue;
    const iamtrim::Decisions decisions = generated(catalog, parsed.policy, seed);
    iamtrim::NarrowResult r = iamtrim::narrow_policy(catalog, parsed.policy, decisions, {});
    if (!r.changed) continue;
    iamtrim::EditPlan plan = iamtrim::plan_in_place(p, r);
    if (!plan.ok()) continue;  // refusing is always allowed
    // Duplicate edits (policies sharing a local) count once, as apply_edits does.
    std::vector<iamtrim::SourceEdit> unique;
    for (const iamtrim::SourceEdit& e : plan.edits) {
      check_span(e.range, text.size(), file.get());
      bool seen = std::any_of(unique.begin(), unique.end(),
                              [&](const auto& u) { return u.range == e.range && u.text == e.text; });
      if (!seen) unique.push_back(e);
    }
    iamtrim::EditResult applied = iamtrim::apply_edits(text, plan.edits);
    require(applied.ok());
    bool overlapping_deletions = false;
    for (std::size_t i = 0; i < unique.size(); ++i)
      for (std::size_t j = i + 1; j < unique.size(); ++j)
        overlapping_deletions |= unique[i].range.begin.offset < unique[j].range.end.offset &&
                                 unique[j].range.begin.offset < unique[i].range.end.offset;
    if (!overlapping_deletions) check_outside(text, applied.text, unique);
    // The edit re-reads to what it claims, a subset that keeps every used action.
    iamtrim::EditCheck check;
    check.contract = iamtrim::EditContract::Subset;
    check.expected.push_back({p.pointer, r.policy, &decisions, {}});
    for (const iamtrim::FoundPolicy* q : sharing(src, p)) check.expected.push_back({q->pointer, r.policy, nullptr, {}});
    require(iamtrim::verify_edit(catalog, *file, applied.text, check).empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const iamtrim::Catalog catalog = iamtrim::Catalog::embedded();
  std::string text(reinterpret_cast<const char*>(data), size);
  std::uint32_t seed = static_cast<std::uint32_t>(size);
  for (const char* name : {"main.tf", "stack.yaml", "stack.json", "main.tf.json", "policy.json.tpl"})
    edit_all(catalog, name, text, seed);
  return 0;
}
