// Questions the checks ask about statements, answered one way for all of
// them: what "on every resource" means, which conditions narrow, what a
// Deny takes away.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "lint/check.hpp"

namespace iamtrim::lint {

// Resource contains the item "*" or the statement uses NotResource.
bool unrestricted_resource(const Statement& s);
bool has_star_resource(const Statement& s);

// Negated operators (StringNotEquals, NotIpAddress, ...) exclude values
// rather than require them, so they never narrow a grant to a known set.
bool is_negated_operator(std::string_view base);

// The key as written of the first condition that narrows the statement:
// a non-negated operator (IfExists excluded) on one of `keys`. A key ending
// in '/' matches every key with that prefix (aws:ResourceTag/). Bool keys
// narrow only when tested for "true". Empty when none does.
std::string narrowing_key(const Statement& s, std::initializer_list<std::string_view> keys);

// When the statement's Condition is computed (Condition::computed), the
// note of a finding that a condition would narrow: the keys it holds are not
// known, so it may narrow the statement. Empty otherwise.
std::string computed_condition_note(const Statement& s);

// The keys iamtrim accepts as narrowing a broad grant (see the rule docs of
// IAM501, IAM504..IAM509): network origin, organization, MFA, tags.
std::string general_narrowing_key(const Statement& s);

// Actions removed everywhere by Deny statements that have no Condition and
// apply to every resource.
ActionSet unconditional_denials(const PolicyContext& ctx);

// Up to `limit` canonical names from `set`, comma-separated, with
// "and N more" when there are more.
std::string name_some(const Catalog& catalog, const ActionSet& set, std::size_t limit = 3);

// Whether the catalog lists condition key `canonical` for the action, on
// the action itself or on one of its resource types.
bool action_supports(const Catalog& catalog, ActionId id, std::string_view canonical);

// A Diagnostic for `code` at `span` inside statement `s`.
Diagnostic at(std::string_view code, std::string message, const Span& span, std::string pointer);

// The span that best shows a statement's action element (its key), or the
// statement when it has none.
Span action_span(const Statement& s);

}  // namespace iamtrim::lint
