// narrow for Terraform and CloudFormation files: the pipeline (pipeline.hpp)
// selects, binds, narrows, edits and verifies; this file only reads the
// options, words the messages and writes the result.
#include "cli/narrow_in_place.hpp"

#include <cctype>
#include <iostream>

#include "cli/atomic_write.hpp"
#include "cli/context.hpp"
#include "cli/narrow_inputs.hpp"
#include "cli/narrow_output.hpp"
#include "cli/unified_diff.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/narrow.hpp"
#include "iamtrim/pipeline.hpp"

namespace iamtrim::cli {
namespace {

// Where --split writes the parts of one policy of the file: beside it, named
// after the file and the policy's owner ("main.tf.aws_iam_policy.app.part1.json").
std::string parts_base(const std::string& path, const FoundPolicy& p) {
  std::string owner = p.owner.empty() ? p.pointer : p.owner;
  for (char& ch : owner)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '-' && ch != '_') ch = '_';
  return path + "." + owner + ".json";
}

// What the pipeline says about one narrowed policy, as narrow has always
// worded it; false when the run stops at it.
bool print_narrowed(const Catalog& c, const std::string& path, const FilePolicy& fp) {
  const FoundPolicy& p = *fp.found;
  const DecideResult& decided = fp.narrowing.decided;
  for (const EvidenceError& e : decided.errors) std::cerr << format_error(e) << "\n";
  for (const std::string& w : decided.warnings) std::cerr << "iamtrim: warning: " << w << "\n";
  if (fp.step == FilePolicy::Step::DecideFailed) return false;
  const NarrowResult& r = fp.narrowing.narrowed.result;
  if (!r.verification.ok) {
    std::cerr << "iamtrim: internal error: " << path << ": " << policy_label(p)
              << ": the rewrite failed verification; nothing was written\n";
    for (const std::string& v : r.verification.violations) std::cerr << "  " << v << "\n";
    return false;
  }
  for (const StatementChange& s : r.statements)
    for (const StatementChange::LowRiskKeep& k : s.low_risk)
      std::cerr << "iamtrim: note: " << path << ": " << policy_label(p) << ": kept " << k.item
                << ": low-risk wildcard, " << k.unused << " unused read actions (--strict removes them)\n";
  if (!r.changed) return true;
  if (over_quota(r)) std::cerr << "iamtrim: " << path << ": " << policy_label(p) << ": " << describe_split(c, r, p.kind, p.attachment);
  switch (fp.edit) {
    case FilePolicy::Edit::Detach:
      std::cerr << "iamtrim: " << path << ": " << policy_label(p) << ": grants nothing after narrowing: detach it; not edited\n";
      break;
    case FilePolicy::Edit::NotEditable:
      std::cerr << "iamtrim: note: " << path << ": " << policy_label(p) << ": " << to_string(p.format)
                << " cannot be edited in place; left as it is\n";
      break;
    case FilePolicy::Edit::PlanFailed:
      std::cerr << "iamtrim: " << path << ": " << policy_label(p) << ": cannot edit in place: " << fp.plan_error << "\n";
      break;
    default:
      break;
  }
  return true;
}

}  // namespace

int narrow_in_place(const Catalog& c, const InPlaceArgs& a, const std::shared_ptr<const SourceFile>& file,
                    const SourceResult& source) {
  const std::string& path = a.path;
  if (a.write && path == "-") {
    std::cerr << "iamtrim: --write needs a file, not stdin\n";
    return kExitUsage;
  }
  if (a.split && !a.write && !a.check && !a.diff) {
    std::cerr << "iamtrim: --split with a Terraform or CloudFormation file needs --write: the parts are written "
                 "as policy files beside it\n";
    return kExitUsage;
  }
  auto settings = narrow_settings(a.config);
  if (!settings) return kExitUsage;
  auto read = read_policy_evidence(a.evidence, ReadOptions{a.principal});
  if (!read) return kExitUsage;

  NarrowFileSettings options{&settings->rules, settings->input, settings->low_risk, a.compress, a.only,
                             !a.principal.empty(), a.write};
  const NarrowFileResult run = narrow_file(c, file, source, read->reports, options);
  for (const FilePolicy& fp : run.policies)
    if (fp.step == FilePolicy::Step::WrongKind)
      std::cerr << "iamtrim: note: " << path << ": " << policy_label(*fp.found) << ": " << to_string(fp.found->kind)
                << (fp.found->kind == PolicyKind::Unknown ? " kind; name it with --only to narrow it\n"
                                                          : " policy; only identity policies are narrowed\n");
    else if (fp.step == FilePolicy::Step::NotAPolicy)
      std::cerr << "iamtrim: note: " << path << ": " << policy_label(*fp.found) << ": not a policy document; skipped\n";
  if (run.stage == NarrowStage::NoMatch) {
    std::cerr << "iamtrim: " << path << ": no policy has the owner, principal or pointer " << a.only << "\n";
    return kExitUsage;
  }
  // The evidence's own contradictions, and (when every policy is bound)
  // the reports that judge none of them (bind_or_report's wording).
  for (const EvidenceError& e : run.binding.errors) std::cerr << format_error(e) << "\n";
  if (run.stage == NarrowStage::BindFailed) return kExitUsage;
  if (run.stage != NarrowStage::Refused)
    for (const std::string& u : run.binding.unused) std::cerr << "iamtrim: warning: " << u << "\n";
  if (run.stage == NarrowStage::Refused) {
    for (const FilePolicy& fp : run.policies)
      if (fp.step == FilePolicy::Step::Refused)
        std::cerr << "iamtrim: " << path << ": " << policy_label(*fp.found) << ": refused: " << fp.refusal << "\n";
    if (!run.binding.suggestion.empty())
      std::cerr << "iamtrim: " << path << ": to narrow only the policies of the principal the evidence is about, add --only "
                << run.binding.suggestion << "\n";
    std::cerr << "iamtrim: " << path << ": nothing was written\n";
    return kExitUsage;
  }

  std::vector<NarrowedPolicy> narrowed;
  std::vector<std::string> notes;
  std::vector<std::pair<std::string, const std::vector<Policy>*>> split_parts;  // base path, parts
  for (const FilePolicy& fp : run.policies) {
    if (fp.step != FilePolicy::Step::Narrowed && fp.step != FilePolicy::Step::DecideFailed) continue;
    if (!print_narrowed(c, path, fp)) return kExitUsage;
    const std::vector<std::string>& n = fp.narrowing.decided.notes;
    notes.insert(notes.end(), n.begin(), n.end());
    narrowed.push_back(fp.narrowing.narrowed);
    if (fp.edit == FilePolicy::Edit::OverQuotaKept && a.split && !fp.narrowing.narrowed.result.parts.empty())
      split_parts.emplace_back(parts_base(path, *fp.found), &fp.narrowing.narrowed.result.parts);
  }
  print_notes(notes);
  if (run.plan_failed()) {
    std::cerr << "iamtrim: " << path << ": nothing was written\n";
    return kExitUsage;
  }
  if (std::size_t too_large = run.over_quota_kept() - split_parts.size()) {
    std::cerr << "iamtrim: " << path << ": nothing was written: " << too_large
              << " rewrite(s) exceed their size quota; --split writes their parts for review\n";
    return kExitUsage;
  }
  if (!run.edit.ok()) {
    std::cerr << "iamtrim: " << path << ": the in-place edit failed verification; nothing was written\n";
    for (const std::string& v : run.edit.problems) std::cerr << "  " << v << "\n";
    return kExitUsage;
  }
  if (!a.report.empty() && !write_report(c, a.report, narrowed, run.as_of, *a.inputs)) return kExitUsage;
  const std::string& before = file->text();
  const std::string& after = run.edit.text;
  if (a.check) {
    if (run.due) std::cerr << "iamtrim: " << path << ": rewrite due\n";
    return run.due ? kExitFindings : kExitClean;
  }
  if (a.diff) {
    std::cout << unified_diff(before, after, "a/" + path, "b/" + path);
    return after != before ? kExitFindings : kExitClean;
  }
  if (a.write) {
    for (const auto& [base, parts] : split_parts)
      for (std::size_t i = 0; i < parts->size(); ++i) {
        const std::string part = part_path(base, i + 1);
        if (!write_part(part, write_policy((*parts)[i], {.pretty = true, .indent = 4}), *a.inputs)) return kExitUsage;
        std::cerr << "iamtrim: wrote " << part << " (its policy in " << path << " is left as written)\n";
      }
    if (after == before) return kExitClean;  // not even touched
    if (std::string error = replace_file(path, after, a.snapshot, a.force); !error.empty()) {
      std::cerr << "iamtrim: " << error << "\n";
      return kExitUsage;
    }
    return kExitClean;
  }
  std::cout << after;
  return kExitClean;
}

}  // namespace iamtrim::cli
