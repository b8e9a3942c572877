// iamtrim diff OLD NEW | --git BASE: the "no new access" gate for a change.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "cli/paths_inputs.hpp"
#include "iamtrim/diff.hpp"
#include "iamtrim/paths.hpp"

namespace iamtrim::cli {
namespace {

struct DiffOptions {
  std::vector<std::string> paths;
  std::string git_base;
  std::string format = "text";
  std::string fail_on = "new-access";
  std::string account;  // --account: also report the escalation paths the change creates
  std::vector<std::string> scps;
  std::string to = "admin";
  std::vector<ChangedPolicyFile> changed;  // filled while comparing, for --account
};

std::shared_ptr<const SourceFile> make_file(const std::string& path, std::string text) {
  return std::make_shared<const SourceFile>(SourceFile::from_string(path, std::move(text)));
}

// Reads one side; nullopt after printing why. `walking`: a file met in a
// directory or a change list, skipped when it is not a policy at all.
std::optional<LoadedFile> load(const std::string& path, std::optional<std::string> text, bool walking,
                               bool& failed) {
  if (!text) {
    text = read_input(path);
    if (!text) {
      failed = true;
      return std::nullopt;
    }
  }
  LoadedFile f = load_policies(make_file(path, std::move(*text)));
  if (walking && skip_when_walking(f)) return std::nullopt;
  if (!f.errors.empty() || f.policies.empty()) {
    for (const GateInputError& e : f.errors) std::cerr << "iamtrim: " << format_error(e) << "\n";
    if (f.errors.empty()) std::cerr << "iamtrim: " << path << ": no policy found\n";
    failed = true;
    return std::nullopt;
  }
  return f;
}

// The file a side was read from (its policies keep it).
std::shared_ptr<const SourceFile> file_of(const std::optional<LoadedFile>& f) {
  return f && !f->policies.empty() ? f->policies.front().file : nullptr;
}

void add_pair(const Catalog& c, GateReport& report, const std::optional<LoadedFile>& o,
              const std::optional<LoadedFile>& n, std::vector<ChangedPolicyFile>* changed = nullptr) {
  if (!o && !n) return;
  if (changed) {
    auto before = file_of(o), after = file_of(n);
    changed->push_back({after ? after->path() : before->path(), before, after});
  }
  for (PolicyDiff& d : compare_files(c, o ? &*o : nullptr, n ? &*n : nullptr))
    report.policies.push_back(std::move(d));
}

bool diff_paths(const Catalog& c, DiffOptions& o, GateReport& report) {
  namespace fs = std::filesystem;
  const std::string& a = o.paths[0];
  const std::string& b = o.paths[1];
  std::error_code ec;
  bool failed = false;
  for (const std::string& p : o.paths)
    if (p != "-" && !fs::exists(p, ec)) {
      std::cerr << "iamtrim: " << p << ": no such file or directory\n";
      failed = true;
    }
  if (failed) return false;
  bool dir_a = fs::is_directory(a, ec), dir_b = fs::is_directory(b, ec);
  if (dir_a != dir_b) {
    std::cerr << "iamtrim: compare a file with a file or a directory with a directory\n";
    return false;
  }
  if (!dir_a) {
    auto old_file = load(a, std::nullopt, false, failed);
    auto new_file = load(b, std::nullopt, false, failed);
    if (failed) return false;
    add_pair(c, report, old_file, new_file, &o.changed);
    return true;
  }
  // Directories pair their files by relative path.
  std::map<std::string, int> sides;
  for (const std::string& rel : policy_files_under(a)) sides[rel] |= 1;
  for (const std::string& rel : policy_files_under(b)) sides[rel] |= 2;
  for (const auto& [rel, in] : sides) {
    std::optional<LoadedFile> old_file, new_file;
    if (in & 1) old_file = load((fs::path(a) / rel).generic_string(), std::nullopt, true, failed);
    if (in & 2) new_file = load((fs::path(b) / rel).generic_string(), std::nullopt, true, failed);
    add_pair(c, report, old_file, new_file, &o.changed);
  }
  // Two folders without a policy (an application repository): said on one
  // line beside the report, not an error.
  if (!failed && report.policies.empty()) std::cerr << "no policies found in " << a << " " << b << "\n";
  return !failed;
}

bool diff_git(const Catalog& c, DiffOptions& o, GateReport& report) {
  GitChanges changes = git_changed_files(o.git_base);
  if (!changes.error.empty()) {
    std::cerr << "iamtrim: " << changes.error << "\n";
    return false;
  }
  bool failed = false;
  for (ChangedFile& f : changes.files) {
    if (!o.paths.empty()) {
      bool wanted = false;
      for (const std::string& p : o.paths) {
        std::string prefix = p.back() == '/' ? p : p + "/";
        if (f.path == p || f.path.rfind(prefix, 0) == 0) wanted = true;
      }
      if (!wanted) continue;
    }
    std::string ext = std::filesystem::path(f.path).extension().string();
    if (ext != ".json" && ext != ".tf" && ext != ".yaml" && ext != ".yml" && ext != ".template") continue;
    std::optional<LoadedFile> old_file, new_file;
    if (f.base_text) old_file = load(o.git_base + ":" + f.path, std::move(f.base_text), true, failed);
    std::error_code ec;
    if (std::filesystem::exists(f.path, ec)) new_file = load(f.path, std::nullopt, true, failed);
    add_pair(c, report, old_file, new_file, &o.changed);
  }
  return !failed;
}

// --account: the escalation paths the change creates in the account. Prints
// the report after the gate's and returns whether there are new paths, or
// nullopt on input errors.
std::optional<bool> escalation(const Catalog& c, const DiffOptions& o, const GateReport& report) {
  auto inputs = read_paths_inputs(o.account, o.scps, "", false);
  if (!inputs) return std::nullopt;
  std::string error;
  auto target = parse_target(o.to, inputs->config.admin, &error);
  if (!target) {
    std::cerr << "iamtrim: " << error << "\n";
    return std::nullopt;
  }
  PathsOptions options;
  options.target = *target;
  options.scps = inputs->scps;
  PathChanges changes = compare_paths(c, *inputs->account, o.changed, inputs->config, inputs->config_dir, options);
  for (const MappedPolicy& m : changes.unmapped)
    std::cerr << "iamtrim: warning: " << m.file << (m.name.empty() ? "" : " (" + m.name + ")")
              << ": not mapped to the account: " << m.reason << "\n";
  if (!changes.ok()) {
    for (const auto* errors : {&changes.errors, &changes.before.errors, &changes.after.errors})
      for (const EvidenceError& e : *errors) std::cerr << (e.file.empty() ? "iamtrim: " + e.message : format_error(e)) << "\n";
    return std::nullopt;
  }
  const std::string gate = *render(c, report, o.format == "markdown" ? "markdown" : o.format);
  const std::string paths = *render_path_changes(changes, o.format == "markdown" ? "markdown" : o.format);
  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["gate"] = nlohmann::ordered_json::parse(gate);
    j["escalation"] = nlohmann::ordered_json::parse(paths);
    std::cout << j.dump(2) << "\n";
  } else if (o.format == "sarif") {
    // One log, two runs: the gate's changes and the escalation paths.
    auto log = nlohmann::ordered_json::parse(gate);
    log["runs"].push_back(nlohmann::ordered_json::parse(paths)["runs"][0]);
    std::cout << log.dump(2) << "\n";
  } else {
    std::cout << gate << "\n" << paths;
  }
  return !changes.new_paths.empty();
}

int run_diff(Context& ctx, DiffOptions& o) {
  if (o.git_base.empty() && o.paths.size() != 2)
    throw CLI::ValidationError("diff", "give OLD and NEW, or --git BASE");
  // The escalation report has no annotation, JUnit or Code Quality form yet.
  if (!o.account.empty() && o.format != "text" && o.format != "json" && o.format != "markdown" &&
      o.format != "sarif")
    throw CLI::ValidationError("--account", "--format " + o.format + " is not available with --account; use text, json, markdown or sarif");
  const Catalog* c = ctx.catalog();
  if (!c) return kExitUsage;
  GateReport report;
  report.command = "diff";
  bool ok = o.git_base.empty() ? diff_paths(*c, o, report) : diff_git(*c, o, report);
  if (!ok) return kExitUsage;
  bool new_paths = false;
  if (o.account.empty()) {
    print_gate_report(ctx, *c, report, o.format);
  } else {
    auto paths = escalation(*c, o, report);
    if (!paths) return kExitUsage;
    new_paths = *paths;
  }
  bool any = new_paths;
  for (const PolicyDiff& p : report.policies) any = any || !p.changes.empty();
  bool fail = o.fail_on == "any" ? any : o.fail_on == "new-access" && (report.new_access() || new_paths);
  return fail ? kExitFindings : kExitClean;
}

}  // namespace

void add_diff_command(CLI::App& app, Context& ctx) {
  auto [cmd, o] = add_command<DiffOptions>(app, ctx, "diff", "Report what a new version of a policy grants that the old one did not (the no-new-access gate)", run_diff);
  cmd->add_option("paths", o->paths, "OLD NEW (files or directories); with --git, paths to limit the check to");
  cmd->add_option("--git", o->git_base, "Compare every changed policy file in the working tree with revision BASE");
  add_gate_format(*cmd, o->format);
  add_choice(*cmd, "--fail-on", o->fail_on, "Exit 1 on: new-access (default), any change, or never",
             {"new-access", "any", "never"});
  auto* account = cmd->add_option(
      "--account", o->account,
      "Also report the escalation paths the change creates in this account (get-account-authorization-details "
      "output; see `iamtrim paths`)");
  cmd->add_option("--scp", o->scps, "With --account: SCPs that apply to the account")
      ->allow_extra_args(false)
      ->needs(account);
  cmd->add_option("--to", o->to, "With --account: the target (admin, a principal, ACTION[@RESOURCE])")->needs(account);
}

}  // namespace iamtrim::cli
