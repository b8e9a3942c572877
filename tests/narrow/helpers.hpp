// Helpers for the narrowing tests: policies from text, decisions from a
// compact table.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "iamtrim/catalog.hpp"
#include "iamtrim/decision.hpp"
#include "iamtrim/policy.hpp"

namespace iamtrim::test {

// Parses policy JSON; fails the current test on any diagnostic.
Policy policy_from(const std::string& json);

// Decisions from {pattern, reason} pairs; every catalog action a pattern
// matches gets that reason. Later pairs override earlier ones.
Decisions decisions_from(const Catalog& catalog,
                         const std::vector<std::pair<std::string, DecisionReason>>& table);

// write_policy() with the default options.
std::string text(const Policy& policy);

}  // namespace iamtrim::test
