// iamtrim narrow: rewrite one policy down to what its evidence allows.
// The CLI only wires the stages: sources -> parse -> expand -> evidence ->
// narrow -> output; every decision and check lives in the library.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/atomic_write.hpp"
#include "cli/context.hpp"
#include "cli/narrow_account.hpp"
#include "cli/progress_line.hpp"
#include "cli/narrow_in_place.hpp"
#include "cli/narrow_inputs.hpp"
#include "cli/narrow_output.hpp"
#include "cli/narrow_settings.hpp"
#include "cli/options.hpp"
#include "cli/unified_diff.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/narrow.hpp"
#include "iamtrim/pipeline.hpp"
#include "iamtrim/report_html.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim::cli {
namespace {

struct NarrowArgs {
  std::string policy;
  std::vector<std::string> evidence;
  int window = 0;  // 0: evidence.window_days of .iamtrim.yaml, else 90
  std::string as_of;
  std::string config;
  bool no_config = false;
  bool compress = false, write = false, check = false, diff = false, force = false;
  bool strict = false;  // --strict: remove what low-risk wildcards would keep
  bool split = false;   // --split: write (or print) the parts of a rewrite over its quota
  bool wide = false;    // --wide: account mode's table with names whole
  std::string report;
  std::string principal;
  std::string only;  // --only ADDRESS: one policy of a Terraform/CloudFormation file
  std::string account, organizations, out;  // account-wide modes (narrow_account_command.cpp)
};

void print_diagnostics(const std::string& path, const Diagnostics& ds) {
  for (const Diagnostic& d : ds)
    std::cerr << path << ":" << d.span.begin.line << ":" << d.span.begin.column << ": " << d.code << " " << d.message
              << "\n";
}

// The indentation the file already uses, so --write changes as little as it can.
int indent_of(const std::string& text) {
  std::size_t nl = text.find('\n');
  if (nl == std::string::npos) return 4;
  std::size_t i = nl + 1, n = 0;
  while (i + n < text.size() && text[i + n] == ' ') ++n;
  return n ? static_cast<int>(n) : 4;
}

int run(const Catalog& c, const NarrowArgs& a) {
  auto text = read_input(a.policy);
  if (!text) return kExitUsage;
  const FileSnapshot snapshot = snapshot_file(a.policy, *text);
  InputFiles inputs;
  inputs.add(a.policy);
  add_evidence_inputs(inputs, a.evidence);
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(a.policy, *text));
  SourceResult src = read_source(file);
  print_diagnostics(a.policy, src.diagnostics);
  if (edits_in_place(src))  // Terraform and CloudFormation: edited in place (narrow_in_place.cpp)
    return narrow_in_place(c, {a.policy, a.evidence, a.window, a.as_of, a.principal, a.report, a.only, a.compress,
                               a.write, a.check, a.diff, a.force, snapshot, &inputs,
                               {a.config, a.no_config, a.window, a.as_of, a.strict}, a.split},
                           file, src);
  if (src.policies.size() != 1) {
    std::cerr << "iamtrim: " << a.policy << ": " << (src.policies.empty() ? "no policy found" : "more than one policy; narrow one at a time or use --account") << "\n";
    return kExitUsage;
  }
  const FoundPolicy& found = src.policies.front();
  PolicyResult parsed = parse_policy(found.document, found.pointer);
  print_diagnostics(a.policy, parsed.diagnostics);
  if (!parsed.usable) return kExitUsage;

  auto settings = narrow_settings({a.config, a.no_config, a.window, a.as_of, a.strict});
  if (!settings) return kExitUsage;
  auto ev = read_policy_evidence(a.evidence, ReadOptions{a.principal});
  if (!ev) return kExitUsage;
  // The evidence must be about the policy's principal (docs/narrow.md, "Binding rules").
  auto bound = bind_or_report({&found}, ev->reports, {false, !a.principal.empty()});
  if (!bound) return kExitUsage;
  const PolicyBinding& binding = bound->policies.front();
  if (!binding.bound) {
    std::cerr << "iamtrim: " << a.policy << ": " << (found.owner.empty() ? "the policy" : found.owner) << ": refused: "
              << binding.refusal << "; nothing was written\n";
    return kExitUsage;
  }
  NarrowFileSettings options{&settings->rules, settings->input, settings->low_risk, a.compress};
  const PolicyNarrowing narrowing = narrow_bound(c, a.policy, found, parsed.policy, binding, options);
  for (const EvidenceError& e : narrowing.decided.errors) std::cerr << format_error(e) << "\n";
  for (const std::string& w : narrowing.decided.warnings) std::cerr << "iamtrim: warning: " << w << "\n";
  if (!narrowing.ok()) return kExitUsage;
  print_notes(narrowing.decided.notes);
  const NarrowedPolicy& np = narrowing.narrowed;
  const NarrowResult& r = np.result;
  if (!r.verification.ok) {
    // The rewrite broke its own contract: show why, never the policy.
    std::cerr << "iamtrim: internal error: the rewrite failed verification; nothing was written\n";
    for (const std::string& v : r.verification.violations) std::cerr << "  " << v << "\n";
    return kExitUsage;
  }
  if (!a.report.empty() && !write_report(c, a.report, {np}, narrowing.decided.decisions.as_of, inputs)) return kExitUsage;
  if (r.detach) std::cerr << "iamtrim: " << a.policy << ": the policy grants nothing after narrowing: detach it\n";
  for (const StatementChange& s : r.statements)
    for (const StatementChange::LowRiskKeep& k : s.low_risk)
      std::cerr << "iamtrim: note: " << a.policy << ": kept " << k.item << ": low-risk wildcard, " << k.unused
                << " unused read actions (--strict removes them)\n";
  if (over_quota(r))
    std::cerr << "iamtrim: " << a.policy << ": " << describe_split(c, r, found.kind, found.attachment);

  bool whole_file = found.pointer.empty() && found.format == SourceFormat::Json;
  std::string rewritten = write_policy(r.policy, {.pretty = true, .indent = whole_file ? indent_of(*text) : 4});
  // A policy file keeps its own layout where it can: only the changed
  // items and dropped statements are rewritten (the edit stage, verified by
  // reading the result back); a detached policy is written out whole.
  if (whole_file && r.changed)
    if (FileEdit kept = edit_policy(c, {&found, &r}); kept.ok()) rewritten = std::move(kept.text);
  if (a.check) {
    if (r.changed)
      std::cerr << "iamtrim: " << a.policy << ": rewrite due: " << r.removed.size() << " actions removable\n";
    return r.changed ? kExitFindings : kExitClean;
  }
  if (a.diff) {
    std::cout << unified_diff(whole_file ? *text : write_policy(parsed.policy), rewritten, "a/" + a.policy,
                              "b/" + a.policy);
    return r.changed ? kExitFindings : kExitClean;
  }
  if (a.write) {
    if (!whole_file || a.policy == "-") {
      std::cerr << "iamtrim: --write works on plain JSON policy files only; " << a.policy << " is "
                << to_string(found.format) << "\n";
      return kExitUsage;
    }
    if (!r.changed) return kExitClean;
    if (over_quota(r)) {
      // Never written whole: a policy over its quota is one AWS refuses.
      if (!a.split || r.parts.empty()) {
        std::cerr << "iamtrim: " << a.policy << ": not written: the rewrite exceeds its size quota"
                  << (r.parts.empty() ? "" : "; --split writes its parts for review") << "\n";
        return kExitUsage;
      }
      for (std::size_t i = 0; i < r.parts.size(); ++i) {
        const std::string path = part_path(a.policy, i + 1);
        if (!write_part(path, write_policy(r.parts[i], {.pretty = true, .indent = indent_of(*text)}), inputs))
          return kExitUsage;
        std::cerr << "iamtrim: wrote " << path << "\n";
      }
      std::cerr << "iamtrim: " << a.policy << " is left as it was: review the " << r.parts.size()
                << " parts, create them as policies and attach them all in its place\n";
      return kExitClean;
    }
    if (std::string error = replace_file(a.policy, rewritten, snapshot, a.force); !error.empty()) {
      std::cerr << "iamtrim: " << error << "\n";
      return kExitUsage;
    }
    return kExitClean;
  }
  if (a.split && over_quota(r) && !r.parts.empty()) {
    std::cout << parts_json(r.parts);
    return kExitClean;
  }
  std::cout << rewritten;
  return kExitClean;
}

int run_narrow(Context& ctx, const NarrowArgs& a) {
  if (!a.account.empty() || !a.organizations.empty()) {
    if (!a.account.empty() + !a.organizations.empty() + !a.policy.empty() > 1 || a.write || a.diff)
      throw CLI::ValidationError("narrow", "--account, --organizations and POLICY exclude each other, and --write and --diff apply to POLICY only");
    const Catalog* c = ctx.catalog();
    AccountArgs args{a.account, a.organizations, a.evidence, a.window, a.as_of, a.report, a.out, a.check, a.compress,
                     a.force, {a.config, a.no_config, a.window, a.as_of, a.strict}, a.split,
                     ProgressLine::wanted(ctx.quiet), a.wide};
    return !c ? kExitUsage : a.account.empty() ? run_narrow_organizations(*c, args) : run_narrow_account(*c, args);
  }
  if (a.policy.empty() || a.evidence.empty()) throw CLI::ValidationError("narrow", "POLICY and --evidence are required (or --account, or --organizations)");
  if (a.write + a.check + a.diff > 1) throw CLI::ValidationError("narrow", "--write, --check and --diff exclude each other");
  const Catalog* c = ctx.catalog();
  return c ? run(*c, a) : kExitUsage;
}

}  // namespace

void add_narrow_command(CLI::App& app, Context& ctx) {
  auto [cmd, a] = add_command<NarrowArgs>(app, ctx, "narrow", "Remove from a policy the actions its last-accessed evidence shows unused", run_narrow);
  cmd->add_option("policy", a->policy, "The policy file ('-' for stdin); not with --account/--organizations");
  cmd->add_option("--evidence", a->evidence, "Last-accessed reports (get-service-last-accessed-details output, pages); with --account, directories too");
  cmd->add_option("--window", a->window, "Days an action must be unused to be removed (default: evidence.window_days of .iamtrim.yaml, else 90)")->check(CLI::Range(1, 3650));
  auto* config_opt = cmd->add_option("--config", a->config, "Read this configuration instead of the nearest .iamtrim.yaml");
  cmd->add_flag("--no-config", a->no_config, "Ignore .iamtrim.yaml files")->excludes(config_opt);
  cmd->add_option("--as-of", a->as_of, "Judge the evidence as of this date (YYYY-MM-DD); default: the report's job date");
  cmd->add_option("--principal", a->principal, "ARN the evidence is about, when the reports do not say");
  cmd->add_flag("--compress", a->compress, "Re-compress explicit lists into wildcards that match no removed action");
  cmd->add_flag("--strict", a->strict, "Also remove unused List/Read actions that a wildcard would keep (no low-risk wildcard is kept)");
  cmd->add_flag("--split", a->split, "A rewrite over its size quota: write (or print) its parts, each a policy that fits");
  cmd->add_flag("--write", a->write, "Rewrite the policy file in place (atomic; mode kept; refused when the file changed since it was read)");
  cmd->add_flag("--force", a->force, "With --write: rewrite a read-only file too");
  cmd->add_flag("--check", a->check, "Print nothing; exit 1 when a rewrite is due");
  cmd->add_flag("--diff", a->diff, "Print a unified diff instead of the policy");
  cmd->add_option("--report", a->report, "Write every removal and keep with its reason (FILE.md: Markdown, FILE.html: a page to review, else JSON)");
  cmd->add_option("--only", a->only, "Terraform/CloudFormation: narrow only the policy with this owner or pointer");
  cmd->add_option("--account", a->account, "Narrow every policy of a get-account-authorization-details output (--evidence DIR)");
  cmd->add_option("--organizations", a->organizations, "Propose an SCP from a get-organizations-access-report output");
  cmd->add_option("--out", a->out, "Account modes: write each rewritten policy (or proposed SCP) under DIR");
  cmd->add_flag("--wide", a->wide, "Account mode: print every column of the table and every name whole (default: fit 100 columns)");
}

}  // namespace iamtrim::cli
