#include <gtest/gtest.h>

#include "dump.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

using test::testdata;

const char* const kApp = "arn:aws:iam::123456789012:role/App";

const std::vector<std::string> kGranted = {
    "ec2:DescribeInstances", "ec2:RunInstances", "ec2:TerminateInstances", "iam:ListUsers",
    "iam:PassRole",          "lambda:ListFunctions", "s3:ListAllMyBuckets", "s3:CreateBucket",
    "s3:DeleteBucket",       "s3:GetObject",     "sts:GetCallerIdentity"};

class Decide : public ::testing::Test {
 protected:
  void SetUp() override {
    EvidenceResult r = read_evidence_files(
        {testdata("evidence/action-level.p1.json").string(), testdata("evidence/action-level.p2.json").string()}, {});
    ASSERT_TRUE(r.ok()) << test::dump(r);
    reports = r.reports;
  }
  ActionSet granted(const std::vector<std::string>& names) const {
    ActionSet s(catalog.action_count());
    for (const std::string& n : names) s.insert(*catalog.find_action(n));
    return s;
  }
  // The base case: a 30-day window, two long-tracked Regions, one principal.
  static DecisionInput base() {
    DecisionInput in;
    in.window_days = 30;
    in.regions = {"us-east-1", "eu-west-1"};
    in.required_subjects = {kApp};
    return in;
  }
  std::string reasons(const DecideResult& d) const {
    std::string out;
    for (const auto& [id, dec] : d.decisions.by_action) out += catalog.full_name(id) + "=" + std::string(to_string(dec.reason)) + " ";
    return out + test::dump_errors(d.errors);
  }
  Catalog catalog = Catalog::embedded();
  std::vector<Report> reports;
};

TEST_F(Decide, FullDecisionsForTheBaseCase) {
  DecisionInput in = base();
  in.unknown_actions = {"s3:ListAllamzn-s3-demo-buckets"};
  DecideResult d = decide(catalog, granted(kGranted), reports, TrackingRules::embedded(), in);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(test::check_golden(testdata("evidence/decide-base.expected"), test::dump(catalog, d)), "")
      << test::dump(catalog, d);
}

// A permission-only pattern a configuration adds keeps what it matches,
// whatever its shape: any case, a wildcard in or before the service, a
// single-character wildcard. (Services no pattern can match skip the list;
// that shortcut must never hide a match.)
TEST_F(Decide, PermissionOnlyPatternsOfEveryShapeKeep) {
  const struct {
    const char* pattern;
    const char* expect;  // the reasons of iam:ListUsers, lambda:ListFunctions, s3:CreateBucket
  } cases[] = {
      {"IAM:list*", "iam:ListUsers=permission-only lambda:ListFunctions=service-not-accessed "
                    "s3:CreateBucket=action-not-accessed "},
      {"*:ListFunctions", "iam:ListUsers=service-not-accessed lambda:ListFunctions=permission-only "
                          "s3:CreateBucket=action-not-accessed "},
      {"lamb*", "iam:ListUsers=service-not-accessed lambda:ListFunctions=permission-only "
                "s3:CreateBucket=action-not-accessed "},
      {"?3:CreateBucket", "iam:ListUsers=service-not-accessed lambda:ListFunctions=service-not-accessed "
                          "s3:CreateBucket=permission-only "},
      {"S3:CREATEBUCKET", "iam:ListUsers=service-not-accessed lambda:ListFunctions=service-not-accessed "
                          "s3:CreateBucket=permission-only "},
      {"s3", "iam:ListUsers=service-not-accessed lambda:ListFunctions=service-not-accessed "
             "s3:CreateBucket=action-not-accessed "},
      {"s3x:CreateBucket", "iam:ListUsers=service-not-accessed lambda:ListFunctions=service-not-accessed "
                           "s3:CreateBucket=action-not-accessed "},
  };
  for (const auto& c : cases) {
    TrackingRules rules = TrackingRules::embedded();
    rules.permission_only.push_back({c.pattern, "test", "test"});
    DecideResult d = decide(catalog, granted({"iam:ListUsers", "lambda:ListFunctions", "s3:CreateBucket"}), reports,
                            rules, base());
    EXPECT_EQ(reasons(d), c.expect) << c.pattern;
  }
}

// One row per rule of DOMAIN.md section 4; each compares every decision.
TEST_F(Decide, EachRuleOneByOne) {
  const struct {
    const char* name;
    void (*change)(DecisionInput&);
    const char* expected;
  } cases[] = {
      {"base", [](DecisionInput&) {},
       "ec2:DescribeInstances=used ec2:RunInstances=tracking-too-recent ec2:TerminateInstances=used "
       "iam:ListUsers=service-not-accessed iam:PassRole=not-tracked lambda:ListFunctions=service-not-accessed "
       "s3:CreateBucket=action-not-accessed s3:DeleteBucket=action-not-accessed s3:GetObject=not-tracked "
       "s3:ListAllMyBuckets=used sts:GetCallerIdentity=no-evidence "},
      {"364-day window, the longest a job created in 2021 covers (365 days of history less the 4-hour delay)",
       [](DecisionInput& in) { in.window_days = 364; },
       "ec2:DescribeInstances=used ec2:RunInstances=tracking-too-recent ec2:TerminateInstances=used "
       "iam:ListUsers=service-not-accessed iam:PassRole=not-tracked "
       "lambda:ListFunctions=service-not-accessed s3:CreateBucket=used s3:DeleteBucket=action-not-accessed "
       "s3:GetObject=not-tracked s3:ListAllMyBuckets=used sts:GetCallerIdentity=no-evidence "},
      {"365-day window, beyond the history of a job created in 2021", [](DecisionInput& in) { in.window_days = 365; },
       "ec2:DescribeInstances=used ec2:RunInstances=beyond-retention ec2:TerminateInstances=used "
       "iam:ListUsers=beyond-retention iam:PassRole=not-tracked lambda:ListFunctions=beyond-retention "
       "s3:CreateBucket=used s3:DeleteBucket=beyond-retention s3:GetObject=not-tracked "
       "s3:ListAllMyBuckets=used sts:GetCallerIdentity=no-evidence "},
      {"per-action window", [](DecisionInput& in) { in.action_window_days["EC2:Terminate*"] = 5; },
       "ec2:DescribeInstances=used ec2:RunInstances=tracking-too-recent ec2:TerminateInstances=action-not-accessed "
       "iam:ListUsers=service-not-accessed iam:PassRole=not-tracked lambda:ListFunctions=service-not-accessed "
       "s3:CreateBucket=action-not-accessed s3:DeleteBucket=action-not-accessed s3:GetObject=not-tracked "
       "s3:ListAllMyBuckets=used sts:GetCallerIdentity=no-evidence "},
      {"per-service window", [](DecisionInput& in) { in.service_window_days["s3"] = 365; },
       "ec2:DescribeInstances=used ec2:RunInstances=tracking-too-recent ec2:TerminateInstances=used "
       "iam:ListUsers=service-not-accessed iam:PassRole=not-tracked "
       "lambda:ListFunctions=service-not-accessed s3:CreateBucket=used s3:DeleteBucket=beyond-retention "
       "s3:GetObject=not-tracked s3:ListAllMyBuckets=used sts:GetCallerIdentity=no-evidence "},
      {"principal younger than the window",
       [](DecisionInput& in) { in.subject_created = *parse_timestamp("2021-04-01T00:00:00Z"); },
       "ec2:DescribeInstances=used ec2:RunInstances=subject-too-young ec2:TerminateInstances=used "
       "iam:ListUsers=subject-too-young iam:PassRole=not-tracked lambda:ListFunctions=subject-too-young "
       "s3:CreateBucket=subject-too-young s3:DeleteBucket=subject-too-young s3:GetObject=not-tracked "
       "s3:ListAllMyBuckets=used sts:GetCallerIdentity=no-evidence "},
      {"protected by configuration", [](DecisionInput& in) { in.protected_patterns = {"s3:Delete*", "iam:*", "ec2:*"}; },
       "ec2:DescribeInstances=used ec2:RunInstances=protected ec2:TerminateInstances=used "
       "iam:ListUsers=protected iam:PassRole=protected lambda:ListFunctions=service-not-accessed "
       "s3:CreateBucket=action-not-accessed s3:DeleteBucket=protected s3:GetObject=not-tracked "
       "s3:ListAllMyBuckets=used sts:GetCallerIdentity=no-evidence "},
      {"a second principal without evidence",
       [](DecisionInput& in) { in.required_subjects.push_back("arn:aws:iam::123456789012:user/bob"); },
       "ec2:DescribeInstances=used ec2:RunInstances=tracking-too-recent ec2:TerminateInstances=used "
       "iam:ListUsers=incomplete-coverage iam:PassRole=not-tracked lambda:ListFunctions=incomplete-coverage "
       "s3:CreateBucket=incomplete-coverage s3:DeleteBucket=incomplete-coverage s3:GetObject=not-tracked "
       "s3:ListAllMyBuckets=used sts:GetCallerIdentity=no-evidence "},
      {"a Region tracked since its launch (eu-south-2, 2022) never bounds a window",
       [](DecisionInput& in) { in.regions.push_back("eu-south-2"); },
       "ec2:DescribeInstances=used ec2:RunInstances=tracking-too-recent ec2:TerminateInstances=used "
       "iam:ListUsers=service-not-accessed iam:PassRole=not-tracked "
       "lambda:ListFunctions=service-not-accessed s3:CreateBucket=action-not-accessed "
       "s3:DeleteBucket=action-not-accessed s3:GetObject=not-tracked s3:ListAllMyBuckets=used "
       "sts:GetCallerIdentity=no-evidence "},
      {"a Region absent from the table", [](DecisionInput& in) { in.regions = {"us-east-1", "mx-central-1"}; },
       "ec2:DescribeInstances=used ec2:RunInstances=region-without-data ec2:TerminateInstances=used "
       "iam:ListUsers=region-without-data iam:PassRole=not-tracked lambda:ListFunctions=region-without-data "
       "s3:CreateBucket=region-without-data s3:DeleteBucket=region-without-data s3:GetObject=not-tracked "
       "s3:ListAllMyBuckets=used sts:GetCallerIdentity=no-evidence "},
      {"default Regions: every Region of the partition; those tracked since launch bound nothing",
       [](DecisionInput& in) { in.regions.clear(); },
       "ec2:DescribeInstances=used ec2:RunInstances=tracking-too-recent ec2:TerminateInstances=used "
       "iam:ListUsers=service-not-accessed iam:PassRole=not-tracked "
       "lambda:ListFunctions=service-not-accessed s3:CreateBucket=action-not-accessed "
       "s3:DeleteBucket=action-not-accessed s3:GetObject=not-tracked s3:ListAllMyBuckets=used "
       "sts:GetCallerIdentity=no-evidence "},
      {"an as-of date after the report: nothing is proven, never-tracked stays not-tracked",
       [](DecisionInput& in) { in.as_of = *parse_timestamp("2021-05-19T00:00:00Z"); },
       "ec2:DescribeInstances=window-after-report ec2:RunInstances=window-after-report "
       "ec2:TerminateInstances=window-after-report iam:ListUsers=window-after-report "
       "iam:PassRole=not-tracked lambda:ListFunctions=window-after-report "
       "s3:CreateBucket=window-after-report s3:DeleteBucket=window-after-report "
       "s3:GetObject=window-after-report s3:ListAllMyBuckets=window-after-report "
       "sts:GetCallerIdentity=no-evidence "},
      {"the report is about the policy itself",
       [](DecisionInput& in) {
         in.policy_arn = kApp;
         in.required_subjects = {"arn:aws:iam::123456789012:user/a", "arn:aws:iam::123456789012:user/b"};
       },
       "ec2:DescribeInstances=used ec2:RunInstances=tracking-too-recent ec2:TerminateInstances=used "
       "iam:ListUsers=service-not-accessed iam:PassRole=not-tracked lambda:ListFunctions=service-not-accessed "
       "s3:CreateBucket=action-not-accessed s3:DeleteBucket=action-not-accessed s3:GetObject=not-tracked "
       "s3:ListAllMyBuckets=used sts:GetCallerIdentity=no-evidence "},
  };
  for (const auto& c : cases) {
    DecisionInput in = base();
    c.change(in);
    DecideResult d = decide(catalog, granted(kGranted), reports, TrackingRules::embedded(), in);
    EXPECT_EQ(reasons(d), c.expected) << c.name;
  }
}

// Twelve days of EC2 action data cannot judge a 30-day window (as of 2021-04-19).
TEST_F(Decide, TwelveDaysOfEc2ActionTrackingIsTooRecent) {
  DecideResult d = decide(catalog, granted({"ec2:RunInstances"}), reports, TrackingRules::embedded(), base());
  const Decision& dec = d.decisions.by_action.begin()->second;
  EXPECT_EQ(dec.reason, DecisionReason::TrackingTooRecent);
  EXPECT_EQ(dec.evidence.tracking_start(), "2021-04-07");
  EXPECT_EQ(dec.evidence.rule(), "action-level tracking for ec2 since 2021-04-07");
  EXPECT_EQ(dec.detail,
            "ec2:RunInstances was not accessed during the tracking period, but action-level tracking for ec2 since "
            "2021-04-07 does not cover the 30-day window from 2021-03-20T06:00:00.123Z to 2021-04-19T06:00:00.123Z");
}

// Every decision drawn from one report holds the same ReportFacts (file,
// subject, job date once per report, not once per action: an account holds
// millions of decisions); a decision no report made holds none.
TEST_F(Decide, DecisionsFromOneReportShareItsFacts) {
  DecideResult d = decide(catalog, granted(kGranted), reports, TrackingRules::embedded(), base());
  ASSERT_TRUE(d.ok());
  const ReportFacts* shared = nullptr;
  std::size_t with_report = 0;
  for (const auto& [id, dec] : d.decisions.by_action) {
    if (!dec.evidence.report) continue;
    ++with_report;
    if (!shared) shared = dec.evidence.report.get();
    EXPECT_EQ(dec.evidence.report.get(), shared) << catalog.full_name(id);
  }
  ASSERT_EQ(with_report, kGranted.size());  // one report (two pages) judged every action
  EXPECT_EQ(shared->file, testdata("evidence/action-level.p1.json").string() + ", " +
                              testdata("evidence/action-level.p2.json").string());
  EXPECT_EQ(shared->subject, kApp);
  EXPECT_EQ(shared->job_date, "2021-04-19");
  const Decision& first = d.decisions.by_action.begin()->second;
  EXPECT_EQ(&first.evidence.file(), &shared->file);

  DecisionInput none = base();
  none.required_subjects.clear();
  DecideResult without = decide(catalog, granted({"s3:GetObject"}), {}, TrackingRules::embedded(), none);
  ASSERT_TRUE(without.ok()) << test::dump_errors(without.errors);
  const EvidenceRef& e = without.decisions.by_action.begin()->second.evidence;
  EXPECT_EQ(e.report, nullptr);
  EXPECT_EQ(e.file(), "");
  EXPECT_EQ(e.subject(), "");
  EXPECT_EQ(e.job_date(), "");
}

// The tracking rule a decision cites is one TrackingFacts per report,
// service and window (action-level) or per report and window
// (service-level), not one copy per action; the last access is a time,
// written as text only when asked.
TEST_F(Decide, DecisionsUnderOneTrackingRuleShareItsFacts) {
  DecideResult d = decide(catalog, granted(kGranted), reports, TrackingRules::embedded(), base());
  ASSERT_TRUE(d.ok());
  auto of = [&](const char* action) -> const EvidenceRef& {
    return d.decisions.by_action.at(*catalog.find_action(action)).evidence;
  };
  const EvidenceRef &create = of("s3:CreateBucket"), &remove = of("s3:DeleteBucket");
  ASSERT_NE(create.tracking, nullptr);
  EXPECT_EQ(create.tracking.get(), remove.tracking.get());
  EXPECT_EQ(&create.rule(), &remove.rule());
  EXPECT_EQ(create.rule(), "action-level tracking for s3 since 2020-04-12");
  const EvidenceRef &users = of("iam:ListUsers"), &functions = of("lambda:ListFunctions");
  ASSERT_NE(users.tracking, nullptr);
  EXPECT_EQ(users.tracking.get(), functions.tracking.get());
  EXPECT_NE(users.tracking.get(), create.tracking.get());
  EXPECT_EQ(users.tracking_start(), users.tracking->start);

  const EvidenceRef& used = of("ec2:DescribeInstances");
  ASSERT_TRUE(used.last_accessed_at.has_value());
  EXPECT_EQ(used.last_accessed(), format_timestamp(*used.last_accessed_at));
  EXPECT_EQ(parse_timestamp(used.last_accessed()), used.last_accessed_at);
  EXPECT_EQ(create.last_accessed(), "2020-11-02T00:00:00Z");  // before the window
  EXPECT_FALSE(users.last_accessed_at.has_value());          // never, in the tracking period
  EXPECT_EQ(users.last_accessed(), "");
  // Without a tracking rule (used: nothing to prove), the accessors are empty.
  EXPECT_EQ(used.tracking, nullptr);
  EXPECT_EQ(used.rule(), "");
  EXPECT_EQ(used.tracking_start(), "");
}

TEST_F(Decide, RefusesReportsItCannotUse) {
  const struct {
    const char* name;
    void (*change)(DecisionInput&);
    const char* errors;
  } cases[] = {
      {"another principal", [](DecisionInput& in) { in.required_subjects = {"arn:aws:iam::123456789012:role/Other"}; },
       "action-level.p1.json, action-level.p2.json: the report is about 'arn:aws:iam::123456789012:role/App', which "
       "is not a principal of the policy (arn:aws:iam::123456789012:role/Other)\n"},
      {"too old",
       [](DecisionInput& in) {
         in.as_of = *parse_timestamp("2021-04-27T10:00:03Z");
         in.max_report_age_days = 7;
       },
       "action-level.p1.json, action-level.p2.json: the report is 8 days old (job 2021-04-19T10:00:02.500Z), older "
       "than the maximum of 7 days\n"},
  };
  for (const auto& c : cases) {
    DecisionInput in = base();
    c.change(in);
    DecideResult d = decide(catalog, granted(kGranted), reports, TrackingRules::embedded(), in);
    EXPECT_TRUE(d.decisions.by_action.empty()) << c.name;
    EXPECT_EQ(test::dump(catalog, d).substr(test::dump(catalog, d).find('\n') + 1), c.errors) << c.name;
  }
  DecisionInput mismatch = base();
  mismatch.required_subjects = {"arn:aws:iam::123456789012:role/Other"};
  mismatch.allow_subject_mismatch = true;
  EXPECT_TRUE(decide(catalog, granted(kGranted), reports, TrackingRules::embedded(), mismatch).ok());
}

TEST_F(Decide, UnusedAccessFinding) {
  EvidenceResult r = read_evidence_files({testdata("evidence/unused-access-finding.json").string()}, {});
  ASSERT_TRUE(r.ok()) << test::dump(r);
  DecisionInput in;  // 90 days, every commercial Region, subject from the finding
  DecideResult d = decide(catalog,
                          granted({"lambda:ListAliases", "lambda:ListFunctionUrlConfigs", "lambda:ListFunctions",
                                   "bedrock:InvokeModel", "s3:GetObject"}),
                          r.reports, TrackingRules::embedded(), in);
  EXPECT_EQ(test::check_golden(testdata("evidence/decide-finding.expected"), test::dump(catalog, d)), "")
      << test::dump(catalog, d);
}

TEST_F(Decide, OrganizationsReportPerService) {
  EvidenceResult r = read_evidence_files({testdata("evidence/org-access.json").string()}, {});
  ASSERT_TRUE(r.ok()) << test::dump(r);
  DecisionInput in;
  in.protected_patterns = {"a4b:*"};
  OrgDecideResult d = decide_services(r.reports[0], TrackingRules::embedded(), in);
  ASSERT_TRUE(d.ok());
  std::string out;
  for (const ServiceDecision& s : d.services)
    out += s.service_namespace + " (" + s.service_name + "): " + std::string(to_string(s.decision.reason)) + "\n  " +
           s.decision.detail + "\n";
  EXPECT_EQ(test::check_golden(testdata("evidence/decide-org.expected"), out), "") << out;
  // The same report is no evidence about a policy's principals.
  EXPECT_FALSE(decide(catalog, granted({"sqs:SendMessage"}), r.reports, TrackingRules::embedded(), in).ok());
}

}  // namespace
}  // namespace iamtrim
