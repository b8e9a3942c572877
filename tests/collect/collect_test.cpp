// collect() against an in-process IAM and a clock that never waits: the
// files it writes, the commands it runs, polling, backoff, failures, the
// concurrency limit and resuming.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "collect/helpers.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

const std::string kApp = "arn:aws:iam::123456789012:role/team/App";
const std::string kBob = "arn:aws:iam::123456789012:user/bob";

CollectSubject subject(SubjectKind kind, const std::string& name, const std::string& arn) {
  return {kind, name, arn, std::string(to_string(kind)) + "/" + safe_file_name(name)};
}

std::vector<CollectSubject> two() {
  return {subject(SubjectKind::Role, "App", kApp), subject(SubjectKind::User, "bob", kBob)};
}

struct Fixture {
  TempDir dir;
  FakeIam aws;
  FakeClock clock;
  CollectOptions options;
  explicit Fixture(const std::string& name = "run") : dir("collect-" + name) {
    options.out_dir = (dir.path() / "evidence").string();
    options.jobs = 2;
  }
  CollectResult run(const std::vector<CollectSubject>& subjects) {
    return collect(subjects, options, aws, clock.clock());
  }
  fs::path out(const std::string& rel) const { return fs::path(options.out_dir) / rel; }
};

TEST(Collect, WritesEachReportWithItsSidecarInTheLayoutNarrowReads) {
  Fixture f;
  f.aws.subjects[kApp].services = 5;  // three pages of two
  CollectResult r = f.run(two());
  ASSERT_TRUE(r.ok()) << r.fatal;
  EXPECT_EQ(r.outcomes[0].status, SubjectStatus::Collected);
  EXPECT_EQ(r.outcomes[0].pages, 3u);
  EXPECT_EQ(r.outcomes[1].pages, 2u);
  EXPECT_EQ(json_files(f.options.out_dir),
            (std::vector<std::string>{"role/App.json", "role/App.request.json", "user/bob.json", "user/bob.request.json"}));
  EXPECT_EQ(read_file(f.out("role/App.request.json")),
            "{\n    \"Arn\": \"arn:aws:iam::123456789012:role/team/App\",\n    \"Granularity\": \"ACTION_LEVEL\",\n"
            "    \"JobId\": \"" + r.outcomes[0].job_id + "\"\n}\n");
  // One merged report: every page's services, and no more pages to fetch.
  auto merged = nlohmann::json::parse(read_file(f.out("role/App.json")));
  EXPECT_EQ(merged["ServicesLastAccessed"].size(), 5u);
  EXPECT_EQ(merged["IsTruncated"], false);
  EXPECT_FALSE(merged.contains("Marker"));
  EvidenceResult ev = read_evidence_files({f.out("role/App.json").string()}, {});
  ASSERT_TRUE(ev.ok()) << format_error(ev.errors.front());
  ASSERT_EQ(ev.reports.size(), 1u);
  EXPECT_EQ(ev.reports[0].subject, kApp);
  EXPECT_EQ(ev.reports[0].granularity, Granularity::ActionLevel);
  EXPECT_EQ(ev.reports[0].services.size(), 5u);
  // Nothing of the bookkeeping is left, nor looks like evidence.
  EXPECT_TRUE(fs::is_empty(f.out(".iamtrim-collect/tmp")));
  EXPECT_FALSE(fs::exists(f.out(".iamtrim-collect/jobs/role/App.job")));
}

TEST(Collect, RunsExactlyTheseAwsCommands) {
  Fixture f;
  f.options.profile = "audit";
  f.options.region = "us-gov-west-1";
  f.options.granularity = Granularity::ServiceLevel;
  f.aws.subjects[kApp].services = 3;
  CollectResult r = f.run({two()[0]});
  ASSERT_TRUE(r.ok());
  const std::string job = r.outcomes[0].job_id;
  const std::vector<std::string> tail = {"--output", "json", "--profile", "audit", "--region", "us-gov-west-1"};
  auto with_tail = [&](std::vector<std::string> v) {
    v.insert(v.end(), tail.begin(), tail.end());
    return v;
  };
  EXPECT_EQ(f.aws.calls(),
            (std::vector<std::vector<std::string>>{
                with_tail({"aws", "iam", "generate-service-last-accessed-details", "--arn", kApp, "--granularity",
                           "SERVICE_LEVEL"}),
                with_tail({"aws", "iam", "get-service-last-accessed-details", "--job-id", job, "--max-items", "1000"}),
                with_tail({"aws", "iam", "get-service-last-accessed-details", "--job-id", job, "--max-items", "1000"}),
                with_tail({"aws", "iam", "get-service-last-accessed-details", "--job-id", job, "--max-items", "1000",
                           "--marker", "marker/2"}),
            }));
}

TEST(Collect, PollsAnInProgressJobWithGrowingJitteredWaits) {
  Fixture f;
  f.aws.subjects[kApp].in_progress_polls = 6;
  f.clock.random = 0.5;  // the middle of the +-20% jitter
  ASSERT_TRUE(f.run({two()[0]}).ok());
  EXPECT_EQ(f.clock.sleeps, (std::vector<TimeMs>{1000, 2000, 4000, 8000, 15000, 15000}));
  f.clock.sleeps.clear();
  f.clock.random = 0.0;
  f.aws.subjects[kBob].in_progress_polls = 2;
  ASSERT_TRUE(f.run({two()[1]}).ok());
  EXPECT_EQ(f.clock.sleeps, (std::vector<TimeMs>{800, 1600}));
}

TEST(Collect, AJobThatNeverCompletesFailsAfterTheTimeout) {
  Fixture f;
  f.aws.subjects[kApp].in_progress_polls = 1'000'000;
  f.options.poll.timeout_ms = 60'000;
  CollectResult r = f.run({two()[0]});
  EXPECT_EQ(r.outcomes[0].status, SubjectStatus::Failed);
  EXPECT_EQ(r.outcomes[0].detail, "job " + r.outcomes[0].job_id +
                                      " is still IN_PROGRESS after 1 min (a later run polls it again)");
  EXPECT_TRUE(fs::exists(f.out(".iamtrim-collect/jobs/role/App.job")));  // kept for the next run
}

TEST(Collect, RetriesThrottlingWithExponentialBackoffAndJitter) {
  Fixture f;
  const std::string op = "GenerateServiceLastAccessedDetails";
  f.aws.subjects[kApp].generate_failures = {aws_error("Throttling", "Rate exceeded", op),
                                            aws_error("LimitExceeded", "Too many", op),
                                            aws_error("ReportGenerationLimitExceeded", "Maximum concurrent", op),
                                            aws_error("ServiceFailure", "Try again", op, 255)};
  f.aws.subjects[kApp].in_progress_polls = 0;
  f.clock.random = 0.0;  // the shortest wait: half the exponential ceiling
  CollectResult r = f.run({two()[0]});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.outcomes[0].retries, 4u);
  EXPECT_EQ(f.clock.sleeps, (std::vector<TimeMs>{500, 1000, 2000, 4000}));
  EXPECT_EQ(f.aws.count("generate-service-last-accessed-details"), 5u);

  Fixture g;
  g.aws.subjects[kApp].in_progress_polls = 0;
  g.aws.subjects[kApp].get_failures = std::vector<CommandResult>(7, aws_error("Throttling", "Rate exceeded", op));
  g.clock.random = 0.999;
  ASSERT_TRUE(g.run({two()[0]}).ok());
  ASSERT_EQ(g.clock.sleeps.size(), 7u);
  for (std::size_t i = 0; i < 7; ++i) {
    const TimeMs ceiling = std::min<TimeMs>(1000 << i, 30'000);
    EXPECT_GE(g.clock.sleeps[i], ceiling / 2) << i;
    EXPECT_LE(g.clock.sleeps[i], ceiling) << i;
    EXPECT_GT(g.clock.sleeps[i], ceiling * 99 / 100) << i;
  }
}

TEST(Collect, TheConcurrentReportLimitIsWaitedOutForAsLongAsAJobMayTake) {
  Fixture f;
  const CommandResult limit = aws_error("ReportGenerationLimitExceeded", "Maximum concurrent report generation limit "
                                        "exceeded", "GenerateServiceLastAccessedDetails");
  f.aws.subjects[kApp].generate_failures = std::vector<CommandResult>(20, limit);  // more than max_attempts
  f.clock.random = 0.0;
  CollectResult r = f.run({two()[0]});
  ASSERT_TRUE(r.ok()) << r.outcomes[0].detail;
  EXPECT_EQ(r.outcomes[0].retries, 20u);

  Fixture g;
  g.options.poll.timeout_ms = 10 * 60'000;
  g.aws.subjects[kApp].generate_failures = std::vector<CommandResult>(100, limit);
  CollectResult gave_up = g.run({two()[0]});
  EXPECT_EQ(gave_up.outcomes[0].status, SubjectStatus::Failed);
  EXPECT_EQ(gave_up.outcomes[0].detail,
            "generate-service-last-accessed-details: ReportGenerationLimitExceeded: Maximum concurrent report "
            "generation limit exceeded (still refused after 10 min)");
}

TEST(Collect, GivesUpOnOneSubjectAfterMaxAttemptsAndTheOthersProceed) {
  Fixture f;
  f.options.jobs = 1;
  f.aws.subjects[kApp].get_failures =
      std::vector<CommandResult>(8, aws_error("Throttling", "Rate exceeded", "GetServiceLastAccessedDetails"));
  CollectResult r = f.run(two());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.fatal, "");
  EXPECT_EQ(r.outcomes[0].status, SubjectStatus::Failed);
  EXPECT_EQ(r.outcomes[0].detail, "get-service-last-accessed-details --job-id " + r.outcomes[0].job_id +
                                      ": Throttling: Rate exceeded (gave up after 8 attempts)");
  EXPECT_EQ(r.outcomes[1].status, SubjectStatus::Collected);
  EXPECT_FALSE(fs::exists(f.out("role/App.json")));
  EXPECT_FALSE(fs::exists(f.out("role/App.request.json")));

  // The job is still good: the next run polls it instead of starting another.
  CollectResult again = f.run(two());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.outcomes[0].status, SubjectStatus::Collected);
  EXPECT_TRUE(again.outcomes[0].resumed);
  EXPECT_EQ(again.outcomes[0].job_id, r.outcomes[0].job_id);
  EXPECT_EQ(again.outcomes[1].status, SubjectStatus::Skipped);
  EXPECT_EQ(f.aws.count("generate-service-last-accessed-details", kApp), 1u);
  EXPECT_EQ(f.aws.count("generate-service-last-accessed-details", kBob), 1u);
}

TEST(Collect, AFailedJobIsReportedWithAwsReasonAndNothingIsWritten) {
  Fixture f;
  f.aws.subjects[kApp].failed = true;
  CollectResult r = f.run(two());
  EXPECT_EQ(r.outcomes[0].status, SubjectStatus::Failed);
  EXPECT_EQ(r.outcomes[0].detail,
            "job " + r.outcomes[0].job_id + " FAILED: InternalError: The job could not be completed");
  EXPECT_EQ(r.outcomes[1].status, SubjectStatus::Collected);
  EXPECT_EQ(json_files(f.options.out_dir), (std::vector<std::string>{"user/bob.json", "user/bob.request.json"}));
  // A later run starts a new job rather than reading the failed one again.
  EXPECT_FALSE(fs::exists(f.out(".iamtrim-collect/jobs/role/App.job")));
  f.aws.subjects[kApp].failed = false;
  CollectResult again = f.run(two());
  EXPECT_TRUE(again.ok());
  EXPECT_FALSE(again.outcomes[0].resumed);
  EXPECT_EQ(f.aws.count("generate-service-last-accessed-details", kApp), 2u);
}

TEST(Collect, ASubjectErrorFailsThatSubjectOnly) {
  Fixture f;
  f.aws.subjects[kApp].generate_failures = {
      aws_error("NoSuchEntity", "The role with name App cannot be found.", "GenerateServiceLastAccessedDetails")};
  CollectResult r = f.run(two());
  EXPECT_EQ(r.outcomes[0].status, SubjectStatus::Failed);
  EXPECT_EQ(r.outcomes[0].detail,
            "generate-service-last-accessed-details: NoSuchEntity: The role with name App cannot be found.");
  EXPECT_EQ(r.outcomes[1].status, SubjectStatus::Collected);
  EXPECT_EQ(f.aws.count("generate-service-last-accessed-details", kApp), 1u);  // not retried
}

TEST(Collect, AnErrorEveryCallWouldGetStopsTheRun) {
  Fixture f;
  f.options.jobs = 1;
  std::vector<CollectSubject> subjects;
  for (int i = 0; i < 5; ++i)
    subjects.push_back(subject(SubjectKind::Role, "R" + std::to_string(i), "arn:aws:iam::1:role/R" + std::to_string(i)));
  f.aws.subjects["arn:aws:iam::1:role/R1"].generate_failures = {aws_error(
      "ExpiredToken", "The security token included in the request is expired", "GenerateServiceLastAccessedDetails")};
  CollectResult r = f.run(subjects);
  EXPECT_EQ(r.fatal,
            "generate-service-last-accessed-details: ExpiredToken: The security token included in the request is expired");
  EXPECT_EQ(r.outcomes[0].status, SubjectStatus::Collected);
  EXPECT_EQ(r.outcomes[1].status, SubjectStatus::NotRun);
  for (std::size_t i = 2; i < 5; ++i) {
    EXPECT_EQ(r.outcomes[i].status, SubjectStatus::NotRun);
    EXPECT_EQ(r.outcomes[i].detail, "not started: " + r.fatal);
  }
  EXPECT_EQ(f.aws.count("generate-service-last-accessed-details"), 2u);  // nothing after the fatal answer
}

TEST(Collect, NoAwsOnPathIsFatal) {
  Fixture f;
  f.options.aws = "iamtrim-no-such-aws";
  ProcessRunner runner;
  CollectResult r = collect(two(), f.options, runner, f.clock.clock());
  EXPECT_EQ(r.fatal,
            "generate-service-last-accessed-details: 'iamtrim-no-such-aws' was not found on PATH (install the AWS CLI, "
            "or put it on PATH)");
  EXPECT_EQ(r.count(SubjectStatus::NotRun), 2u);
}

TEST(Collect, KeepsAtMostJobsSubjectsInFlight) {
  for (std::size_t jobs : {1u, 3u}) {
    Fixture f;
    f.options.jobs = jobs;
    f.aws.call_ms = 3;  // real time, so that workers overlap
    std::vector<CollectSubject> subjects;
    for (int i = 0; i < 12; ++i) {
      const std::string arn = "arn:aws:iam::1:role/R" + std::to_string(i);
      subjects.push_back(subject(SubjectKind::Role, "R" + std::to_string(i), arn));
      f.aws.subjects[arn].in_progress_polls = 2;
    }
    ASSERT_TRUE(f.run(subjects).ok());
    EXPECT_EQ(f.aws.max_in_flight(), jobs);  // never more, and the pool is used
  }
}

TEST(Collect, SkipsCompleteRecentReportsAndRecollectsTheRest) {
  Fixture f;
  ASSERT_TRUE(f.run(two()).ok());
  const std::size_t calls = f.aws.calls().size();
  CollectResult again = f.run(two());
  EXPECT_EQ(again.count(SubjectStatus::Skipped), 2u);
  EXPECT_EQ(again.outcomes[0].detail, "a complete report is there (job of 2024-06-30T06:00:00Z)");
  EXPECT_EQ(f.aws.calls().size(), calls);  // no call at all

  // A damaged file, another granularity, an old job: each is collected again.
  write_file(f.out("user/bob.json"), "{\"JobStatus\": \"COMPLETED\", \"ServicesLa");
  CollectResult damaged = f.run(two());
  EXPECT_EQ(damaged.outcomes[0].status, SubjectStatus::Skipped);
  EXPECT_EQ(damaged.outcomes[1].status, SubjectStatus::Collected);
  EXPECT_EQ(damaged.outcomes[1].detail.rfind("replaced: " + f.out("user/bob.json").string() + ":1:", 0), 0u)
      << damaged.outcomes[1].detail;
  f.options.granularity = Granularity::ServiceLevel;
  EXPECT_EQ(f.run(two()).count(SubjectStatus::Collected), 2u);
  EXPECT_EQ(f.run(two()).count(SubjectStatus::Skipped), 2u);
  f.clock.now += 8 * kMsPerDay;
  CollectResult old = f.run(two());
  EXPECT_EQ(old.count(SubjectStatus::Collected), 2u);
  EXPECT_EQ(old.outcomes[0].detail, "replaced a report of 2024-06-30T06:00:00Z");
  f.options.max_age_ms = 0;  // --max-age 0: everything again
  f.aws.subjects[kApp].job_created = f.aws.subjects[kBob].job_created = "2024-07-08T06:00:00Z";
  EXPECT_EQ(f.run(two()).count(SubjectStatus::Collected), 2u);
}

TEST(Collect, AJobIdThatNoLongerWorksIsReplacedByANewJob) {
  Fixture f;
  // A killed run left a job behind that IAM no longer knows.
  fs::create_directories(f.out(".iamtrim-collect/jobs/role"));
  write_file(f.out(".iamtrim-collect/jobs/role/App.job"),
             R"({"Arn": ")" + kApp + R"(", "Granularity": "ACTION_LEVEL", "JobId": "gone", "Started": "2024-06-30T05:59:00Z"})");
  CollectResult r = f.run({two()[0]});
  ASSERT_TRUE(r.ok()) << r.outcomes[0].detail;
  EXPECT_FALSE(r.outcomes[0].resumed);
  EXPECT_EQ(f.aws.calls().front(),
            (std::vector<std::string>{"aws", "iam", "get-service-last-accessed-details", "--job-id", "gone",
                                      "--max-items", "1000", "--output", "json"}));
  EXPECT_EQ(f.aws.count("generate-service-last-accessed-details", kApp), 1u);
}

TEST(Collect, AJobStartedLongAgoOrForAnotherRequestIsNotResumed) {
  Fixture f;
  fs::create_directories(f.out(".iamtrim-collect/jobs/role"));
  for (const std::string& journal :
       {R"({"Arn": ")" + kApp + R"(", "Granularity": "ACTION_LEVEL", "JobId": "old", "Started": "2024-06-20T00:00:00Z"})",
        R"({"Arn": ")" + kApp + R"(", "Granularity": "SERVICE_LEVEL", "JobId": "other", "Started": "2024-06-30T05:00:00Z"})",
        std::string("{\"Arn\": \"arn:aws:iam::1:role/App\", \"Gr")}) {
    write_file(f.out(".iamtrim-collect/jobs/role/App.job"), journal);
    fs::remove(f.out("role/App.json"));
    CollectResult r = f.run({two()[0]});
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r.outcomes[0].resumed) << journal;
    EXPECT_EQ(f.aws.calls().back()[2], "get-service-last-accessed-details");
  }
  EXPECT_EQ(f.aws.count("get-service-last-accessed-details", "old"), 0u);
  EXPECT_EQ(f.aws.count("get-service-last-accessed-details", "other"), 0u);
}

TEST(Collect, RefusesAReportNarrowCouldNotReadAndWritesNothing) {
  Fixture f;
  f.aws.subjects[kApp].bad_timestamp = "2024-06-30 06:00:00";  // no zone
  CollectResult r = f.run({two()[0]});
  EXPECT_EQ(r.outcomes[0].status, SubjectStatus::Failed);
  EXPECT_NE(r.outcomes[0].detail.find("AWS's report is not one iamtrim can read: " + f.out("role/App.json").string() +
                                      ":"),
            std::string::npos)
      << r.outcomes[0].detail;
  EXPECT_TRUE(json_files(f.options.out_dir).empty());
}

TEST(Collect, ReportsOfAnotherGranularityThanAskedAreRefused) {
  Fixture f;
  f.aws.subjects[kApp].granularity_override = "SERVICE_LEVEL";
  CollectResult r = f.run({two()[0]});
  EXPECT_EQ(r.outcomes[0].status, SubjectStatus::Failed);
  EXPECT_TRUE(json_files(f.options.out_dir).empty());
}

TEST(Collect, OneRunAtATimePerDirectory) {
  Fixture f;
  fs::create_directories(f.out(".iamtrim-collect"));
  int fd = ::open(f.out(".iamtrim-collect/lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  CollectResult r = f.run(two());
  EXPECT_EQ(r.fatal, "another iamtrim collect is writing to " + f.options.out_dir + " (wait for it, or stop it)");
  EXPECT_TRUE(f.aws.calls().empty());
  ::close(fd);
  EXPECT_TRUE(f.run(two()).ok());
}

TEST(Collect, LeftoversOfAKilledRunAreCleanedUp) {
  Fixture f;
  fs::create_directories(f.out(".iamtrim-collect/tmp"));
  write_file(f.out(".iamtrim-collect/tmp/123-4.tmp"), "{\"JobSta");
  ASSERT_TRUE(f.run(two()).ok());
  EXPECT_TRUE(fs::is_empty(f.out(".iamtrim-collect/tmp")));
}

TEST(Collect, OrganizationsAccessReports) {
  Fixture f;
  std::string error;
  CollectSubject ou = organizations_subject("o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111", error);
  f.aws.subjects[ou.id].services = 3;
  CollectResult r = f.run({ou});
  ASSERT_TRUE(r.ok()) << r.outcomes[0].detail;
  EXPECT_EQ(f.aws.calls().front(),
            (std::vector<std::string>{"aws", "iam", "generate-organizations-access-report", "--entity-path", ou.id,
                                      "--output", "json"}));
  EXPECT_EQ(f.aws.calls().back(), (std::vector<std::string>{"aws", "iam", "get-organizations-access-report", "--job-id",
                                                           r.outcomes[0].job_id, "--max-items", "1000", "--marker",
                                                           "marker/2", "--output", "json"}));
  const std::string file = "organizations/o-a1b2c3d4e5_r-f6g7_ou-f6g7-11111111";
  EXPECT_EQ(read_file(f.out(file + ".request.json")),
            "{\n    \"EntityPath\": \"o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111\",\n    \"JobId\": \"" + r.outcomes[0].job_id +
                "\"\n}\n");
  EvidenceResult ev = read_evidence_files({f.out(file + ".json").string()}, {});
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev.reports[0].kind, ReportKind::OrganizationsAccess);
  EXPECT_EQ(ev.reports[0].subject, ou.id);
  EXPECT_EQ(ev.reports[0].services.size(), 3u);
  EXPECT_EQ(f.run({ou}).outcomes[0].status, SubjectStatus::Skipped);
}

TEST(Collect, ProgressIsReportedOncePerSubject) {
  Fixture f;
  std::vector<std::size_t> done;
  CollectResult r = collect(two(), f.options, f.aws, f.clock.clock(),
                            [&](const SubjectOutcome& o, std::size_t n, std::size_t total) {
                              EXPECT_EQ(total, 2u);
                              EXPECT_EQ(o.status, SubjectStatus::Collected);
                              done.push_back(n);
                            });
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(done, (std::vector<std::size_t>{1, 2}));
}

TEST(Collect, DryRunPrintsTheCommandsAndRunsNothing) {
  Fixture f;
  f.options.profile = "audit account";
  ASSERT_TRUE(f.run({two()[1]}).ok());  // bob is there already
  const std::size_t calls = f.aws.calls().size();
  const std::string out = f.options.out_dir;
  EXPECT_EQ(dry_run_script(two(), f.options, f.clock.clock()),
            "# iamtrim collect --dry-run: 1 to collect, 1 skipped (a complete report younger than the maximum age is "
            "there)\n"
            "# user/bob: " + out + "/user/bob.json is complete (job of 2024-06-30T06:00:00Z): skipped\n"
            "# role/App -> " + out + "/role/App.json\n"
            "aws iam generate-service-last-accessed-details --arn arn:aws:iam::123456789012:role/team/App "
            "--granularity ACTION_LEVEL --output json --profile 'audit account'\n"
            "# Each command prints a JobId. Poll it while JobStatus is IN_PROGRESS, then fetch every page\n"
            "# (add --marker MARKER while IsTruncated is true):\n"
            "#   aws iam get-service-last-accessed-details --job-id JOB_ID --max-items 1000 --output json --profile "
            "'audit account'\n"
            "# collect merges the pages into the file named above and writes the request beside it\n"
            "# (FILE.request.json: {\"Arn\": ..., \"Granularity\": ..., \"JobId\": ...}).\n");
  EXPECT_EQ(f.aws.calls().size(), calls);
  EXPECT_FALSE(fs::exists(f.out("role")));
}

}  // namespace
}  // namespace iamtrim::test
