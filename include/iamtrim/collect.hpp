// iamtrim/collect.hpp - collecting the last-accessed evidence of a whole
// account (or of Organizations entities) with the AWS CLI.
//
// `iamtrim collect --account DETAILS --out DIR` asks IAM for one
// last-accessed report per user, group and role of a
// get-account-authorization-details output (and per customer-managed policy
// when asked), and writes each as DIR/KIND/NAME.json with the request that
// produced it beside it as DIR/KIND/NAME.request.json: exactly what
// `iamtrim narrow --account DETAILS --evidence DIR` reads.
//
//   AccountResult account = read_account(file);
//   std::vector<CollectSubject> subjects = account_subjects(*account.account, {.policies = true});
//   CollectOptions options;  options.out_dir = "evidence";
//   ProcessRunner aws;       // runs `aws` from PATH, no shell
//   CollectResult r = collect(subjects, options, aws, system_clock());
//   for (const SubjectOutcome& o : r.outcomes) if (o.status == SubjectStatus::Failed) ...
//
// Per subject, collect():
//  1. skips it when DIR already holds a complete report about it, of the
//     requested granularity, whose job date is younger than max_age;
//  2. else resumes the job a killed earlier run had started (its JobId is
//     kept under DIR/.iamtrim-collect/jobs/) or starts one:
//     `aws iam generate-service-last-accessed-details --arn ARN --granularity G`;
//  3. polls `aws iam get-service-last-accessed-details --job-id ID` with
//     growing, jittered delays while JobStatus is IN_PROGRESS, and follows
//     `--marker` while IsTruncated is true;
//  4. merges the pages into one report (exactly what one call would print if
//     every service fitted on one page), checks it with read_evidence() as
//     narrow will, and writes it and its sidecar atomically.
// A job that FAILED, or a subject whose calls keep failing, is reported in
// its SubjectOutcome and the other subjects proceed. Throttling and other
// transient AWS errors are retried with exponential backoff and jitter.
// At most `jobs` subjects are in flight at once, which bounds both the IAM
// jobs running and the `aws` processes alive. Errors that doom every call
// (no `aws` on PATH, no credentials, an expired token) stop the run early:
// CollectResult::fatal.
//
// Files on disk are always whole: each is written under
// DIR/.iamtrim-collect/tmp/, flushed, and renamed into place. A report being
// replaced is removed before its new sidecar and report are renamed in, so a
// report is never beside a sidecar that does not describe it. Nothing under
// .iamtrim-collect/ ends in ".json", so `narrow --evidence DIR` never reads it.
// One run at a time per DIR (a lock file); stale temporary files of a killed
// run are removed by the next.
//
// File names: NAME is the IAM name (unique per account and kind, whatever
// the path, case-insensitively); characters outside IAM's name alphabet
// (A-Z a-z 0-9 + = , . @ _ -) become %XX, and a name ending in ".request"
// gets its dot escaped so that its report is never mistaken for a sidecar.
// Two subjects never share a file: a clash left after that (only possible in
// a hand-edited input) gets a "~2" suffix. The sidecar names the subject by
// ARN, so binding never depends on the file name.
//
// Time, sleeping and randomness come from a CollectClock and processes from a
// CommandRunner, so tests drive collect() with fakes and no real waiting.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "iamtrim/account.hpp"
#include "iamtrim/evidence.hpp"

namespace iamtrim {

// ---- Running commands ------------------------------------------------------

struct CommandResult {
  int exit_code = -1;       // the exit status; -1 when it did not exit normally
  int signal = 0;           // the signal that ended it, if one did
  bool timed_out = false;   // killed after CommandRunner's time limit
  std::string spawn_error;  // it could not be started (e.g. not on PATH)
  std::string out, err;     // everything it wrote
  bool ok() const { return spawn_error.empty() && !timed_out && signal == 0 && exit_code == 0; }
};

// Runs one command given as an argument vector (argv[0] is looked up on
// PATH; no shell ever sees it). Must be safe to call from several threads.
class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  virtual CommandResult run(const std::vector<std::string>& argv) = 0;
};

// The real thing: posix_spawnp, stdin from /dev/null, stdout and stderr
// captured through close-on-exec pipes, the environment inherited with
// AWS_PAGER set empty (the AWS CLI v2 would otherwise page its output).
// A command still running after `timeout_ms` is killed (SIGTERM, then
// SIGKILL) and reported as timed_out.
class ProcessRunner : public CommandRunner {
 public:
  explicit ProcessRunner(long long timeout_ms = 300'000) : timeout_ms_(timeout_ms) {}
  CommandResult run(const std::vector<std::string>& argv) override;

 private:
  long long timeout_ms_;
};

// `argv` as one line a POSIX shell reads back into the same words: words
// with characters outside [A-Za-z0-9_@%+=:,./-] are single-quoted.
std::string shell_quote(const std::vector<std::string>& argv);

// ---- Time ------------------------------------------------------------------

// All three must be safe to call from several threads.
struct CollectClock {
  std::function<TimeMs()> now;              // wall clock, UTC milliseconds
  std::function<void(TimeMs)> sleep;        // wait this many milliseconds
  std::function<double()> random;           // uniform in [0, 1), for jitter
};
// The system clock, real sleeping, and a seeded per-thread generator.
// `scale` multiplies every delay (tests of the command line use a tiny one).
CollectClock system_clock(double scale = 1.0);

// ---- What the AWS CLI said -------------------------------------------------

enum class AwsErrorClass {
  Retryable,  // throttling, concurrent-report limit, service failure, timeouts, dropped connections
  Subject,    // about this subject only (NoSuchEntity, AccessDenied, a FAILED job...): report it, go on
  Fatal,      // every call would fail the same way (no aws, no credentials, expired token, bad syntax)
};

struct AwsError {
  AwsErrorClass kind = AwsErrorClass::Subject;
  std::string code;     // "Throttling", "NoSuchEntity"; empty when the CLI gave none
  std::string message;  // AWS's message, or the CLI's own text
  std::string text() const;  // "Throttling: Rate exceeded"
};

// Reads a failed call: the CLI's "An error occurred (CODE) when calling the
// OP operation...: MESSAGE", its exit status (252 bad syntax, 253 bad
// configuration or credentials, 254 service error, 255 other), connection
// and read timeouts, signals. Throttling, Throttling*, RequestLimitExceeded,
// TooManyRequests*, LimitExceeded*, ReportGenerationLimitExceeded*,
// ServiceFailure*, ServiceUnavailable, InternalFailure, InternalError and
// RequestTimeout* are retryable; ExpiredToken*, InvalidClientTokenId,
// UnrecognizedClient*, SignatureDoesNotMatch, IncompleteSignature,
// MissingAuthenticationToken, AuthFailure and RequestExpired are fatal.
AwsError classify_failure(const CommandResult& result);

// ---- What to collect -------------------------------------------------------

enum class SubjectKind { User, Group, Role, Policy, Organizations };
std::string_view to_string(SubjectKind kind);  // "user", "group", "role", "policy", "organizations"

struct CollectSubject {
  SubjectKind kind = SubjectKind::Role;
  std::string name;  // the IAM name, or the entity path
  std::string id;    // the ARN, or the entity path (what the job is generated for)
  std::string file;  // relative to the output directory, without ".json": "role/App"
  std::string label() const;  // "role/App", "organizations/o-a1b2c3d4e5/r-f6g7"
};

struct SubjectsOptions {
  bool policies = false;  // also every customer-managed policy (AWS-managed ones are never narrowed)
};
// Every user, group and role of the account (and customer-managed policy),
// in file order, with collision-free file names (see the top of this file).
std::vector<CollectSubject> account_subjects(const Account& account, const SubjectsOptions& options = {});

// An Organizations entity path ("o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111", as
// the API's pattern ^o-[0-9a-z]{10,32}/r-[0-9a-z]{4,32}[0-9a-z-/]*); the
// file is "organizations/" + the path with '/' written as '_'. Empty `error`
// when the path is well-formed.
CollectSubject organizations_subject(const std::string& entity_path, std::string& error);

// The file name (no extension) a subject's name maps to; see the top of this file.
std::string safe_file_name(std::string_view name);

// ---- Collecting ------------------------------------------------------------

struct RetryPolicy {
  int max_attempts = 8;       // calls per step, the first included
  TimeMs base_ms = 1'000;     // the n-th retry waits up to base * 2^(n-1)...
  TimeMs cap_ms = 30'000;     // ...but never more than this,
  // and at least half of that (jitter is uniform in the upper half, so
  // concurrent workers spread out yet still back off).
};

struct PollPolicy {
  TimeMs first_ms = 1'000;       // the first wait for an IN_PROGRESS job
  TimeMs cap_ms = 15'000;        // waits double up to this (each jittered by +-20%)
  TimeMs timeout_ms = 900'000;   // a job still IN_PROGRESS after this fails
};

struct CollectOptions {
  std::string out_dir;
  Granularity granularity = Granularity::ActionLevel;  // principal and policy reports
  std::size_t jobs = 8;            // subjects in flight at once (at least 1)
  std::string profile, region;     // --profile / --region for every aws call, when set
  TimeMs max_age_ms = 7 * kMsPerDay;  // a complete report with a younger job date is kept
  RetryPolicy retry;
  PollPolicy poll;
  std::string aws = "aws";         // the program, looked up on PATH
};

enum class SubjectStatus {
  Collected,  // a new report was written
  Skipped,    // a complete, recent enough report was already there
  Failed,     // see detail; nothing was written for it
  NotRun,     // a fatal error stopped the run before it
};
std::string_view to_string(SubjectStatus status);  // "collected", "skipped", "failed", "not-run"

struct SubjectOutcome {
  CollectSubject subject;
  SubjectStatus status = SubjectStatus::NotRun;
  std::string detail;         // why it failed or was skipped
  std::string job_id;
  TimeMs job_date = 0;        // the report's JobCompletionDate (else JobCreationDate)
  std::size_t pages = 0;      // pages fetched (Collected)
  std::size_t retries = 0;    // calls repeated after a retryable error
  bool resumed = false;       // polled a job a killed earlier run had started
};

struct CollectResult {
  std::vector<SubjectOutcome> outcomes;  // one per subject, in the order given
  std::string fatal;                     // why the run stopped early; empty when it did not
  std::size_t count(SubjectStatus status) const;
  bool ok() const { return fatal.empty() && count(SubjectStatus::Failed) == 0 && count(SubjectStatus::NotRun) == 0; }
};

// Called once per subject as it finishes, from the worker that finished it
// (never two at once).
using CollectProgress = std::function<void(const SubjectOutcome&, std::size_t done, std::size_t total)>;

// Collects every subject (see the top of this file). Never throws; problems
// with the output directory (cannot create it, another run holds its lock)
// are returned as `fatal`.
CollectResult collect(const std::vector<CollectSubject>& subjects, const CollectOptions& options,
                      CommandRunner& runner, const CollectClock& clock, const CollectProgress& progress = {});

// The aws argument vectors collect() runs for a subject (without --marker:
// `marker` appends it when not empty).
std::vector<std::string> generate_command(const CollectSubject& subject, const CollectOptions& options);
std::vector<std::string> get_command(const CollectSubject& subject, const std::string& job_id,
                                     const std::string& marker, const CollectOptions& options);

// --dry-run: what collect() would do, without running anything. Per subject
// either a "# KIND/NAME: ... skipped" comment (a complete, recent report is
// there) or a comment naming the file followed by the generate command,
// shell-quoted; then how the jobs are polled. Pasteable into a shell.
std::string dry_run_script(const std::vector<CollectSubject>& subjects, const CollectOptions& options,
                           const CollectClock& clock);

}  // namespace iamtrim
