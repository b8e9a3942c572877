// iamtrim/edit.hpp - narrowing a policy where it lives, byte by byte.
//
// `narrow` decides what a policy should become (narrow.hpp); this stage
// writes that change back into the Terraform or CloudFormation file the
// policy came from, touching only the bytes that must change and writing
// them in the expression's own syntax: HCL strings in jsonencode({...}) and
// aws_iam_policy_document blocks, JSON in heredocs and templates, escaped
// JSON in quoted strings and .tf.json, plain or quoted scalars in YAML.
// Comments, key order, interpolations, escapes, indentation (a `<<-`
// heredoc's included) and line endings outside the edited ranges stay as
// they are, because nothing outside them is rewritten.
//
// What is edited, per statement of NarrowResult::statements:
//  - narrowed: the Action (or NotAction) items that changed; a NotAction
//    element is renamed Action (`not_actions` -> `actions`);
//  - dropped: the statement, with its separator (a whole `statement {}`
//    block in an aws_iam_policy_document);
//  - everything else (Deny, computed actions, Sid, Resource, Condition,
//    unchanged statements) is never touched.
// A policy that would lose every statement ("detach") is not edited.
//
//   EditPlan plan = plan_in_place(found, narrowed);        // found: read_source()
//   if (!plan.ok()) ... plan.error ...
//   EditResult applied = apply_edits(file.text(), plan.edits);
//   auto problems = verify_edit(catalog, file, applied.text,
//                               {EditContract::Subset, {{found.pointer, narrowed.policy}}});
//   if (applied.ok() && problems.empty()) write applied.text
//
// The planner trusts nothing: verify_edit() (verify.hpp) re-reads the edited
// text with the same source reader and checks every policy of the file
// against the edit's contract, so a caller that writes only verified text
// never writes a broken file. Lint fixes (fix.hpp) go through the same
// apply_edits() and verify_edit().
// Everything here is pure and may run concurrently; nothing throws.
#pragma once

#include <string>
#include <vector>

#include "iamtrim/narrow.hpp"
#include "iamtrim/policy.hpp"
#include "iamtrim/sources.hpp"
#include "iamtrim/verify.hpp"

namespace iamtrim {

// Replace the bytes [range.begin.offset, range.end.offset) with `text`; an
// empty range inserts, an empty text deletes.
struct SourceEdit {
  Span range;
  std::string text;
};

struct EditPlan {
  std::vector<SourceEdit> edits;  // empty when nothing changes
  std::string error;              // why the policy cannot be edited in place
  bool ok() const { return error.empty(); }
};

// Whether the policy's format and positions allow element-level edits in
// its own file: jsonencode objects (also through one `local`), heredocs,
// quoted JSON strings, aws_iam_policy_document blocks, policy templates,
// .tf.json strings, CloudFormation JSON (object or string) and YAML
// (mappings, or JSON in a `|` block). Not: file()/templatefile() targets
// (another file), plans and state, AWS CLI outputs, folded YAML scalars, and
// a policy whose pointer another policy of the file shares (unique_pointer).
bool editable_in_place(const FoundPolicy& found);

// The edits that turn `found` into `narrowed.policy` in place. An error when
// the policy is not editable (and would change), would be detached, or a
// statement's layout is one the planner cannot follow.
EditPlan plan_in_place(const FoundPolicy& found, const NarrowResult& narrowed);

struct EditResult {
  std::string text;
  std::string error;  // overlapping or out-of-range edits; `text` is then empty
  bool ok() const { return error.empty(); }
};

// Applies edits to `text` (in any order; identical duplicates, as two
// policies sharing one `local` produce, count once; overlapping deletions
// delete their union). Any other overlap is an error.
EditResult apply_edits(const std::string& text, std::vector<SourceEdit> edits);

}  // namespace iamtrim
