// Machine-readable gate output. Field names are part of the CLI's contract
// (docs/gate.md); add fields, never rename them.
#include <nlohmann/json.hpp>

#include "iamtrim/diff.hpp"
#include "render/json_fields.hpp"

namespace iamtrim {
namespace {

using Json = nlohmann::ordered_json;

Json location(const Location& l) {
  Json j;
  output::put_statement_place(j, l.path, l.span, l.pointer, l.statement, l.sid);
  return j;
}

}  // namespace

std::string render_json(const Catalog& catalog, const GateReport& report) {
  Json out;
  out["command"] = report.command;
  out["catalog"] = catalog.version();
  out["new_access"] = report.new_access();
  Json policies = Json::array();
  for (const PolicyDiff& p : report.policies) {
    Json jp;
    if (report.command == "diff") {
      jp["old"] = p.old_path.empty() ? Json() : Json(p.old_path);
      jp["new"] = p.new_path.empty() ? Json() : Json(p.new_path);
    } else {
      jp["file"] = p.new_path;
    }
    jp["policy"] = p.key;
    Json changes = Json::array();
    for (const Change& c : p.changes) {
      Json jc;
      jc["kind"] = to_string(c.kind);
      jc["new_access"] = c.new_access();
      jc["certainty"] = c.certainty == Certainty::Definite ? "definite" : "possible";
      jc["message"] = change_message(catalog, c, 0);
      jc["location"] = location(c.where);
      if (c.was) jc["previous_location"] = location(*c.was);
      jc["actions"] = action_names(catalog, c);
      jc["action_count"] = c.actions.count() + c.other_actions.size();
      jc["resources"] = c.resources;
      jc["principals"] = c.principals;
      if (!c.detail.empty()) jc["detail"] = c.detail;
      changes.push_back(std::move(jc));
    }
    jp["changes"] = std::move(changes);
    policies.push_back(std::move(jp));
  }
  out["policies"] = std::move(policies);
  return out.dump(2) + "\n";
}

}  // namespace iamtrim
