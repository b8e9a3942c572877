// What the actions of a statement act on: the services and resource types
// the resource rules (IAM202, IAM203) compare each ARN with. Worked out at
// most once per statement and policy, because it visits every granted action.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "iamtrim/actions.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/policy.hpp"

namespace iamtrim::lint {

// Not `judged` when the statement could apply to anything (NotAction, "*",
// a computed or unknown action): then no ARN can be said to be wrong for it.
struct ResourceTargets {
  bool judged = false;
  std::vector<std::string> services;  // action prefixes and ARN-format services
  std::vector<const ResourceTypeInfo*> types;  // in order of first use
};

ResourceTargets resource_targets(const Catalog& catalog, const Statement& s, const StatementActions& a);

// Facts several checks of one policy need, computed on first use. The
// engine makes one per linted policy.
class PolicyMemo {
 public:
  explicit PolicyMemo(std::size_t statements) : targets_(statements) {}
  const ResourceTargets& targets(const Catalog& catalog, std::size_t index, const Statement& s,
                                 const StatementActions& a) {
    auto& slot = targets_[index];
    if (!slot) slot = resource_targets(catalog, s, a);
    return *slot;
  }
  // Catalog::find_condition_key(k.key), looked up once per key of the
  // policy: five condition rules ask it about every key.
  const ConditionKeyInfo* condition_key(const Catalog& catalog, const ConditionKey& k) {
    auto [it, added] = condition_keys_.try_emplace(&k, nullptr);
    if (added) it->second = catalog.find_condition_key(k.key);
    return it->second;
  }

 private:
  std::vector<std::optional<ResourceTargets>> targets_;
  std::unordered_map<const ConditionKey*, const ConditionKeyInfo*> condition_keys_;
};

}  // namespace iamtrim::lint
