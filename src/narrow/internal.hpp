// Pieces of the narrowing stage shared between its files.
#pragma once

#include <string>

#include "iamtrim/narrow.hpp"

namespace iamtrim::detail {

// The rewrite without size check or verification; verify_narrowing() uses it
// to prove that a second pass changes nothing.
NarrowResult rewrite_policy(const Catalog& catalog, const Policy& policy, const Decisions& decisions,
                            const ActionSet& removable, bool compress);

// Canonical compact JSON of one statement, for identity comparisons.
std::string statement_text(const Statement& statement);

// True when the statement's action element has a computed item.
bool has_computed_actions(const Statement& statement);

}  // namespace iamtrim::detail
