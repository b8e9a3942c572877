// Pieces of the narrowing stage shared between its files.
#pragma once

#include <string>
#include <string_view>

#include "iamtrim/narrow.hpp"

namespace iamtrim::detail {

// The rewrite without size check or verification; verify_narrowing() uses it
// to prove that a second pass changes nothing. Without `record`, the
// per-action outcomes (NarrowResult::removed, ::kept) are not built: the
// second pass and callers that only count do not read them, and copying a
// Decision per granted action is most of the rewrite's cost.
NarrowResult rewrite_policy(const Catalog& catalog, const Policy& policy, const Decisions& decisions,
                            const ActionSet& removable, const NarrowOptions& options, bool record = true);

// Canonical compact JSON of one statement, for identity comparisons.
std::string statement_text(const Statement& statement);

// True when the statement's action element has a computed item, or when it has
// both Action and NotAction (one computed, or an IAM006 error).
bool has_computed_actions(const Statement& statement);

}  // namespace iamtrim::detail
