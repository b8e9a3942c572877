// iamtrim lint: read every policy in the given files and directories, check
// it, and report in the requested format. Exit codes: 0 clean, 1 findings at
// or above --fail-on, 2 usage or input errors (other files are still linted).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <set>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/atomic_write.hpp"
#include "cli/context.hpp"
#include "cli/lint_files.hpp"
#include "cli/lint_fixes.hpp"
#include "cli/options.hpp"
#include "config/config.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/baseline.hpp"
#include "iamtrim/lint.hpp"
#include "iamtrim/lint_file.hpp"
#include "iamtrim/parallel.hpp"
#include "iamtrim/sources.hpp"
#include "render/render.hpp"

namespace iamtrim::cli {
namespace {

struct LintOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string fail_on;
  std::string policy_kind;
  std::vector<std::string> include, exclude, select, ignore;
  std::string config_file;
  bool no_config = false;
  std::string baseline, write_baseline, output;
  bool fix = false, unsafe_fixes = false, force = false;
  bool report_unused_ignores = false;
  bool verbose = false;
  bool no_gitignore = false, no_default_excludes = false, follow_symlinks = false;
  unsigned jobs = 0;  // 0: every core this process may use
};

// A rule by code or slug: built-in, or a custom rule of the configuration.
const RuleInfo* lookup_rule(const config::Config& cfg, std::string_view code_or_slug, RuleInfo& custom) {
  if (const RuleInfo* r = find_rule(code_or_slug)) return r;
  for (const CustomRule& c : cfg.custom_rules)
    if (iequals(c.code, code_or_slug) || c.slug == code_or_slug) return &(custom = custom_rule_info(c));
  return nullptr;
}

// Every code and slug, for "did you mean".
std::vector<std::string> rule_names(const config::Config& cfg) {
  std::vector<std::string> names;
  for (const RuleInfo& r : lint_rules()) names.push_back(r.code), names.push_back(r.slug);
  for (const CustomRule& c : cfg.custom_rules) names.push_back(c.code), names.push_back(c.slug);
  return names;
}

// Codes from --select/--ignore, comma- or space-separated, by code or slug.
std::optional<std::vector<std::string>> rule_list(const std::vector<std::string>& args, const char* option,
                                                  const config::Config& cfg) {
  std::vector<std::string> out;
  for (const std::string& arg : args) {
    std::size_t start = 0;
    while (start <= arg.size()) {
      std::size_t end = arg.find_first_of(", ", start);
      std::string code = arg.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!code.empty()) {
        RuleInfo custom;
        const RuleInfo* rule = lookup_rule(cfg, code, custom);
        if (!rule) {
          std::cerr << "iamtrim: " << option << ": unknown rule '" << code << "'";
          if (auto near = nearest_names(code, rule_names(cfg), 1); !near.empty())
            std::cerr << " (did you mean " << near.front() << "?)";
          std::cerr << " (see `iamtrim rules`)\n";
          return std::nullopt;
        }
        out.push_back(rule->code);
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return out;
}

// Configuration keys may name a rule by slug; the linter is given codes.
std::string code_of(const config::Config& cfg, const std::string& code_or_slug) {
  RuleInfo custom;
  const RuleInfo* rule = lookup_rule(cfg, code_or_slug, custom);
  return rule ? rule->code : code_or_slug;
}

std::optional<LintConfig> lint_config(const LintOptions& o, const config::Config& cfg, std::optional<PolicyKind> kind) {
  LintConfig lc;
  for (const auto& [code, on] : cfg.rules) lc.enabled[code_of(cfg, code)] = on;
  for (const auto& [code, severity] : cfg.severity) lc.severity[code_of(cfg, code)] = severity;
  auto selected = rule_list(o.select, "--select", cfg);
  auto ignored = rule_list(o.ignore, "--ignore", cfg);
  if (!selected || !ignored) return std::nullopt;
  lc.custom_rules = cfg.custom_rules;
  if (!selected->empty()) {
    for (const RuleInfo& r : lint_rules()) lc.enabled[r.code] = false;
    for (const CustomRule& r : cfg.custom_rules) lc.enabled[r.code] = false;
    for (const std::string& code : *selected) lc.enabled[code] = true;
  }
  // Asking for unused suppressions turns IAM093 on whatever --select says;
  // only --ignore IAM093 (or the configuration) turns it off.
  if (o.report_unused_ignores || cfg.report_unused_ignores) lc.enabled["IAM093"] = true;
  for (const std::string& code : *ignored) lc.enabled[code] = false;
  lc.kind = kind;
  return lc;
}

struct Collected {
  std::vector<Finding> findings;
  std::vector<std::string> fingerprints;
  std::size_t files = 0, policies = 0;
  std::size_t fixed = 0;
  bool input_error = false;
  std::set<std::string> read;  // files linted, as baselines name them
  std::set<const SourceFile*> unverifiable;  // files whose fixes --fix cannot verify (fixes_blocked)

  // Appends one file's results (the files' order is the output's order).
  void merge(Collected&& file) {
    for (Finding& f : file.findings) findings.push_back(std::move(f));
    for (std::string& fp : file.fingerprints) fingerprints.push_back(std::move(fp));
    files += file.files;
    policies += file.policies;
    fixed += file.fixed;
    input_error |= file.input_error;
    read.merge(file.read);
    unverifiable.merge(file.unverifiable);
  }
};

// Lints one file (lint_file.hpp) into `out`, writing its messages to `err`;
// with --fix, writes the fixed file and reports what is left in it. Runs on
// any thread: everything it shares is read only.
void lint_one(const std::string& path, bool named, bool verbose, const Linter& linter, const config::Config& cfg,
              std::optional<PolicyKind> forced, std::optional<FixLevel> fix, bool force, bool report_unused,
              std::ostream& err, Collected& out) {
  std::string rel = glob_path(path, &cfg);
  const config::PathRule* rule = config::path_rule(cfg, rel);
  LintFileSettings settings;
  settings.kind = forced ? forced : rule ? rule->kind : std::nullopt;
  if (rule) settings.ignore_rules = rule->ignore_rules;
  settings.relative_path = rel;
  settings.report_unused_ignores = report_unused;
  if (path != "-") settings.fix = fix;
  settings.streams = named;
  LintedFile r = lint_file(linter, path, settings);
  if (!r.ok()) {
    err << "iamtrim: " << r.error << "\n";
    out.input_error = true;
    return;
  }
  FileFindings* report = &r.found;
  if (r.fix) {
    for (const std::string& s : r.fix->skipped) err << "iamtrim: " << path << ": " << s << "\n";
    if (r.fix->applied) {
      // --fix rewrites the file only if it is still what was read.
      const FileSnapshot snapshot = snapshot_file(path, r.file->text());
      if (std::string why = replace_file(path, r.fix->text, snapshot, force); !why.empty()) {
        err << "iamtrim: " << why << "\n";
        out.input_error = true;
      } else {
        for (const std::string& d : r.fix->applied_descriptions) err << "iamtrim: " << path << ": fixed " << d << "\n";
        out.fixed += r.fix->applied;
        report = &r.fixed;  // what is left, as the file now reads
      }
    }
  }
  if (!report->recognised) {
    // Not a policy: a walk passes over it (listed with --verbose); a file
    // named on the command line, as pre-commit names them, gets one note.
    if (named) err << "iamtrim: " << path << ": no policy in this file (" << report->not_a_policy << "); skipped\n";
    else if (verbose) err << "iamtrim: skipped " << path << ": " << report->not_a_policy << "\n";
    return;
  }
  ++out.files;
  out.read.insert(rel);
  if (!report->fixes_blocked.empty())
    for (const Finding& f : report->findings) out.unverifiable.insert(f.file.get());
  out.policies += report->policies;
  for (std::size_t i = 0; i < report->findings.size(); ++i) {
    out.findings.push_back(std::move(report->findings[i]));
    out.fingerprints.push_back(std::move(report->fingerprints[i]));
  }
}

// Whether a file a directory walk found holds a policy (then no output may replace it).
bool holds_policy(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path, text.str()));
  return !read_source(file).policies.empty();
}

std::vector<baseline::BaselineEntry> baseline_entries(const Collected& c, const config::Config& cfg) {
  std::vector<baseline::BaselineEntry> entries;
  for (std::size_t i = 0; i < c.findings.size(); ++i) {
    const Finding& f = c.findings[i];
    entries.push_back({c.fingerprints[i], f.diagnostic.code, glob_path(f.file->path(), &cfg), f.owner,
                       f.diagnostic.message});
  }
  return entries;
}

// Drops the findings the baseline accepts; notes entries that matched nothing.
std::optional<std::size_t> apply_baseline(const std::string& path, Collected& c, bool quiet) {
  auto s = match_baseline_file(path, c.fingerprints);
  if (!s) return std::nullopt;
  Collected kept;
  for (std::size_t i = 0; i < c.findings.size(); ++i)
    if (!s->accepted[i]) {
      kept.findings.push_back(std::move(c.findings[i]));
      kept.fingerprints.push_back(std::move(c.fingerprints[i]));
    }
  std::size_t suppressed = c.findings.size() - kept.findings.size();
  c.findings = std::move(kept.findings);
  c.fingerprints = std::move(kept.fingerprints);
  // Only about files this run read: pre-commit passes just the staged ones.
  if (!quiet)
    for (std::size_t i = 0; i < s->fixed.size(); ++i)
      if (c.read.count(s->fixed[i].file)) std::cerr << "iamtrim: fixed since the baseline: " << s->gone[i] << "\n";
  return suppressed;
}

int run_lint(Context& ctx, const LintOptions& o) {
  auto cfg = load_configuration(o.config_file, o.no_config);
  if (!cfg) return kExitUsage;
  std::optional<PolicyKind> forced;
  if (!o.policy_kind.empty()) {
    forced = parse_policy_kind(o.policy_kind);
    if (!forced) {
      std::cerr << "iamtrim: --policy-kind: unknown kind '" << o.policy_kind
                << "' (identity, resource, trust, scp, boundary)\n";
      return kExitUsage;
    }
  }
  config::FailOn fail_on{Severity::Suggestion};  // ruff-like: any finding fails unless configured
  if (cfg->fail_on) fail_on = *cfg->fail_on;
  if (!o.fail_on.empty()) fail_on = *config::parse_fail_on(o.fail_on);
  auto lc = lint_config(o, *cfg, forced);
  if (!lc) return kExitUsage;
  if (ctx.catalog_dir.empty() && !cfg->catalog.empty()) ctx.catalog_dir = cfg->catalog.string();
  const Catalog* catalog = ctx.catalog();
  if (!catalog) return kExitUsage;
  if (auto problems = check_custom_rules(*catalog, cfg->custom_rules); !problems.empty()) {
    for (const std::string& p : problems) std::cerr << "iamtrim: " << p << "\n";
    return kExitUsage;
  }
  Linter linter(*catalog, *lc);
  bool report_unused = o.report_unused_ignores || cfg->report_unused_ignores;

  std::vector<std::string> paths = o.paths.empty() ? std::vector<std::string>{"."} : o.paths;
  FileList files = collect_files(paths, FileFilter{o.include, o.exclude, &*cfg, !o.no_gitignore,
                                                   !o.no_default_excludes, o.follow_symlinks});
  // Our own baseline and report files are not policies, even when a walk
  // finds them; but --output and --write-baseline never overwrite a file
  // named as an input, one that holds a policy, the baseline or the
  // configuration (compared by file identity, so links count).
  for (const auto& [option, out] : {std::pair{"--output", o.output}, std::pair{"--write-baseline", o.write_baseline}}) {
    InputFiles protect;
    protect.add(cfg->file.string());
    if (option == std::string("--output")) protect.add(o.baseline);  // --write-baseline may update it
    std::error_code ec;
    for (std::size_t i = 0; !out.empty() && i < files.files.size(); ++i)
      if (std::filesystem::equivalent(files.files[i], out, ec) && (files.named[i] || holds_policy(files.files[i])))
        protect.add(files.files[i]);
    if (std::string why = protect.conflict(out); !why.empty()) {
      std::cerr << "iamtrim: " << option << " " << why << "\n";
      return kExitUsage;
    }
  }
  for (const std::string& own : {o.baseline, o.write_baseline, o.output}) {
    std::error_code ec;
    for (std::size_t i = files.files.size(); !own.empty() && i-- > 0;)
      if (std::filesystem::equivalent(files.files[i], own, ec)) {
        files.files.erase(files.files.begin() + static_cast<std::ptrdiff_t>(i));
        files.named.erase(files.named.begin() + static_cast<std::ptrdiff_t>(i));
      }
  }
  Collected c;
  for (const std::string& problem : files.problems) std::cerr << "iamtrim: " << problem << "\n";
  if (o.verbose)
    for (const WalkSkip& s : files.skipped) std::cerr << "iamtrim: skipped " << s.path << ": " << s.reason << "\n";
  c.input_error = !files.problems.empty();
  std::optional<FixLevel> fix;
  if (o.fix) fix = o.unsafe_fixes ? FixLevel::Unsafe : FixLevel::Safe;
  // Files are linted in parallel and merged in input order, so the output is
  // the same for every --jobs. --fix rewrites files: one at a time, in order.
  struct FileOutcome {
    Collected found;
    std::string messages;
  };
  const unsigned jobs = fix ? 1 : o.jobs ? o.jobs : available_cores();
  for_each_ordered(
      files.files.size(), jobs,
      [&](std::size_t i) {
        FileOutcome r;
        std::ostringstream err;
        lint_one(files.files[i], files.named[i], o.verbose, linter, *cfg, forced, fix, o.force, report_unused, err,
                 r.found);
        r.messages = err.str();
        return r;
      },
      [&](std::size_t, FileOutcome r) {
        std::cerr << r.messages;
        c.merge(std::move(r.found));
      });

  if (!o.write_baseline.empty()) {
    if (!write_output(o.write_baseline, baseline::write_baseline(baseline_entries(c, *cfg)))) return kExitUsage;
    if (!ctx.quiet) std::cerr << "iamtrim: wrote " << c.findings.size() << " findings to " << o.write_baseline << "\n";
    return c.input_error ? kExitUsage : kExitClean;
  }
  render::LintReport report;
  if (!o.baseline.empty()) {
    auto suppressed = apply_baseline(o.baseline, c, ctx.quiet);
    if (!suppressed) return kExitUsage;
    report.suppressed = *suppressed;
  }
  bool failing = std::any_of(c.findings.begin(), c.findings.end(),
                             [&](const Finding& f) { return config::fails(fail_on, f.severity); });
  report.findings = std::move(c.findings);
  report.fingerprints = std::move(c.fingerprints);
  report.catalog_version = std::string(catalog->version());
  report.files = c.files;
  report.policies = c.policies;
  render::RenderOptions ro;
  ro.color = o.format == "text" && o.output.empty() && ctx.color_for(1);
  ro.base_dir = std::filesystem::current_path();
  if (o.format == "sarif") ro.rules = linter.rules();
  std::string text = render::render_report(report, ro, o.format);
  if (o.output.empty()) std::cout << text << std::flush;
  else if (!write_output(o.output, text)) return kExitUsage;
  if (c.policies == 0 && report.findings.empty() && !report.suppressed && !c.input_error) {
    // One line, exit 0: nothing here is a policy (an application repository).
    std::string where;
    for (const std::string& p : paths) where += (where.empty() ? "" : " ") + p;
    if (!ctx.quiet) std::cerr << "no policies found in " << where << "\n";
    return kExitClean;
  }
  // GitHub shows ten annotations per level and step: the summary page gets them all.
  if (o.format == "github") append_step_summary(render::render_markdown(report, ro));
  if (!ctx.quiet) {
    std::cerr << render::render_summary(report);
    if (c.fixed) std::cerr << c.fixed << " fixed\n";
    std::cerr << fixable_summary(report.findings, c.unverifiable);
  }
  if (c.input_error) return kExitUsage;
  return failing ? kExitFindings : kExitClean;
}

}  // namespace

void add_lint_command(CLI::App& app, Context& ctx) {
  auto [cmd, o] = add_command<LintOptions>(app, ctx, "lint", "Check IAM policies in files and directories ('-' reads stdin)", run_lint);
  cmd->add_option("paths", o->paths, "Files or directories to lint (default: the working directory)");
  add_choice(*cmd, "--format", o->format, "Output format",
             {"text", "json", "sarif", "github", "junit", "gitlab", "html"});
  add_severity_fail_on(*cmd, o->fail_on, "Exit 1 when a finding is at least this severe (default: suggestion)");
  cmd->add_option("--policy-kind", o->policy_kind, "Lint every policy as this kind (identity, resource, trust, scp, boundary)");
  cmd->add_option("--include", o->include, "Only read files matching GLOB when walking directories")
      ->allow_extra_args(false);
  cmd->add_option("--exclude", o->exclude, "Skip files and directories matching GLOB")->allow_extra_args(false);
  auto* config_opt = cmd->add_option("--config", o->config_file, "Read this configuration instead of .iamtrim.yaml");
  cmd->add_flag("--no-config", o->no_config, "Ignore .iamtrim.yaml files")->excludes(config_opt);
  cmd->add_option("--baseline", o->baseline, "Suppress the findings recorded in this baseline file");
  cmd->add_option("--write-baseline", o->write_baseline, "Record every current finding in this baseline file");
  cmd->add_option("--select", o->select, "Run only these rules (codes or slugs, comma-separated)")
      ->allow_extra_args(false);
  cmd->add_option("--ignore", o->ignore, "Do not run these rules (codes or slugs, comma-separated)")
      ->allow_extra_args(false);
  cmd->add_option("--output", o->output, "Write the report to FILE instead of standard output");
  cmd->add_flag("--verbose,-v", o->verbose, "List the files and folders a directory walk skips, and why");
  cmd->add_flag("--no-gitignore", o->no_gitignore,
                "Also walk what .gitignore, .git/info/exclude and git's global excludes file leave out");
  cmd->add_flag("--no-default-excludes", o->no_default_excludes,
                "Also walk hidden folders and vendored ones (node_modules, vendor, ...; .git never)");
  cmd->add_flag("--follow-symlinks", o->follow_symlinks, "Enter symlinked folders (each real folder once)");
  auto* fix_flag = cmd->add_flag("--fix", o->fix, "Apply safe fixes in place (they never change what a policy grants), then report what is left");
  cmd->add_flag("--unsafe-fixes", o->unsafe_fixes, "With --fix, also apply fixes that change what a policy grants")
      ->needs(fix_flag);
  cmd->add_flag("--force", o->force, "With --fix, rewrite read-only files too")->needs(fix_flag);
  cmd->add_flag("--report-unused-ignores", o->report_unused_ignores,
                "Report iamtrim:ignore codes that suppress no finding (IAM093)");
  cmd->add_option("--jobs,-j", o->jobs,
                  "Lint files on N threads (default: every core this process may use); the output is the same "
                  "for every N, and --fix always runs on one")
      ->check(CLI::Range(1u, 1024u));
}

}  // namespace iamtrim::cli
