// SARIF 2.1.0 for code-scanning uploads: the smallest valid log, one rule
// per change kind, gating changes at level "error", the rest "note".
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "iamtrim/diff.hpp"
#include "render/json_fields.hpp"
#include "render/sarif_log.hpp"

namespace iamtrim {
namespace {

using Json = nlohmann::ordered_json;

constexpr ChangeKind kKinds[] = {
    ChangeKind::NewlyAllowed,      ChangeKind::PrincipalNewlyTrusted, ChangeKind::ResourceWidened,
    ChangeKind::ConditionRemoved,  ChangeKind::ConditionLoosened,     ChangeKind::ConditionChanged,
    ChangeKind::NoLongerDenied,    ChangeKind::NewlyDenied,           ChangeKind::NoLongerAllowed,
    ChangeKind::Grantable,
};

std::string_view description(ChangeKind k) {
  switch (k) {
    case ChangeKind::NewlyAllowed: return "The policy newly allows actions.";
    case ChangeKind::PrincipalNewlyTrusted: return "A principal gets access it did not have.";
    case ChangeKind::ResourceWidened: return "Actions are now allowed on more resources.";
    case ChangeKind::ConditionRemoved: return "A condition guarding a grant was removed.";
    case ChangeKind::ConditionLoosened: return "A condition guarding a grant admits more requests.";
    case ChangeKind::ConditionChanged: return "A condition changed in a way not proven looser.";
    case ChangeKind::NoLongerDenied: return "A Deny statement covers less than before.";
    case ChangeKind::NewlyDenied: return "The policy newly denies actions.";
    case ChangeKind::NoLongerAllowed: return "The policy no longer allows actions.";
    case ChangeKind::Grantable: return "The policy can grant an action that must not be granted.";
  }
  return "";
}

}  // namespace

std::string uri_reference(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string render_sarif(const Catalog& catalog, const GateReport& report) {
  Json rules = Json::array();
  for (ChangeKind k : kKinds)
    rules.push_back({{"id", to_string(k)}, {"shortDescription", {{"text", description(k)}}}});
  Json results = Json::array();
  // Each policy's name (owner, logical id, resource address) once, in
  // run.logicalLocations; results refer to it by index.
  Json logical = Json::array();
  std::map<std::string, std::size_t> named;
  for (const PolicyDiff& p : report.policies)
    for (const Change& c : p.changes) {
      Json r;
      r["ruleId"] = to_string(c.kind);
      r["ruleIndex"] = static_cast<int>(c.kind);
      r["level"] = c.new_access() ? "error" : "note";
      std::string text = change_message(catalog, c);
      if (c.certainty == Certainty::Possible) text = "possibly: " + text;
      r["message"] = {{"text", text}};
      Json physical;
      physical["artifactLocation"] = {{"uri", uri_reference(c.where.path)}};
      if (c.where.span.known()) physical["region"] = output::sarif_region(c.where.span);
      Json loc = {{"physicalLocation", physical}};
      if (!p.key.empty()) {
        auto [it, added] = named.emplace(p.key, logical.size());
        if (added) logical.push_back({{"name", p.key}, {"fullyQualifiedName", p.key}, {"kind", "resource"}});
        loc["logicalLocations"] =
            Json::array({{{"index", it->second}, {"fullyQualifiedName", p.key}, {"kind", "resource"}}});
      }
      r["locations"] = Json::array({loc});
      // The element inside the file, as a JSON pointer.
      if (!c.where.pointer.empty()) r["properties"] = {{"pointer", c.where.pointer}};
      results.push_back(std::move(r));
    }
  return output::sarif_log(std::move(rules), std::move(results), std::move(logical)).dump(2) + "\n";
}

Json output::sarif_log(Json rules, Json results, Json logical) {
  Json run;
  run["tool"] = {{"driver", {{"name", "iamtrim"}, {"version", IAMTRIM_VERSION}, {"rules", std::move(rules)}}}};
  run["columnKind"] = "unicodeCodePoints";
  if (!logical.empty()) run["logicalLocations"] = std::move(logical);
  run["results"] = std::move(results);
  Json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = Json::array({run});
  return log;
}

}  // namespace iamtrim
