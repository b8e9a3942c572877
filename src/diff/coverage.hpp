// Internal to the diff stage: whether one grant's scope covers part of
// another's. Shared by compare.cpp and not_granted.cpp.
#pragma once

#include <string>
#include <vector>

#include "iamtrim/diff.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim::gate {

enum class Cover { Yes, No, Maybe };  // Maybe: could not be decided

// One resource of a target grant: a single Resource pattern, or the whole
// NotResource list at once (a NotResource cannot be split).
struct ResourceUnit {
  const ResourceScope* scope = nullptr;
  std::size_t index = 0;  // into scope->patterns when !scope->negated
  std::string label() const;
};
std::vector<ResourceUnit> resource_units(const ResourceScope& scope);
Cover covers(const ResourceScope& cover, const ResourceUnit& target);

// One principal of a target grant, or the whole NotPrincipal list, or "no
// Principal element" (identity policies).
struct PrincipalUnit {
  const PrincipalScope* scope = nullptr;
  std::size_t index = 0;
  std::string label() const;  // "" when the statement has no Principal
};
std::vector<PrincipalUnit> principal_units(const PrincipalScope& scope);
Cover covers(const PrincipalScope& cover, const PrincipalUnit& target);

// How the condition of a covering grant relates to the target's.
enum class CondRelation {
  Implied,  // whenever the target's condition holds, the cover's holds
  Removed,  // a cover clause has no counterpart in the target
  Looser,   // a clause admits values the cover's did not
  Changed,  // different in a way that cannot be ordered
};
struct CondComparison {
  CondRelation relation = CondRelation::Implied;
  std::string detail;
};
CondComparison compare_conditions(const std::vector<ConditionClause>& cover,
                                  const std::vector<ConditionClause>& target);

// Which of `target`'s action items outside the catalog `cover` grants too.
std::vector<std::string> uncovered_other_actions(const Grant& cover, const std::vector<std::string>& target);

// Where a change about statement `s` (null: the policy's statement list)
// points: the element the kind is about.
Location locate(const GatePolicy& gp, const Statement* s, ChangeKind kind);

}  // namespace iamtrim::gate
