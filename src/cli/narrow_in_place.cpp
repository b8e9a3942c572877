// narrow for Terraform and CloudFormation files: sources -> parse -> evidence
// -> narrow -> edit -> verify -> output. Every decision and check lives in
// the library; this file only wires the stages and words the messages.
#include "cli/narrow_in_place.hpp"

#include <fstream>
#include <iostream>

#include "cli/atomic_write.hpp"
#include "cli/context.hpp"
#include "cli/narrow_inputs.hpp"
#include "cli/unified_diff.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/edit.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/narrow.hpp"

namespace iamtrim::cli {
namespace {

std::string label(const FoundPolicy& p) {
  return p.owner.empty() || p.owner == p.pointer ? p.pointer : p.owner + " (" + p.pointer + ")";
}

// --only matches a pointer, an owner, or one owner of a shared document.
bool selected(const FoundPolicy& p, const std::string& only) {
  if (only.empty() || p.pointer == only || p.owner == only) return true;
  std::string owners = ", " + p.owner + ",";
  return owners.find(", " + only + ",") != std::string::npos;
}

// The evidence judged against what this policy grants.
std::optional<Decisions> decide_for(const Catalog& c, const Policy& policy, const EvidenceResult& ev,
                                    const NarrowSettings& settings, std::vector<std::string>& notes) {
  auto decided = decide_for_policy(c, policy, ev, settings.rules, settings.input);
  if (!decided) return std::nullopt;
  for (const std::string& n : decided->notes) notes.push_back(n);
  return decided->decisions;
}

bool write_report(const Catalog& c, const std::string& path, const std::vector<NarrowedPolicy>& policies,
                  const std::string& as_of) {
  bool markdown = path.size() > 3 && path.substr(path.size() - 3) == ".md";
  std::ofstream out(path, std::ios::binary);
  out << (markdown ? narrow_report_markdown(c, policies, as_of) : narrow_report_json(c, policies, as_of));
  out.close();
  if (!out) std::cerr << "iamtrim: cannot write report " << path << "\n";
  return static_cast<bool>(out);
}

}  // namespace

bool is_in_place_source(const SourceResult& source) {
  for (const FoundPolicy& p : source.policies)
    if ((p.format.rfind("terraform", 0) == 0 && p.format.rfind("terraform-plan", 0) != 0 &&
         p.format != "terraform-state") ||
        p.format.rfind("cloudformation/", 0) == 0)
      return true;
  return false;
}

int narrow_in_place(const Catalog& c, const InPlaceArgs& a, const std::shared_ptr<const SourceFile>& file,
                    const SourceResult& source) {
  const std::string& path = a.path;
  if (a.write && path == "-") {
    std::cerr << "iamtrim: --write needs a file, not stdin\n";
    return kExitUsage;
  }
  auto settings = narrow_settings(a.config);
  if (!settings) return kExitUsage;
  auto read = read_evidence_or_report(a.evidence, ReadOptions{a.principal});
  if (!read) return kExitUsage;
  const EvidenceResult& ev = *read;

  std::vector<SourceEdit> edits;
  std::vector<ExpectedPolicy> expected;
  std::vector<NarrowedPolicy> narrowed;
  std::string as_of;
  bool matched = false, due = false, failed = false;
  for (const FoundPolicy& p : source.policies) {
    if (!selected(p, a.only)) continue;
    matched = true;
    // Identity policies only; a policy of unknown kind (an unreferenced
    // aws_iam_policy_document, a .tpl) when --only names it.
    if (p.kind != PolicyKind::Identity && !(p.kind == PolicyKind::Unknown && !a.only.empty())) {
      std::cerr << "iamtrim: note: " << path << ": " << label(p) << ": " << to_string(p.kind)
                << (p.kind == PolicyKind::Unknown ? " kind; name it with --only to narrow it\n"
                                                  : " policy; only identity policies are narrowed\n");
      continue;
    }
    PolicyResult parsed = parse_policy(p.document, p.pointer);
    if (!parsed.usable) {
      std::cerr << "iamtrim: note: " << path << ": " << label(p) << ": not a policy document; skipped\n";
      continue;
    }
    std::vector<std::string> notes;
    std::optional<Decisions> decisions = decide_for(c, parsed.policy, ev, *settings, notes);
    if (!decisions) return kExitUsage;
    as_of = decisions->as_of;
    NarrowOptions options{a.compress, p.kind, p.attachment};
    NarrowedPolicy np{path, p.pointer, p.owner, p.name, {}, notes, narrow_policy(c, parsed.policy, *decisions, options)};
    const NarrowResult& r = np.result;
    if (!r.verification.ok) {
      std::cerr << "iamtrim: internal error: " << path << ": " << label(p)
                << ": the rewrite failed verification; nothing was written\n";
      for (const std::string& v : r.verification.violations) std::cerr << "  " << v << "\n";
      return kExitUsage;
    }
    narrowed.push_back(np);
    if (!r.changed) continue;
    due = true;
    if (!r.size.fits) std::cerr << "iamtrim: " << path << ": " << label(p) << ": " << r.size.message << "\n";
    if (r.detach) {
      std::cerr << "iamtrim: " << path << ": " << label(p) << ": grants nothing after narrowing: detach it; not edited\n";
      continue;
    }
    if (!editable_in_place(p) || p.file.get() != file.get()) {
      std::cerr << "iamtrim: note: " << path << ": " << label(p) << ": " << p.format
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
  if (!a.only.empty() && !matched) {
    std::cerr << "iamtrim: " << path << ": no policy has the owner or pointer " << a.only << "\n";
    return kExitUsage;
  }
  if (failed) {
    std::cerr << "iamtrim: " << path << ": nothing was written\n";
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
  if (!a.report.empty() && !write_report(c, a.report, narrowed, as_of)) return kExitUsage;
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
    if (after == before) return kExitClean;  // not even touched
    if (std::string error = atomic_write(path, after); !error.empty()) {
      std::cerr << "iamtrim: " << error << "\n";
      return kExitUsage;
    }
    return kExitClean;
  }
  std::cout << after;
  return kExitClean;
}

}  // namespace iamtrim::cli
