// iamtrim/pipeline.hpp - narrowing one file, or one policy, from its text to
// the verified rewrite.
//
// Every narrow mode runs the same sequence: read the file once, find its
// policies once (read_source), parse each once, bind the evidence to the
// policies it may judge (binding.hpp), decide every granted action on that
// evidence, narrow, plan the edits in the file's own syntax (edit.hpp),
// apply them and verify the result by reading it back. This layer is that
// sequence; the commands only choose options and print or write what it
// returns, and account mode (account.hpp) runs narrow_with_evidence() for each
// policy of the account.
//
//   auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path, text));
//   SourceResult source = read_source(file);
//   NarrowFileResult r = narrow_file(catalog, file, source, evidence.reports, settings);
//   if (r.stage == NarrowStage::Done && r.problems.empty()) write r.text;
//
// Nothing here prints or writes: every refusal, note and problem is a value
// in the result, in the order the file holds the policies. Pure and safe to
// call from several threads on distinct inputs; nothing throws.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "iamtrim/binding.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/edit.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/narrow.hpp"
#include "iamtrim/sources.hpp"
#include "iamtrim/verify.hpp"

namespace iamtrim {

// ---- One policy --------------------------------------------------------------

// One found and parsed policy, with the evidence that judges it.
struct PolicyRequest {
  const FoundPolicy& found;
  const Policy& policy;                 // parse_policy(found.document, found.pointer).policy
  const std::vector<Report>& reports;   // the reports bound to it
  const TrackingRules& rules;
  DecisionInput input;                  // required_subjects, policy_arn, ... as bound; unknown actions are added here
  NarrowOptions options;                // kind and attachment are taken from `found`
  std::string path, owner, name;        // how the report names it
  std::vector<std::string> notes;       // the binding's notes, for the report
  // Owners of required subjects that have no report: when no report judges
  // the policy at all, "no evidence" is said as the more precise
  // "incomplete coverage" naming them (account mode).
  std::vector<std::string> missing;
};

struct PolicyNarrowing {
  DecideResult decided;       // errors and warnings of the evidence; decisions.as_of
  std::size_t granted = 0;    // the actions its Allow statements grant
  NarrowedPolicy narrowed;    // the rewrite and the notes for the report; only when ok()
  bool ok() const { return decided.ok(); }
};

// Decides every action the policy grants on its reports and narrows it.
// The notes of the rewrite are the binding's, then decide()'s; warnings stay
// in `decided` for the caller to word.
PolicyNarrowing narrow_with_evidence(const Catalog& catalog, PolicyRequest request);

// ---- Edits in the policy's own file ----------------------------------------

// A narrowed policy to write back where it was found.
struct PolicyEdit {
  const FoundPolicy* found = nullptr;
  const NarrowResult* result = nullptr;
};

struct FileEdit {
  std::vector<SourceEdit> edits;       // every policy's edits, applied together
  std::string text;                    // the edited file (the original text when there are no edits)
  std::vector<std::string> problems;   // why it may not be written (apply or verification); empty when it may
  bool ok() const { return problems.empty(); }
};

// Applies (apply_edits) the planned edits of `file` as one change and
// verifies the result (verify_edit, EditContract::Subset: each expected
// policy where it was, no wider grant, with its decisions verify_narrowing()
// on the re-read policies, nothing else in the file changed). The plans must
// be ok(): a plan error is the caller's to report per policy (plan_in_place).
FileEdit edit_file(const Catalog& catalog, const SourceFile& file, const std::vector<SourceEdit>& edits,
                   const std::vector<ExpectedPolicy>& expected);

// One policy, alone in its file: its edits planned, applied and verified, or
// the reason it cannot be edited in place (no edits, a plan error, or a
// failed verification).
FileEdit edit_policy(const Catalog& catalog, const PolicyEdit& policy);

// ---- One file ---------------------------------------------------------------

struct NarrowFileSettings {
  const TrackingRules* rules = nullptr;  // required
  DecisionInput input;
  LowRiskWildcards low_risk;
  bool compress = false;
  // The policy with this owner, pointer or principal (address or "role/NAME")
  // only; a policy of unknown kind is narrowed when named so.
  std::string only;
  bool principal = false;  // the evidence's subject was stated (--principal)
  // A rewrite over its size quota is not written into the file (it is
  // written whole only as parts, by the caller): FilePolicy::over_quota_kept.
  bool keep_over_quota = false;
};

// narrow_with_evidence() for a policy of a file as bind_evidence() bound it
// (its reports, required subjects and notes), with the file's settings;
// `path` names the file in the report.
PolicyNarrowing narrow_bound(const Catalog& catalog, const std::string& path, const FoundPolicy& found,
                             const Policy& policy, const PolicyBinding& binding, const NarrowFileSettings& settings);

// What happened to one selected policy of the file.
struct FilePolicy {
  enum class Step {
    WrongKind,     // not an identity policy (or of unknown kind without --only): skipped
    NotAPolicy,    // its document is not a policy: skipped
    Refused,       // the evidence is not about its principals (refusal)
    DecideFailed,  // the evidence cannot decide it (narrowing.decided.errors)
    Narrowed,      // narrowing holds the rewrite; see edit
  };
  enum class Edit {
    None,          // not narrowed, or nothing changed
    OverQuotaKept, // keep_over_quota: the rewrite exceeds its quota and is not edited in
    Detach,        // grants nothing after narrowing: not edited
    NotEditable,   // its format cannot be edited in place: left as it is
    PlanFailed,    // plan_error says why
    Planned,       // its edits are part of NarrowFileResult::edits
  };
  const FoundPolicy* found = nullptr;
  Step step = Step::WrongKind;
  Edit edit = Edit::None;
  std::string refusal, plan_error;
  PolicyNarrowing narrowing;  // Step::DecideFailed and Narrowed
};

// How far narrow_file() went; each stage needs every policy through the one before.
enum class NarrowStage {
  NoMatch,       // `only` matched no policy
  BindFailed,    // a report contradicts its own subject (binding.errors)
  Refused,       // some policy was refused: nothing is narrowed
  DecideFailed,  // the evidence could not decide a policy (the last of `policies`)
  VerifyFailed,  // a rewrite broke its own contract (the last of `policies`)
  Done,          // every policy narrowed; edits planned, applied and verified
};

struct NarrowFileResult {
  NarrowStage stage = NarrowStage::Done;
  std::vector<FilePolicy> policies;  // the selected policies in file order, up to where it stopped
  BindResult binding;
  std::string as_of;                 // the as-of date of the last decision
  bool due = false;                  // some policy's rewrite changes it
  FileEdit edit;                     // the planned edits together, applied and verified (stage Done)
  // Whether any policy cannot be edited (PlanFailed) or was kept over its quota.
  bool plan_failed() const;
  std::size_t over_quota_kept() const;
};

// Narrows the identity policies of `source` (read from `file`) on `reports`.
// Policies of other files that the source read pulls in (a file() target) are
// narrowed but not edited (Edit::NotEditable).
NarrowFileResult narrow_file(const Catalog& catalog, const std::shared_ptr<const SourceFile>& file,
                             const SourceResult& source, const std::vector<Report>& reports,
                             const NarrowFileSettings& settings);

// Whether the file's policies are edited in place rather than printed as one
// policy: any Terraform (not plan or state) or CloudFormation policy.
bool edits_in_place(const SourceResult& source);

// "owner (pointer)", or the pointer when the policy has no other name.
std::string policy_label(const FoundPolicy& policy);

}  // namespace iamtrim
