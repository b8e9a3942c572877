// Generated policies and evidence: every invariant of the rewrite holds on
// every case, with and without --compress. The generator is seeded, so a
// failure names a case that can be replayed.
#include <gtest/gtest.h>

#include <random>

#include "helpers.hpp"
#include "iamtrim/narrow.hpp"

namespace iamtrim {
namespace {

const char* kPatterns[] = {"s3:GetObject", "s3:Put*", "s3:*Bucket*", "S3:getobject", "s3:?etObject", "s3:List*",
                           "dynamodb:*", "dynamodb:Describe*", "dynamodb:GetItem", "sqs:*", "sqs:*Queue*",
                           "ec2:Describe*", "ec2:RunInstances", "ec2:*Tags", "iam:PassRole", "iam:*AccessKey*",
                           "s3:NotARealAction", "kms:Decrypt", "sns:Publish", "*:List*"};
const char* kReasonPatterns[] = {"s3:*", "dynamodb:*", "sqs:*", "ec2:*", "iam:*", "kms:*", "sns:*",
                                 "s3:Get*", "dynamodb:Describe*", "ec2:Describe*", "sqs:Delete*", "s3:Put*"};
constexpr DecisionReason kReasons[] = {DecisionReason::Used, DecisionReason::ServiceNotAccessed,
                                       DecisionReason::ActionNotAccessed, DecisionReason::NotTracked,
                                       DecisionReason::TrackingTooRecent, DecisionReason::NoEvidence};

template <typename T, std::size_t N>
const T& pick(std::mt19937& rng, const T (&a)[N]) {
  return a[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

std::string generate_policy(std::mt19937& rng) {
  auto chance = [&](int percent) { return std::uniform_int_distribution<int>(0, 99)(rng) < percent; };
  std::string s = R"({"Version":"2012-10-17","Statement":[)";
  int statements = std::uniform_int_distribution<int>(1, 4)(rng);
  for (int i = 0; i < statements; ++i) {
    if (i) s += ",";
    s += "{";
    if (chance(50)) s += R"("Sid":"S)" + std::to_string(i) + R"(",)";
    s += chance(20) ? R"("Effect":"Deny",)" : R"("Effect":"Allow",)";
    s += chance(10) ? R"("NotAction":)" : R"("Action":)";
    int items = std::uniform_int_distribution<int>(1, 4)(rng);
    if (items == 1 && chance(50)) {
      s += std::string("\"") + pick(rng, kPatterns) + "\"";
    } else {
      s += "[";
      for (int j = 0; j < items; ++j) s += std::string(j ? "," : "") + "\"" + pick(rng, kPatterns) + "\"";
      s += "]";
    }
    s += chance(30) ? R"(,"Resource":"arn:aws:s3:::bucket/*")" : R"(,"Resource":"*")";
    if (chance(30)) s += R"(,"Condition":{"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}})";
    s += "}";
  }
  return s + "]}";
}

Decisions generate_decisions(const Catalog& c, std::mt19937& rng) {
  std::vector<std::pair<std::string, DecisionReason>> table;
  int n = std::uniform_int_distribution<int>(0, 6)(rng);
  for (int i = 0; i < n; ++i) table.push_back({pick(rng, kReasonPatterns), pick(rng, kReasons)});
  return test::decisions_from(c, table);
}

// The invariants, checked here without the library's own verifier.
void check(const Catalog& c, const Policy& before, const Decisions& d, const NarrowResult& r, const std::string& what) {
  ASSERT_TRUE(r.verification.ok) << what << "\n" << testing::PrintToString(r.verification.violations);
  ActionSet removable = d.removable(c.action_count());
  for (const StatementChange& ch : r.statements) {
    const Statement& b = before.statements[ch.index];
    if (!ch.new_index) {
      ASSERT_EQ(ch.outcome, StatementOutcome::Dropped) << what;
      ASSERT_TRUE((expand_statement(c, b).actions - removable).empty()) << what;
      continue;
    }
    const Statement& a = r.policy.statements[*ch.new_index];
    if (b.effect != Effect::Allow || ch.outcome == StatementOutcome::Unchanged) {
      ASSERT_EQ(test::text(Policy{.statements = {a}}), test::text(Policy{.statements = {b}})) << what;
      continue;
    }
    ActionSet old_grant = expand_statement(c, b).actions, now = expand_statement(c, a).actions;
    ASSERT_TRUE(now == old_grant - removable) << what;
    ASSERT_EQ(a.resource.has_value(), b.resource.has_value()) << what;
    ASSERT_EQ(a.sid.has_value(), b.sid.has_value()) << what;
    ASSERT_EQ(a.condition.has_value(), b.condition.has_value()) << what;
  }
  NarrowResult again = narrow_policy(c, r.policy, d);
  ASSERT_FALSE(again.changed) << what;
}

TEST(NarrowProperty, InvariantsHoldOnGeneratedPolicies) {
  Catalog c = Catalog::embedded();
  std::mt19937 rng(20240630);
  constexpr int kCases = 2000;
  int changed = 0;
  for (int i = 0; i < kCases; ++i) {
    std::string json = generate_policy(rng);
    Decisions d = generate_decisions(c, rng);
    Policy p = test::policy_from(json);
    std::string what = "case " + std::to_string(i) + ": " + json;
    NarrowResult plain = narrow_policy(c, p, d);
    check(c, p, d, plain, what);
    NarrowOptions o;
    o.compress = true;
    NarrowResult compressed = narrow_policy(c, p, d, o);
    ASSERT_TRUE(compressed.verification.ok) << what << testing::PrintToString(compressed.verification.violations);
    ASSERT_EQ(compressed.changed, plain.changed) << what;
    if (HasFatalFailure()) return;
    changed += plain.changed;
  }
  // The generator must exercise the rewrite, not only the no-op path.
  EXPECT_GT(changed, kCases / 4);
}

}  // namespace
}  // namespace iamtrim
