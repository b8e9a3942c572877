#include "helpers.hpp"

#include <gtest/gtest.h>

#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"

namespace iamtrim::test {

Policy policy_from(const std::string& json) {
  SourceFile file = SourceFile::from_string("test.json", json);
  JsonResult parsed = parse_json(file);
  EXPECT_TRUE(parsed.ok() && parsed.diagnostics.empty()) << json;
  PolicyResult r = parse_policy(parsed.value);
  for (const Diagnostic& d : r.diagnostics) ADD_FAILURE() << d.code << " " << d.message << " in " << json;
  return r.policy;
}

Decisions decisions_from(const Catalog& c, const std::vector<std::pair<std::string, DecisionReason>>& table) {
  Decisions d;
  d.as_of = "2024-06-30";
  for (const auto& [pattern, reason] : table) {
    PatternMatch m = expand_pattern(c, pattern);
    EXPECT_EQ(m.status, MatchStatus::Matched) << pattern;
    m.actions.for_each([&](ActionId id) { d.by_action[id] = Decision{reason, {}, ""}; });
  }
  return d;
}

std::string text(const Policy& policy) { return write_policy(policy); }

}  // namespace iamtrim::test
