#include <gtest/gtest.h>

#include <map>
#include <random>
#include <stdexcept>

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
      {DecisionReason::LowRiskWildcard, "low-risk-wildcard", false},
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

// DecisionMap answers as std::map<ActionId, Decision> would, whatever order
// the ids come in and whatever hint is given: generated operations, checked
// against a std::map after each one.
TEST(DecisionMap, BehavesAsAnOrderedMapOfIds) {
  std::mt19937 rng(20261207);
  for (int round = 0; round < 50; ++round) {
    DecisionMap flat;
    std::map<ActionId, Decision> tree;
    auto decision = [&](ActionId id) {
      Decision d;
      d.reason = static_cast<DecisionReason>(rng() % 4);
      d.detail = "decision for " + std::to_string(id) + " #" + std::to_string(rng() % 1000);
      return d;
    };
    const bool ascending = round % 2 == 0;  // as decide() adds them, or at random
    ActionId next = 0;
    for (int op = 0; op < 200; ++op) {
      const ActionId id = ascending ? (next += 1 + rng() % 3) : static_cast<ActionId>(rng() % 120);
      switch (rng() % 4) {
        case 0: {  // emplace_hint at end(), as decide() does
          Decision d = decision(id);
          auto it = flat.emplace_hint(flat.end(), id, d);
          tree.emplace_hint(tree.end(), id, d);
          EXPECT_EQ(it->first, id);
          break;
        }
        case 1: {  // emplace_hint with a hint anywhere
          Decision d = decision(id);
          auto hint = flat.begin() + (flat.empty() ? 0 : static_cast<std::ptrdiff_t>(rng() % (flat.size() + 1)));
          auto it = flat.emplace_hint(hint, id, d);
          tree.emplace(id, d);
          EXPECT_EQ(it->first, id);
          EXPECT_EQ(it->second.detail, tree.at(id).detail);
          break;
        }
        case 2: {
          Decision d = decision(id);
          auto [it, added] = flat.emplace(id, d);
          auto [tit, tadded] = tree.emplace(id, d);
          EXPECT_EQ(added, tadded);
          EXPECT_EQ(it->second.detail, tit->second.detail);
          break;
        }
        default:
          flat[id].detail += "+";
          tree[id].detail += "+";
      }
      ASSERT_EQ(flat.size(), tree.size());
    }
    auto t = tree.begin();
    for (const auto& [id, d] : flat) {
      ASSERT_NE(t, tree.end());
      EXPECT_EQ(id, t->first);
      EXPECT_EQ(d.detail, t->second.detail);
      EXPECT_EQ(d.reason, t->second.reason);
      ++t;
    }
    for (ActionId id = 0; id < 130; ++id) {
      EXPECT_EQ(flat.count(id), tree.count(id)) << id;
      const DecisionMap& c = flat;
      if (tree.count(id)) {
        EXPECT_EQ(c.find(id)->first, id);
        EXPECT_EQ(c.at(id).detail, tree.at(id).detail);
        flat.find(id)->second.detail += "!";  // the mutable lookups reach the same entry
        flat.at(id).detail += "?";
        EXPECT_EQ(c.at(id).detail, tree.at(id).detail + "!?");
      } else {
        EXPECT_EQ(c.find(id), c.end());
        EXPECT_EQ(flat.find(id), flat.end());
        EXPECT_THROW(c.at(id), std::out_of_range);
        EXPECT_THROW(flat.at(id), std::out_of_range);
      }
    }
  }
}

}  // namespace
}  // namespace iamtrim
