// The JSON narrowing report: one entry per removed or kept action, so tools
// can join it with anything else keyed by action name.
#include <nlohmann/json.hpp>

#include "iamtrim/narrow.hpp"

namespace iamtrim {
namespace {

using Json = nlohmann::ordered_json;

Json outcome_json(const Catalog& c, const ActionOutcome& o) {
  const EvidenceRef& e = o.decision.evidence;
  Json j;
  j["action"] = c.full_name(o.action);
  j["statement"] = o.statement;
  j["reason"] = std::string(to_string(o.decision.reason));
  j["evidence"] = e.file;
  j["subject"] = e.subject;
  j["job_date"] = e.job_date;
  j["last_accessed"] = e.last_accessed.empty() ? Json() : Json(e.last_accessed);
  j["tracking_start"] = e.tracking_start;
  j["window_days"] = e.window_days;
  j["rule"] = e.rule;
  j["detail"] = o.decision.detail;
  if (!o.kept_by.empty()) j["kept_by"] = o.kept_by;
  return j;
}

Json size_json(const SizeReport& s) {
  Json j;
  j["catalog"] = s.catalog_version;
  j["compressed"] = s.compressed;
  j["characters"] = s.size;
  j["quota"] = s.quota ? Json(*s.quota) : Json();
  j["quota_name"] = s.quota_name;
  j["fits"] = s.fits;
  j["split"] = s.split;
  j["message"] = s.message;
  return j;
}

Json policy_json(const Catalog& c, const NarrowedPolicy& p) {
  const NarrowResult& r = p.result;
  Json j;
  j["file"] = p.file;
  if (!p.pointer.empty()) j["pointer"] = p.pointer;
  if (!p.owner.empty()) j["owner"] = p.owner;
  if (!p.name.empty()) j["name"] = p.name;
  if (!p.principals.empty()) j["principals"] = p.principals;
  j["result"] = r.detach ? "detach" : r.changed ? "narrowed" : "unchanged";
  j["verified"] = r.verification.ok;
  if (!r.verification.ok) j["violations"] = r.verification.violations;
  if (r.changed) j["size"] = size_json(r.size);
  if (!r.parts.empty()) {
    Json parts = Json::array();
    for (const Policy& part : r.parts) parts.push_back(Json::parse(write_policy(part, {.pretty = false})));
    j["parts"] = std::move(parts);  // the split --split writes, each within the quota
  }
  j["notes"] = p.notes;
  Json statements = Json::array();
  for (const StatementChange& s : r.statements) {
    Json js;
    js["index"] = s.index;
    js["new_index"] = s.new_index ? Json(*s.new_index) : Json();
    if (!s.sid.empty()) js["sid"] = s.sid;
    js["outcome"] = std::string(to_string(s.outcome));
    js["line"] = s.span.begin.line;
    js["not_action"] = s.was_not_action;
    js["replaced_items"] = s.replaced_items;
    js["granted"] = s.granted;
    js["removed"] = s.removed;
    if (!s.low_risk.empty()) {
      Json low = Json::array();
      for (const StatementChange::LowRiskKeep& k : s.low_risk) low.push_back({{"item", k.item}, {"unused", k.unused}});
      js["low_risk_wildcards"] = std::move(low);
    }
    statements.push_back(std::move(js));
  }
  j["statements"] = std::move(statements);
  Json removed = Json::array(), kept = Json::array();
  for (const ActionOutcome& o : r.removed) removed.push_back(outcome_json(c, o));
  for (const ActionOutcome& o : r.kept) kept.push_back(outcome_json(c, o));
  j["removed"] = std::move(removed);
  j["kept"] = std::move(kept);
  return j;
}

}  // namespace

std::string narrow_report_json(const Catalog& c, const std::vector<NarrowedPolicy>& policies,
                               const std::string& as_of) {
  std::vector<const NarrowedPolicy*> all;
  for (const NarrowedPolicy& p : policies) all.push_back(&p);
  return narrow_report_json(c, all, as_of);
}

std::string narrow_report_json(const Catalog& c, const std::vector<const NarrowedPolicy*>& policies,
                               const std::string& as_of) {
  Json j;
  j["catalog"] = std::string(c.version());
  j["catalog_date"] = std::string(c.date());
  j["as_of"] = as_of;
  j["policies"] = Json::array();
  // Strings come from user files; replace invalid UTF-8 rather than throw.
  std::string text = j.dump(2, ' ', false, Json::error_handler_t::replace);
  if (policies.empty()) return text + "\n";
  // The same bytes as the whole document's dump(2), built one policy's tree
  // at a time: an account's report is hundreds of megabytes of text, and a
  // tree of all of it several times that. Each policy is dumped where it
  // sits in the document ({"policies": [policy]}), so its indentation is
  // the document's, and only the policy's own lines are kept.
  const std::string_view head = "{\n  \"policies\": [\n", tail = "\n  ]\n}";
  text.erase(text.size() - std::string_view("[]\n}").size());
  text += "[";
  for (std::size_t i = 0; i < policies.size(); ++i) {
    Json one;
    one["policies"] = Json::array({policy_json(c, *policies[i])});
    const std::string dumped = one.dump(2, ' ', false, Json::error_handler_t::replace);
    text += i ? ",\n" : "\n";
    text.append(dumped, head.size(), dumped.size() - head.size() - tail.size());
  }
  text += "\n  ]\n}\n";
  return text;
}

}  // namespace iamtrim
