// The JSON narrowing report: one entry per removed or kept action, so tools
// can join it with anything else keyed by action name.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>

#include "iamtrim/narrow.hpp"
#include "parse/json_writer.hpp"

namespace iamtrim {
namespace {

using Json = nlohmann::ordered_json;
using namespace std::string_view_literals;

// A string as dump() writes it: escaped, invalid UTF-8 replaced. Printable
// ASCII with nothing to escape (nearly every name and sentence) is written
// as it is, without a tree.
void append_string(std::string& out, std::string_view s) {
  if (!detail::plain_json_chars(s)) {  // eight bytes at a time; DEL passes, as dump() writes it unescaped
    out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

// The removed or kept outcomes of a policy, as dump(2) writes their array
// where it sits in the document (a member of a policy, in "policies"): an
// object per action with its members ten spaces in. Written directly: they
// are nearly all of an account's detail files (about a million entries at
// 5,000 roles), and a tree of each cost most of the time of --report.
void append_outcomes(std::string& out, const Catalog& c, const std::vector<ActionOutcome>& outcomes) {
  if (outcomes.empty()) {
    out += "[]"sv;
    return;
  }
  constexpr std::string_view kElement = "        ", kMember = ",\n          ";
  // An entry is about 600 bytes of names and sentences: room is made once
  // (at least doubling, so a report of many policies still grows geometrically).
  if (const std::size_t need = out.size() + outcomes.size() * 640; need > out.capacity())
    out.reserve(std::max(need, 2 * out.capacity()));
  out += "["sv;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const ActionOutcome& o = outcomes[i];
    const EvidenceRef& e = o.decision.evidence;
    out += i ? ",\n" : "\n";
    out += kElement;
    out += "{\n          \"action\": "sv;
    append_string(out, c.full_name(o.action));
    out += kMember, out += "\"statement\": "sv, out += std::to_string(o.statement);
    out += kMember, out += "\"reason\": "sv, append_string(out, to_string(o.decision.reason));
    out += kMember, out += "\"evidence\": "sv, append_string(out, e.file());
    out += kMember, out += "\"subject\": "sv, append_string(out, e.subject());
    out += kMember, out += "\"job_date\": "sv, append_string(out, e.job_date());
    out += kMember, out += "\"last_accessed\": "sv;
    if (!e.last_accessed_at) out += "null"sv;
    else append_string(out, e.last_accessed());
    out += kMember, out += "\"tracking_start\": "sv, append_string(out, e.tracking_start());
    out += kMember, out += "\"window_days\": "sv, out += std::to_string(e.window_days);
    out += kMember, out += "\"rule\": "sv, append_string(out, e.rule());
    out += kMember, out += "\"detail\": "sv, append_string(out, o.decision.detail);
    if (!o.kept_by.empty()) out += kMember, out += "\"kept_by\": "sv, append_string(out, o.kept_by);
    out += "\n"sv;
    out += kElement;
    out += "}"sv;
  }
  out += "\n      ]"sv;
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

Json policy_json(const NarrowedPolicy& p) {
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
  // Written after the dump (append_outcomes()), in these places.
  j["removed"] = Json::array();
  j["kept"] = Json::array();
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
    one["policies"] = Json::array({policy_json(*policies[i])});
    const std::string dumped = one.dump(2, ' ', false, Json::error_handler_t::replace);
    // The policy ends with its empty "removed" and "kept": the outcomes go there.
    constexpr std::string_view outcomes = "\"removed\": [],\n      \"kept\": []\n    }";
    text += i ? ",\n" : "\n";
    text.append(dumped, head.size(), dumped.size() - head.size() - tail.size() - outcomes.size());
    text += "\"removed\": ";
    append_outcomes(text, c, policies[i]->result.removed);
    text += ",\n      \"kept\": ";
    append_outcomes(text, c, policies[i]->result.kept);
    text += "\n    }";
  }
  text += "\n  ]\n}\n";
  return text;
}

}  // namespace iamtrim
