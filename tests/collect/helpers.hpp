// Fakes for the collect tests: a clock that never waits, an in-process IAM
// behind the CommandRunner interface, and the fake `aws` script
// (tests/collect/fake_aws.py, through a small sh wrapper) first on PATH for
// command-line tests.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "iamtrim/collect.hpp"
#include "support/files.hpp"

namespace iamtrim::test {

// Time stands still except when someone sleeps; every sleep is recorded.
struct FakeClock {
  std::atomic<TimeMs> now{1'719'727'200'000};  // 2024-06-30T06:00:00Z
  double random = 0.5;
  std::mutex mutex;
  std::vector<TimeMs> sleeps;
  CollectClock clock();
};

// An in-process IAM: jobs, IN_PROGRESS polls, pages and scripted failures,
// answered the way the AWS CLI prints them. Thread-safe; records every call.
class FakeIam : public CommandRunner {
 public:
  struct Subject {
    int in_progress_polls = 1;
    int services = 3;                    // generated services
    std::string granularity_override;    // JobType to report instead of the one asked for
    bool failed = false;                 // the job ends FAILED
    std::vector<CommandResult> generate_failures, get_failures;  // used up one per call
    std::string job_created = "2024-06-30T06:00:00Z";
    std::string bad_timestamp;           // a JobCompletionDate iamtrim must refuse
  };
  std::map<std::string, Subject> subjects;  // by ARN / entity path; others get the defaults
  std::size_t page_size = 2;
  int call_ms = 0;                          // each call takes this long (real time), to overlap workers

  CommandResult run(const std::vector<std::string>& argv) override;

  std::vector<std::vector<std::string>> calls() const;
  std::size_t count(const std::string& operation, const std::string& subject_or_job = "") const;
  std::size_t max_in_flight() const { return max_in_flight_; }

 private:
  struct Job {
    std::string subject, granularity;
    bool organizations = false;
    int polls_left = 0;
  };
  mutable std::mutex mutex_;
  std::vector<std::vector<std::string>> calls_;
  std::map<std::string, Job> jobs_;
  std::map<std::string, std::size_t> failures_used_;
  std::size_t in_flight_ = 0, max_in_flight_ = 0, next_job_ = 0;
};

CommandResult aws_error(const std::string& code, const std::string& message, const std::string& operation,
                        int exit_code = 254);

// The fake `aws` on PATH: DIR/bin/aws runs tests/collect/fake_aws.py, its state
// in DIR/fake. Sets PATH, FAKE_AWS_DIR and IAMTRIM_COLLECT_TIME_SCALE in this
// process's environment, which run_cli() passes on.
struct FakeAwsCli {
  std::filesystem::path root, state;
  explicit FakeAwsCli(const std::filesystem::path& dir, const nlohmann::json& scenario);
  void scenario(const nlohmann::json& s) const;
  std::vector<nlohmann::json> calls() const;  // calls.jsonl
  nlohmann::json state_json() const;
};

// Every file under `dir` whose name ends in ".json", relative, sorted.
std::vector<std::string> json_files(const std::filesystem::path& dir);

}  // namespace iamtrim::test
