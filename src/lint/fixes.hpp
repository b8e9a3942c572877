// Edits a check can attach to its finding, in the syntax of the file the
// policy was read from. Their safety is the rule's (its rule file's
// fix.safety, lint/rule_info.hpp), set by the engine, never by the check. Each helper returns nothing when the bytes at the
// item's span are not exactly the item (an escape, a decoded or computed
// document), so a fix never guesses where its text goes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lint/check.hpp"

namespace iamtrim::lint {

// Replaces the text of one string item, keeping its quotes (JSON, HCL,
// quoted or plain YAML).
std::optional<Fix> replace_item(const PolicyContext& ctx, const Item& item, std::string_view text,
                                std::string description);

// Removes item `index` of a list element with the separator that follows it
// (or, for the last item, the one before it). Only when the bytes between
// the items are separators and blanks: a comment there stays, and so does
// the item.
std::optional<Fix> remove_item(const PolicyContext& ctx, const ItemList& list, std::size_t index,
                               std::string description);

}  // namespace iamtrim::lint
