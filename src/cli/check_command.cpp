// iamtrim check --not-granted ACTIONS [--resources ARNS] FILE...: fails when
// a policy can grant any of the listed actions.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/diff.hpp"

namespace iamtrim::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::vector<std::string> actions;
  std::vector<std::string> resources;
  std::string format = "text";
};

// arn:partition:service:region:account:resource, as Access Analyzer requires.
bool looks_like_arn(const std::string& s) {
  if (s.rfind("arn:", 0) != 0) return false;
  return std::count(s.begin(), s.end(), ':') >= 5;
}

std::optional<NotGrantedQuery> make_query(const Catalog& c, const CheckOptions& o) {
  NotGrantedQuery q;
  q.actions = ActionSet(c.action_count());
  bool ok = true;
  for (const std::string& a : o.actions) {
    PatternMatch m = expand_pattern(c, a);
    if (m.status != MatchStatus::Matched) {
      std::cerr << "iamtrim: --not-granted " << a << ": " << to_string(m.status) << " in catalog " << c.version();
      if (!m.suggestions.empty()) std::cerr << " (did you mean " << m.suggestions.front() << "?)";
      std::cerr << "\n";
      ok = false;
      continue;
    }
    q.actions |= m.actions;
    q.patterns.push_back(to_lower(a));
  }
  for (const std::string& r : o.resources) {
    if (!looks_like_arn(r)) {
      std::cerr << "iamtrim: --resources " << r << ": invalid ARN (expected arn:partition:service:region:account:resource)\n";
      ok = false;
    }
    q.resources.push_back(r);
  }
  if (!ok) return std::nullopt;
  return q;
}

bool check_file(const Catalog& c, const std::string& path, bool walking, const NotGrantedQuery& q,
                GateReport& report) {
  auto text = read_input(path);
  if (!text) return false;
  LoadedFile f = load_policies(std::make_shared<const SourceFile>(SourceFile::from_string(path, std::move(*text))));
  if (walking && skip_when_walking(f)) return true;
  if (!f.errors.empty() || f.policies.empty()) {
    for (const GateInputError& e : f.errors) std::cerr << "iamtrim: " << format_error(e) << "\n";
    if (f.errors.empty()) std::cerr << "iamtrim: " << path << ": no policy found\n";
    return false;
  }
  for (const GatePolicy& p : f.policies) {
    PolicyDiff d;
    d.new_path = p.path;
    d.key = p.key;
    d.changes = check_not_granted(c, p, q);
    report.policies.push_back(std::move(d));
  }
  return true;
}

int run_check(Context& ctx, const CheckOptions& o) {
  const Catalog* c = ctx.catalog();
  if (!c) return kExitUsage;
  auto q = make_query(*c, o);
  if (!q) return kExitUsage;
  GateReport report;
  report.command = "check";
  bool ok = true, walked = false;
  for (const std::string& path : o.files) {
    std::error_code ec;
    if (path != "-" && !std::filesystem::exists(path, ec)) {
      std::cerr << "iamtrim: " << path << ": no such file or directory\n";
      ok = false;
    } else if (path != "-" && std::filesystem::is_directory(path, ec)) {
      walked = true;
      for (const std::string& rel : policy_files_under(path))
        ok = check_file(*c, (std::filesystem::path(path) / rel).generic_string(), true, *q, report) && ok;
    } else {
      ok = check_file(*c, path, false, *q, report) && ok;
    }
  }
  if (!ok) return kExitUsage;
  if (walked && report.policies.empty()) {  // folders without a policy: one line, not an error
    std::string where;
    for (const std::string& path : o.files) where += (where.empty() ? "" : " ") + path;
    std::cerr << "no policies found in " << where << "\n";
  }
  print_gate_report(ctx, *c, report, o.format);
  return report.new_access() ? kExitFindings : kExitClean;
}

}  // namespace

void add_check_command(CLI::App& app, Context& ctx) {
  auto [cmd, o] = add_command<CheckOptions>(app, ctx, "check", "Fail when a policy can grant any of the listed actions", run_check);
  cmd->add_option("files", o->files, "Policy files or directories ('-' for stdin)")->required();
  cmd->add_option("--not-granted", o->actions, "Actions that must not be granted, e.g. iam:PassRole,iam:Create*")
      ->required()
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->delimiter(',');
  cmd->add_option("--resources", o->resources, "Only on these resource ARNs (comma-separated)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->delimiter(',');
  add_gate_format(*cmd, o->format);
}

}  // namespace iamtrim::cli
