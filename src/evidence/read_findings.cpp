// Access Analyzer unused-access findings as printed by
// `aws accessanalyzer get-finding-v2` (findingType UnusedPermission):
// findingDetails[].unusedPermissionDetails {serviceNamespace, actions[]
// {action, lastAccessed}, lastAccessed}. A detail without actions means the
// whole service is unused. Shapes: the Access Analyzer API reference
// (GetFindingV2, FindingDetails, UnusedPermissionDetails, UnusedAction).
#include "evidence/readers.hpp"
#include "iamtrim/catalog.hpp"

namespace iamtrim::evidence {

void read_unused_access_finding(const Value& root, Fields& f, Report& r) {
  r.kind = ReportKind::UnusedAccessFindings;
  r.granularity = Granularity::ActionLevel;
  if (auto t = f.time(root, "", "createdAt", true)) r.job_created = *t;
  // analyzedAt is when Access Analyzer last looked at the principal: the
  // instant the finding speaks for.
  r.job_completed = f.time(root, "", "analyzedAt", true);
  note_date_positions(root, "createdAt", "analyzedAt", r);
  r.subject = f.text(root, "", "resource", true).value_or("");
  r.subject_origin = "report";
  r.job_id = f.text(root, "", "id", false).value_or("");
  r.marker = f.text(root, "", "nextToken", false).value_or("");
  r.truncated = !r.marker.empty();
  if (auto err = f.text(root, "", "error", false))
    f.error(root.find("error"), "/error", "the finding reports an error: " + *err);
  if (auto type = f.text(root, "", "findingType", true); type && *type != "UnusedPermission")
    f.error(root.find("findingType"), "/findingType",
            "findingType '" + *type + "' carries no per-action evidence (only UnusedPermission findings do)");
  if (auto status = f.text(root, "", "status", true); status && *status != "ACTIVE")
    // A RESOLVED finding means the permissions were used or removed since;
    // an ARCHIVED one was dismissed by a person. Neither is evidence now.
    f.error(root.find("status"), "/status", "finding status is " + *status + ", not ACTIVE: it is no longer evidence");

  const Value* details = f.array(root, "", "findingDetails", true);
  for (std::size_t i = 0; details && i < details->items.size(); ++i) {
    const Value& item = details->items[i];
    const std::string ip = pointer_append("/findingDetails", i);
    if (!f.is_object(item, ip)) continue;
    const Value* d = f.object(item, ip, "unusedPermissionDetails", true);
    if (!d) continue;
    const std::string dp = pointer_append(ip, "unusedPermissionDetails");
    ServiceAccess s;
    s.pointer = dp;
    auto ns = f.text(*d, dp, "serviceNamespace", true);
    if (!ns) continue;
    s.service_namespace = to_lower(*ns);
    s.last_authenticated = f.time(*d, dp, "lastAccessed", false);
    const Value* actions = f.array(*d, dp, "actions", false);
    s.whole_service_unused = !actions || actions->items.empty();
    s.has_tracked_actions = !s.whole_service_unused;
    for (std::size_t j = 0; actions && j < actions->items.size(); ++j) {
      const Value& a = actions->items[j];
      const std::string ap = pointer_append(pointer_append(dp, "actions"), j);
      if (!f.is_object(a, ap)) continue;
      const Value* name = a.find("action");
      if (!name || name->kind == ValueKind::Null) {
        f.error(&a, ap, "missing action");
        continue;
      }
      auto full = qualify_action(s.service_namespace, *name, pointer_append(ap, "action"), f);
      if (!full) continue;
      s.tracked_actions.push_back({*full, f.time(a, ap, "lastAccessed", false), "", ""});
    }
    r.services.push_back(std::move(s));
  }
}

}  // namespace iamtrim::evidence
