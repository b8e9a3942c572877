// The small functions declared in decision.hpp, and the text `iamtrim
// explain kept:SLUG` prints for each reason (docs/evidence.md quotes it).
#include "iamtrim/decision.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <utility>

#include "iamtrim/actions.hpp"
#include "iamtrim/evidence.hpp"

namespace iamtrim {

std::string_view to_string(DecisionReason reason) {
  switch (reason) {
    case DecisionReason::Used: return "used";
    case DecisionReason::ServiceNotAccessed: return "service-not-accessed";
    case DecisionReason::ActionNotAccessed: return "action-not-accessed";
    case DecisionReason::NotTracked: return "not-tracked";
    case DecisionReason::TrackingTooRecent: return "tracking-too-recent";
    case DecisionReason::SubjectTooYoung: return "subject-too-young";
    case DecisionReason::Protected: return "protected";
    case DecisionReason::UnknownToCatalog: return "unknown-to-catalog";
    case DecisionReason::IncompleteCoverage: return "incomplete-coverage";
    case DecisionReason::NoEvidence: return "no-evidence";
    case DecisionReason::PermissionOnly: return "permission-only";
    case DecisionReason::WindowAfterReport: return "window-after-report";
    case DecisionReason::RegionWithoutData: return "region-without-data";
    case DecisionReason::BeyondRetention: return "beyond-retention";
    case DecisionReason::ContradictoryReport: return "contradictory-report";
    case DecisionReason::LowRiskWildcard: return "low-risk-wildcard";
  }
  return "no-evidence";
}

std::optional<DecisionReason> parse_decision_reason(std::string_view slug) {
  for (DecisionReason r : kAllDecisionReasons)
    if (iequals(to_string(r), slug)) return r;
  return std::nullopt;
}

bool is_removable(DecisionReason reason) {
  return reason == DecisionReason::ServiceNotAccessed || reason == DecisionReason::ActionNotAccessed;
}

std::string EvidenceRef::last_accessed() const {
  return last_accessed_at ? format_timestamp(*last_accessed_at) : std::string();
}

const ReasonDoc& explain_reason(DecisionReason reason) {
  static const ReasonDoc kUsed{
      "kept: the evidence shows the action (or its service) was used inside the window",
      "An action entry of an ACTION_LEVEL report (or of an Access Analyzer finding) was last accessed at or after the "
      "start of the window, or, in a SERVICE_LEVEL report, its service was. A service-level report does not say which "
      "actions were used, so every action of a used service is kept.\n\n"
      "Use always wins: use shown by any report about any principal of the policy keeps the action, whatever the "
      "other reports say, and duplicate entries for one action count if any of them shows use.",
      "Nothing: the action is needed."};
  static const ReasonDoc kServiceNotAccessed{
      "removable: the action's service was not accessed during the whole window",
      "The report lists the service without a LastAuthenticated inside the window, no action entry of the service shows "
      "access, and service-level tracking covered the whole window: every Region in scope was tracking (or did not "
      "exist yet) since before the window began, and the window lies within the history AWS keeps (365 days for jobs "
      "created before 2023-09-01, 400 days after). The report was created after the window ended (less the 4-hour "
      "reporting delay), so it speaks for all of it.",
      "Review the removal; the report names the evidence file, job date, window and tracking rule."};
  static const ReasonDoc kActionNotAccessed{
      "removable: the action is reported as tracked and was not accessed during the whole window",
      "The action appears in TrackedActionsLastAccessed (or as unused in an Access Analyzer finding) without an access "
      "inside the window, and action-level tracking for its service began before the window in every Region in scope "
      "that could hide activity (S3 2020-04-12, EC2, IAM and Lambda 2021-04-07, other services 2023-05-23).",
      "Review the removal; the report names the evidence file, job date, window and tracking rule."};
  static const ReasonDoc kNotTracked{
      "kept: the action is never tracked, or it is missing from TrackedActionsLastAccessed",
      "iam:PassRole (and any action added under tracking.never_tracked_actions) never appears in last accessed "
      "information: passing a role calls the API of the service that receives it. It is kept whatever a report says; a "
      "report or finding that lists it contradicts AWS's documentation and is warned about.\n\n"
      "An action missing from an ACTION_LEVEL report's TrackedActionsLastAccessed while its service was used is not "
      "tracked (data-plane actions such as s3:GetObject) or not granted; AWS says not to decide on the absence of "
      "tracking information.",
      "Keep it, or remove it by hand if you know it is unused."};
  static const ReasonDoc kTrackingTooRecent{
      "kept: the tracking that would prove non-use began inside the window",
      "Action-level tracking for the service, or tracking in a Region in scope that existed before its tracking began "
      "(us-east-2 and ca-central-1, eu-west-2 and sa-east-1 since late 2017 and 2015, the GovCloud Regions since "
      "2023-07-01), started after the window's first day, so activity early in the window may not be recorded. "
      "Regions tracked from their first day never cause this.",
      "Use a shorter window (--window, evidence.windows), or narrow the Regions in scope (evidence.regions) if the "
      "principal never acts in the late-tracking Region."};
  static const ReasonDoc kSubjectTooYoung{
      "kept: the principal or policy was created inside the window",
      "Its evidence cannot cover a window that began before it existed (AWS IAM Access Analyzer applies the same "
      "rule).",
      "Wait until the window has passed, or use a shorter window."};
  static const ReasonDoc kProtected{
      "kept: a configured pattern protects the action",
      "A pattern under evidence.protect in .iamtrim.yaml matches the action; it overrides every reason except used.",
      "Edit evidence.protect to let the evidence decide."};
  static const ReasonDoc kUnknownToCatalog{
      "kept: the catalog does not know the action name",
      "The policy names an action the embedded catalog lacks. It may be newer than the catalog, or a typo; the lint "
      "command suggests the nearest real name.",
      "Fix the name, or refresh the catalog (scripts/refresh-catalog.sh)."};
  static const ReasonDoc kIncompleteCoverage{
      "kept: another principal uses the policy and no report covers it",
      "Every principal the policy is attached to needs its own evidence (or a report about the managed policy itself); "
      "an action is removable only if every principal's evidence proves it unused.",
      "Generate a report for each principal named in the detail and pass it with --evidence."};
  static const ReasonDoc kNoEvidence{
      "kept: no report lists the action's service",
      "A report lists every service the principal may use; a granted service missing from every report is not judged "
      "(the report may be about another policy version, or pages may be missing).",
      "Generate a fresh report for the principal and pass every page."};
  static const ReasonDoc kPermissionOnly{
      "kept: the permission is checked without an API call of its own service",
      "rules/tracking.yaml lists actions AWS checks on a database, Git, NFS or HTTPS connection or inside another "
      "service's API call (iam:PassRole, rds-db:connect, lambda:InvokeFunctionUrl, execute-api:Invoke, "
      "execute-api:InvalidateCache, execute-api:ManageConnections, codecommit:GitPull, codecommit:GitPush, "
      "elasticfilesystem:ClientMount, ClientWrite and ClientRootAccess). Whether last accessed information records "
      "their use is not documented, so neither an unused service nor an action entry proves them unused. Use shown "
      "in a report still counts as use.",
      "Keep it, or list it under evidence.remove_permission_only in .iamtrim.yaml to let service-level evidence "
      "remove it."};
  static const ReasonDoc kWindowAfterReport{
      "kept: the window ends after the newest report about the principal can speak",
      "A report proves non-use only up to its job's creation less AWS's 4-hour reporting delay (a finding: its "
      "analysis). The window (--as-of, or a later report about another principal) ends after that, so use between the "
      "report and the end of the window would not show in it.",
      "Generate a new report, or judge as of an earlier date (--as-of)."};
  static const ReasonDoc kRegionWithoutData{
      "kept: a Region in scope is missing from the tracking table",
      "AWS: a Region that is not listed does not yet provide last accessed information. The Region was named in the "
      "configuration (evidence.regions) but the table in rules/tracking.yaml does not list it; it may be newer than "
      "the table's capture date, which every report states.",
      "Add the Region with its tracking date under tracking.region_tracking_start in .iamtrim.yaml, with the AWS page "
      "as source, or remove it from evidence.regions if the principal never acts there."};
  static const ReasonDoc kBeyondRetention{
      "kept: the window reaches back further than AWS keeps last accessed data",
      "Service-level data reaches back 400 days from the job's creation (365 days for jobs created before "
      "2023-09-01, the conservative reading of AWS's change). A window that starts earlier cannot be covered.",
      "Use a shorter window."};
  static const ReasonDoc kContradictoryReport{
      "kept: the report contradicts itself about the action's service",
      "The service entry says it was not accessed while an action entry of the service shows access (or a later one), "
      "or it counts authenticated entities (TotalAuthenticatedEntities) without a LastAuthenticated. Such a report "
      "cannot prove the service or its actions unused; a warning names the entry.",
      "Generate the report again; if it persists, keep the actions and report the output to AWS."};
  static const ReasonDoc kLowRiskWildcard{
      "kept: a wildcard that would lose only low-risk actions stays as written",
      "The evidence proves the action unused, but it is granted by a wildcard item (such as ec2:Describe*) all of whose "
      "provably unused actions are low-risk: of the List or Read access level (or the levels configured for the "
      "service), and not a sensitive read (rules/risk-actions.yaml: secretsmanager:GetSecretValue, s3:GetObject, "
      "ssm:GetParameter, ...). Rewriting such a wildcard into the explicit list of what it still grants would cost a "
      "reviewer more than the reads it removes, so the item is kept and its unused actions are counted in the report. "
      "A wildcard that would lose any Write, Permissions management or Tagging action is narrowed as usual.",
      "Run narrow with --strict (or narrow.keep_low_risk_wildcards: false in .iamtrim.yaml) to remove these actions "
      "too, or configure which access levels and services count as low-risk under narrow.keep_low_risk_wildcards."};
  switch (reason) {
    case DecisionReason::Used: return kUsed;
    case DecisionReason::ServiceNotAccessed: return kServiceNotAccessed;
    case DecisionReason::ActionNotAccessed: return kActionNotAccessed;
    case DecisionReason::NotTracked: return kNotTracked;
    case DecisionReason::TrackingTooRecent: return kTrackingTooRecent;
    case DecisionReason::SubjectTooYoung: return kSubjectTooYoung;
    case DecisionReason::Protected: return kProtected;
    case DecisionReason::UnknownToCatalog: return kUnknownToCatalog;
    case DecisionReason::IncompleteCoverage: return kIncompleteCoverage;
    case DecisionReason::NoEvidence: return kNoEvidence;
    case DecisionReason::PermissionOnly: return kPermissionOnly;
    case DecisionReason::WindowAfterReport: return kWindowAfterReport;
    case DecisionReason::RegionWithoutData: return kRegionWithoutData;
    case DecisionReason::BeyondRetention: return kBeyondRetention;
    case DecisionReason::ContradictoryReport: return kContradictoryReport;
    case DecisionReason::LowRiskWildcard: return kLowRiskWildcard;
  }
  return kNoEvidence;
}

namespace {

bool id_below(const DecisionMap::value_type& entry, ActionId id) { return entry.first < id; }

}  // namespace

DecisionMap::const_iterator DecisionMap::find(ActionId id) const {
  auto it = std::lower_bound(items_.begin(), items_.end(), id, id_below);
  return it != items_.end() && it->first == id ? it : items_.end();
}

DecisionMap::iterator DecisionMap::find(ActionId id) {
  return items_.begin() + (std::as_const(*this).find(id) - items_.cbegin());
}

const Decision& DecisionMap::at(ActionId id) const {
  auto it = find(id);
  if (it == end()) throw std::out_of_range("DecisionMap::at: no decision for action id " + std::to_string(id));
  return it->second;
}

Decision& DecisionMap::at(ActionId id) { return const_cast<Decision&>(std::as_const(*this).at(id)); }

Decision& DecisionMap::operator[](ActionId id) { return emplace(id, Decision{}).first->second; }

DecisionMap::iterator DecisionMap::emplace_hint(const_iterator hint, ActionId id, Decision decision) {
  // The hint is right when id goes between its neighbours: appending in
  // ascending order costs no search.
  const bool after_previous = hint == items_.begin() || std::prev(hint)->first < id;
  const bool before_next = hint == items_.end() || id < hint->first;
  if (after_previous && before_next)
    return items_.insert(items_.begin() + (hint - items_.cbegin()), value_type{id, std::move(decision)});
  return emplace(id, std::move(decision)).first;
}

std::pair<DecisionMap::iterator, bool> DecisionMap::emplace(ActionId id, Decision decision) {
  auto it = std::lower_bound(items_.begin(), items_.end(), id, id_below);
  if (it != items_.end() && it->first == id) return {it, false};
  return {items_.insert(it, value_type{id, std::move(decision)}), true};
}

ActionSet Decisions::removable(std::size_t universe) const {
  ActionSet out(universe);
  for (const auto& [id, d] : by_action)
    if (is_removable(d.reason) && id < universe) out.insert(id);
  return out;
}

ActionSet Decisions::used(std::size_t universe) const {
  ActionSet out(universe);
  for (const auto& [id, d] : by_action)
    if (d.reason == DecisionReason::Used && id < universe) out.insert(id);
  return out;
}

}  // namespace iamtrim
