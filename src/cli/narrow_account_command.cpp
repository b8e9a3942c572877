// Wiring for the account-wide modes of `iamtrim narrow`: read the inputs,
// call the library (iamtrim/account.hpp), print and write what it returns.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "cli/atomic_write.hpp"
#include "cli/context.hpp"
#include "cli/narrow_inputs.hpp"
#include "cli/narrow_account.hpp"
#include "cli/narrow_output.hpp"
#include "cli/progress_line.hpp"
#include "iamtrim/account.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/parallel.hpp"
#include "iamtrim/report_html.hpp"
#include "iamtrim/system.hpp"

namespace fs = std::filesystem;

namespace iamtrim::cli {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Where a path is on disk (device and inode), when it exists.
struct FileId {
  dev_t dev = 0;
  ino_t ino = 0;
  bool exists = false;
  static FileId of(const std::string& path) {
    struct stat st {};
    if (path.empty() || ::stat(path.c_str(), &st) != 0) return {};
    return {st.st_dev, st.st_ino, true};
  }
  bool is(const std::string& path) const {
    if (!exists) return false;
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && st.st_dev == dev && st.st_ino == ino;
  }
};

// What this run writes (--out, --report): when one lies inside an evidence
// directory, as `--evidence reports/ --out reports/narrowed/` puts it, the
// next run must not read it back as evidence.
struct RunOutputs {
  FileId out;
  FileId report;
  std::string report_name;  // the --report file's name, compared before its identity
};

// Whether the file at `path` is an iamtrim narrowing report (an earlier
// run's --report), not evidence that --report names by mistake: that stays
// evidence, an input the report is never written over.
bool is_narrowing_report(const std::string& path) {
  FileRead text = read_input_file(path, kMaxInputFile);
  if (!text.text) return false;
  const SourceFile file = SourceFile::from_string(path, std::move(*text.text));
  const JsonResult json = parse_json(file);
  return json.ok() && recognise_not_evidence(json.value) == NotEvidence::NarrowingReport;
}

// The first report below `folder` with its FILE.request.json sidecar
// beside it, or "".
std::string report_with_sidecar_below(const std::string& folder) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string path = it->path().string();
    if (!ends_with(path, ".request.json") || !it->is_regular_file()) continue;
    const std::string report = path.substr(0, path.size() - 13) + ".json";
    if (fs::is_regular_file(report, ec)) return report;
  }
  return "";
}

// Every evidence file named or found under a named directory (sidecars are
// read with their report, so they are not reports themselves). The run's
// own outputs found there (the --out folder, the --report file when it is a
// narrowing report) are left out, each with a note; an evidence directory
// that is the --out folder itself is an error.
bool evidence_paths(const std::vector<std::string>& args, const RunOutputs& outputs, std::vector<std::string>& paths) {
  for (const std::string& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      if (outputs.out.is(a)) {
        std::cerr << "iamtrim: --evidence " << printable(a)
                  << " is the --out folder: the files this run writes are not evidence; give --out another folder\n";
        return false;
      }
      std::vector<std::string> found;
      std::vector<std::pair<std::string, const char*>> skipped;  // noted in path order, not the walk's
      for (fs::recursive_directory_iterator it(a, ec), end; !ec && it != end; it.increment(ec)) {
        std::string path = it->path().string();
        if (it->is_directory() && outputs.out.is(path)) {
          // Evidence kept there (a report with its sidecar: collect writes
          // one beside every report, narrow none) would be left out and could
          // be written over: refused instead.
          if (std::string report = report_with_sidecar_below(path); !report.empty()) {
            std::cerr << "iamtrim: --out " << printable(path) << " holds evidence (" << printable(report)
                      << " with its sidecar): give --out a folder of its own\n";
            return false;
          }
          skipped.emplace_back(std::move(path), "the --out folder");
          it.disable_recursion_pending();
          continue;
        }
        if (!it->is_regular_file() || !ends_with(path, ".json") || ends_with(path, ".request.json")) continue;
        if (it->path().filename() == outputs.report_name && outputs.report.is(path) && is_narrowing_report(path)) {
          skipped.emplace_back(std::move(path), "the --report file");
          continue;
        }
        found.push_back(std::move(path));
      }
      std::sort(skipped.begin(), skipped.end());
      for (const auto& [path, what] : skipped)
        std::cerr << "iamtrim: note: --evidence " << printable(a) << ": " << printable(path) << " is " << what
                  << " of this run, not evidence: not read\n";
      if (ec) {
        std::cerr << "iamtrim: --evidence " << printable(a) << ": " << ec.message() << "\n";
        return false;
      }
      if (found.empty()) std::cerr << "iamtrim: warning: --evidence " << printable(a) << ": no .json files in the directory\n";
      std::sort(found.begin(), found.end());
      paths.insert(paths.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(a, ec)) {
      paths.push_back(a);
    } else {
      std::cerr << "iamtrim: --evidence " << printable(a) << ": no such file or directory\n";
      return false;
    }
  }
  return true;
}

// New files under --out are written without a flush each (write_out) and
// flushed together when the run ends, whichever way it ends.
class FlushAtEnd {
 public:
  explicit FlushAtEnd(const std::string& folder) : folder_(folder) {}
  ~FlushAtEnd() {
    if (!folder_.empty() && fs::is_directory(folder_) && !sync_tree(folder_))
      std::cerr << "iamtrim: --out: cannot flush " << folder_ << " to disk\n";
  }

 private:
  std::string folder_;
};

// A staged --out file in place of an existing one (after commit() said
// Exists): never over an input, never through a symbolic link inside the
// output folder, and as OutputFolder::replace checks. "" when done; else why,
// and the temporary file is left (discard it).
std::string replace_out(OutputFolder& out, const OutputFolder::Staged& staged, bool force, const InputFiles& inputs) {
  if (std::string why = inputs.conflict(staged.target); !why.empty()) return why;
  if (std::string why = link_below(staged.target, out.root()); !why.empty()) return why;
  return out.replace(staged, force);
}

// One --out file: a new file, or an existing one replaced (replace_out).
// New and replaced files are flushed together at the end of the run (sync_tree).
std::string write_out(OutputFolder& out, const std::string& relative, std::string_view text, bool force,
                      const InputFiles& inputs) {
  OutputFolder::Staged staged;
  std::string error;
  if (!out.stage(relative, text, staged, error)) return error;
  switch (out.commit(staged, error)) {
    case OutputFolder::NewFile::Written: return "";
    case OutputFolder::NewFile::Failed: return error;
    case OutputFolder::NewFile::Exists: break;
  }
  error = replace_out(out, staged, force, inputs);
  if (!error.empty()) OutputFolder::discard(staged);
  return error;
}

// The detail files of the judged policies under OUT/details/, each written
// on the thread that judged its policy, as it is judged, under a temporary
// name beside its place (OutputFolder::stage), and put in place only once
// the whole account is judged and verified (put_in_place). A run that ends
// before that removes them, and the folders it made for them, when this
// goes: it writes nothing. A file refused then leaves no empty folder. The texts (about 1 GB for 5,000 roles) are
// written once, in parallel, never all held in memory.
class DetailFiles {
 public:
  explicit DetailFiles(OutputFolder& out) : out_(out) {}
  ~DetailFiles() {
    for (auto& [key, file] : files_)
      if (!file.temp_gone) OutputFolder::discard(file.staged);
    // The folders this run made that hold nothing now: all of them when the
    // run ended before put_in_place, those of refused files (names that
    // differ only in case, a failed rename) after it (rmdir removes only
    // empty folders).
    if (staged_) out_.remove_made_folders();
  }
  DetailFiles(const DetailFiles&) = delete;
  DetailFiles& operator=(const DetailFiles&) = delete;

  // The detail text of the policy whose out_path is `key`, for `relative`
  // (below the output folder). Thread-safe.
  void stage(const std::string& key, const std::string& relative, std::string_view text) {
    File file;
    if (!out_.stage(relative, text, file.staged, file.error)) file.temp_gone = true;
    std::lock_guard<std::mutex> lock(mutex_);
    staged_ = true;
    auto [it, added] = files_.try_emplace(key, std::move(file));
    if (added) return;
    if (!it->second.temp_gone) OutputFolder::discard(it->second.staged);  // a policy judged twice: cannot happen
    it->second = std::move(file);
  }

  // Every judged policy's detail file put in place: a new file by a rename,
  // an existing one replaced as any --out file is; the number of files not
  // written (each said on standard error). Names that differ only in case
  // would meet on a file system that ignores case: neither is written.
  int put_in_place(const AccountNarrowResult& r, bool force, const InputFiles& inputs) {
    put_ = true;
    std::map<std::string, std::size_t> uses;
    std::vector<const AccountPolicyResult*> todo;
    for (const AccountPolicyResult& p : r.policies)
      if (!details_path(p).empty()) {
        ++uses[to_lower(details_path(p))];
        todo.push_back(&p);
      }
    int failed = 0;
    // Renamed on every core; the reasons are said in order.
    for_each_ordered(
        todo.size(), available_cores(),
        [&](std::size_t i) -> std::string {
          const AccountPolicyResult& p = *todo[i];
          auto it = files_.find(p.out_path);
          if (it == files_.end()) return "the detail text was not written";  // not judged: cannot happen
          File& file = it->second;
          if (!file.error.empty()) return file.error;
          const std::string relative = details_path(p);
          if (uses.at(to_lower(relative)) > 1)
            return relative + " differs from another policy's detail file only in case; not written";
          std::string error;
          switch (out_.commit(file.staged, error)) {
            case OutputFolder::NewFile::Written: file.temp_gone = true; return "";
            case OutputFolder::NewFile::Failed: file.temp_gone = true; return error;
            case OutputFolder::NewFile::Exists: break;
          }
          // A file from an earlier run: replaced with every check of an
          // existing file (a failure leaves the temporary file to discard).
          error = replace_out(out_, file.staged, force, inputs);
          file.temp_gone = error.empty();
          return error;
        },
        [&](std::size_t i, const std::string& error) {
          if (error.empty()) return;
          std::cerr << "iamtrim: --out: " << printable(todo[i]->owner) << " / " << printable(todo[i]->name) << ": "
                    << printable(error) << "\n";
          ++failed;
        });
    return failed;
  }

 private:
  struct File {
    OutputFolder::Staged staged;
    std::string error;       // why it could not be staged
    bool temp_gone = false;  // renamed into place, or never made
  };
  OutputFolder& out_;
  std::mutex mutex_;
  std::unordered_map<std::string, File> files_;  // by out_path
  bool staged_ = false;
  bool put_ = false;
};

// The table fits a terminal of this many columns unless --wide.
constexpr std::size_t kTableWidth = 100;

// One error before any work when --out cannot be the output folder.
bool out_usable(const AccountArgs& a) {
  if (a.out.empty()) return true;
  const std::string why = OutputFolder::usable(a.out);
  if (!why.empty()) std::cerr << "iamtrim: --out: " << printable(why) << "\n";
  return why.empty();
}

}  // namespace

int run_narrow_account(const Catalog& c, const AccountArgs& a) {
  if (a.evidence.empty()) {
    std::cerr << "iamtrim: --account needs --evidence DIR (the last-accessed reports of the account's principals)\n";
    return kExitUsage;
  }
  if (!out_usable(a)) return kExitUsage;
#ifdef __GLIBC__
  // Evidence files are read and policies judged on every core, and what
  // they build outlives them. One heap per core: a single heap for all
  // threads made them queue for its lock (at 5,000 roles about half of the
  // CPU time, and 170,000 context switches); a heap per thread (glibc's
  // default) keeps what the account's parsed tree gave back from the
  // threads that need it (about 70 MiB more at 5,000 roles).
  mallopt(M_ARENA_MAX, static_cast<int>(std::max<std::size_t>(1, available_cores())));
#endif
  auto text = read_input(a.account);
  if (!text) return kExitUsage;
  // The text moves into the source file (18 MB at 5,000 roles): not held twice.
  AccountResult account =
      read_account(std::make_shared<const SourceFile>(SourceFile::from_string(a.account, std::move(*text))));
  for (const EvidenceError& e : account.errors) std::cerr << printable(format_error(e)) << "\n";
  if (!account.ok()) return kExitUsage;
  std::vector<std::string> paths;
  const RunOutputs outputs{FileId::of(a.out), FileId::of(a.report), fs::path(a.report).filename().string()};
  if (!evidence_paths(a.evidence, outputs, paths)) return kExitUsage;
  InputFiles inputs;
  inputs.add(a.account);
  add_evidence_inputs(inputs, paths);
  ProgressLine line(a.progress);
  line.draw("iamtrim: reading " + std::to_string(paths.size()) + " evidence files");
  // Subjects by sidecar, else by file name, before pages are merged.
  EvidenceResult pages = read_evidence_pages(paths, {});
  line.clear();
  for (const EvidenceError& e : pages.errors) std::cerr << printable(format_error(e)) << "\n";
  if (!pages.ok()) return kExitUsage;
  EvidenceResult ev = bind_account_evidence(*account.account, std::move(pages.reports));
  for (const EvidenceError& e : ev.errors) std::cerr << printable(format_error(e)) << "\n";
  if (!ev.ok()) return kExitUsage;

  auto settings = narrow_settings(a.config);
  if (!settings) return kExitUsage;
  AccountOptions options;
  options.input = settings->input;
  options.compress = a.compress;
  options.low_risk = settings->low_risk;
  options.keep_details = !a.report.empty();
  // The JSON and Markdown reports need of each policy its summary and, with
  // --out, its detail file: the per-action outcomes go once that is
  // rendered. The HTML page carries every outcome.
  const bool details = !a.report.empty() && !a.out.empty() && report_format(a.report) != ReportFormat::Html;
  // Only the detail files show each decision's sentence: without them the
  // decisions carry their evidence alone (a large account's sentences
  // would be most of an HTML report's memory).
  options.input.sentences = details;
  // The HTML page shows of each outcome its action and its decision's
  // reason and evidence: kept compact until the page is built.
  options.compact_outcomes = !a.report.empty() && report_format(a.report) == ReportFormat::Html;
  // Each detail file is written as its policy is judged; it is put in
  // place once all are verified, else removed.
  OutputFolder out(a.out);
  DetailFiles detail_files(out);
  if (!a.report.empty() && report_format(a.report) != ReportFormat::Html)
    options.render_details = [&c, details, &detail_files](const AccountPolicyResult& p, const std::string& as_of) {
      if (details && !details_path(p).empty())
        detail_files.stage(p.out_path, details_path(p), account_policy_details_json(c, as_of, p));
      return std::string();
    };
  if (line.enabled())
    options.progress = [&line](const AccountProgress& p) {
      const bool final = p.policies_done == p.policies_total;
      if (!line.due(final)) return;
      std::string text = "iamtrim: narrowing: " + std::to_string(p.principals_done) + "/" +
                         std::to_string(p.principals_total) + " principals done (" + std::to_string(p.policies_done) +
                         "/" + std::to_string(p.policies_total) + " policies)";
      // Rate and time left once there is something to measure.
      const double seconds = line.seconds();
      if (seconds >= 0.5 && p.policies_done > 0) {
        const double rate = static_cast<double>(p.policies_done) / seconds;
        text += ", " + std::to_string(static_cast<long>(rate)) + " policies/s";
        if (!final) text += ", ETA " + format_duration(static_cast<double>(p.policies_total - p.policies_done) / rate);
      }
      line.draw(text);
    };
  AccountNarrowResult r = narrow_account(c, std::move(*account.account), std::move(ev.reports), settings->rules, options);
  line.clear();
  for (const EvidenceError& e : r.errors) std::cerr << printable(format_error(e)) << "\n";
  if (!r.ok()) return kExitUsage;
  if (!r.verified()) {
    // A rewrite broke its own contract: say which, write nothing.
    std::cerr << "iamtrim: internal error: a rewrite failed verification; nothing was written\n";
    for (const AccountPolicyResult& p : r.policies)
      if (p.outcome == AccountOutcome::Failed)
        for (const std::string& v : p.narrowed->result.verification.violations)
          std::cerr << "  " << printable(p.owner) << " / " << printable(p.name) << ": " << printable(v) << "\n";
    return kExitUsage;
  }
  for (const UnmatchedEvidence& u : r.unmatched)
    std::cerr << "iamtrim: warning: " << printable(u.file) << " (" << (u.subject.empty() ? "no subject" : printable(u.subject))
              << "): " << u.reason << "; not used\n";
  for (const std::string& p : r.without_evidence)
    std::cerr << "iamtrim: warning: no evidence for " << printable(p) << ": the policies it uses are kept\n";
  for (const AccountPolicyResult& p : r.policies) {
    if (p.outcome == AccountOutcome::AwsManaged)
      std::cerr << "iamtrim: note: " << printable(p.arn) << " is AWS-managed and cannot be edited; to narrow it, replace it "
                << "with a customer-managed copy\n";
    else if (p.narrowed && over_quota(p.narrowed->result))
      std::cerr << "iamtrim: " << printable(p.owner) << " / " << printable(p.name) << ": "
                << describe_split(c, p.narrowed->result, PolicyKind::Identity, p.attachment);
  }
  // With a JSON or Markdown --report and --out, each judged policy's
  // decisions go to its detail file under OUT/details/ (the summary names
  // them), before the report. The HTML page carries its own.
  const FlushAtEnd flush(a.out);
  AccountReportOptions report_options;
  int details_failed = 0;
  if (details) {
    report_options.details_dir = a.out;
    details_failed = detail_files.put_in_place(r, a.force, inputs);
  }
  if (!a.report.empty() &&
      !write_report_file(a.report, {[&] { return account_report_json(c, r, report_options); },
                                    [&] { return account_report_markdown(c, r, report_options); },
                                    [&] { return account_report_html(c, r); }},
                         inputs))
    return kExitUsage;
  if (details_failed) {
    std::cerr << "iamtrim: --out: " << details_failed << " detail file(s) not written (above)\n";
    return kExitUsage;
  }
  if (a.check) {
    // CI must never pass on evidence it ignored.
    if (!r.unmatched.empty()) {
      std::cerr << "iamtrim: " << r.unmatched.size() << " evidence file(s) were not used (above): fix or remove them\n";
      return kExitUsage;
    }
    for (const AccountPolicyResult& p : r.policies)
      if (p.rewrite_due())
        std::cerr << "iamtrim: " << printable(p.owner) << " / " << printable(p.name) << ": rewrite due: " << p.removed
                  << " actions removable\n";
    return r.rewrite_due() ? kExitFindings : kExitClean;
  }
  std::cout << account_summary_table(r, {.max_width = a.wide ? 0 : kTableWidth});
  if (a.out.empty()) return kExitClean;
  // A rewrite over its quota is never written whole: without --split nothing
  // is written at all; with it, its parts are written beside where it would be.
  std::size_t too_large = 0;
  for (const AccountPolicyResult& p : r.policies)
    too_large += p.rewrite_due() && over_quota(p.narrowed->result) && (!a.split || p.narrowed->result.parts.empty());
  if (too_large) {
    std::cerr << "iamtrim: " << (report_options.details_dir.empty() ? "nothing was written to " : "no rewritten policy was written to ")
              << a.out << ": " << too_large
              << " rewrite(s) exceed their size quota (above); --split writes their parts for review\n";
    return kExitUsage;
  }
  // Distinct names map to distinct files; on a file system that ignores
  // case, names that differ only in case would still meet: refuse those.
  std::map<std::string, std::vector<const AccountPolicyResult*>> by_file;
  for (const AccountPolicyResult& p : r.policies)
    if (p.rewrite_due()) by_file[to_lower(p.out_path)].push_back(&p);
  // Each file is rendered and written on every core (creating files is most
  // of the time here, and the file system creates them in parallel); what
  // went wrong is said in the order of the files, as one thread would.
  std::vector<const std::vector<const AccountPolicyResult*>*> groups;
  for (const auto& entry : by_file) groups.push_back(&entry.second);
  int failed = 0;
  for_each_ordered(
      groups.size(), available_cores(),
      [&](std::size_t g) {
        const std::vector<const AccountPolicyResult*>& ps = *groups[g];
        std::ostringstream said;
        int not_written = 0;
        if (ps.size() > 1) {
          for (const AccountPolicyResult* p : ps)
            said << "iamtrim: --out: " << printable(p->owner) << " / " << printable(p->name) << ": "
                 << printable(p->out_path) << " differs from another policy's file only in case; not written\n";
          return std::make_pair(said.str(), static_cast<int>(ps.size()));
        }
        const AccountPolicyResult& p = *ps.front();
        const NarrowResult& n = p.narrowed->result;
        // The policy's file, or (over its quota, with --split) its parts.
        std::vector<std::pair<std::string, const Policy*>> files;
        if (!over_quota(n)) files.emplace_back(p.out_path, &n.policy);
        for (std::size_t i = 0; over_quota(n) && i < n.parts.size(); ++i)
          files.emplace_back(part_path(p.out_path, i + 1), &n.parts[i]);
        for (const auto& [relative, policy] : files) {
          std::string error =
              write_out(out, relative, write_policy(*policy, {.pretty = true, .indent = 4}), a.force, inputs);
          if (!error.empty()) {
            said << "iamtrim: --out: " << printable(p.owner) << " / " << printable(p.name) << ": " << printable(error)
                 << "\n";
            ++not_written;
          }
        }
        if (over_quota(n))
          said << "iamtrim: " << printable(p.owner) << " / " << printable(p.name) << ": written as " << n.parts.size()
               << " parts, " << printable((fs::path(a.out) / part_path(p.out_path, 1)).string()) << " ...\n";
        return std::make_pair(said.str(), not_written);
      },
      [&](std::size_t, const std::pair<std::string, int>& done) {
        std::cerr << done.first;
        failed += done.second;
      });
  if (failed) {
    std::cerr << "iamtrim: --out: " << failed << " file(s) not written (above); the others were\n";
    return kExitUsage;
  }
  return kExitClean;
}

int run_narrow_organizations(const Catalog& c, const AccountArgs& a) {
  if (!out_usable(a)) return kExitUsage;
  auto ev = read_evidence_or_report({a.organizations}, {});
  if (!ev) return kExitUsage;
  if (ev->reports.size() != 1 || ev->reports.front().kind != ReportKind::OrganizationsAccess) {
    std::cerr << "iamtrim: " << a.organizations << ": expected one aws iam get-organizations-access-report output\n";
    return kExitUsage;
  }
  InputFiles inputs;
  add_evidence_inputs(inputs, {a.organizations});
  auto settings = narrow_settings(a.config);
  if (!settings) return kExitUsage;
  ScpProposal p = propose_scp(c, ev->reports.front(), settings->rules, settings->input);
  for (const EvidenceError& e : p.errors) std::cerr << format_error(e) << "\n";
  for (const std::string& w : p.warnings) std::cerr << "iamtrim: warning: " << w << "\n";
  if (!p.ok()) return kExitUsage;
  if (!a.report.empty() &&
      !write_report_file(a.report, {[&] { return scp_report_json(p); }, [&] { return scp_report_markdown(p); },
                                    [&] { return scp_report_html(p); }},
                         inputs))
    return kExitUsage;

  std::cerr << "iamtrim: SCP proposal for " << (p.subject.empty() ? "the report's OU or account" : p.subject)
            << " as of " << p.as_of << ": deny " << p.denied.size() << " services, keep " << p.kept.size()
            << "; a proposal for review, iamtrim applies nothing\n";
  for (const ServiceDecision& s : p.kept)
    if (s.decision.reason != DecisionReason::Used)
      std::cerr << "iamtrim: kept " << s.service_namespace << ": " << to_string(s.decision.reason) << ": "
                << s.decision.detail << "\n";
  if (p.scps.size() > 1)
    std::cerr << "iamtrim: the Deny list exceeds the " << p.quota << "-character SCP quota: split into "
              << p.scps.size() << " SCPs (printed as a JSON array); attach all of them\n";
  if (a.check) return p.denied.empty() ? kExitClean : kExitFindings;
  if (p.scps.size() == 1) std::cout << p.scps.front();
  else if (p.scps.size() > 1) {
    std::cout << "[\n";
    for (std::size_t i = 0; i < p.scps.size(); ++i)  // each ends in a line break
      std::cout << p.scps[i].substr(0, p.scps[i].size() - 1) << (i + 1 < p.scps.size() ? ",\n" : "\n");
    std::cout << "]\n";
  }
  const FlushAtEnd flush(a.out);
  OutputFolder out(a.out);
  int failed = 0;
  for (std::size_t i = 0; !a.out.empty() && i < p.scps.size(); ++i) {
    const std::string name = p.scps.size() == 1 ? "scp.json" : "scp-" + std::to_string(i + 1) + ".json";
    if (std::string error = write_out(out, name, p.scps[i], a.force, inputs); !error.empty()) {
      std::cerr << "iamtrim: --out: " << name << ": " << error << "\n";
      ++failed;
    }
  }
  return failed ? kExitUsage : kExitClean;
}

}  // namespace iamtrim::cli
