// iamtrim/verify.hpp - the one check behind every edit written into a
// policy's file: lint fixes and narrow rewrites alike.
//
// Both are SourceEdits (edit.hpp) applied by apply_edits(); before a caller
// writes the result, verify_edit() re-reads the original and the edited text
// with the source reader, parses every policy again and re-expands their
// actions against the catalog. It shares nothing with the code that made the
// edits (the planner, the fix builders, the rewrite's bookkeeping), so a bug
// there cannot hide itself. The caller states the contract the edit must
// keep:
//
//  - EqualGrant (safe fixes): every policy of the file grants exactly what
//    it granted before. The file must read as well as before (no problem
//    that breaks a statement's meaning, breaks_meaning() in policy.hpp), hold
//    the same policies at the same places, and each statement keep
//    everything but its action items (Effect, Sid, Principal, Resource,
//    Condition) with an equal expanded action set and the same items the
//    catalog does not know. That is at least as strict as the semantic diff
//    (diff.hpp) finding no change: same statements granting the same actions
//    under the same conditions grant the same access.
//  - Reads (unsafe fixes, which change the grant on purpose: an unknown
//    action replaced by the one close name the catalog knows): only that the
//    file reads as well as before and holds the same policies at the same
//    places.
//  - Subset (narrowing in place): every expected policy is found at its
//    pointer, equal to the expectation in everything but positions; each of
//    its statements grants a subset of what the statement it stands for
//    granted (a statement may be dropped, none added, nothing outside the
//    action items changed, no new item the catalog does not know); with the
//    decisions it was narrowed on, verify_narrowing() (narrow.hpp) holds for
//    the re-read policies too (used actions kept, a second narrowing changes
//    nothing); every other policy is unchanged; and no byte outside the
//    expected policies' expressions changed.
//
//   EditResult applied = apply_edits(file.text(), plan.edits);
//   auto problems = verify_edit(catalog, file, applied.text,
//                               {EditContract::Subset, {{found.pointer, narrowed.policy, &decisions}}});
//   if (applied.ok() && problems.empty()) write applied.text
//
// Pure and safe to call from several threads; nothing throws.
#pragma once

#include <string>
#include <vector>

#include "iamtrim/catalog.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/narrow.hpp"
#include "iamtrim/policy.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

enum class EditContract { EqualGrant, Reads, Subset };

// A policy the edited file must hold (Subset), found again by its pointer.
struct ExpectedPolicy {
  std::string pointer;
  Policy policy;
  // The evidence it was narrowed on; when given, verify_narrowing() is run
  // on the re-read policies with these decisions and options.
  const Decisions* decisions = nullptr;
  NarrowOptions options;
};

struct EditCheck {
  EditContract contract = EditContract::EqualGrant;
  std::vector<ExpectedPolicy> expected;  // Subset only
  SourceOptions options;                 // how both texts are read
};

// Checks that `edited`, read as the file `original` (same path, so the same
// reader), keeps the contract. Returns one sentence per problem, naming the
// policy (and statement) where it can; empty when the edit may be written.
std::vector<std::string> verify_edit(const Catalog& catalog, const SourceFile& original, const std::string& edited,
                                     const EditCheck& check);

// The first problem that breaks a policy's meaning in `file` as read with
// `options` (breaks_meaning()), or "" when there is none: an edit of such a
// file cannot be verified (apply_fixes() fixes nothing in it).
std::string breaking_problem(const SourceFile& file, const SourceOptions& options = {});

}  // namespace iamtrim
