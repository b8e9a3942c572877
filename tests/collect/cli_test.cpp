// `iamtrim collect` through the command line, against the fake AWS CLI
// (tests/collect/fake_aws.py) first on PATH: exact argument vectors, the
// concurrency limit, backoff, failures, a run killed mid-way and resumed,
// and then `narrow --account` / `narrow --organizations` on what it wrote.
// The examples in docs/collect.md and README.md are produced here.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "collect/helpers.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace iamtrim::test {
namespace {

const std::string kShared = "testdata/narrow/account/shared-ec2";
const std::string kOu = "o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111";

fs::path source(const std::string& rel) { return fs::path(IAMTRIM_SOURCE_DIR) / rel; }

// The shared-ec2 account: three principals answer with the fixture's
// reports (split into pages of two), the group and role/Legacy jobs fail.
json shared_ec2_scenario() {
  const json failed = {{"status", "FAILED"},
                       {"error", {{"Code", "InternalError"},
                                  {"Message", "Request processing has failed due to an unknown error."}}}};
  return {{"page_size", 2},
          {"subjects",
           {{"arn:aws:iam::123456789012:role/Builder", {{"report", source(kShared + "/evidence/builder.json")}}},
            {"arn:aws:iam::123456789012:role/reporting/Reporter",
             {{"report", source(kShared + "/evidence/reporter.json")}}},
            {"arn:aws:iam::123456789012:user/alice", {{"report", source(kShared + "/evidence/alice.json")}}},
            {"arn:aws:iam::123456789012:group/Auditors", failed},
            {"arn:aws:iam::123456789012:role/Legacy", failed}}}};
}

// A console transcript: the command, then what it printed (standard error
// first: collect and narrow print their warnings before their results).
std::string session(const std::vector<std::string>& args, const RunResult& r) { return console_session(args, r); }

// Compares a generated example with the text between the markers
// "<!-- BEGIN name (tests/collect/cli_test.cpp) -->" and "<!-- END name -->";
// IAMTRIM_UPDATE_GOLDEN=1 rewrites it.
void check_doc(const std::string& doc, const std::string& name, const std::string& body) {
  const std::string problem = check_doc_block(doc, "<!-- BEGIN " + name + " (tests/collect/cli_test.cpp) -->\n",
                                              "<!-- END " + name + " -->", "```console\n" + body + "```\n");
  EXPECT_TRUE(problem.empty()) << problem;
}

std::vector<json> generates(const FakeAwsCli& aws, const std::string& arn = "") {
  std::vector<json> out;
  for (const json& c : aws.calls())
    if (c["argv"][1] == "generate-service-last-accessed-details" && (arn.empty() || c["argv"][3] == arn))
      out.push_back(c);
  return out;
}

// Every *.json file under dir (reports, sidecars) parses.
void expect_whole_json(const fs::path& dir) {
  for (const std::string& rel : json_files(dir)) {
    json j = json::parse(read_file(dir / rel), nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << rel << " is not whole JSON";
  }
}

TEST(CollectCli, CollectsTheAccountThenNarrowReadsItLikeTheHandMadeEvidence) {
  TempDir dir("collect-cli-e2e");
  FakeAwsCli aws(dir.path(), shared_ec2_scenario());
  fs::copy_file(source(kShared + "/authorization-details.json"), dir.path() / "authorization-details.json");
  ::setenv("IAMTRIM_COLLECT_NOW", "2024-07-01T00:00:00Z", 1);

  const std::vector<std::string> dry = {"collect", "--account", "authorization-details.json", "--out", "evidence/", "--dry-run"};
  RunResult plan = run_cli(dry, "", dir.path());
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_TRUE(aws.calls().empty());

  const std::vector<std::string> args = {"collect", "--account", "authorization-details.json", "--out", "evidence/"};
  RunResult r = run_cli(args, "", dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;  // two jobs FAILED
  EXPECT_EQ(r.out,
            "evidence/: 3 collected, 0 skipped (complete, younger than 7d), 2 failed of 5 principals\n"
            "run the same command again to retry what failed; what is complete is kept\n");
  EXPECT_NE(r.err.find("iamtrim: group/Auditors: job "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" FAILED: InternalError: Request processing has failed due to an unknown error.\n"),
            std::string::npos);

  // Exactly these commands for role/Reporter (its ARN has a path): start,
  // one poll while IN_PROGRESS, then every page.
  std::vector<json> reporter;
  std::string job;
  for (const json& c : aws.calls()) {
    if (c["argv"][1] == "generate-service-last-accessed-details" &&
        c["argv"][3] == "arn:aws:iam::123456789012:role/reporting/Reporter")
      job = c["answer"]["JobId"];
    if (!job.empty() && std::find(c["argv"].begin(), c["argv"].end(), job) != c["argv"].end()) reporter.push_back(c["argv"]);
  }
  ASSERT_FALSE(job.empty());
  std::vector<json> expected = {
      json::array({"iam", "get-service-last-accessed-details", "--job-id", job, "--max-items", "1000", "--output", "json"}),
      json::array({"iam", "get-service-last-accessed-details", "--job-id", job, "--max-items", "1000", "--output", "json"})};
  const std::size_t services = json::parse(read_file(source(kShared + "/evidence/reporter.json")))["ServicesLastAccessed"].size();
  for (const json& c : aws.calls())
    if (c["argv"][1] == "get-service-last-accessed-details" && c["argv"][3] == job && c["answer"].contains("Marker"))
      expected.push_back(json::array({"iam", "get-service-last-accessed-details", "--job-id", job, "--max-items", "1000",
                                      "--marker", c["answer"]["Marker"], "--output", "json"}));
  EXPECT_EQ(expected.size(), 1 + (services + 1) / 2);
  EXPECT_EQ(reporter, expected);
  EXPECT_EQ(generates(aws, "arn:aws:iam::123456789012:role/reporting/Reporter").front()["argv"],
            json::array({"iam", "generate-service-last-accessed-details", "--arn",
                         "arn:aws:iam::123456789012:role/reporting/Reporter", "--granularity", "ACTION_LEVEL",
                         "--output", "json"}));

  // The files, and narrow on them: the same table as on the hand-made evidence.
  EXPECT_EQ(json_files(dir.path() / "evidence"),
            (std::vector<std::string>{"role/Builder.json", "role/Builder.request.json", "role/Reporter.json",
                                      "role/Reporter.request.json", "user/alice.json", "user/alice.request.json"}));
  expect_whole_json(dir.path() / "evidence");
  const std::vector<std::string> narrow = {"narrow", "--account", "authorization-details.json", "--evidence", "evidence/"};
  RunResult collected = run_cli(narrow, "", dir.path());
  RunResult by_hand = run_cli({"narrow", "--account", kShared + "/authorization-details.json", "--evidence", kShared + "/evidence"});
  EXPECT_EQ(collected.exit_code, 0) << collected.err;
  EXPECT_EQ(collected.out, by_hand.out);
  EXPECT_EQ(collected.err.find("warning: evidence/"), std::string::npos) << collected.err;  // every file bound

  // A second run keeps what is complete and retries only the failures.
  const std::size_t before = aws.calls().size();
  RunResult again = run_cli(args, "", dir.path());
  EXPECT_EQ(again.exit_code, 1);
  const std::vector<json> calls = aws.calls();
  for (std::size_t i = before; i < calls.size(); ++i) {
    const json& c = calls[i];
    if (c["argv"][1] == "generate-service-last-accessed-details")
      EXPECT_TRUE(c["argv"][3] == "arn:aws:iam::123456789012:group/Auditors" ||
                  c["argv"][3] == "arn:aws:iam::123456789012:role/Legacy")
          << c.dump();
  }

  std::string sidecar = "$ cat evidence/role/Reporter.request.json\n" + read_file(dir.path() / "evidence/role/Reporter.request.json");
  std::string files = "$ find evidence -name '*.json' | sort\n";
  for (const std::string& f : json_files(dir.path() / "evidence")) files += "evidence/" + f + "\n";
  check_doc("docs/collect.md", "dry-run", session(dry, plan));
  check_doc("docs/collect.md", "account", session(args, r) + files + sidecar);
  check_doc("docs/collect.md", "rerun", session(args, again));
  check_doc("docs/collect.md", "narrow", session(narrow, collected));
  check_doc("README.md", "collect", session(args, r));
  ::unsetenv("IAMTRIM_COLLECT_NOW");
}

TEST(CollectCli, OrganizationsReportThenTheScpProposal) {
  TempDir dir;
  const std::string fixture = "testdata/narrow/organizations/ou-two-unused/access-report.json";
  FakeAwsCli aws(dir.path(), {{"page_size", 3}, {"subjects", {{kOu, {{"report", source(fixture)}}}}}});
  const std::vector<std::string> args = {"collect", "--organizations", kOu, "--out", "org-evidence/"};
  RunResult r = run_cli(args, "", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "org-evidence/: 1 collected, 0 skipped (complete, younger than 7d), 0 failed of 1 entity\n");
  const std::string file = "org-evidence/organizations/o-a1b2c3d4e5_r-f6g7_ou-f6g7-11111111.json";
  EXPECT_EQ(json::parse(read_file(dir.path() / "org-evidence/organizations/o-a1b2c3d4e5_r-f6g7_ou-f6g7-11111111.request.json")),
            json({{"EntityPath", kOu}, {"JobId", aws.calls().front()["answer"]["JobId"]}}));
  EXPECT_EQ(aws.calls().front()["argv"],
            json::array({"iam", "generate-organizations-access-report", "--entity-path", kOu, "--output", "json"}));
  const std::vector<std::string> narrow = {"narrow", "--organizations", file, "--window", "180"};
  RunResult collected = run_cli(narrow, "", dir.path());
  RunResult by_hand = run_cli({"narrow", "--organizations", fixture, "--window", "180"});
  EXPECT_EQ(collected.exit_code, 0) << collected.err;
  EXPECT_EQ(collected.out, by_hand.out);
  EXPECT_EQ(collected.err, by_hand.err);
  check_doc("docs/collect.md", "organizations", session(args, r) + session(narrow, collected));
}

TEST(CollectCli, PoliciesTooAndNarrowJudgesAManagedPolicyOnItsOwnReport) {
  TempDir dir("collect-cli-policies");
  FakeAwsCli aws(dir.path(), {{"in_progress_polls", 0}});
  const std::vector<std::string> args = {"collect", "--account", kShared + "/authorization-details.json", "--out",
                                         (dir.path() / "ev").string(), "--policies"};
  RunResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("6 collected, 0 skipped (complete, younger than 7d), 0 failed of 6 principals and policies"),
            std::string::npos)
      << r.out;
  // The customer-managed policy, by its ARN; never the AWS-managed one.
  EXPECT_EQ(json::parse(read_file(dir.path() / "ev/policy/SharedOps.request.json"))["Arn"],
            "arn:aws:iam::123456789012:policy/SharedOps");
  EXPECT_FALSE(fs::exists(dir.path() / "ev/policy/AmazonS3ReadOnlyAccess.json"));
  RunResult narrow = run_cli({"narrow", "--account", kShared + "/authorization-details.json", "--evidence",
                              (dir.path() / "ev").string(), "--report", (dir.path() / "report.md").string(), "--out",
                              (dir.path() / "narrowed").string()});
  EXPECT_EQ(narrow.exit_code, 0) << narrow.err;
  EXPECT_EQ(narrow.err.find("warning: " + (dir.path() / "ev").string()), std::string::npos) << narrow.err;
  // The summary names the policy's detail file, which says whose evidence judged it.
  EXPECT_NE(read_file(dir.path() / "report.md").find("| policy/SharedOps | SharedOps | managed |"), std::string::npos);
  EXPECT_NE(read_file(dir.path() / "narrowed/details/policy/SharedOps.json").find("judged on the report about the policy itself"),
            std::string::npos);
}

// An account of `n` roles with paths and odd (but valid) IAM names, a user and a group.
std::string generated_account(int n) {
  json roles = json::array();
  for (int i = 0; i < n; ++i) {
    std::string name = i == 0 ? "Odd.request" : i == 1 ? "a+b=c,d.e@f_g-h" : "svc-" + std::to_string(i);
    roles.push_back({{"RoleName", name}, {"Path", "/team/x/"}, {"Arn", "arn:aws:iam::123456789012:role/team/x/" + name}});
  }
  return json({{"UserDetailList", {{{"UserName", "Odd.request"}, {"Arn", "arn:aws:iam::123456789012:user/Odd.request"}}}},
               {"GroupDetailList", {{{"GroupName", "Ops"}, {"Arn", "arn:aws:iam::123456789012:group/Ops"}}}},
               {"RoleDetailList", roles}})
      .dump(2);
}

TEST(CollectCli, ExactArgumentsWithProfileRegionAndGranularity) {
  TempDir dir("collect-cli-args");
  FakeAwsCli aws(dir.path(), json::object());
  write_file(dir.path() / "details.json", generated_account(2));
  RunResult r = run_cli({"collect", "--account", "details.json", "--out", "ev", "--profile", "audit", "--region",
                         "us-east-1", "--granularity", "SERVICE_LEVEL", "--jobs", "1"},
                        "", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> gen = generates(aws);
  ASSERT_EQ(gen.size(), 4u);
  EXPECT_EQ(gen[0]["argv"], json::array({"iam", "generate-service-last-accessed-details", "--arn",
                                         "arn:aws:iam::123456789012:user/Odd.request", "--granularity", "SERVICE_LEVEL",
                                         "--output", "json", "--profile", "audit", "--region", "us-east-1"}));
  EXPECT_EQ(json_files(dir.path() / "ev"),
            (std::vector<std::string>{"group/Ops.json", "group/Ops.request.json", "role/Odd%2Erequest.json",
                                      "role/Odd%2Erequest.request.json", "role/a+b=c,d.e@f_g-h.json",
                                      "role/a+b=c,d.e@f_g-h.request.json", "user/Odd%2Erequest.json",
                                      "user/Odd%2Erequest.request.json"}));
}

TEST(CollectCli, AtMostJobsInFlightAndTheReportLimitIsWaitedOut) {
  TempDir dir("collect-cli-jobs");
  FakeAwsCli aws(dir.path(), {{"delay_ms", 20}, {"in_progress_polls", 2}});
  write_file(dir.path() / "details.json", generated_account(10));
  RunResult r = run_cli({"collect", "--account", "details.json", "--out", "ev", "--jobs", "3"}, "", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LE(aws.state_json()["max_in_flight"].get<int>(), 3);
  EXPECT_GE(aws.state_json()["max_in_flight"].get<int>(), 2);  // and they do run side by side

  // IAM allows fewer concurrent reports than --jobs: the refusals are retried
  // (with waits long enough that the waiting workers do not spin).
  TempDir limited("collect-cli-limit");
  FakeAwsCli limit(limited.path(), {{"max_jobs", 2}, {"in_progress_polls", 2}, {"delay_ms", 20}});
  ::setenv("IAMTRIM_COLLECT_TIME_SCALE", "0.01", 1);
  write_file(limited.path() / "details.json", generated_account(4));
  RunResult l = run_cli({"collect", "--account", "details.json", "--out", "ev", "--jobs", "4"}, "", limited.path());
  EXPECT_EQ(l.exit_code, 0) << l.err;
  EXPECT_LE(limit.state_json()["max_in_flight"].get<int>(), 2);
  std::size_t refused = 0;
  for (const json& c : limit.calls()) refused += c["answer"].value("error", "") == "ReportGenerationLimitExceeded";
  EXPECT_GT(refused, 0u);
  EXPECT_EQ(json_files(limited.path() / "ev").size(), 12u);  // 6 principals, each with its sidecar
}

TEST(CollectCli, ThrottlingTimeoutsAndCrashedCallsAreRetried) {
  TempDir dir;
  const std::string arn = "arn:aws:iam::123456789012:group/Ops";
  FakeAwsCli aws(dir.path(),
                 {{"subjects",
                   {{arn,
                     {{"generate_failures", {{{"code", "Throttling"}, {"message", "Rate exceeded"}},
                                             {{"code", "Throttling"}, {"message", "Rate exceeded"}}}},
                      {"get_failures",
                       {{{"exit", 255}, {"stderr", "\nRead timeout on endpoint URL: \"https://iam.amazonaws.com/\""}},
                        {{"signal", 9}},
                        {{"code", "ServiceFailure"}, {"message", "Request processing has failed"}}}}}}}}});
  write_file(dir.path() / "details.json", generated_account(1));
  RunResult r = run_cli({"collect", "--account", "details.json", "--out", "ev"}, "", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(generates(aws, arn).size(), 3u);
  EXPECT_TRUE(fs::exists(dir.path() / "ev/group/Ops.json"));
}

TEST(CollectCli, MissingCredentialsStopTheRunEarly) {
  TempDir dir("collect-cli-fatal");
  FakeAwsCli aws(dir.path(), {{"all_calls", {{"exit", 253}, {"stderr", "\nUnable to locate credentials. You can configure "
                                                                     "credentials by running \"aws configure\"."}}}});
  write_file(dir.path() / "details.json", generated_account(6));
  RunResult r = run_cli({"collect", "--account", "details.json", "--out", "ev", "--jobs", "2"}, "", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "iamtrim: collect stopped: generate-service-last-accessed-details: Unable to locate credentials. You can "
            "configure credentials by running \"aws configure\".\n");
  EXPECT_EQ(r.out,
            "ev: 0 collected, 0 skipped (complete, younger than 7d), 0 failed, 8 not run of 8 principals\n"
            "run the same command again to retry what failed; what is complete is kept\n");
  EXPECT_LE(aws.calls().size(), 2u);
}

TEST(CollectCli, NoAwsOnPath) {
  TempDir dir("collect-cli-no-aws");
  write_file(dir.path() / "details.json", generated_account(1));
  const char* saved = std::getenv("PATH");
  const std::string path = saved ? saved : "";
  fs::create_directories(dir.path() / "empty");
  ::setenv("PATH", (dir.path() / "empty").c_str(), 1);
  RunResult r = run_cli({"collect", "--account", "details.json", "--out", "ev"}, "", dir.path());
  ::setenv("PATH", path.c_str(), 1);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "iamtrim: collect stopped: generate-service-last-accessed-details: 'aws' was not found on PATH "
                   "(install the AWS CLI, or put it on PATH)\n");
}

TEST(CollectCli, UsageErrors) {
  TempDir dir("collect-cli-usage");
  write_file(dir.path() / "details.json", generated_account(1));
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const std::vector<Case> cases = {
      {{"collect", "--out", "ev"}, "iamtrim: collect needs --account DETAILS or --organizations ENTITY_PATH (one of them)\n"},
      {{"collect", "--account", "details.json", "--organizations", kOu, "--out", "ev"},
       "iamtrim: collect needs --account DETAILS or --organizations ENTITY_PATH (one of them)\n"},
      {{"collect", "--organizations", kOu, "--policies", "--out", "ev"}, "iamtrim: --policies goes with --account\n"},
      {{"collect", "--organizations", "ou-f6g7-11111111", "--out", "ev"},
       "iamtrim: --organizations 'ou-f6g7-11111111' is not an Organizations entity path (o-ORGID/r-ROOTID[/ou-.../ACCOUNT])\n"},
      {{"collect", "--account", "details.json", "--out", "ev", "--max-age", "a week"},
       "iamtrim: --max-age a week: expected a duration such as 12h, 7d or 2w (0 collects everything again)\n"},
      {{"collect", "--account", "missing.json", "--out", "ev"}, "iamtrim: cannot read missing.json: no such file\n"},
  };
  for (const Case& c : cases) {
    RunResult r = run_cli(c.args, "", dir.path());
    EXPECT_EQ(r.exit_code, 2) << c.args[1];
    EXPECT_EQ(r.err, c.err);
    EXPECT_EQ(r.out, "");
  }
  EXPECT_FALSE(fs::exists(dir.path() / "ev"));
  RunResult no_out = run_cli({"collect", "--account", "details.json"}, "", dir.path());
  EXPECT_EQ(no_out.exit_code, 2);
  EXPECT_NE(no_out.err.find("--out is required"), std::string::npos) << no_out.err;
}

TEST(CollectCli, DryRunCommandsRunAsPrintedInAShell) {
  TempDir dir("collect-cli-paste");
  FakeAwsCli aws(dir.path(), json::object());
  write_file(dir.path() / "details.json", generated_account(2));
  RunResult plan = run_cli({"collect", "--account", "details.json", "--out", "ev", "--profile", "my profile"}, "",
                           dir.path());
  // (that was a real run: now the plan for a fresh directory)
  plan = run_cli({"collect", "--account", "details.json", "--out", "fresh", "--profile", "my profile", "--dry-run"}, "",
                 dir.path());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const std::vector<json> real = generates(aws);
  ProcessRunner sh;
  CommandResult pasted = sh.run({"sh", "-c", "cd " + shell_quote({dir.path().string()}) + " && " + plan.out});
  EXPECT_TRUE(pasted.ok()) << pasted.err;
  std::vector<json> all = generates(aws);
  ASSERT_EQ(all.size(), 2 * real.size());
  std::multiset<std::string> first, second;
  for (std::size_t i = 0; i < real.size(); ++i) {
    first.insert(all[i]["argv"].dump());
    second.insert(all[real.size() + i]["argv"].dump());
  }
  EXPECT_EQ(first, second);  // the pasted commands are the ones collect runs
}

TEST(CollectCli, KilledMidRunThenResumedWithoutRedoingFinishedWork) {
  TempDir dir("collect-cli-kill");
  FakeAwsCli aws(dir.path(), {{"delay_ms", 40}, {"in_progress_polls", 2}, {"page_size", 2}});
  const int roles = 10;
  write_file(dir.path() / "details.json", generated_account(roles));
  const fs::path out = dir.path() / "ev";

  pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.path().c_str()) != 0) ::_exit(127);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    execl(IAMTRIM_CLI_PATH, IAMTRIM_CLI_PATH, "collect", "--account", "details.json", "--out", "ev", "--jobs", "3",
          static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Kill it (no chance to clean up) once a few reports are written.
  auto reports = [&] {
    std::size_t n = 0;
    std::error_code ec;
    if (fs::exists(out / "role", ec))
      for (const auto& e : fs::directory_iterator(out / "role", ec))
        n += e.path().string().ends_with(".json") && !e.path().string().ends_with(".request.json");
    return n;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int status = 0;
  bool exited = false;
  while (reports() < 3 && std::chrono::steady_clock::now() < deadline)
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  ASSERT_FALSE(exited) << "collect finished before it could be killed";
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  // Its aws children finish on their own; let them.
  for (std::size_t n = 0; n != aws.calls().size();) {
    n = aws.calls().size();
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }

  // Whatever is on disk is whole, and a report never lacks its sidecar.
  expect_whole_json(out);
  std::set<std::string> done, started;
  for (const std::string& rel : json_files(out)) {
    if (rel.ends_with(".request.json")) continue;
    const fs::path sidecar = out / (rel.substr(0, rel.size() - 5) + ".request.json");
    ASSERT_TRUE(fs::exists(sidecar)) << rel;
    done.insert(json::parse(read_file(sidecar))["Arn"].get<std::string>());
  }
  for (const auto& e : fs::recursive_directory_iterator(out / ".iamtrim-collect" / "jobs"))
    if (e.is_regular_file()) started.insert(json::parse(read_file(e.path()))["Arn"].get<std::string>());
  EXPECT_GE(done.size(), 3u);
  EXPECT_LT(done.size(), static_cast<std::size_t>(roles + 2));
  const std::size_t before = aws.calls().size();
  const json jobs = aws.state_json()["jobs"];

  RunResult again = run_cli({"collect", "--account", "details.json", "--out", "ev", "--jobs", "3"}, "", dir.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  const std::vector<json> calls = aws.calls();
  std::size_t resumed_polls = 0;
  for (std::size_t i = before; i < calls.size(); ++i) {
    const json& argv = calls[i]["argv"];
    if (argv[1] == "generate-service-last-accessed-details") {
      EXPECT_FALSE(done.count(argv[3])) << "redid " << argv[3];
      EXPECT_FALSE(started.count(argv[3])) << "restarted the job of " << argv[3];
    } else if (jobs.contains(argv[3])) {
      const std::string subject = jobs[argv[3].get<std::string>()]["subject"];
      EXPECT_FALSE(done.count(subject)) << "fetched again " << subject;
      ++resumed_polls;
    }
  }
  std::size_t unfinished = 0;  // started before the kill, not written: polled again, not restarted
  for (const std::string& arn : started) unfinished += !done.count(arn);
  EXPECT_EQ(resumed_polls > 0, unfinished > 0);
  EXPECT_EQ(json_files(out).size(), 2u * (roles + 2));
  expect_whole_json(out);
  EXPECT_TRUE(fs::is_empty(out / ".iamtrim-collect" / "tmp"));
  RunResult narrow = run_cli({"narrow", "--account", "details.json", "--evidence", "ev"}, "", dir.path());
  EXPECT_EQ(narrow.exit_code, 0) << narrow.err;
  EXPECT_EQ(narrow.err.find("warning"), std::string::npos) << narrow.err;
}

}  // namespace
}  // namespace iamtrim::test
