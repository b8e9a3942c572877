// lint --fix: a finding's fixes are SourceEdits like a narrow rewrite's,
// applied by the one edit routine (apply_edits) and checked by the one
// verifier (verify_edit): a Safe fix keeps the grant equal (EqualGrant), an
// Unsafe one keeps the file reading with the same policies (Reads).
#include <algorithm>
#include <memory>

#include "iamtrim/edit.hpp"
#include "iamtrim/fix.hpp"
#include "iamtrim/verify.hpp"

namespace iamtrim {
namespace {

struct Candidate {
  const Fix* fix;
  std::string label;  // "IAM105 3:7: remove ..."
};

}  // namespace

bool fix_allowed(FixSafety safety, FixLevel level) {
  if (safety == FixSafety::Safe) return true;
  return safety == FixSafety::Unsafe && level == FixLevel::Unsafe;
}

FixResult apply_fixes(const Catalog& catalog, const std::shared_ptr<const SourceFile>& file,
                      const std::vector<Finding>& findings, FixLevel level) {
  FixResult out;
  out.text = file->text();
  std::vector<Candidate> candidates;
  for (const Finding& f : findings) {
    if (f.file.get() != file.get()) continue;
    for (const Fix& fix : f.fixes) {
      if (!fix_allowed(fix.safety, level) || !fix.span.known()) continue;
      candidates.push_back({&fix,
                            f.diagnostic.code + " " + std::to_string(f.diagnostic.span.begin.line) + ":" +
                                std::to_string(f.diagnostic.span.begin.column) + ": " + fix.description});
    }
  }
  if (candidates.empty()) return out;
  // An error to fix first, or a computed part (IAM091) no comparison can
  // see: the reason is said, as the verifier would say it.
  if (const std::string problem = breaking_problem(*file); !problem.empty()) {
    for (const Candidate& c : candidates) out.skipped.push_back(c.label + ": skipped: the fix cannot be verified: " + problem);
    return out;
  }
  // Last range first, so the offsets of the ranges still to apply hold.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.fix->span.begin.offset > b.fix->span.begin.offset;
  });
  std::uint32_t taken_begin = static_cast<std::uint32_t>(out.text.size()) + 1;  // start of the lowest range taken
  // A Safe fix is held to the grant of `reference`: the original, or the
  // file as the last Unsafe fix left it.
  std::shared_ptr<const SourceFile> reference = file;
  for (const Candidate& c : candidates) {
    const Span& s = c.fix->span;
    if (s.end.offset > taken_begin || s.end.offset < s.begin.offset || s.end.offset > out.text.size()) {
      out.skipped.push_back(c.label + ": skipped: overlaps another fix (run --fix again)");
      continue;
    }
    EditResult applied = apply_edits(out.text, {SourceEdit{s, c.fix->replacement}});
    if (!applied.ok()) {
      out.skipped.push_back(c.label + ": skipped: " + applied.error);
      continue;
    }
    std::string next = std::move(applied.text);
    bool safe = c.fix->safety == FixSafety::Safe;
    std::vector<std::string> problems =
        verify_edit(catalog, *reference, next, {safe ? EditContract::EqualGrant : EditContract::Reads, {}, {}});
    if (!problems.empty()) {
      out.skipped.push_back(c.label + ": skipped: " + problems.front());
      continue;
    }
    out.text = std::move(next);
    taken_begin = s.begin.offset;
    if (!safe) reference = std::make_shared<const SourceFile>(SourceFile::from_string(file->path(), out.text));
    ++out.applied;
    out.applied_descriptions.push_back(c.label);
  }
  std::reverse(out.applied_descriptions.begin(), out.applied_descriptions.end());
  return out;
}

}  // namespace iamtrim
