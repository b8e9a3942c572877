// The collection run: a pool of workers, each taking one subject at a time
// from "is there already a report?" to "its report and sidecar are on disk".
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "collect/internal.hpp"

namespace iamtrim {
namespace {

using nlohmann::ordered_json;
using collection::JournalEntry;
using collection::OutputDir;

std::string granularity_text(Granularity g) { return std::string(to_string(g)); }

bool is_org(const CollectSubject& s) { return s.kind == SubjectKind::Organizations; }

// Everything the workers share.
struct Run {
  const CollectOptions& options;
  CommandRunner& runner;
  const CollectClock& clock;
  OutputDir& dir;
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::string fatal;

  void set_fatal(const std::string& why) {
    std::lock_guard<std::mutex> lock(mutex);
    if (fatal.empty()) fatal = why;
    stop = true;
  }
  std::string fatal_text() {
    std::lock_guard<std::mutex> lock(mutex);
    return fatal;
  }
};

// One step's result: the JSON the CLI printed, or why there is none.
struct Call {
  std::optional<ordered_json> json;
  AwsError error;
  bool stopped = false;  // a fatal error elsewhere ended the run first
};

std::string minutes(TimeMs ms) { return std::to_string((ms + 59'999) / 60'000) + " min"; }

// "generate-service-last-accessed-details" from an argument vector.
std::string operation_of(const std::vector<std::string>& argv) { return argv.size() > 2 ? argv[2] : "aws"; }

// The n-th retry (1-based) waits a random time in the upper half of
// min(cap, base * 2^(n-1)): exponential backoff with jitter.
TimeMs backoff(const RetryPolicy& p, int retry, double random) {
  TimeMs ceiling = p.base_ms;
  for (int i = 1; i < retry && ceiling < p.cap_ms; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, p.cap_ms);
  return ceiling / 2 + static_cast<TimeMs>(random * static_cast<double>(ceiling - ceiling / 2));
}

Call call(Run& run, const std::vector<std::string>& argv, SubjectOutcome& o) {
  Call c;
  const TimeMs first = run.clock.now();
  for (int attempt = 1;; ++attempt) {
    if (run.stop) {
      c.stopped = true;
      return c;
    }
    CommandResult r = run.runner.run(argv);
    if (r.ok()) {
      ordered_json j = ordered_json::parse(r.out, nullptr, false);
      if (!j.is_discarded() && j.is_object()) {
        c.json = std::move(j);
        return c;
      }
      c.error.kind = AwsErrorClass::Subject;
      c.error.message = operation_of(argv) + " printed no JSON object: " + r.out.substr(0, 200);
      return c;
    }
    c.error = classify_failure(r);
    if (c.error.kind == AwsErrorClass::Fatal) {
      run.set_fatal(operation_of(argv) + ": " + c.error.text());
      c.stopped = true;  // not this subject's fault: it was not collected, not failed
      return c;
    }
    if (c.error.kind != AwsErrorClass::Retryable) return c;
    // IAM's limit on concurrent reports is not this call's fault: a slot
    // frees up when another job (maybe another tool's) finishes, so it is
    // waited for as long as a job may take, not for a number of attempts.
    if (c.error.code.rfind("ReportGenerationLimitExceeded", 0) == 0) {
      if (run.clock.now() - first >= run.options.poll.timeout_ms) {
        c.error.message += " (still refused after " + minutes(run.options.poll.timeout_ms) + ")";
        return c;
      }
    } else if (attempt >= run.options.retry.max_attempts) {
      c.error.message += " (gave up after " + std::to_string(attempt) + " attempts)";
      return c;
    }
    ++o.retries;
    run.clock.sleep(backoff(run.options.retry, attempt, run.clock.random()));
  }
}

std::string text_of(const ordered_json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// The outcome of following one job to its last page.
struct Job {
  std::vector<ordered_json> pages;
  std::string error;       // why there are no pages
  bool first_call_failed = false;  // the job id itself was refused (a stale journal entry)
  bool finished = false;   // the job ended (COMPLETED or FAILED): its journal entry is spent
  bool stopped = false;
};

Job follow(Run& run, const CollectSubject& s, const JournalEntry& entry, SubjectOutcome& o) {
  Job job;
  const PollPolicy& poll = run.options.poll;
  TimeMs wait = poll.first_ms;
  std::string marker;
  for (std::size_t calls = 0;; ++calls) {
    Call c = call(run, get_command(s, entry.job_id, marker, run.options), o);
    if (c.stopped) {
      job.stopped = true;
      return job;
    }
    if (!c.json) {
      job.error = operation_of(get_command(s, entry.job_id, marker, run.options)) + " --job-id " + entry.job_id +
                  ": " + c.error.text();
      job.first_call_failed = calls == 0 && c.error.kind == AwsErrorClass::Subject;
      return job;
    }
    ordered_json& page = *c.json;
    const std::string status = text_of(page, "JobStatus");
    if (status == "IN_PROGRESS") {
      if (run.clock.now() - entry.started >= poll.timeout_ms) {
        job.error = "job " + entry.job_id + " is still IN_PROGRESS after " + minutes(poll.timeout_ms) +
                    " (a later run polls it again)";
        return job;
      }
      run.clock.sleep(static_cast<TimeMs>(static_cast<double>(wait) * (0.8 + 0.4 * run.clock.random())));
      wait = std::min(poll.cap_ms, wait * 2);
      continue;
    }
    if (status == "FAILED") {
      job.finished = true;
      std::string why;
      if (auto err = page.find("Error"); err != page.end() && err->is_object())
        why = AwsError{AwsErrorClass::Subject, text_of(*err, "Code"), text_of(*err, "Message")}.text();
      job.error = "job " + entry.job_id + " FAILED" + (why.empty() ? " (AWS gave no reason)" : ": " + why);
      return job;
    }
    if (status != "COMPLETED") {
      job.error = "job " + entry.job_id + ": unexpected JobStatus '" + status + "'";
      return job;
    }
    const bool more = page.contains("IsTruncated") && page["IsTruncated"].is_boolean() && page["IsTruncated"].get<bool>();
    const std::string next = text_of(page, "Marker");
    job.pages.push_back(std::move(page));
    if (!more) break;
    if (next.empty() || next == marker) {
      job.error = "job " + entry.job_id + ": IsTruncated is true but the Marker is " +
                  (next.empty() ? "missing" : "the one just used");
      return job;
    }
    if (job.pages.size() >= 1000) {
      job.error = "job " + entry.job_id + ": more than 1000 pages";
      return job;
    }
    marker = next;
  }
  job.finished = true;
  return job;
}

// The pages as one output: the first page's fields, every page's list, and
// IsTruncated false: what one call prints when everything fits on one page.
std::optional<ordered_json> merge(const CollectSubject& s, std::vector<ordered_json>& pages,
                                  Granularity granularity, std::string& error) {
  const char* list = is_org(s) ? "AccessDetails" : "ServicesLastAccessed";
  ordered_json merged = std::move(pages.front());
  if (!merged.contains(list) || !merged[list].is_array()) {
    error = std::string("the report has no ") + list + " list";
    return std::nullopt;
  }
  for (std::size_t i = 1; i < pages.size(); ++i) {
    for (const char* key : {"JobCreationDate", "JobCompletionDate", "JobType"})
      if (text_of(pages[i], key) != text_of(merged, key)) {
        error = "page " + std::to_string(i + 1) + " has another " + key + " than page 1";
        return std::nullopt;
      }
    if (!pages[i].contains(list) || !pages[i][list].is_array()) {
      error = "page " + std::to_string(i + 1) + " has no " + list + " list";
      return std::nullopt;
    }
    for (auto& item : pages[i][list]) merged[list].push_back(std::move(item));
  }
  if (merged.contains("IsTruncated")) merged["IsTruncated"] = false;
  merged.erase("Marker");
  // The job was generated at this granularity; older CLI output leaves it out.
  if (!is_org(s) && !merged.contains("JobType")) merged["JobType"] = granularity_text(granularity);
  return merged;
}

std::string json_text(const ordered_json& j) {
  return j.dump(4, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string sidecar_text(const CollectSubject& s, const std::string& job_id, Granularity g) {
  ordered_json j;
  if (is_org(s)) {
    j["EntityPath"] = s.id;
  } else {
    j["Arn"] = s.id;
    j["Granularity"] = granularity_text(g);
  }
  j["JobId"] = job_id;
  return json_text(j);
}

// Reads the report as `narrow` will; the report's job date on success.
std::optional<TimeMs> check_readable(const OutputDir& dir, const CollectSubject& s, const std::string& report,
                                     const std::string& sidecar, std::string& error) {
  SourceFile file = SourceFile::from_string(dir.report_path(s), report);
  SourceFile side = SourceFile::from_string(dir.sidecar_path(s), sidecar);
  EvidenceResult r = read_evidence(file, &side, {});
  if (!r.ok()) {
    error = "AWS's report is not one iamtrim can read: " + format_error(r.errors.front());
    return std::nullopt;
  }
  return r.reports.front().job_date();
}

SubjectOutcome collect_one(Run& run, const CollectSubject& s) {
  SubjectOutcome o;
  o.subject = s;
  const CollectOptions& opt = run.options;
  const TimeMs now = run.clock.now();
  const collection::Existing existing = run.dir.existing(s, opt);
  if (existing.complete && now - existing.job_date < opt.max_age_ms) {
    o.status = SubjectStatus::Skipped;
    o.job_date = existing.job_date;
    o.detail = "a complete report is there (job of " + format_timestamp(existing.job_date) + ")";
    return o;
  }
  auto fail = [&](const std::string& why) {
    o.status = SubjectStatus::Failed;
    o.detail = why;
    return o;
  };
  auto stopped = [&]() {
    o.status = SubjectStatus::NotRun;
    o.detail = "stopped before it finished: " + run.fatal_text();
    return o;
  };
  const std::string granularity = is_org(s) ? "" : granularity_text(opt.granularity);

  // A job a killed run started is polled rather than started again, while
  // it is recent enough to count as fresh.
  JournalEntry entry;
  if (auto j = run.dir.journal(s);
      j && iequals(j->id, s.id) && j->granularity == granularity && now - j->started < std::min(opt.max_age_ms, kMsPerDay)) {
    entry = *j;
    o.resumed = true;
  }
  for (;;) {
    if (!o.resumed) {
      Call c = call(run, generate_command(s, opt), o);
      if (c.stopped) return stopped();
      if (!c.json) return fail(operation_of(generate_command(s, opt)) + ": " + c.error.text());
      entry = {text_of(*c.json, "JobId"), s.id, granularity, run.clock.now()};
      if (entry.job_id.empty()) return fail(operation_of(generate_command(s, opt)) + " printed no JobId");
      if (std::string err = run.dir.write_journal(s, entry); !err.empty()) return fail(err);
    }
    o.job_id = entry.job_id;
    Job job = follow(run, s, entry, o);
    if (job.stopped) return stopped();
    if (job.first_call_failed && o.resumed) {
      // The old job is gone (expired, or another session's): start afresh.
      run.dir.drop_journal(s);
      o.resumed = false;
      continue;
    }
    if (job.finished && !job.error.empty()) run.dir.drop_journal(s);  // FAILED: a later run starts a new job
    if (!job.error.empty()) return fail(job.error);
    o.pages = job.pages.size();
    std::string error;
    auto merged = merge(s, job.pages, opt.granularity, error);
    if (!merged) return fail("job " + entry.job_id + ": " + error);
    const std::string report = json_text(*merged), sidecar = sidecar_text(s, entry.job_id, opt.granularity);
    auto date = check_readable(run.dir, s, report, sidecar, error);
    if (!date) {
      run.dir.drop_journal(s);
      return fail(error);
    }
    if (std::string err = run.dir.install(s, report, sidecar); !err.empty()) return fail(err);
    run.dir.drop_journal(s);
    o.status = SubjectStatus::Collected;
    o.job_date = *date;
    if (existing.present && !existing.complete) o.detail = "replaced: " + existing.problem;
    else if (existing.present) o.detail = "replaced a report of " + format_timestamp(existing.job_date);
    return o;
  }
}

void append_common(std::vector<std::string>& argv, const CollectOptions& options) {
  argv.insert(argv.end(), {"--output", "json"});
  if (!options.profile.empty()) argv.insert(argv.end(), {"--profile", options.profile});
  if (!options.region.empty()) argv.insert(argv.end(), {"--region", options.region});
}

}  // namespace

std::string_view to_string(SubjectStatus status) {
  switch (status) {
    case SubjectStatus::Collected: return "collected";
    case SubjectStatus::Skipped: return "skipped";
    case SubjectStatus::Failed: return "failed";
    case SubjectStatus::NotRun: return "not-run";
  }
  return "not-run";
}

std::size_t CollectResult::count(SubjectStatus status) const {
  return static_cast<std::size_t>(
      std::count_if(outcomes.begin(), outcomes.end(), [&](const SubjectOutcome& o) { return o.status == status; }));
}

std::vector<std::string> generate_command(const CollectSubject& s, const CollectOptions& options) {
  std::vector<std::string> argv;
  if (is_org(s))
    argv = {options.aws, "iam", "generate-organizations-access-report", "--entity-path", s.id};
  else
    argv = {options.aws, "iam", "generate-service-last-accessed-details", "--arn", s.id, "--granularity",
            granularity_text(options.granularity)};
  append_common(argv, options);
  return argv;
}

std::vector<std::string> get_command(const CollectSubject& s, const std::string& job_id, const std::string& marker,
                                     const CollectOptions& options) {
  // Neither operation has a CLI paginator, so --max-items is the API's
  // MaxItems (at most 1000; the default, 100, would mean more pages).
  std::vector<std::string> argv = {options.aws, "iam",
                                   is_org(s) ? "get-organizations-access-report" : "get-service-last-accessed-details",
                                   "--job-id", job_id, "--max-items", "1000"};
  if (!marker.empty()) argv.insert(argv.end(), {"--marker", marker});
  append_common(argv, options);
  return argv;
}

CollectResult collect(const std::vector<CollectSubject>& subjects, const CollectOptions& options,
                      CommandRunner& runner, const CollectClock& clock, const CollectProgress& progress) {
  CollectResult result;
  result.outcomes.resize(subjects.size());
  for (std::size_t i = 0; i < subjects.size(); ++i) result.outcomes[i].subject = subjects[i];
  OutputDir dir(options.out_dir);
  if (std::string err = dir.open(); !err.empty()) {
    result.fatal = err;
    for (SubjectOutcome& o : result.outcomes) o.detail = "not started: " + err;
    return result;
  }
  Run run{options, runner, clock, dir};
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress_mutex;
  auto worker = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= subjects.size()) return;
      SubjectOutcome o;
      if (run.stop) {
        o.subject = subjects[i];
        o.detail = "not started: " + run.fatal_text();
      } else {
        o = collect_one(run, subjects[i]);
      }
      std::lock_guard<std::mutex> lock(progress_mutex);
      result.outcomes[i] = std::move(o);
      ++done;
      if (progress) progress(result.outcomes[i], done, subjects.size());
    }
  };
  const std::size_t workers = std::min(std::max<std::size_t>(options.jobs, 1), subjects.size());
  if (workers <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (std::size_t i = 0; i < workers; ++i) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  }
  result.fatal = run.fatal_text();
  return result;
}

std::string dry_run_script(const std::vector<CollectSubject>& subjects, const CollectOptions& options,
                           const CollectClock& clock) {
  namespace fs = std::filesystem;
  OutputDir dir(options.out_dir);  // read only: not opened, nothing written
  const TimeMs now = clock.now();
  std::string out, skipped;
  std::size_t to_run = 0, to_skip = 0;
  bool org = false, principals = false;
  for (const CollectSubject& s : subjects) {
    const std::string file = dir.report_path(s);
    const collection::Existing e = dir.existing(s, options);
    if (e.complete && now - e.job_date < options.max_age_ms) {
      ++to_skip;
      skipped += "# " + s.label() + ": " + file + " is complete (job of " + format_timestamp(e.job_date) +
                 "): skipped\n";
      continue;
    }
    ++to_run;
    (is_org(s) ? org : principals) = true;
    std::string replaces;
    if (e.present) replaces = e.complete ? " (replaces an older report)" : " (replaces an incomplete file)";
    out += "# " + s.label() + " -> " + file + replaces + "\n";
    if (auto j = dir.journal(s); j && iequals(j->id, s.id)) {
      out += "#   a killed run started job " + j->job_id + " at " + format_timestamp(j->started) +
             "; collect polls it if it is recent enough\n";
    }
    out += shell_quote(generate_command(s, options)) + "\n";
  }
  std::string head = "# iamtrim collect --dry-run: " + std::to_string(to_run) + " to collect, " +
                     std::to_string(to_skip) + " skipped (a complete report younger than the maximum age is there)\n";
  std::string tail;
  if (to_run) {
    tail += "# Each command prints a JobId. Poll it while JobStatus is IN_PROGRESS, then fetch every page\n"
            "# (add --marker MARKER while IsTruncated is true):\n";
    for (SubjectKind kind : {SubjectKind::Role, SubjectKind::Organizations}) {
      if (!(kind == SubjectKind::Role ? principals : org)) continue;
      CollectSubject example;
      example.kind = kind;
      tail += "#   " + shell_quote(get_command(example, "JOB_ID", "", options)) + "\n";
    }
    tail += "# collect merges the pages into the file named above and writes the request beside it\n"
            "# (FILE.request.json: " +
            std::string(principals ? "{\"Arn\": ..., \"Granularity\": ..., \"JobId\": ...}" : "") +
            (principals && org ? " or " : "") + (org ? "{\"EntityPath\": ..., \"JobId\": ...}" : "") + ").\n";
  }
  return head + skipped + out + tail;
}

}  // namespace iamtrim
