// iamtrim paths --account DETAILS: who can reach admin (or a principal, or
// an action) and how. Exit codes as for lint: 0 none at or above --fail-on,
// 1 some, 2 usage or input errors.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "cli/paths_inputs.hpp"
#include "iamtrim/lint.hpp"
#include "iamtrim/baseline.hpp"

namespace iamtrim::cli {
namespace {

struct PathsArgs {
  std::string account;
  std::vector<std::string> scps;
  std::string from, to = "admin";
  std::string format = "text";
  std::string fail_on;
  std::string baseline, write_baseline, output;
  std::string config_file;
  bool no_config = false;
};

std::optional<std::shared_ptr<const SourceFile>> read_file(const std::string& path) {
  auto text = read_input(path);
  if (!text) return std::nullopt;
  return std::make_shared<const SourceFile>(SourceFile::from_string(path, std::move(*text)));
}

std::vector<baseline::BaselineEntry> baseline_entries(const PathsResult& r) {
  std::vector<baseline::BaselineEntry> out;
  for (const EscalationPath& p : r.paths)
    out.push_back({p.fingerprint, p.conditional ? "conditional-escalation-path" : "escalation-path", r.details_path,
                   r.nodes[p.source].id, describe_path(r, p)});
  return out;
}

// Drops the paths the baseline accepts; returns how many, nullopt on a bad file.
std::optional<std::size_t> apply_baseline(const std::string& path, PathsResult& r, bool quiet) {
  std::vector<std::string> fps;
  for (const EscalationPath& p : r.paths) fps.push_back(p.fingerprint);
  auto m = match_baseline_file(path, fps);
  if (!m) return std::nullopt;
  std::vector<EscalationPath> kept;
  for (std::size_t i = 0; i < r.paths.size(); ++i)
    if (!m->accepted[i]) kept.push_back(std::move(r.paths[i]));
  std::size_t accepted = r.paths.size() - kept.size();
  r.paths = std::move(kept);
  if (!quiet)
    for (const std::string& gone : m->gone) std::cerr << "iamtrim: gone since the baseline: " << gone << "\n";
  return accepted;
}

int run_paths(Context& ctx, const PathsArgs& a) {
  auto inputs = read_paths_inputs(a.account, a.scps, a.config_file, a.no_config);
  if (!inputs) return kExitUsage;
  config::FailOn fail_on{Severity::Suggestion};  // as lint: any path fails unless configured
  if (inputs->fail_on) fail_on = *inputs->fail_on;
  if (!a.fail_on.empty()) fail_on = *config::parse_fail_on(a.fail_on);
  const Catalog* catalog = ctx.catalog();
  if (!catalog) return kExitUsage;
  std::string error;
  auto target = parse_target(a.to, inputs->config.admin, &error);
  if (!target) {
    std::cerr << "iamtrim: " << error << "\n";
    return kExitUsage;
  }
  PathsOptions options;
  options.target = *target;
  if (!a.from.empty()) options.from = a.from;
  options.scps = inputs->scps;
  PathsResult r = find_paths(*catalog, *inputs->account, options);
  if (!r.ok()) {
    for (const EvidenceError& e : r.errors)
      std::cerr << (e.file.empty() ? "iamtrim: " + e.message : format_error(e)) << "\n";
    return kExitUsage;
  }
  if (!a.write_baseline.empty()) {
    if (!write_output(a.write_baseline, baseline::write_baseline(baseline_entries(r)))) return kExitUsage;
    if (!ctx.quiet) std::cerr << "iamtrim: wrote " << r.paths.size() << " paths to " << a.write_baseline << "\n";
    return kExitClean;
  }
  std::size_t suppressed = 0;
  if (!a.baseline.empty()) {
    auto s = apply_baseline(a.baseline, r, ctx.quiet);
    if (!s) return kExitUsage;
    suppressed = *s;
  }
  std::string text = *render_paths(r, a.format);
  if (a.output.empty()) std::cout << text << std::flush;
  else if (!write_output(a.output, text)) return kExitUsage;
  if (a.format != "text" || !a.output.empty()) {
    for (const std::string& w : r.warnings) std::cerr << "iamtrim: warning: " << w << "\n";
  }
  // The summary (a text report on standard output ends with it already).
  if ((a.format != "text" || !a.output.empty()) && !ctx.quiet) {
    std::size_t conditional = std::count_if(r.paths.begin(), r.paths.end(), [](const auto& p) { return p.conditional; });
    std::cerr << r.paths.size() << (r.paths.size() == 1 ? " principal reaches " : " principals reach ")
              << r.target.label();
    if (conditional) std::cerr << " (" << conditional << " conditionally)";
    std::cerr << "\n";
  }
  if (suppressed && !ctx.quiet) std::cerr << suppressed << " accepted in the baseline\n";
  bool failing = std::any_of(r.paths.begin(), r.paths.end(),
                             [&](const EscalationPath& p) { return config::fails(fail_on, p.severity()); });
  return failing ? kExitFindings : kExitClean;
}

}  // namespace

std::optional<PathsInputs> read_paths_inputs(const std::string& account, const std::vector<std::string>& scps,
                                             const std::string& config_file, bool no_config) {
  PathsInputs in;
  if (!no_config) {
    std::optional<std::filesystem::path> file;
    if (!config_file.empty()) file = config_file;
    else file = config::find_config(std::filesystem::current_path());
    if (file) {
      auto text = read_input(file->string());
      if (!text) return std::nullopt;
      config::ConfigError cerr;
      auto cfg = config::parse_config(*text, *file, [](std::string_view c) { return find_rule(c) != nullptr; }, &cerr);
      if (!cfg) {
        std::cerr << "iamtrim: " << cerr.message << "\n";
        return std::nullopt;
      }
      in.fail_on = cfg->fail_on;
      std::string error;
      auto pc = parse_paths_config(*text, file->generic_string(), &error);
      if (!pc) {
        std::cerr << "iamtrim: " << error << "\n";
        return std::nullopt;
      }
      in.config = std::move(*pc);
      in.config_dir = file->parent_path().string();
    }
  }
  auto details = read_file(account);
  if (!details) return std::nullopt;
  AccountResult a = read_account(*details);
  for (const EvidenceError& e : a.errors) std::cerr << format_error(e) << "\n";
  if (!a.ok()) return std::nullopt;
  in.account = std::move(a.account);
  for (const std::string& s : scps) {
    auto f = read_file(s);
    if (!f) return std::nullopt;
    in.scps.push_back(*f);
  }
  return in;
}

void add_paths_command(CLI::App& app, Context& ctx) {
  auto [cmd, a] = add_command<PathsArgs>(app, ctx, "paths", "Who can reach admin (or a principal, or an action) through other principals of an account", run_paths);
  cmd->add_option("--account", a->account, "aws iam get-account-authorization-details output ('-' reads stdin)")
      ->required();
  cmd->add_option("--scp", a->scps, "Service control policies that apply to the account (one file each)")
      ->allow_extra_args(false);
  cmd->add_option("--from", a->from, "Only paths from this principal (user/NAME, role/NAME, group/NAME, an ARN)");
  cmd->add_option("--to", a->to,
                  "admin (default; see escalation.admin in .iamtrim.yaml), a principal, or ACTION[@RESOURCE]");
  add_choice(*cmd, "--format", a->format, "Output format", {"text", "json", "sarif", "dot", "mermaid"});
  add_severity_fail_on(*cmd, a->fail_on,
                       "Exit 1 when a path is at least this severe: security (unconditional paths), warning "
                       "(conditional ones too; the default, as suggestion), or none");
  cmd->add_option("--baseline", a->baseline, "Accept the paths recorded in this baseline file");
  cmd->add_option("--write-baseline", a->write_baseline, "Record every current path in this baseline file");
  cmd->add_option("--output", a->output, "Write the report to FILE instead of standard output");
  auto* config_opt = cmd->add_option("--config", a->config_file, "Read this configuration instead of .iamtrim.yaml");
  cmd->add_flag("--no-config", a->no_config, "Ignore .iamtrim.yaml files")->excludes(config_opt);
}

}  // namespace iamtrim::cli
