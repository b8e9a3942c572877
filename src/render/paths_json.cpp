// JSON for scripts and SARIF 2.1.0 for code scanning. A SARIF result is one
// path; its locations are the statements that make the path's first hop
// (what a pull request that adds the path has to change), the rest of the
// path's statements are related locations.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
#include <algorithm>
#include <nlohmann/json.hpp>

#include "iamtrim/paths.hpp"
#include "render/json_fields.hpp"
#include "render/paths_sarif.hpp"
#include "render/sarif_log.hpp"

namespace iamtrim {
namespace {

using Json = nlohmann::ordered_json;

Json citation_json(const Citation& c) {
  Json j;
  j["what"] = c.what;
  j["policy"] = c.policy;
  if (!c.via.empty()) j["via"] = c.via;
  output::put_statement_place(j, c.path, c.span, c.pointer, c.statement, c.sid);
  return j;
}

Json conditions_json(const std::vector<ConditionNote>& notes) {
  Json out = Json::array();
  for (const ConditionNote& n : notes) {
    Json j = {{"condition", n.text}};
    if (n.where) j["where"] = citation_json(*n.where);
    out.push_back(std::move(j));
  }
  return out;
}

Json citations_json(const std::vector<Citation>& cites) {
  Json out = Json::array();
  for (const Citation& c : cites) out.push_back(citation_json(c));
  return out;
}

Json reach_json(const PathsResult& r, const TargetReach& t) {
  return {{"node", r.nodes[t.node].id},
          {"summary", t.summary},
          {"conditional", t.conditional()},
          {"citations", citations_json(t.citations)},
          {"conditions", conditions_json(t.conditions)}};
}

Json edge_json(const PathsResult& r, const Edge& e) {
  Json j = {{"from", r.nodes[e.from].id}, {"to", r.nodes[e.to].id}, {"kind", to_string(e.kind)}, {"method", e.method}};
  if (!e.service.empty()) j["service"] = e.service;
  if (!e.alternatives.empty()) j["alternatives"] = e.alternatives;
  j["conditional"] = e.conditional();
  j["citations"] = citations_json(e.citations);
  j["conditions"] = conditions_json(e.conditions);
  return j;
}

Json path_json(const PathsResult& r, const EscalationPath& p) {
  Json hops = Json::array();
  for (const Edge& e : p.hops) hops.push_back(edge_json(r, e));
  return {{"source", r.nodes[p.source].id},
          {"source_kind", to_string(r.nodes[p.source].kind)},
          {"steps", p.hops.size()},
          {"conditional", p.conditional},
          {"severity", to_string(p.severity())},
          {"fingerprint", p.fingerprint},
          {"summary", describe_path(r, p)},
          {"hops", hops},
          {"reach", reach_json(r, p.reach)}};
}

Json target_json(const Target& t) {
  Json caps = Json::array();
  for (const Capability& c : t.capabilities) caps.push_back({{"action", c.action}, {"resource", c.resource}});
  Json j = {{"label", t.label()}};
  j["kind"] = t.kind == Target::Kind::Admin ? "admin" : t.kind == Target::Kind::Principal ? "principal" : "action";
  if (t.kind != Target::Kind::Principal) j["capabilities"] = caps;
  return j;
}

Json location(const Citation& c, int id = -1) {
  Json physical = {{"artifactLocation", {{"uri", uri_reference(c.path)}}}};
  if (c.span.known()) physical["region"] = output::sarif_region(c.span);
  Json loc;
  if (id >= 0) loc["id"] = id;
  loc["physicalLocation"] = physical;
  if (!c.pointer.empty()) loc["logicalLocations"] = Json::array({{{"fullyQualifiedName", c.pointer}}});
  loc["message"] = {{"text", c.what + ": " + c.policy + (c.via.empty() ? "" : " (through " + c.via + ")")}};
  return loc;
}

// Where a result points: in a change, the cited statements of the changed
// files (what the pull request added); otherwise, and when the change only
// removed something, the statements of the first hop: the caller's own
// grants first, then the trust statement that admits it.
bool same_statement(const Citation& a, const Citation& b) { return a.path == b.path && a.pointer == b.pointer; }

bool has_statement(const std::vector<Citation>& list, const Citation& c) {
  return std::any_of(list.begin(), list.end(), [&](const Citation& x) { return same_statement(x, c); });
}

// One citation per statement.
std::vector<Citation> distinct(const std::vector<Citation>& list) {
  std::vector<Citation> out;
  for (const Citation& c : list)
    if (!has_statement(out, c)) out.push_back(c);
  return out;
}

std::vector<Citation> primary(const EscalationPath& p, const std::vector<std::string>& changed) {
  if (!changed.empty()) {
    std::vector<Citation> in_change;
    auto add = [&](const Citation& c) {
      if (std::find(changed.begin(), changed.end(), c.path) != changed.end() && !has_statement(in_change, c))
        in_change.push_back(c);
    };
    for (const Edge& e : p.hops)
      for (const Citation& c : e.citations) add(c);
    for (const Citation& c : p.reach.citations) add(c);
    if (!in_change.empty()) return in_change;
  }
  if (p.hops.empty()) return distinct(p.reach.citations);
  std::vector<Citation> out = p.hops.front().citations;
  for (const ConditionNote& n : p.hops.front().conditions)
    if (n.where) out.push_back(*n.where);
  if (out.empty()) out = p.reach.citations;
  return distinct(out);
}

}  // namespace

std::string render_paths_json(const PathsResult& r) {
  Json j;
  j["account"] = r.account;
  j["details"] = r.details_path;
  j["target"] = target_json(r.target);
  Json at = Json::array();
  for (const TargetReach& t : r.at_target) at.push_back(reach_json(r, t));
  j["at_target"] = at;
  Json paths = Json::array();
  std::size_t conditional = 0;
  for (const EscalationPath& p : r.paths) {
    paths.push_back(path_json(r, p));
    conditional += p.conditional ? 1 : 0;
  }
  j["paths"] = paths;
  j["warnings"] = r.warnings;
  j["summary"] = {{"principals", r.principals}, {"nodes", r.nodes.size()}, {"edges", r.edge_count},
                  {"paths", r.paths.size()},    {"conditional", conditional}, {"at_target", r.at_target.size()}};
  return j.dump(2) + "\n";
}

std::string render_paths_sarif(const PathsResult& r) { return output::render_paths_sarif(r, {}); }

std::string output::render_paths_sarif(const PathsResult& r, const std::vector<std::string>& changed) {
  Json rules = Json::array();
  rules.push_back({{"id", "escalation-path"},
                   {"shortDescription", {{"text", "A principal can reach the target through other principals."}}},
                   {"fullDescription",
                    {{"text", "Each step is a way to obtain another principal's permissions (sts:AssumeRole, iam:PassRole "
                              "to a service, credentials or policy changes); the locations are the statements that "
                              "make the first step."}}},
                   {"defaultConfiguration", {{"level", "error"}}}});
  rules.push_back({{"id", "conditional-escalation-path"},
                   {"shortDescription", {{"text", "A principal can reach the target when conditions the file cannot show hold."}}},
                   {"defaultConfiguration", {{"level", "warning"}}}});
  Json results = Json::array();
  for (const EscalationPath& p : r.paths) {
    Json res;
    res["ruleId"] = p.conditional ? "conditional-escalation-path" : "escalation-path";
    res["ruleIndex"] = p.conditional ? 1 : 0;
    res["level"] = p.conditional ? "warning" : "error";
    res["message"] = {{"text", r.nodes[p.source].id + " can reach " + r.target.label() + " in " +
                                   std::to_string(p.hops.size()) + " step" + (p.hops.size() == 1 ? "" : "s") + ": " +
                                   describe_path(r, p)}};
    Json locations = Json::array();
    std::vector<Citation> first = primary(p, changed);
    for (const Citation& c : first) locations.push_back(location(c));
    res["locations"] = locations;
    Json related = Json::array();
    int id = 0;
    std::vector<Citation> seen;
    auto relate = [&](const Citation& c) {
      if (!has_statement(first, c) && !has_statement(seen, c)) {
        seen.push_back(c);
        related.push_back(location(c, id++));
      }
    };
    for (const Edge& e : p.hops)
      for (const Citation& c : e.citations) relate(c);
    for (const Citation& c : p.reach.citations) relate(c);
    if (!related.empty()) res["relatedLocations"] = related;
    res["partialFingerprints"] = {{"iamtrimPath/v1", p.fingerprint}};
    results.push_back(std::move(res));
  }
  return output::sarif_log(std::move(rules), std::move(results)).dump(2) + "\n";
}

}  // namespace iamtrim
