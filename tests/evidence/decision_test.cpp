#include <gtest/gtest.h>

#include "iamtrim/decision.hpp"

namespace iamtrim {
namespace {

TEST(Decision, NamesAndRemovability) {
  const struct {
    DecisionReason reason;
    const char* name;
    bool removable;
  } cases[] = {
      {DecisionReason::Used, "used", false},
      {DecisionReason::ServiceNotAccessed, "service-not-accessed", true},
      {DecisionReason::ActionNotAccessed, "action-not-accessed", true},
      {DecisionReason::NotTracked, "not-tracked", false},
      {DecisionReason::TrackingTooRecent, "tracking-too-recent", false},
      {DecisionReason::SubjectTooYoung, "subject-too-young", false},
      {DecisionReason::Protected, "protected", false},
      {DecisionReason::UnknownToCatalog, "unknown-to-catalog", false},
      {DecisionReason::IncompleteCoverage, "incomplete-coverage", false},
      {DecisionReason::NoEvidence, "no-evidence", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(to_string(c.reason), c.name);
    EXPECT_EQ(is_removable(c.reason), c.removable) << c.name;
  }
}

TEST(Decision, RemovableAndUsedSets) {
  Decisions d;
  d.by_action[1].reason = DecisionReason::Used;
  d.by_action[2].reason = DecisionReason::ServiceNotAccessed;
  d.by_action[3].reason = DecisionReason::ActionNotAccessed;
  d.by_action[4].reason = DecisionReason::NotTracked;
  d.by_action[70].reason = DecisionReason::Used;
  EXPECT_EQ(d.removable(100).ids(), (std::vector<ActionId>{2, 3}));
  EXPECT_EQ(d.used(100).ids(), (std::vector<ActionId>{1, 70}));
  EXPECT_EQ(d.used(50).ids(), (std::vector<ActionId>{1}));  // ids outside the universe are dropped
}

}  // namespace
}  // namespace iamtrim
