#include "collect/helpers.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {

CollectClock FakeClock::clock() {
  CollectClock c;
  c.now = [this] { return now.load(); };
  c.sleep = [this](TimeMs ms) {
    std::lock_guard<std::mutex> lock(mutex);
    sleeps.push_back(ms);
    now += ms;
  };
  c.random = [this] { return random; };
  return c;
}

CommandResult aws_error(const std::string& code, const std::string& message, const std::string& operation,
                        int exit_code) {
  CommandResult r;
  r.exit_code = exit_code;
  r.err = "\nAn error occurred (" + code + ") when calling the " + operation + " operation: " + message + "\n";
  return r;
}

namespace {

CommandResult printed(const nlohmann::ordered_json& j) {
  CommandResult r;
  r.exit_code = 0;
  r.out = j.dump(4) + "\n";
  return r;
}

const char* kNamespaces[] = {"s3", "ec2", "iam", "lambda", "sns", "sqs", "dynamodb", "kms", "logs", "cloudwatch"};

}  // namespace

CommandResult FakeIam::run(const std::vector<std::string>& argv) {
  if (call_ms) std::this_thread::sleep_for(std::chrono::milliseconds(call_ms));
  std::lock_guard<std::mutex> lock(mutex_);
  calls_.push_back(argv);
  std::map<std::string, std::string> opt;
  for (std::size_t i = 3; i + 1 < argv.size(); i += 2) opt[argv[i]] = argv[i + 1];
  const std::string op = argv.size() > 2 ? argv[2] : "";
  const bool org = op.find("organizations") != std::string::npos;
  const std::string operation = op == "generate-service-last-accessed-details" ? "GenerateServiceLastAccessedDetails"
                                : op == "get-service-last-accessed-details"    ? "GetServiceLastAccessedDetails"
                                : op == "generate-organizations-access-report" ? "GenerateOrganizationsAccessReport"
                                                                               : "GetOrganizationsAccessReport";
  auto use_failure = [&](const std::string& key, const std::vector<CommandResult>& queue) -> std::optional<CommandResult> {
    std::size_t& used = failures_used_[key];
    if (used >= queue.size()) return std::nullopt;
    return queue[used++];
  };
  if (op.rfind("generate", 0) == 0) {
    const std::string subject = org ? opt["--entity-path"] : opt["--arn"];
    const Subject spec = subjects.count(subject) ? subjects.at(subject) : Subject{};
    if (auto f = use_failure("generate " + subject, spec.generate_failures)) return *f;
    char id[40];
    std::snprintf(id, sizeof id, "00000000-fake-4xmp-8aaa-%012zu", ++next_job_);
    jobs_[id] = {subject, opt.count("--granularity") ? opt["--granularity"] : "SERVICE_LEVEL", org, spec.in_progress_polls};
    max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
    return printed({{"JobId", id}});
  }
  auto it = jobs_.find(opt["--job-id"]);
  if (it == jobs_.end() || it->second.organizations != org)
    return aws_error("NoSuchEntity", "The job with ID " + opt["--job-id"] + " does not exist.", operation);
  Job& job = it->second;
  const Subject spec = subjects.count(job.subject) ? subjects.at(job.subject) : Subject{};
  if (auto f = use_failure("get " + job.subject, spec.get_failures)) return *f;
  if (job.polls_left > 0) {
    --job.polls_left;
    return printed({{"JobStatus", "IN_PROGRESS"}, {"JobCreationDate", spec.job_created}});
  }
  if (spec.failed) {
    --in_flight_;
    return printed({{"JobStatus", "FAILED"},
                    {"JobCreationDate", spec.job_created},
                    {"JobCompletionDate", spec.job_created},
                    {"Error", {{"Code", "InternalError"}, {"Message", "The job could not be completed"}}}});
  }
  nlohmann::ordered_json page;
  page["JobStatus"] = "COMPLETED";
  if (!org) page["JobType"] = spec.granularity_override.empty() ? job.granularity : spec.granularity_override;
  page["JobCreationDate"] = spec.job_created;
  page["JobCompletionDate"] = spec.bad_timestamp.empty() ? spec.job_created : spec.bad_timestamp;
  const std::size_t start = opt.count("--marker") ? std::stoul(opt["--marker"].substr(7)) : 0;
  const std::size_t total = static_cast<std::size_t>(spec.services);
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (std::size_t i = start; i < std::min(total, start + page_size); ++i) {
    nlohmann::ordered_json s;
    s["ServiceName"] = std::string("Service ") + kNamespaces[i % 10];
    s["ServiceNamespace"] = kNamespaces[i % 10];
    s["TotalAuthenticatedEntities"] = 0;
    if (!org && job.granularity == "ACTION_LEVEL")
      s["TrackedActionsLastAccessed"] = nlohmann::ordered_json::array({{{"ActionName", "ListThings"}}});
    items.push_back(s);
  }
  page[org ? "AccessDetails" : "ServicesLastAccessed"] = items;
  page["IsTruncated"] = start + page_size < total;
  if (start + page_size < total) page["Marker"] = "marker/" + std::to_string(start + page_size);
  else --in_flight_;
  return printed(page);
}

std::vector<std::vector<std::string>> FakeIam::calls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return calls_;
}

std::size_t FakeIam::count(const std::string& operation, const std::string& subject_or_job) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t n = 0;
  for (const auto& c : calls_)
    if (c.size() > 4 && c[2] == operation && (subject_or_job.empty() || c[4] == subject_or_job)) ++n;
  return n;
}

FakeAwsCli::FakeAwsCli(const fs::path& dir, const nlohmann::json& s) : root(dir), state(dir / "fake") {
  fs::create_directories(dir / "bin");
  fs::create_directories(state);
  // A wrapper rather than the script itself: Debian's interpreter starts in
  // milliseconds, where a version manager's shim found through env can take
  // a tenth of a second per call.
  const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  write_file(dir / "bin" / "aws", "#!/bin/sh\nexec " + python + " " +
                                     shell_quote({(fs::path(IAMTRIM_SOURCE_DIR) / "tests/collect/fake_aws.py").string()}) +
                                     " \"$@\"\n");
  fs::permissions(dir / "bin" / "aws", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  scenario(s);
  const char* path = std::getenv("PATH");
  ::setenv("PATH", ((dir / "bin").string() + ":" + (path ? path : "/usr/bin:/bin")).c_str(), 1);
  ::setenv("FAKE_AWS_DIR", state.c_str(), 1);
  ::setenv("IAMTRIM_COLLECT_TIME_SCALE", "0.001", 1);
}

void FakeAwsCli::scenario(const nlohmann::json& s) const { write_file(state / "scenario.json", s.dump(2)); }

std::vector<nlohmann::json> FakeAwsCli::calls() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(state / "calls.jsonl");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

nlohmann::json FakeAwsCli::state_json() const {
  std::ifstream in(state / "state.json");
  if (!in) return nlohmann::json::object();
  return nlohmann::json::parse(in);
}

std::vector<std::string> json_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(fs::relative(e.path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace iamtrim::test
