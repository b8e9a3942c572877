// iamtrim diff OLD NEW | --git BASE: the "no new access" gate for a change.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli/context.hpp"
#include "iamtrim/diff.hpp"

namespace iamtrim::cli {
namespace {

struct DiffOptions {
  std::vector<std::string> paths;
  std::string git_base;
  std::string format = "text";
  std::string fail_on = "new-access";
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

void add_pair(const Catalog& c, GateReport& report, const std::optional<LoadedFile>& o,
              const std::optional<LoadedFile>& n) {
  if (!o && !n) return;
  for (PolicyDiff& d : compare_files(c, o ? &*o : nullptr, n ? &*n : nullptr))
    report.policies.push_back(std::move(d));
}

bool diff_paths(const Catalog& c, const DiffOptions& o, GateReport& report) {
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
    add_pair(c, report, old_file, new_file);
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
    add_pair(c, report, old_file, new_file);
  }
  // Two folders without a policy (an application repository): said on one
  // line beside the report, not an error.
  if (!failed && report.policies.empty()) std::cerr << "no policies found in " << a << " " << b << "\n";
  return !failed;
}

bool diff_git(const Catalog& c, const DiffOptions& o, GateReport& report) {
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
    add_pair(c, report, old_file, new_file);
  }
  return !failed;
}

}  // namespace

void add_diff_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<DiffOptions>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Report what a new version of a policy grants that the old one did not (the no-new-access gate)");
  cmd->add_option("paths", o->paths, "OLD NEW (files or directories); with --git, paths to limit the check to");
  cmd->add_option("--git", o->git_base, "Compare every changed policy file in the working tree with revision BASE");
  cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json", "markdown", "sarif"}));
  cmd->add_option("--fail-on", o->fail_on, "Exit 1 on: new-access (default), any change, or never")
      ->check(CLI::IsMember({"new-access", "any", "never"}));
  cmd->callback([o, &ctx] {
    if (o->git_base.empty() && o->paths.size() != 2)
      throw CLI::ValidationError("diff", "give OLD and NEW, or --git BASE");
    const Catalog* c = ctx.catalog();
    if (!c) {
      ctx.exit_code = kExitUsage;
      return;
    }
    GateReport report;
    report.command = "diff";
    bool ok = o->git_base.empty() ? diff_paths(*c, *o, report) : diff_git(*c, *o, report);
    if (!ok) {
      ctx.exit_code = kExitUsage;
      return;
    }
    std::cout << *render(*c, report, o->format);
    bool any = false;
    for (const PolicyDiff& p : report.policies) any = any || !p.changes.empty();
    bool fail = o->fail_on == "any" ? any : o->fail_on == "new-access" && report.new_access();
    ctx.exit_code = fail ? kExitFindings : kExitClean;
  });
}

}  // namespace iamtrim::cli
