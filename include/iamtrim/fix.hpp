// iamtrim/fix.hpp - applying the fixes lint findings carry (`lint --fix`).
//
// A Fix (lint.hpp) is a byte range of the file and its replacement, with a
// safety level in ruff's sense: Safe fixes leave what the policy grants as
// it was (dropping an action pattern another one covers); Unsafe fixes
// change it (replacing an unknown action with the one close name the
// catalog knows); DisplayOnly fixes are advice and are never applied.
//
// apply_fixes() applies each fix with apply_edits() (edit.hpp), the routine
// narrow rewrites use, and checks it before keeping it, one at a time, with
// the one verifier, verify_edit() (verify.hpp):
//  - a Safe fix under EditContract::EqualGrant: every policy of the file,
//    read again, grants exactly what it granted (the original, or the file
//    as the last Unsafe fix left it): the same statements, the same
//    elements but for the action items, the same expanded actions;
//  - an Unsafe fix under EditContract::Reads: the file still reads, with no
//    new problem that breaks a policy's meaning and the same policies at the
//    same places (its grant changes by design).
// A file that already has such a problem gets no fix. A fix that fails is
// skipped with the reason; so is one whose range overlaps a fix already
// taken (run --fix again to get it).
//
//   auto findings = lint the file ...;
//   FixResult r = apply_fixes(catalog, *file, findings, FixLevel::Safe);
//   if (r.applied) atomic write of r.text;
#pragma once

#include <string>
#include <vector>

#include "iamtrim/catalog.hpp"
#include "iamtrim/lint.hpp"
#include "iamtrim/source.hpp"

namespace iamtrim {

enum class FixLevel { Safe, Unsafe };  // Unsafe applies Safe fixes too

struct FixResult {
  std::string text;                  // the file with the applied fixes
  std::size_t applied = 0;
  std::vector<std::string> applied_descriptions;  // "IAM105 3:7: remove \"s3:GetObject\""
  std::vector<std::string> skipped;  // "IAM104 5:9: replace ...: skipped: <why>"
};

// Applies the fixes of `findings` that lie in `file` and that `level`
// allows. Pure: reads its arguments, writes nothing.
FixResult apply_fixes(const Catalog& catalog, const std::shared_ptr<const SourceFile>& file,
                      const std::vector<Finding>& findings, FixLevel level);

// Whether `level` lets a fix of this safety be applied.
bool fix_allowed(FixSafety safety, FixLevel level);

}  // namespace iamtrim
