// What the evidence proves: one regression test per hole of issue 9 (each
// removed an action without proof, or kept one with proof, on the code
// before it), on reports written inline in AWS's output shapes.
#include <gtest/gtest.h>

#include "dump.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

const char* const kRole = "arn:aws:iam::123456789012:role/App";

class Judgement : public ::testing::Test {
 protected:
  // One report read from text as the CLI reads a file; the subject as
  // --principal names it (findings name their own).
  Report report(const std::string& json, const std::string& name = "r.json") {
    SourceFile file = SourceFile::from_string(name, json);
    EvidenceResult r = read_evidence(file, nullptr, {json.find("findingDetails") == std::string::npos ? kRole : ""});
    EXPECT_TRUE(r.ok()) << test::dump(r);
    return r.reports.empty() ? Report{} : r.reports.front();
  }
  ActionSet granted(const std::vector<std::string>& names) const {
    ActionSet s(catalog.action_count());
    for (const std::string& n : names) s.insert(*catalog.find_action(n));
    return s;
  }
  static DecisionInput input(int window = 90) {
    DecisionInput in;
    in.window_days = window;
    in.regions = {"us-east-1"};
    return in;
  }
  std::string reasons(const DecideResult& d) const {
    std::string out;
    for (const auto& [id, dec] : d.decisions.by_action)
      out += catalog.full_name(id) + "=" + std::string(to_string(dec.reason)) + " ";
    return out + test::dump_errors(d.errors);
  }
  std::string decide_text(const std::vector<Report>& reports, const std::vector<std::string>& names,
                          const DecisionInput& in, const TrackingRules& rules = TrackingRules::embedded()) {
    last = decide(catalog, granted(names), reports, rules, in);
    return reasons(last);
  }
  Catalog catalog = Catalog::embedded();
  DecideResult last;
};

// An ACTION_LEVEL report of 2024-06-01 about IAM (service used the day
// before) with the given TrackedActionsLastAccessed entries.
std::string iam_report(const std::string& tracked, const std::string& service_last = "\"2024-05-31T10:00:00Z\"") {
  return R"({"JobStatus": "COMPLETED", "JobType": "ACTION_LEVEL",
  "JobCreationDate": "2024-06-01T12:00:00Z", "JobCompletionDate": "2024-06-01T12:00:05Z",
  "ServicesLastAccessed": [{"ServiceName": "AWS Identity and Access Management", "ServiceNamespace": "iam",
    "LastAuthenticated": )" + service_last + R"(, "LastAuthenticatedRegion": "us-east-1", "TotalAuthenticatedEntities": 1,
    "TrackedActionsLastAccessed": [)" + tracked + R"(]}], "IsTruncated": false})";
}

// Finding 1: AWS never reports iam:PassRole; a report that lists it as
// tracked and unused (any spelling, with or without a timestamp) proved
// nothing, yet the action was removed as action-not-accessed.
TEST_F(Judgement, NeverTrackedActionsAreKeptWhateverAReportSays) {
  for (const std::string entry :
       {R"({"ActionName": "PassRole", "LastAccessedTime": "2022-01-01T00:00:00Z"})", R"({"ActionName": "PassRole"})",
        R"({"ActionName": "iam:passrole"})", R"({"ActionName": "IAM:PASSROLE", "LastAccessedTime": "2022-01-01T00:00:00Z"})"}) {
    Report r = report(iam_report(R"({"ActionName": "GetRole", "LastAccessedTime": "2024-05-31T10:00:00Z"}, )" + entry));
    EXPECT_EQ(decide_text({r}, {"iam:PassRole", "iam:GetRole"}, input()), "iam:GetRole=used iam:PassRole=not-tracked ")
        << entry;
    ASSERT_EQ(last.warnings.size(), 1u) << entry;
    EXPECT_NE(last.warnings[0].find("contradicts AWS's documented behaviour"), std::string::npos) << last.warnings[0];
  }
  // The same from an Access Analyzer finding that calls it unused.
  Report finding = report(R"({"analyzedAt": "2024-06-01T12:00:00Z", "createdAt": "2024-05-01T00:00:00Z",
    "id": "f1", "resource": "arn:aws:iam::123456789012:role/App", "resourceType": "AWS::IAM::Role",
    "resourceOwnerAccount": "123456789012", "status": "ACTIVE", "findingType": "UnusedPermission",
    "findingDetails": [{"unusedPermissionDetails": {"serviceNamespace": "iam", "lastAccessed": "2023-01-01T00:00:00Z",
      "actions": [{"action": "PassRole", "lastAccessed": "2023-01-01T00:00:00Z"}, {"action": "GetRole"}]}}]})");
  EXPECT_EQ(decide_text({finding}, {"iam:PassRole", "iam:GetRole"}, input()),
            "iam:GetRole=action-not-accessed iam:PassRole=not-tracked ");
  EXPECT_EQ(last.warnings.size(), 1u);
}

// Finding 2: with duplicate entries the last one won, so an entry without a
// timestamp hid one that showed use yesterday.
TEST_F(Judgement, UseInAnyDuplicateEntryWins) {
  for (const std::string second : {R"({"ActionName": "GetRole"})", R"({"ActionName": "iam:getrole"})"}) {
    Report r = report(iam_report(R"({"ActionName": "GetRole", "LastAccessedTime": "2024-05-31T10:00:00Z"}, )" + second +
                                 R"(, {"ActionName": "ListRoles"})"));
    EXPECT_EQ(decide_text({r}, {"iam:GetRole", "iam:ListRoles"}, input(30)),
              "iam:GetRole=used iam:ListRoles=action-not-accessed ")
        << second;
  }
  Report finding = report(R"({"analyzedAt": "2024-06-01T12:00:00Z", "createdAt": "2024-05-01T00:00:00Z",
    "id": "f1", "resource": "arn:aws:iam::123456789012:role/App", "status": "ACTIVE", "findingType": "UnusedPermission",
    "findingDetails": [{"unusedPermissionDetails": {"serviceNamespace": "iam", "lastAccessed": "2024-05-31T10:00:00Z",
      "actions": [{"action": "GetRole", "lastAccessed": "2024-05-31T10:00:00Z"}, {"action": "GetRole"}]}}]})");
  EXPECT_EQ(decide_text({finding}, {"iam:GetRole"}, input(30)), "iam:GetRole=used ");
}

// Finding 3: an old ACTION_LEVEL report outranked a newer SERVICE_LEVEL one
// that shows the services used the day before, and was judged on a window
// ending after its own date.
TEST_F(Judgement, ReportsCombinePerActionAndUseInAnyKeeps) {
  Report old_action = report(R"({"JobStatus": "COMPLETED", "JobType": "ACTION_LEVEL",
    "JobCreationDate": "2025-03-01T12:00:00Z", "JobCompletionDate": "2025-03-01T12:00:05Z",
    "ServicesLastAccessed": [
      {"ServiceNamespace": "ec2", "TotalAuthenticatedEntities": 0, "TrackedActionsLastAccessed": [{"ActionName": "RunInstances"}, {"ActionName": "DescribeInstances"}]},
      {"ServiceNamespace": "s3", "TotalAuthenticatedEntities": 0, "TrackedActionsLastAccessed": [{"ActionName": "CreateBucket"}]},
      {"ServiceNamespace": "sqs", "TotalAuthenticatedEntities": 0, "TrackedActionsLastAccessed": [{"ActionName": "CreateQueue"}]}],
    "IsTruncated": false})", "old.json");
  Report new_service = report(R"({"JobStatus": "COMPLETED", "JobType": "SERVICE_LEVEL",
    "JobCreationDate": "2026-11-20T12:00:00Z", "JobCompletionDate": "2026-11-20T12:00:03Z",
    "ServicesLastAccessed": [
      {"ServiceNamespace": "ec2", "LastAuthenticated": "2026-11-19T09:00:00Z", "TotalAuthenticatedEntities": 1},
      {"ServiceNamespace": "s3", "LastAuthenticated": "2026-11-19T09:00:00Z", "TotalAuthenticatedEntities": 1},
      {"ServiceNamespace": "sqs", "TotalAuthenticatedEntities": 0}],
    "IsTruncated": false})", "new.json");
  const std::vector<std::string> names = {"ec2:RunInstances", "ec2:DescribeInstances", "s3:CreateBucket", "sqs:CreateQueue"};
  const std::string want =
      "ec2:DescribeInstances=used ec2:RunInstances=used s3:CreateBucket=used sqs:CreateQueue=service-not-accessed ";
  EXPECT_EQ(decide_text({old_action, new_service}, names, input()), want);
  EXPECT_EQ(decide_text({new_service, old_action}, names, input()), want);  // order given does not matter
  EXPECT_EQ(last.decisions.as_of, "2026-11-20");
  // The old report alone, judged as of the new one's date, proves nothing.
  DecisionInput late = input();
  late.as_of = *parse_timestamp("2026-11-20T08:00:00Z");
  EXPECT_EQ(decide_text({old_action}, names, late),
            "ec2:DescribeInstances=window-after-report ec2:RunInstances=window-after-report "
            "s3:CreateBucket=window-after-report sqs:CreateQueue=window-after-report ");
}

// Finding 4: --as-of after the job date (or a job dated in the future)
// removed every action with only a note.
TEST_F(Judgement, NoReportSpeaksPastItsOwnDate) {
  Report r = report(iam_report(R"({"ActionName": "GetRole"})", "\"2023-01-01T00:00:00Z\""));
  DecisionInput in = input();
  EXPECT_EQ(decide_text({r}, {"iam:GetRole"}, in), "iam:GetRole=service-not-accessed ");
  // The window ends 4 hours before the job was created, by default.
  EXPECT_EQ(last.decisions.by_action.begin()->second.detail.find("to 2024-06-01T08:00:00Z") != std::string::npos, true)
      << last.decisions.by_action.begin()->second.detail;
  in.as_of = *parse_timestamp("2024-06-01T08:00:01Z");  // one second past what the report can speak for
  EXPECT_EQ(decide_text({r}, {"iam:GetRole"}, in), "iam:GetRole=window-after-report ");
  in.as_of = *parse_timestamp("2099-01-01T00:00:00Z");
  EXPECT_EQ(decide_text({r}, {"iam:GetRole"}, in), "iam:GetRole=window-after-report ");

  // A job dated after the current time is refused with its position.
  Report future = report(R"({"JobStatus": "COMPLETED",
  "JobCreationDate": "2099-06-01T12:00:00Z",
  "ServicesLastAccessed": [{"ServiceNamespace": "iam", "TotalAuthenticatedEntities": 0}]})", "future.json");
  DecisionInput now = input();
  now.now = *parse_timestamp("2026-01-01T00:00:00Z");
  EXPECT_EQ(decide_text({future}, {"iam:GetRole"}, now),
            "future.json:2:22: JobCreationDate 2099-06-01T12:00:00Z is after the current time 2026-01-01T00:00:00Z: a "
            "report cannot speak for the future (check the clock and the file)\n");
  EXPECT_TRUE(last.decisions.by_action.empty());

  // Up to five minutes of clock difference is ordinary (a report read the
  // moment it completes); six minutes is not.
  Report skewed = report(R"({"JobStatus": "COMPLETED",
  "JobCreationDate": "2026-01-01T00:00:00Z", "JobCompletionDate": "2026-01-01T00:04:59Z",
  "ServicesLastAccessed": [{"ServiceNamespace": "iam", "TotalAuthenticatedEntities": 0}]})", "skewed.json");
  EXPECT_EQ(decide_text({skewed}, {"iam:GetRole"}, now).find("current time"), std::string::npos);
  now.now = *parse_timestamp("2025-12-31T23:58:59Z");
  EXPECT_EQ(decide_text({skewed}, {"iam:GetRole"}, now),
            "skewed.json:2:67: JobCompletionDate 2026-01-01T00:04:59Z is after the current time 2025-12-31T23:58:59Z: a "
            "report cannot speak for the future (check the clock and the file)\n");
}

// Finding 7: a job that completed before it was created is refused where it
// is read, with the position of the date.
TEST_F(Judgement, CompletionBeforeCreationIsRefused) {
  SourceFile file = SourceFile::from_string("odd.json", R"({"JobStatus": "COMPLETED",
  "JobCreationDate": "2024-06-01T12:00:00Z",
  "JobCompletionDate": "2024-05-01T12:00:00Z",
  "ServicesLastAccessed": []})");
  EvidenceResult r = read_evidence(file, nullptr, {kRole});
  EXPECT_EQ(test::dump_errors(r.errors),
            "odd.json:3:24: JobCompletionDate 2024-05-01T12:00:00Z is before JobCreationDate 2024-06-01T12:00:00Z: the "
            "report is inconsistent and proves nothing\n");
}

// Finding 7: TotalAuthenticatedEntities without LastAuthenticated while an
// action shows access made the service "not accessed".
TEST_F(Judgement, AServiceWhoseEntriesShowAccessIsNeverJudgedUnused) {
  // Service entry: no LastAuthenticated; an action shows access long ago.
  Report r = report(R"({"JobStatus": "COMPLETED", "JobType": "ACTION_LEVEL",
    "JobCreationDate": "2024-06-01T12:00:00Z", "JobCompletionDate": "2024-06-01T12:00:05Z",
    "ServicesLastAccessed": [{"ServiceNamespace": "iam", "TotalAuthenticatedEntities": 1,
      "TrackedActionsLastAccessed": [{"ActionName": "GetRole", "LastAccessedTime": "2023-01-01T00:00:00Z"},
                                     {"ActionName": "ListRoles"}]}], "IsTruncated": false})");
  EXPECT_EQ(decide_text({r}, {"iam:GetRole", "iam:ListRoles", "iam:CreateRole"}, input()),
            "iam:CreateRole=contradictory-report iam:GetRole=contradictory-report iam:ListRoles=contradictory-report ");
  ASSERT_EQ(last.warnings.size(), 1u);
  EXPECT_NE(last.warnings[0].find("contradicts itself"), std::string::npos);
  // Use inside the window still counts as use.
  Report used = report(R"({"JobStatus": "COMPLETED", "JobType": "ACTION_LEVEL",
    "JobCreationDate": "2024-06-01T12:00:00Z",
    "ServicesLastAccessed": [{"ServiceNamespace": "iam", "TotalAuthenticatedEntities": 1,
      "TrackedActionsLastAccessed": [{"ActionName": "GetRole", "LastAccessedTime": "2024-05-30T00:00:00Z"},
                                     {"ActionName": "ListRoles"}]}], "IsTruncated": false})");
  EXPECT_EQ(decide_text({used}, {"iam:GetRole", "iam:ListRoles"}, input()),
            "iam:GetRole=used iam:ListRoles=contradictory-report ");
  // Entities counted but no time at all, service level.
  Report counted = report(R"({"JobStatus": "COMPLETED", "JobCreationDate": "2024-06-01T12:00:00Z",
    "ServicesLastAccessed": [{"ServiceNamespace": "sqs", "TotalAuthenticatedEntities": 2}]})");
  EXPECT_EQ(decide_text({counted}, {"sqs:SendMessage"}, input()), "sqs:SendMessage=contradictory-report ");
}

// Permission-only actions: an unused service proves nothing about them,
// unless the configuration lifts them.
TEST_F(Judgement, PermissionOnlyActionsAreKeptUnlessLifted) {
  Report r = report(R"({"JobStatus": "COMPLETED", "JobCreationDate": "2024-06-01T12:00:00Z",
    "ServicesLastAccessed": [
      {"ServiceNamespace": "rds-db", "TotalAuthenticatedEntities": 0},
      {"ServiceNamespace": "execute-api", "TotalAuthenticatedEntities": 0},
      {"ServiceNamespace": "codecommit", "TotalAuthenticatedEntities": 0},
      {"ServiceNamespace": "lambda", "TotalAuthenticatedEntities": 0},
      {"ServiceNamespace": "elasticfilesystem", "TotalAuthenticatedEntities": 0}]})");
  const std::vector<std::string> names = {"rds-db:connect",    "execute-api:Invoke",  "codecommit:GitPull",
                                          "codecommit:GitPush", "lambda:InvokeFunctionUrl", "lambda:ListFunctions",
                                          "elasticfilesystem:ClientMount", "elasticfilesystem:DescribeFileSystems"};
  EXPECT_EQ(decide_text({r}, names, input()),
            "codecommit:GitPull=permission-only codecommit:GitPush=permission-only "
            "elasticfilesystem:ClientMount=permission-only elasticfilesystem:DescribeFileSystems=service-not-accessed "
            "execute-api:Invoke=permission-only lambda:InvokeFunctionUrl=permission-only "
            "lambda:ListFunctions=service-not-accessed rds-db:connect=permission-only ");
  TrackingRules rules = TrackingRules::embedded();
  DecisionInput in = input();
  ASSERT_TRUE(apply_evidence_config("evidence:\n  remove_permission_only: ['execute-api:*', rds-db:connect]\n", "c.yaml",
                                    rules, in)
                  .ok());
  EXPECT_EQ(decide_text({r}, {"rds-db:connect", "execute-api:Invoke", "codecommit:GitPull"}, in, rules),
            "codecommit:GitPull=permission-only execute-api:Invoke=service-not-accessed "
            "rds-db:connect=service-not-accessed ");
  EvidenceConfigResult bad = apply_evidence_config("evidence:\n  remove_permission_only: [iam:PassRole, s3:Get*]\n",
                                                   "c.yaml", rules, in);
  EXPECT_EQ(test::dump_errors(bad.errors),
            "c.yaml:2:42: evidence.remove_permission_only: 's3:Get*' matches no permission-only action (see "
            "rules/tracking.yaml)\n");
}

// Region rules: a Region tracked from its launch never bounds a window; one
// that existed before its tracking did; one the table lacks provides no
// evidence when named, and a stale table is warned about.
TEST_F(Judgement, RegionLaunchDatesDecideWhetherARegionBoundsAWindow) {
  // The 2021 EC2 role: 12 days of action data. il-central-1 (tracked since
  // its 2023 launch) used to keep every unused action.
  EvidenceResult ec2 = read_evidence_files({test::testdata("narrow/ec2-twelve-days.evidence.json").string()}, {});
  ASSERT_TRUE(ec2.ok());
  DecisionInput all;  // every Region of the partition
  all.window_days = 7;
  EXPECT_EQ(decide_text(ec2.reports, {"ec2:RunInstances", "ec2:DescribeInstances"}, all),
            "ec2:DescribeInstances=used ec2:RunInstances=action-not-accessed ");
  all.regions = {"il-central-1", "ap-south-2", "eu-central-2", "me-central-1"};
  EXPECT_EQ(decide_text(ec2.reports, {"ec2:RunInstances"}, all), "ec2:RunInstances=action-not-accessed ");
  all.window_days = 30;
  EXPECT_EQ(decide_text(ec2.reports, {"ec2:RunInstances"}, all), "ec2:RunInstances=tracking-too-recent ");

  // us-east-2 launched in 2016 and began tracking on 2017-10-27.
  Report ohio = report(R"({"JobStatus": "COMPLETED", "JobCreationDate": "2017-11-15T12:00:00Z",
    "ServicesLastAccessed": [{"ServiceNamespace": "sqs", "TotalAuthenticatedEntities": 0}]})");
  DecisionInput in = input(30);
  EXPECT_EQ(decide_text({ohio}, {"sqs:SendMessage"}, in), "sqs:SendMessage=service-not-accessed ");
  in.regions = {"us-east-1", "us-east-2"};
  EXPECT_EQ(decide_text({ohio}, {"sqs:SendMessage"}, in), "sqs:SendMessage=tracking-too-recent ");
  in.window_days = 18;  // from 2017-10-28T08:00Z
  EXPECT_EQ(decide_text({ohio}, {"sqs:SendMessage"}, in), "sqs:SendMessage=service-not-accessed ");

  // GovCloud began tracking on 2023-07-01, long after its launch.
  Report gov = report(R"({"JobStatus": "COMPLETED", "JobCreationDate": "2023-07-20T12:00:00Z",
    "ServicesLastAccessed": [{"ServiceNamespace": "sqs", "TotalAuthenticatedEntities": 0}]})");
  gov.subject = "arn:aws-us-gov:iam::123456789012:role/App";
  DecisionInput partition;  // the subject's partition: both GovCloud Regions
  partition.window_days = 30;
  EXPECT_EQ(decide_text({gov}, {"sqs:SendMessage"}, partition), "sqs:SendMessage=tracking-too-recent ");
  partition.window_days = 19;
  EXPECT_EQ(decide_text({gov}, {"sqs:SendMessage"}, partition), "sqs:SendMessage=service-not-accessed ");

  // A Region the table lacks, named by the user: no evidence, with that reason.
  in = input();
  in.regions = {"us-east-1", "mx-central-1"};
  EXPECT_EQ(decide_text({ohio}, {"sqs:SendMessage"}, in), "sqs:SendMessage=region-without-data ");
  EXPECT_NE(last.decisions.by_action.begin()->second.detail.find("mx-central-1 (Region not in the tracking table)"),
            std::string::npos);
  // Activity shown in a Region the table lacks: the table is stale.
  Report mexico = report(iam_report(R"({"ActionName": "GetRole", "LastAccessedTime": "2024-05-31T10:00:00Z",
    "LastAccessedRegion": "mx-central-1"})"));
  decide_text({mexico}, {"iam:GetRole"}, input());
  ASSERT_EQ(last.warnings.size(), 1u);
  EXPECT_NE(last.warnings[0].find("mx-central-1, which the Region table of the tracking rules (captured 2023-08-31) "
                                  "does not list: the table is stale"),
            std::string::npos)
      << last.warnings[0];
}

// History by job date: 365 days for jobs created before 2023-09-01, 400
// after (the conservative reading of AWS's undated change).
TEST_F(Judgement, HistoryLengthDependsOnTheJobDate) {
  const std::string body = R"(, "ServicesLastAccessed": [{"ServiceNamespace": "sqs", "TotalAuthenticatedEntities": 0}]})";
  Report y2022 = report(R"({"JobStatus": "COMPLETED", "JobCreationDate": "2022-06-01T12:00:00Z")" + body);
  Report y2024 = report(R"({"JobStatus": "COMPLETED", "JobCreationDate": "2024-06-01T12:00:00Z")" + body);
  EXPECT_EQ(decide_text({y2022}, {"sqs:SendMessage"}, input(364)), "sqs:SendMessage=service-not-accessed ");
  EXPECT_EQ(decide_text({y2022}, {"sqs:SendMessage"}, input(365)), "sqs:SendMessage=beyond-retention ");
  EXPECT_NE(last.decisions.by_action.begin()->second.detail.find("reaches back 365 days"), std::string::npos);
  EXPECT_EQ(decide_text({y2024}, {"sqs:SendMessage"}, input(399)), "sqs:SendMessage=service-not-accessed ");
  EXPECT_EQ(decide_text({y2024}, {"sqs:SendMessage"}, input(400)), "sqs:SendMessage=beyond-retention ");
}

// Several principals: the window ends where every principal's newest report
// still speaks; a principal whose reports all end earlier keeps the action.
TEST_F(Judgement, SeveralPrincipalsShareOneWindow) {
  const std::string body = R"(, "ServicesLastAccessed": [{"ServiceNamespace": "sqs", "TotalAuthenticatedEntities": 0}]})";
  Report a = report(R"({"JobStatus": "COMPLETED", "JobCreationDate": "2024-06-01T12:00:00Z")" + body);
  Report b = report(R"({"JobStatus": "COMPLETED", "JobCreationDate": "2024-06-03T12:00:00Z")" + body);
  b.subject = "arn:aws:iam::123456789012:role/Other";
  DecisionInput in = input();
  EXPECT_EQ(decide_text({a, b}, {"sqs:SendMessage"}, in), "sqs:SendMessage=service-not-accessed ");
  EXPECT_EQ(last.decisions.as_of, "2024-06-01");
  in.as_of = *parse_timestamp("2024-06-02T00:00:00Z");
  EXPECT_EQ(decide_text({a, b}, {"sqs:SendMessage"}, in), "sqs:SendMessage=window-after-report ");
}

}  // namespace
}  // namespace iamtrim
