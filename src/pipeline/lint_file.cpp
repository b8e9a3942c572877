// One file through the linter: read_source, parse, lint, configuration and
// inline suppressions, fingerprints; then, when asked, its fixes and the
// fixed text linted again.
#include "iamtrim/lint_file.hpp"

#include <algorithm>
#include <utility>

#include "iamtrim/baseline.hpp"
#include "iamtrim/system.hpp"
#include "iamtrim/verify.hpp"

namespace iamtrim {
namespace {

FileFindings lint_text(const Linter& linter, const std::shared_ptr<const SourceFile>& file,
                       const LintFileSettings& settings) {
  FileFindings out;
  SourceOptions options;
  options.kind = settings.kind;
  SourceResult src = read_source(file, options);
  if (src.unrecognised) {
    out.not_a_policy = std::move(src.not_a_policy);
    return out;
  }
  out.recognised = true;
  const std::string& rel = settings.relative_path.empty() ? file->path() : settings.relative_path;
  std::vector<std::pair<std::vector<Finding>, baseline::StatementSids>> groups;
  groups.push_back({linter.lint_source_problems(file, src.diagnostics), {}});
  for (const FoundPolicy& p : src.policies) {
    ++out.policies;
    PolicyResult parsed = parse_policy(p.document, p.pointer);  // once: for the linter and the Sids
    groups.push_back({linter.lint(p, parsed), baseline::statement_sids(parsed.policy)});
  }
  const std::vector<std::string>& ignored = settings.ignore_rules;
  std::vector<std::pair<Finding, std::string>> found;
  for (auto& [findings, sids] : groups)
    for (Finding& f : findings) {
      if (std::count(ignored.begin(), ignored.end(), f.diagnostic.code)) continue;
      std::string fp = baseline::fingerprint(f, rel, sids);
      found.emplace_back(std::move(f), std::move(fp));
    }
  // Inline "# iamtrim:ignore CODE reason" comments (of this file, or of a
  // file() the policy came from), and the problems of the comments themselves.
  {
    std::vector<Finding> all;
    for (const auto& [f, fp] : found) all.push_back(f);
    Linter::Suppressions s = linter.check_suppressions(file, all, settings.report_unused_ignores);
    std::vector<std::pair<Finding, std::string>> kept;
    for (std::size_t i = 0; i < found.size(); ++i)
      if (!s.suppressed[i]) kept.push_back(std::move(found[i]));
    for (Finding& p : s.problems) {
      std::string fp = baseline::fingerprint(p, rel, {});
      kept.emplace_back(std::move(p), std::move(fp));
    }
    found = std::move(kept);
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first.diagnostic.span.begin.offset < b.first.diagnostic.span.begin.offset;
  });
  bool fixable = false;
  for (auto& [f, fp] : found) {
    for (const Fix& x : f.fixes) fixable |= fix_allowed(x.safety, FixLevel::Unsafe);
    out.findings.push_back(std::move(f));
    out.fingerprints.push_back(std::move(fp));
  }
  // Read back only when there is a fix to offer (few files have one).
  // As apply_fixes() asks it, so the summary says what --fix will do.
  if (fixable) out.fixes_blocked = breaking_problem(*file);
  return out;
}

}  // namespace

LintedFile lint_file(const Linter& linter, const std::shared_ptr<const SourceFile>& file,
                     const LintFileSettings& settings) {
  LintedFile out;
  out.file = file;
  out.found = lint_text(linter, file, settings);
  if (!settings.fix || !out.found.recognised) return out;
  out.fix = apply_fixes(linter.catalog(), file, out.found.findings, *settings.fix);
  if (out.fix->applied) {
    // What is left, as the file will read once the caller has written it.
    auto fixed = std::make_shared<const SourceFile>(SourceFile::from_string(file->path(), out.fix->text));
    out.fixed = lint_text(linter, fixed, settings);
  }
  return out;
}

LintedFile lint_file(const Linter& linter, const std::string& path, const LintFileSettings& settings) {
  FileRead read = settings.streams || path == "-" ? read_input_file(path, kMaxInputFile)
                                                 : read_regular_file(path, kMaxInputFile);
  if (!read.text) {
    LintedFile out;
    out.error = "cannot read " + (path == "-" ? std::string("standard input") : path) + ": " + read.error;
    return out;
  }
  return lint_file(linter, std::make_shared<const SourceFile>(SourceFile::from_string(path, std::move(*read.text))),
                   settings);
}

}  // namespace iamtrim
