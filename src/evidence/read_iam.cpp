// IAM's three job outputs: get-service-last-accessed-details (service and
// action level), ...-with-entities, and get-organizations-access-report.
// Shapes: the IAM API reference and the examples in corpus/evidence/.
#include <algorithm>

#include "evidence/readers.hpp"
#include "iamtrim/catalog.hpp"

namespace iamtrim::evidence {
namespace {

void read_job_dates(const Value& root, Fields& f, Report& r) {
  if (auto t = f.time(root, "", "JobCreationDate", true)) r.job_created = *t;
  // Required by the API model, yet AWS's own CLI example omits it.
  r.job_completed = f.time(root, "", "JobCompletionDate", false);
  note_date_positions(root, "JobCreationDate", "JobCompletionDate", r);
  r.truncated = f.boolean(root, "", "IsTruncated", false).value_or(false);
  r.marker = f.text(root, "", "Marker", false).value_or("");
  if (r.truncated && r.marker.empty()) f.error(root.find("IsTruncated"), "/IsTruncated", "IsTruncated is true but there is no Marker");
}

void read_tracked_actions(const Value& list, const std::string& ptr, Fields& f, ServiceAccess& s) {
  s.has_tracked_actions = true;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const Value& item = list.items[i];
    const std::string ip = pointer_append(ptr, i);
    if (!f.is_object(item, ip)) continue;
    TrackedAction a;
    const Value* name = item.find("ActionName");
    if (!name || name->kind == ValueKind::Null) {
      f.error(&item, ip, "missing ActionName");
      continue;
    }
    auto full = qualify_action(s.service_namespace, *name, pointer_append(ip, "ActionName"), f);
    if (!full) continue;
    a.action = *full;
    a.last_accessed = f.time(item, ip, "LastAccessedTime", false);
    a.region = f.text(item, ip, "LastAccessedRegion", false).value_or("");
    a.entity = f.text(item, ip, "LastAccessedEntity", false).value_or("");
    s.tracked_actions.push_back(std::move(a));
  }
}

// The field names a service entry uses for its last access, which differ
// between the principal reports and the organizations report.
struct ServiceFields {
  const char* time;
  const char* entity;
  const char* region;
};

std::optional<ServiceAccess> read_service(const Value& item, const std::string& ip, Fields& f,
                                          const ServiceFields& names) {
  auto ns = f.text(item, ip, "ServiceNamespace", true);
  if (!ns) return std::nullopt;
  ServiceAccess s;
  s.pointer = ip;
  s.service_namespace = to_lower(*ns);
  s.service_name = f.text(item, ip, "ServiceName", false).value_or("");
  s.last_authenticated = f.time(item, ip, names.time, false);
  s.entity = f.text(item, ip, names.entity, false).value_or("");
  s.region = f.text(item, ip, names.region, false).value_or("");
  s.total_entities = f.integer(item, ip, "TotalAuthenticatedEntities", false);
  return s;
}

}  // namespace

void note_date_positions(const Value& root, const char* created, const char* completed, Report& r) {
  if (const Value* v = root.find(created)) {
    r.created_span = v->span;
    r.created_pointer = pointer_append("", created);
  }
  if (const Value* v = root.find(completed)) {
    r.completed_span = v->span;
    r.completed_pointer = pointer_append("", completed);
  }
}

bool check_job_status(const Value& root, Fields& f) {
  auto status = f.text(root, "", "JobStatus", true);
  if (!status) return false;
  if (*status == "COMPLETED") return true;
  const Value* at = root.find("JobStatus");
  if (*status == "IN_PROGRESS") {
    f.error(at, "/JobStatus",
            "job is still IN_PROGRESS: run the get command again once JobStatus is COMPLETED");
  } else if (*status == "FAILED") {
    std::string why;
    if (const Value* err = f.object(root, "", "Error", false)) {
      why = f.text(*err, "/Error", "Code", false).value_or("");
      std::string msg = f.text(*err, "/Error", "Message", false).value_or("");
      if (!msg.empty()) why += (why.empty() ? "" : ": ") + msg;
    }
    f.error(at, "/JobStatus", "job FAILED" + (why.empty() ? std::string(" (no Error given)") : ": " + why));
  } else {
    f.error(at, "/JobStatus", "unknown JobStatus '" + *status + "' (expected COMPLETED, IN_PROGRESS or FAILED)");
  }
  return false;
}

std::optional<std::string> qualify_action(const std::string& service, const Value& name, const std::string& ptr,
                                          Fields& f) {
  if (name.kind != ValueKind::String || name.text.empty()) {
    f.error(&name, ptr, "action name must be a non-empty string");
    return std::nullopt;
  }
  const std::string& text = name.text;
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) return service + ":" + text;
  if (!iequals(std::string_view(text).substr(0, colon), service) || colon + 1 == text.size()) {
    f.error(&name, ptr, "action '" + text + "' does not belong to service '" + service + "'");
    return std::nullopt;
  }
  return service + text.substr(colon);
}

void read_service_last_accessed(const Value& root, Fields& f, Report& r) {
  r.kind = ReportKind::ServiceLastAccessed;
  read_job_dates(root, f, r);
  std::optional<Granularity> declared;
  if (auto type = f.text(root, "", "JobType", false)) {
    if (*type == "SERVICE_LEVEL") declared = Granularity::ServiceLevel;
    else if (*type == "ACTION_LEVEL") declared = Granularity::ActionLevel;
    else f.error(root.find("JobType"), "/JobType", "unknown JobType '" + *type + "' (expected SERVICE_LEVEL or ACTION_LEVEL)");
  }
  bool any_tracked_key = false;
  const Value* list = f.array(root, "", "ServicesLastAccessed", true);
  for (std::size_t i = 0; list && i < list->items.size(); ++i) {
    const Value& item = list->items[i];
    const std::string ip = pointer_append("/ServicesLastAccessed", i);
    if (!f.is_object(item, ip)) continue;
    auto read = read_service(item, ip, f, {"LastAuthenticated", "LastAuthenticatedEntity", "LastAuthenticatedRegion"});
    if (!read) continue;
    ServiceAccess& s = *read;
    if (item.find("TrackedActionsLastAccessed")) any_tracked_key = true;
    if (const Value* tracked = f.array(item, ip, "TrackedActionsLastAccessed", false))
      read_tracked_actions(*tracked, pointer_append(ip, "TrackedActionsLastAccessed"), f, s);
    r.services.push_back(std::move(*read));
  }
  // Old CLI output has no JobType; a TrackedActionsLastAccessed key, even
  // null, only appears in ACTION_LEVEL jobs.
  r.granularity = declared.value_or(any_tracked_key ? Granularity::ActionLevel : Granularity::ServiceLevel);
  if (declared == Granularity::ServiceLevel && any_tracked_key)
    f.error(root.find("JobType"), "/JobType", "JobType is SERVICE_LEVEL but services carry TrackedActionsLastAccessed");
}

void read_with_entities(const Value& root, Fields& f, Report& r) {
  r.kind = ReportKind::WithEntities;
  read_job_dates(root, f, r);
  const Value* list = f.array(root, "", "EntityDetailsList", true);
  for (std::size_t i = 0; list && i < list->items.size(); ++i) {
    const Value& item = list->items[i];
    const std::string ip = pointer_append("/EntityDetailsList", i);
    if (!f.is_object(item, ip)) continue;
    const Value* info = f.object(item, ip, "EntityInfo", true);
    if (!info) continue;
    const std::string infop = pointer_append(ip, "EntityInfo");
    EntityAccess e;
    e.arn = f.text(*info, infop, "Arn", true).value_or("");
    e.name = f.text(*info, infop, "Name", false).value_or("");
    e.type = f.text(*info, infop, "Type", false).value_or("");
    e.id = f.text(*info, infop, "Id", false).value_or("");
    e.path = f.text(*info, infop, "Path", false).value_or("");
    e.last_authenticated = f.time(item, ip, "LastAuthenticated", false);
    r.entities.push_back(std::move(e));
  }
}

void read_organizations_access(const Value& root, Fields& f, Report& r) {
  r.kind = ReportKind::OrganizationsAccess;
  read_job_dates(root, f, r);
  const Value* list = f.array(root, "", "AccessDetails", true);
  for (std::size_t i = 0; list && i < list->items.size(); ++i) {
    const Value& item = list->items[i];
    const std::string ip = pointer_append("/AccessDetails", i);
    if (!f.is_object(item, ip)) continue;
    if (auto s = read_service(item, ip, f, {"LastAuthenticatedTime", "EntityPath", "Region"}))
      r.services.push_back(std::move(*s));
  }
}

}  // namespace iamtrim::evidence
