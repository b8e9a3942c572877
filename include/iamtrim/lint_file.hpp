// iamtrim/lint_file.hpp - linting one file, from its text to its findings
// (and, when asked, its fixed text).
//
// `iamtrim lint` runs the same sequence for every file: read it once, find
// its policies once (read_source), parse each once for the linter and for
// the Sids of its fingerprints, lint them, drop what the path's
// configuration ignores and what inline `iamtrim:ignore` comments suppress
// (adding the problems of those comments, IAM093 among them), order the
// findings by position and fingerprint each for the baseline
// (baseline.hpp). With a fix level, the fixes the level allows are applied
// and verified (apply_fixes, fix.hpp) and the fixed text is linted again, so
// the caller can report what is left once it has written it.
//
//   LintFileSettings s;
//   s.relative_path = "policies/admin.json";  // as the baseline names it
//   LintedFile r = lint_file(linter, "policies/admin.json", s);
//   if (!r.ok()) ... r.error ...
//   else if (!r.found.recognised) ... r.found.not_a_policy ...
//   else for (const Finding& f : r.found.findings) ...
//
// Nothing here prints or writes files: notes, skipped fixes and read errors
// are values in the result. Safe to call from several threads at once with
// one Linter (lint.hpp: it is immutable); nothing throws.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "iamtrim/fix.hpp"
#include "iamtrim/lint.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

struct LintFileSettings {
  std::optional<PolicyKind> kind;         // read every policy as this kind (--policy-kind, a path rule)
  std::vector<std::string> ignore_rules;  // codes the configuration turns off for this file's path
  std::string relative_path;              // the file as fingerprints name it; empty: its path
  bool report_unused_ignores = false;     // IAM093 for ignore comments that suppress nothing
  std::optional<FixLevel> fix;            // apply the fixes this level allows (lint --fix)
  // Whether the path may be a pipe, FIFO or device to read as cat would (a
  // path the user named). False for a file a folder's walk found: it is
  // read only if it is a regular file, and costs no stat before opening.
  bool streams = true;
};

// The findings of one text of the file.
struct FileFindings {
  bool recognised = false;               // false: the file holds no policy; nothing else is set
  std::string not_a_policy;              // why not, when not recognised
  std::size_t policies = 0;              // the policies found in it
  std::vector<Finding> findings;         // by position in the file (stable for equal positions)
  std::vector<std::string> fingerprints; // one per finding (baseline.hpp)
  // When a finding carries a fix a fix level could apply but the file cannot
  // be verified (breaking_problem, verify.hpp: an error to fix first, or a
  // computed part such as a dynamic statement block), why: --fix applies
  // none of this file's fixes. Empty otherwise.
  std::string fixes_blocked;
};

struct LintedFile {
  std::string error;                        // "cannot read PATH: why"; empty when the file was read
  std::shared_ptr<const SourceFile> file;   // the text that was linted
  FileFindings found;                       // of the file as it was read
  // With settings.fix, for a recognised file: the fixes applied (fix.text)
  // and skipped, with their reasons.
  std::optional<FixResult> fix;
  FileFindings fixed;                       // of fix->text, when fix->applied
  bool ok() const { return error.empty(); }
};

// Lints `file` as the settings say.
LintedFile lint_file(const Linter& linter, const std::shared_ptr<const SourceFile>& file,
                     const LintFileSettings& settings);

// Reads `path` ("-": standard input; at most kMaxInputFile bytes, system.hpp)
// and lints it; a file that cannot be read is an error in the result.
LintedFile lint_file(const Linter& linter, const std::string& path, const LintFileSettings& settings);

}  // namespace iamtrim
