// One file: select its policies, bind the evidence, narrow each policy, plan
// the edits, apply them together and verify the result by reading it back.
#include <algorithm>

#include "iamtrim/pipeline.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim {
namespace {

// `only` matches a pointer, an owner, one owner of a shared document, or a
// principal the policy applies to (its address, or "role/NAME").
bool selected(const FoundPolicy& p, const std::string& only) {
  if (only.empty() || p.pointer == only || p.owner == only) return true;
  std::string owners = ", " + p.owner + ",";
  if (owners.find(", " + only + ",") != std::string::npos) return true;
  return std::any_of(p.principals.begin(), p.principals.end(), [&](const PolicyPrincipal& pr) {
    return pr.address == only || (!pr.name.empty() && iequals(pr.type + "/" + pr.name, only));
  });
}

// Plans one narrowed policy's edits into `edits`, or says in fp.edit why it has none.
void plan(const std::shared_ptr<const SourceFile>& file, const NarrowFileSettings& settings, FilePolicy& fp,
          std::vector<SourceEdit>& edits, std::vector<ExpectedPolicy>& expected) {
  const FoundPolicy& p = *fp.found;
  const NarrowResult& r = fp.narrowing.narrowed.result;
  if (!r.changed) return;
  if (settings.keep_over_quota && !r.detach && !r.size.fits) {
    fp.edit = FilePolicy::Edit::OverQuotaKept;
    return;
  }
  if (r.detach) {
    fp.edit = FilePolicy::Edit::Detach;
    return;
  }
  // A policy declared twice is refused by the planner, with that reason.
  if (p.unique_pointer && (!editable_in_place(p) || p.file.get() != file.get())) {
    fp.edit = FilePolicy::Edit::NotEditable;
    return;
  }
  EditPlan planned = plan_in_place(p, r);
  if (!planned.ok()) {
    fp.edit = FilePolicy::Edit::PlanFailed;
    fp.plan_error = planned.error;
    return;
  }
  fp.edit = FilePolicy::Edit::Planned;
  edits.insert(edits.end(), planned.edits.begin(), planned.edits.end());
  // Verified as narrowed: on the same decisions and options, re-read.
  NarrowOptions options;
  options.compress = settings.compress;
  options.kind = p.kind;
  options.attachment = p.attachment;
  options.low_risk = settings.low_risk;
  expected.push_back({p.pointer, r.policy, &fp.narrowing.decided.decisions, options});
}

}  // namespace

std::string policy_label(const FoundPolicy& p) {
  return p.owner.empty() || p.owner == p.pointer ? p.pointer : p.owner + " (" + p.pointer + ")";
}

bool edits_in_place(const SourceResult& source) {
  for (const FoundPolicy& p : source.policies)
    if (is_terraform_configuration(p.format) || is_cloudformation(p.format)) return true;
  return false;
}

bool NarrowFileResult::plan_failed() const {
  return std::any_of(policies.begin(), policies.end(),
                     [](const FilePolicy& p) { return p.edit == FilePolicy::Edit::PlanFailed; });
}

std::size_t NarrowFileResult::over_quota_kept() const {
  return static_cast<std::size_t>(std::count_if(policies.begin(), policies.end(), [](const FilePolicy& p) {
    return p.edit == FilePolicy::Edit::OverQuotaKept;
  }));
}

FileEdit edit_file(const Catalog& catalog, const SourceFile& file, const std::vector<SourceEdit>& edits,
                   const std::vector<ExpectedPolicy>& expected) {
  FileEdit out;
  out.edits = edits;
  if (edits.empty()) {
    out.text = file.text();
    return out;
  }
  EditResult applied = apply_edits(file.text(), edits);
  if (!applied.ok()) {
    out.problems.push_back(applied.error);
    out.text = file.text();
    return out;
  }
  out.problems = verify_edit(catalog, file, applied.text, {EditContract::Subset, expected, {}});
  out.text = std::move(applied.text);
  return out;
}

FileEdit edit_policy(const Catalog& catalog, const PolicyEdit& policy) {
  EditPlan planned = plan_in_place(*policy.found, *policy.result);
  if (!planned.ok()) return {{}, policy.found->file->text(), {planned.error}};
  if (planned.edits.empty()) return {{}, policy.found->file->text(), {"nothing to edit"}};
  return edit_file(catalog, *policy.found->file, planned.edits, {{policy.found->pointer, policy.result->policy}});
}

PolicyNarrowing narrow_bound(const Catalog& catalog, const std::string& path, const FoundPolicy& found,
                             const Policy& policy, const PolicyBinding& binding, const NarrowFileSettings& settings) {
  DecisionInput input = settings.input;
  input.required_subjects = binding.required_subjects;
  input.policy_arn = binding.policy_arn;
  NarrowOptions options;
  options.compress = settings.compress;
  options.low_risk = settings.low_risk;
  return narrow_with_evidence(catalog, {found, policy, binding.reports, *settings.rules, std::move(input), options, path,
                                        found.owner, found.name, binding.notes, {}});
}

NarrowFileResult narrow_file(const Catalog& catalog, const std::shared_ptr<const SourceFile>& file,
                             const SourceResult& source, const std::vector<Report>& reports,
                             const NarrowFileSettings& settings) {
  NarrowFileResult out;
  // The identity policies to narrow; a policy of unknown kind (an
  // unreferenced aws_iam_policy_document, a .tpl) when `only` names it.
  std::vector<std::size_t> chosen;  // indexes in out.policies
  std::vector<Policy> parsed;
  bool matched = false;
  for (const FoundPolicy& p : source.policies) {
    if (!selected(p, settings.only)) continue;
    matched = true;
    FilePolicy fp;
    fp.found = &p;
    if (p.kind != PolicyKind::Identity && !(p.kind == PolicyKind::Unknown && !settings.only.empty())) {
      out.policies.push_back(std::move(fp));
      continue;
    }
    PolicyResult r = parse_policy(p.document, p.pointer);
    if (!r.usable) {
      fp.step = FilePolicy::Step::NotAPolicy;
      out.policies.push_back(std::move(fp));
      continue;
    }
    fp.step = FilePolicy::Step::Narrowed;
    chosen.push_back(out.policies.size());
    out.policies.push_back(std::move(fp));
    parsed.push_back(std::move(r.policy));
  }
  if (!settings.only.empty() && !matched) {
    out.stage = NarrowStage::NoMatch;
    return out;
  }
  // Every policy is judged only on evidence about its own principals
  // (docs/narrow.md, "Binding rules"); one refusal leaves the file untouched.
  std::vector<const FoundPolicy*> found;
  for (std::size_t i : chosen) found.push_back(out.policies[i].found);
  out.binding = bind_evidence(found, reports, {!settings.only.empty(), settings.principal});
  if (!out.binding.ok()) {
    out.stage = NarrowStage::BindFailed;
    return out;
  }
  for (std::size_t k = 0; k < chosen.size(); ++k)
    if (!out.binding.policies[k].bound) {
      FilePolicy& fp = out.policies[chosen[k]];
      fp.step = FilePolicy::Step::Refused;
      fp.refusal = out.binding.policies[k].refusal;
      out.stage = NarrowStage::Refused;
    }
  if (out.stage == NarrowStage::Refused) return out;

  std::vector<SourceEdit> edits;
  std::vector<ExpectedPolicy> expected;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    FilePolicy& fp = out.policies[chosen[k]];
    const FoundPolicy& p = *fp.found;
    fp.narrowing = narrow_bound(catalog, file->path(), p, parsed[k], out.binding.policies[k], settings);
    if (!fp.narrowing.ok()) {
      fp.step = FilePolicy::Step::DecideFailed;
      out.policies.resize(chosen[k] + 1);
      out.stage = NarrowStage::DecideFailed;
      return out;
    }
    out.as_of = fp.narrowing.decided.decisions.as_of;
    const NarrowResult& r = fp.narrowing.narrowed.result;
    if (!r.verification.ok) {
      out.policies.resize(chosen[k] + 1);
      out.stage = NarrowStage::VerifyFailed;
      return out;
    }
    out.due = out.due || r.changed;
    plan(file, settings, fp, edits, expected);
  }
  out.edit = edit_file(catalog, *file, edits, expected);
  return out;
}

}  // namespace iamtrim
