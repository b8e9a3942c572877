// iamtrim collect: fetch the last-accessed reports of every principal of an
// account (or of Organizations entities) with the AWS CLI, in the layout
// `narrow --account --evidence DIR` reads. The work is iamtrim/collect.hpp;
// this file parses options and prints.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <set>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "iamtrim/account.hpp"
#include "iamtrim/collect.hpp"

namespace iamtrim::cli {
namespace {

struct CollectArgs {
  std::string account;
  std::vector<std::string> organizations;
  std::string out;
  std::string granularity = "ACTION_LEVEL";
  std::size_t jobs = 8;
  std::string profile, region;
  std::string max_age = "7d";
  bool dry_run = false, policies = false;
};

// "90s", "30m", "12h", "7d", "2w"; a bare number is days.
std::optional<TimeMs> parse_duration(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 9 || text.size() > digits + 1) return std::nullopt;
  const TimeMs n = std::stoll(text.substr(0, digits));
  const char unit = digits == text.size() ? 'd' : text[digits];
  switch (unit) {
    case 's': return n * 1000;
    case 'm': return n * 60'000;
    case 'h': return n * 3'600'000;
    case 'd': return n * kMsPerDay;
    case 'w': return n * 7 * kMsPerDay;
    default: return std::nullopt;
  }
}

// Tests of the command line shrink every wait (backoff, polling) with this
// (docs/collect.md, "Testing").
double time_scale() {
  const char* v = std::getenv("IAMTRIM_COLLECT_TIME_SCALE");
  if (!v || !*v) return 1.0;
  char* end = nullptr;
  double s = std::strtod(v, &end);
  return end && *end == '\0' && s >= 0 && s <= 1 ? s : 1.0;
}

std::optional<std::vector<CollectSubject>> subjects_of(const CollectArgs& a) {
  std::vector<CollectSubject> subjects;
  if (!a.account.empty()) {
    auto text = read_input(a.account);
    if (!text) return std::nullopt;
    AccountResult account = read_account(std::make_shared<const SourceFile>(SourceFile::from_string(a.account, *text)));
    for (const EvidenceError& e : account.errors) std::cerr << format_error(e) << "\n";
    if (!account.ok()) return std::nullopt;
    return account_subjects(*account.account, {.policies = a.policies});
  }
  std::set<std::string> files;
  for (const std::string& path : a.organizations) {
    std::string error;
    CollectSubject s = organizations_subject(path, error);
    if (!error.empty()) {
      std::cerr << "iamtrim: --organizations " << error << "\n";
      return std::nullopt;
    }
    if (files.insert(s.file).second) subjects.push_back(std::move(s));
  }
  return subjects;
}

// One line on a terminal, rewritten in place; nothing when stderr is not one.
// Failures are listed at the end, in the account's order.
class Progress {
 public:
  explicit Progress(bool tty) : tty_(tty) {}
  void update(const SubjectOutcome& o, std::size_t done, std::size_t total) {
    if (o.status == SubjectStatus::Failed) ++failed_;
    if (tty_) {
      clear();
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      std::cerr << "iamtrim: collect: " << done << "/" << total << " done";
      if (failed_) std::cerr << ", " << failed_ << " failed";
      if (seconds > 1 && done < total) {
        const double rate = static_cast<double>(done) / seconds;
        std::cerr << ", " << static_cast<int>(rate * 60) << "/min, about "
                  << static_cast<int>(static_cast<double>(total - done) / rate / 60 + 1) << " min left";
      }
      std::cerr << std::flush;
      shown_ = true;
    }
  }
  void clear() {
    if (shown_) std::cerr << "\r\033[K";
    shown_ = false;
  }

 private:
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  bool shown_ = false;
  std::size_t failed_ = 0;
};

int run(const Context& ctx, const CollectArgs& a) {
  if (a.account.empty() == a.organizations.empty()) {
    std::cerr << "iamtrim: collect needs --account DETAILS or --organizations ENTITY_PATH (one of them)\n";
    return kExitUsage;
  }
  if (a.policies && a.account.empty()) {
    std::cerr << "iamtrim: --policies goes with --account\n";
    return kExitUsage;
  }
  CollectOptions options;
  options.out_dir = a.out;
  options.granularity = a.granularity == "SERVICE_LEVEL" ? Granularity::ServiceLevel : Granularity::ActionLevel;
  options.jobs = a.jobs;
  options.profile = a.profile;
  options.region = a.region;
  auto age = parse_duration(a.max_age);
  if (!age) {
    std::cerr << "iamtrim: --max-age " << a.max_age << ": expected a duration such as 12h, 7d or 2w (0 collects everything again)\n";
    return kExitUsage;
  }
  options.max_age_ms = *age;
  auto subjects = subjects_of(a);
  if (!subjects) return kExitUsage;
  CollectClock clock = system_clock(time_scale());
  if (const char* now = std::getenv("IAMTRIM_COLLECT_NOW"); now && *now) {
    // Tests and documentation examples judge report ages against a fixed instant.
    auto fixed = parse_timestamp(now);
    if (!fixed) {
      std::cerr << "iamtrim: IAMTRIM_COLLECT_NOW=" << now << ": expected a timestamp such as 2024-07-01T00:00:00Z\n";
      return kExitUsage;
    }
    clock.now = [t = *fixed] { return t; };
  }
  if (a.dry_run) {
    std::cout << dry_run_script(*subjects, options, clock);
    return kExitClean;
  }

  ProcessRunner aws;
  Progress progress(::isatty(STDERR_FILENO) == 1 && !ctx.quiet);  // --quiet: no progress line
  CollectResult r = collect(*subjects, options, aws, clock,
                            [&](const SubjectOutcome& o, std::size_t done, std::size_t total) {
                              progress.update(o, done, total);
                            });
  progress.clear();
  for (const SubjectOutcome& o : r.outcomes)
    if (o.status == SubjectStatus::Failed) std::cerr << "iamtrim: " << o.subject.label() << ": " << o.detail << "\n";
  if (!r.fatal.empty()) std::cerr << "iamtrim: collect stopped: " << r.fatal << "\n";
  const std::size_t collected = r.count(SubjectStatus::Collected), skipped = r.count(SubjectStatus::Skipped),
                    failed = r.count(SubjectStatus::Failed), not_run = r.count(SubjectStatus::NotRun);
  std::cout << a.out << ": " << collected << " collected, " << skipped << " skipped (complete, younger than "
            << a.max_age << "), " << failed << " failed";
  if (not_run) std::cout << ", " << not_run << " not run";
  const bool one = subjects->size() == 1;
  std::cout << " of " << subjects->size()
            << (!a.account.empty() ? (a.policies ? " principals and policies" : one ? " principal" : " principals")
                                   : one ? " entity" : " entities") << "\n";
  if (failed || not_run)
    std::cout << "run the same command again to retry what failed; what is complete is kept\n";
  if (!r.fatal.empty()) return kExitUsage;
  return failed || not_run ? kExitFindings : kExitClean;
}

}  // namespace

void add_collect_command(CLI::App& app, Context& ctx) {
  auto [cmd, a] = add_command<CollectArgs>(app, ctx, "collect", "Fetch the last-accessed reports of every principal of an account with the AWS CLI, for narrow --account", run);
  cmd->add_option("--account", a->account, "A get-account-authorization-details output: collect for its users, groups and roles");
  cmd->add_option("--organizations", a->organizations, "Organizations entity paths (o-.../r-.../ou-...): collect access reports");
  cmd->add_option("--out", a->out, "The evidence directory (DIR/KIND/NAME.json and .request.json)")->required();
  add_choice(*cmd, "--granularity", a->granularity, "ACTION_LEVEL (default) or SERVICE_LEVEL",
             {"ACTION_LEVEL", "SERVICE_LEVEL"});
  cmd->add_option("--jobs", a->jobs, "Jobs in flight at once (default 8)")->check(CLI::Range(1, 100));
  cmd->add_option("--profile", a->profile, "AWS CLI profile");
  cmd->add_option("--region", a->region, "AWS CLI region (IAM is global; the endpoint's partition)");
  cmd->add_option("--max-age", a->max_age, "Keep complete reports whose job is younger than this (default 7d; 0: none)");
  cmd->add_flag("--dry-run", a->dry_run, "Print the aws commands instead of running them");
  cmd->add_flag("--policies", a->policies, "Also collect a report per customer-managed policy");
}

}  // namespace iamtrim::cli
