#include <gtest/gtest.h>

#include "iamtrim/decision.hpp"
#include "iamtrim/evidence.hpp"

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
      {DecisionReason::PermissionOnly, "permission-only", false},
      {DecisionReason::WindowAfterReport, "window-after-report", false},
      {DecisionReason::RegionWithoutData, "region-without-data", false},
      {DecisionReason::BeyondRetention, "beyond-retention", false},
      {DecisionReason::ContradictoryReport, "contradictory-report", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(to_string(c.reason), c.name);
    EXPECT_EQ(is_removable(c.reason), c.removable) << c.name;
    EXPECT_EQ(parse_decision_reason(c.name), c.reason) << c.name;
  }
  EXPECT_EQ(std::size(cases), std::size(kAllDecisionReasons));
  EXPECT_FALSE(parse_decision_reason("unused"));
}

// `iamtrim explain kept:SLUG` has something to say about every reason, and
// what it says of the permission-only list names every embedded entry.
TEST(Decision, EveryReasonIsExplained) {
  for (DecisionReason r : kAllDecisionReasons) {
    const ReasonDoc& doc = explain_reason(r);
    EXPECT_EQ(doc.summary.rfind(is_removable(r) ? "removable: " : "kept: ", 0), 0u) << to_string(r);
    EXPECT_FALSE(doc.details.empty()) << to_string(r);
    EXPECT_FALSE(doc.action.empty()) << to_string(r);
  }
  const std::string text(explain_reason(DecisionReason::PermissionOnly).details);
  for (const auto& p : TrackingRules::embedded().permission_only) {
    const std::string action = p.pattern.substr(p.pattern.find(':') + 1);
    EXPECT_NE(text.find(action), std::string::npos) << p.pattern;
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
