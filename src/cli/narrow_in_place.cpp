// narrow for Terraform and CloudFormation files: sources -> parse -> evidence
// -> narrow -> edit -> verify -> output. Every decision and check lives in
// the library; this file only wires the stages and words the messages.
#include "cli/narrow_in_place.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>

#include "cli/atomic_write.hpp"
#include "cli/context.hpp"
#include "cli/narrow_inputs.hpp"
#include "cli/narrow_output.hpp"
#include "cli/unified_diff.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/edit.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/narrow.hpp"
#include "iamtrim/report_html.hpp"

namespace iamtrim::cli {
namespace {

std::string label(const FoundPolicy& p) {
  return p.owner.empty() || p.owner == p.pointer ? p.pointer : p.owner + " (" + p.pointer + ")";
}

// --only matches a pointer, an owner, one owner of a shared document, or a
// principal the policy applies to (its address, or "role/NAME").
bool selected(const FoundPolicy& p, const std::string& only) {
  if (only.empty() || p.pointer == only || p.owner == only) return true;
  std::string owners = ", " + p.owner + ",";
  if (owners.find(", " + only + ",") != std::string::npos) return true;
  return std::any_of(p.principals.begin(), p.principals.end(), [&](const PolicyPrincipal& pr) {
    return pr.address == only || (!pr.name.empty() && iequals(pr.type + "/" + pr.name, only));
  });
}

// Where --split writes the parts of one policy of the file: beside it, named
// after the file and the policy's owner ("main.tf.aws_iam_policy.app.part1.json").
std::string parts_base(const std::string& path, const FoundPolicy& p) {
  std::string owner = p.owner.empty() ? p.pointer : p.owner;
  for (char& ch : owner)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '-' && ch != '_') ch = '_';
  return path + "." + owner + ".json";
}

}  // namespace

bool is_in_place_source(const SourceResult& source) {
  for (const FoundPolicy& p : source.policies)
    if (is_terraform_configuration(p.format) || is_cloudformation(p.format)) return true;
  return false;
}

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
  auto read = read_evidence_or_report(a.evidence, ReadOptions{a.principal});
  if (!read) return kExitUsage;

  // The identity policies to narrow; a policy of unknown kind (an
  // unreferenced aws_iam_policy_document, a .tpl) when --only names it.
  std::vector<const FoundPolicy*> chosen;
  std::vector<Policy> parsed;
  bool matched = false;
  for (const FoundPolicy& p : source.policies) {
    if (!selected(p, a.only)) continue;
    matched = true;
    if (p.kind != PolicyKind::Identity && !(p.kind == PolicyKind::Unknown && !a.only.empty())) {
      std::cerr << "iamtrim: note: " << path << ": " << label(p) << ": " << to_string(p.kind)
                << (p.kind == PolicyKind::Unknown ? " kind; name it with --only to narrow it\n"
                                                  : " policy; only identity policies are narrowed\n");
      continue;
    }
    PolicyResult r = parse_policy(p.document, p.pointer);
    if (!r.usable) {
      std::cerr << "iamtrim: note: " << path << ": " << label(p) << ": not a policy document; skipped\n";
      continue;
    }
    chosen.push_back(&p);
    parsed.push_back(std::move(r.policy));
  }
  if (!a.only.empty() && !matched) {
    std::cerr << "iamtrim: " << path << ": no policy has the owner, principal or pointer " << a.only << "\n";
    return kExitUsage;
  }
  // Every policy is judged only on evidence about its own principals
  // (docs/narrow.md, "Binding rules"); one refusal leaves the file untouched.
  auto bound = bind_or_report(chosen, read->reports, {!a.only.empty(), !a.principal.empty()});
  if (!bound) return kExitUsage;
  bool refused = false;
  for (std::size_t i = 0; i < chosen.size(); ++i)
    if (!bound->policies[i].bound) {
      std::cerr << "iamtrim: " << path << ": " << label(*chosen[i]) << ": refused: " << bound->policies[i].refusal << "\n";
      refused = true;
    }
  if (refused) {
    if (!bound->suggestion.empty())
      std::cerr << "iamtrim: " << path << ": to narrow only the policies of the principal the evidence is about, add --only "
                << bound->suggestion << "\n";
    std::cerr << "iamtrim: " << path << ": nothing was written\n";
    return kExitUsage;
  }

  std::vector<SourceEdit> edits;
  std::vector<ExpectedPolicy> expected;
  std::vector<NarrowedPolicy> narrowed;
  std::vector<std::string> notes;
  std::vector<std::pair<std::string, std::vector<Policy>>> split_parts;  // base path, parts
  std::size_t too_large = 0;
  std::string as_of;
  bool due = false, failed = false;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const FoundPolicy& p = *chosen[i];
    const PolicyBinding& binding = bound->policies[i];
    auto decided = decide_for_policy(c, parsed[i], binding, settings->rules, settings->input);
    if (!decided) return kExitUsage;
    notes.insert(notes.end(), decided->notes.begin(), decided->notes.end());
    as_of = decided->decisions.as_of;
    NarrowOptions options{a.compress, p.kind, p.attachment};
    options.low_risk = settings->low_risk;
    NarrowedPolicy np{path, p.pointer, p.owner, p.name, binding.required_subjects, binding.notes,
                      narrow_policy(c, parsed[i], decided->decisions, options)};
    np.notes.insert(np.notes.end(), decided->notes.begin(), decided->notes.end());
    const NarrowResult& r = np.result;
    if (!r.verification.ok) {
      std::cerr << "iamtrim: internal error: " << path << ": " << label(p)
                << ": the rewrite failed verification; nothing was written\n";
      for (const std::string& v : r.verification.violations) std::cerr << "  " << v << "\n";
      return kExitUsage;
    }
    narrowed.push_back(np);
    for (const StatementChange& s : r.statements)
      for (const StatementChange::LowRiskKeep& k : s.low_risk)
        std::cerr << "iamtrim: note: " << path << ": " << label(p) << ": kept " << k.item << ": low-risk wildcard, "
                  << k.unused << " unused read actions (--strict removes them)\n";
    if (!r.changed) continue;
    due = true;
    if (over_quota(r)) {
      std::cerr << "iamtrim: " << path << ": " << label(p) << ": " << describe_split(c, r, p.kind, p.attachment);
      if (a.write && !r.detach) {
        // Never written whole; with --split its parts go beside the file and
        // the policy in the file stays as written.
        if (!a.split || r.parts.empty()) {
          ++too_large;
          continue;
        }
        split_parts.emplace_back(parts_base(path, p), r.parts);
        continue;
      }
    }
    if (r.detach) {
      std::cerr << "iamtrim: " << path << ": " << label(p) << ": grants nothing after narrowing: detach it; not edited\n";
      continue;
    }
    // A policy declared twice is refused below, with that reason.
    if (p.unique_pointer && (!editable_in_place(p) || p.file.get() != file.get())) {
      std::cerr << "iamtrim: note: " << path << ": " << label(p) << ": " << to_string(p.format)
                << " cannot be edited in place; left as it is\n";
      continue;
    }
    EditPlan plan = plan_in_place(p, r);
    if (!plan.ok()) {
      std::cerr << "iamtrim: " << path << ": " << label(p) << ": cannot edit in place: " << plan.error << "\n";
      failed = true;
      continue;
    }
    edits.insert(edits.end(), plan.edits.begin(), plan.edits.end());
    expected.push_back({p.pointer, r.policy});
  }
  print_notes(notes);
  if (failed) {
    std::cerr << "iamtrim: " << path << ": nothing was written\n";
    return kExitUsage;
  }
  if (too_large) {
    std::cerr << "iamtrim: " << path << ": nothing was written: " << too_large
              << " rewrite(s) exceed their size quota; --split writes their parts for review\n";
    return kExitUsage;
  }
  const std::string& before = file->text();
  EditResult applied = apply_edits(before, edits);
  std::vector<std::string> problems;
  if (!applied.ok()) problems.push_back(applied.error);
  else if (!edits.empty()) problems = verify_in_place(*file, applied.text, expected, {});
  if (!problems.empty()) {
    std::cerr << "iamtrim: " << path << ": the in-place edit failed verification; nothing was written\n";
    for (const std::string& v : problems) std::cerr << "  " << v << "\n";
    return kExitUsage;
  }
  if (!a.report.empty() && !write_report(c, a.report, narrowed, as_of, *a.inputs)) return kExitUsage;
  const std::string& after = edits.empty() ? before : applied.text;
  if (a.check) {
    if (due) std::cerr << "iamtrim: " << path << ": rewrite due\n";
    return due ? kExitFindings : kExitClean;
  }
  if (a.diff) {
    std::cout << unified_diff(before, after, "a/" + path, "b/" + path);
    return after != before ? kExitFindings : kExitClean;
  }
  if (a.write) {
    for (const auto& [base, parts] : split_parts)
      for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string part = part_path(base, i + 1);
        if (!write_part(part, write_policy(parts[i], {.pretty = true, .indent = 4}), *a.inputs)) return kExitUsage;
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
