// Generated policies and evidence: every invariant of the rewrite holds on
// every case, with and without --compress. The generator is seeded, so a
// failure names a case that can be replayed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "helpers.hpp"
#include "iamtrim/evidence.hpp"
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

namespace iamtrim {
namespace {

// Generated evidence that lies, contradicts itself, repeats itself or comes
// from the future: whatever decide() concludes, no action is removable
// without proof. Checked by code that shares nothing with decide().
const char* kEvidenceActions[] = {"iam:PassRole", "iam:passrole", "PassRole", "GetRole",     "ListRoles",
                                  "CreateRole",   "iam:GetRole",  "GetUser",  "ListUsers",   "DeleteRole"};
const char* kOtherServices[] = {"rds-db", "execute-api", "codecommit", "elasticfilesystem", "sqs"};
const char* kGranted[] = {"iam:PassRole", "iam:GetRole",     "iam:ListRoles",        "iam:CreateRole",
                          "iam:GetUser",  "iam:ListUsers",   "iam:DeleteRole",       "rds-db:connect",
                          "execute-api:Invoke", "codecommit:GitPull", "elasticfilesystem:ClientMount",
                          "sqs:SendMessage", "codecommit:GetRepository", "execute-api:InvalidateCache"};

std::string timestamp(std::mt19937& rng, int year_from, int year_to) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:00:00Z", std::uniform_int_distribution<int>(year_from, year_to)(rng),
                std::uniform_int_distribution<int>(1, 12)(rng), std::uniform_int_distribution<int>(1, 28)(rng),
                std::uniform_int_distribution<int>(0, 23)(rng));
  return buf;
}

std::string generate_report(std::mt19937& rng) {
  auto chance = [&](int percent) { return std::uniform_int_distribution<int>(0, 99)(rng) < percent; };
  const bool action_level = chance(70);
  std::string created = chance(10) ? timestamp(rng, 2098, 2099) : timestamp(rng, 2019, 2025);
  std::string s = R"({"JobStatus": "COMPLETED", "JobType": ")" + std::string(action_level ? "ACTION_LEVEL" : "SERVICE_LEVEL") +
                  R"(", "JobCreationDate": ")" + created + R"(", "ServicesLastAccessed": [)";
  auto service = [&](const std::string& ns, bool with_actions) {
    std::string e = R"({"ServiceNamespace": ")" + ns + "\"";
    if (chance(60)) e += R"(, "LastAuthenticated": ")" + timestamp(rng, 2018, 2025) + "\"";
    e += R"(, "TotalAuthenticatedEntities": )" + std::to_string(std::uniform_int_distribution<int>(0, 2)(rng));
    if (with_actions) {
      e += R"(, "TrackedActionsLastAccessed": [)";
      const int n = std::uniform_int_distribution<int>(0, 6)(rng);
      for (int i = 0; i < n; ++i) {
        e += std::string(i ? ", " : "") + R"({"ActionName": ")" + pick(rng, kEvidenceActions) + "\"";
        if (chance(50)) e += R"(, "LastAccessedTime": ")" + timestamp(rng, 2018, 2025) + "\"";
        if (chance(10)) e += R"(, "LastAccessedRegion": "mx-central-1")";
        e += "}";
      }
      e += "]";
    }
    return e + "}";
  };
  s += service("iam", action_level);
  for (const char* ns : kOtherServices)
    if (chance(70)) s += ", " + service(ns, false);
  return s + R"(], "IsTruncated": false})";
}

bool shows_use(const std::vector<Report>& reports, const std::string& name, std::string_view prefix, TimeMs start) {
  for (const Report& r : reports)
    for (const ServiceAccess& s : r.services) {
      if (!iequals(s.service_namespace, prefix)) continue;
      for (const TrackedAction& a : s.tracked_actions)
        if (iequals(a.action, name) && a.last_accessed && *a.last_accessed >= start) return true;
      if (r.granularity == Granularity::ServiceLevel && s.last_authenticated && *s.last_authenticated >= start) return true;
    }
  return false;
}

TEST(DecideProperty, NoRemovalWithoutProofOnAdversarialEvidence) {
  const Catalog c = Catalog::embedded();
  const TrackingRules& rules = TrackingRules::embedded();
  std::mt19937 rng(20261120);
  ActionSet granted(c.action_count());
  for (const char* g : kGranted) granted.insert(*c.find_action(g));
  int removed = 0, refused = 0;
  for (int i = 0; i < 1500; ++i) {
    std::vector<Report> reports;
    const int n = std::uniform_int_distribution<int>(1, 3)(rng);
    std::string what = "case " + std::to_string(i);
    for (int k = 0; k < n; ++k) {
      const std::string json = generate_report(rng);
      what += "\n" + json;
      EvidenceResult r = read_evidence(SourceFile::from_string("r" + std::to_string(k) + ".json", json), nullptr,
                                       {"arn:aws:iam::123456789012:role/App"});
      for (Report& rep : r.reports) reports.push_back(std::move(rep));
    }
    DecisionInput in;
    in.window_days = std::uniform_int_distribution<int>(1, 400)(rng);
    in.now = *parse_timestamp("2026-01-01T00:00:00Z");
    in.explain = (i % 2) == 0;
    DecideResult d = decide(c, granted, reports, rules, in);
    const bool future = std::any_of(reports.begin(), reports.end(), [&](const Report& r) { return r.job_created > *in.now; });
    ASSERT_EQ(d.ok(), !future) << what << testing::PrintToString(d.errors.size());
    if (!d.ok()) {
      ++refused;
      continue;
    }
    TimeMs end = 0;
    for (const Report& r : reports) end = std::max(end, rules.report_covers_until(r));
    const TimeMs start = end - static_cast<TimeMs>(in.window_days) * kMsPerDay;
    for (const auto& [id, dec] : d.decisions.by_action) {
      const std::string name = c.full_name(id);
      if (!is_removable(dec.reason)) continue;
      ++removed;
      ASSERT_FALSE(rules.is_never_tracked(name)) << name << " " << what;
      ASSERT_FALSE(rules.permission_only_entry(name)) << name << " " << what;
      ASSERT_FALSE(shows_use(reports, name, c.service_of(id).prefix, start)) << name << " " << what;
    }
  }
  // The generator must reach both refusals and removals.
  EXPECT_GT(refused, 50);
  EXPECT_GT(removed, 200);
}

}  // namespace
}  // namespace iamtrim
