// SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps). Levels:
// error -> error, security -> error with a security-severity (GitHub ranks
// security alerts by it), warning -> warning, suggestion -> note.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
#include <map>
#include <nlohmann/json.hpp>

#include "render/json_fields.hpp"
#include "render/render.hpp"

namespace iamtrim::render {
namespace {

using json = nlohmann::ordered_json;

// GitHub maps security-severity above 7.0 to "high".
constexpr const char* kSecuritySeverity = "8.0";

std::string_view level_of(Severity s) {
  switch (s) {
    case Severity::Error:
    case Severity::Security: return "error";
    case Severity::Warning: return "warning";
    case Severity::Suggestion: return "note";
  }
  return "warning";
}

json rule_json(const RuleInfo& r) {
  json j;
  j["id"] = r.code;
  j["name"] = r.slug;
  j["shortDescription"] = {{"text", r.summary}};
  j["fullDescription"] = {{"text", r.rationale.empty() ? r.summary : r.rationale}};
  if (std::string url = rule_doc_url(r); !url.empty()) j["helpUri"] = url;
  j["help"] = {{"text", r.fix.empty() ? r.summary : r.fix}};
  j["defaultConfiguration"] = {{"level", level_of(r.severity)}};
  json props = {{"tags", json::array({r.category})}};
  if (r.severity == Severity::Security) {
    props["tags"].push_back("security");
    props["security-severity"] = kSecuritySeverity;
  }
  j["properties"] = std::move(props);
  return j;
}

// The owners of findings (a resource address, a logical id, role/NAME), each
// named once in run.logicalLocations and referred to by index.
struct Owners {
  json locations = json::array();
  std::map<std::string, std::size_t> index;
  std::size_t of(const std::string& owner) {
    auto [it, added] = index.emplace(owner, locations.size());
    if (added) locations.push_back({{"name", owner}, {"fullyQualifiedName", owner}, {"kind", "resource"}});
    return it->second;
  }
};

json result_json(const Finding& f, const std::string& fingerprint, const std::map<std::string, std::size_t>& index,
                 const RenderOptions& o, Owners& owners) {
  const Diagnostic& d = f.diagnostic;
  json r;
  r["ruleId"] = d.code;
  if (auto it = index.find(d.code); it != index.end()) r["ruleIndex"] = it->second;
  r["level"] = level_of(f.severity);
  std::string text = d.message;
  if (!d.suggestions.empty()) {
    text += " (did you mean ";
    for (std::size_t i = 0; i < d.suggestions.size(); ++i) text += (i ? ", " : "") + d.suggestions[i];
    text += "?)";
  }
  r["message"] = {{"text", text}};
  std::string path = display_path(f.file ? f.file->path() : "", o.base_dir);
  json physical = {{"artifactLocation", {{"uri", uri_reference(path == "-" ? "stdin" : path)}}}};
  if (d.span.known()) physical["region"] = output::sarif_region(d.span);
  json location = {{"physicalLocation", std::move(physical)}};
  if (!f.owner.empty())
    location["logicalLocations"] =
        json::array({{{"index", owners.of(f.owner)}, {"fullyQualifiedName", f.owner}, {"kind", "resource"}}});
  r["locations"] = json::array({std::move(location)});
  json fixes = json::array();
  for (const Fix& fix : f.fixes) {
    if (fix.safety == FixSafety::DisplayOnly || !fix.span.known()) continue;
    json replacement = {{"deletedRegion", output::sarif_region(fix.span)}};
    if (!fix.replacement.empty()) replacement["insertedContent"] = {{"text", fix.replacement}};
    json change = {{"artifactLocation", {{"uri", uri_reference(path == "-" ? "stdin" : path)}}},
                   {"replacements", json::array({std::move(replacement)})}};
    fixes.push_back({{"description", {{"text", fix.description + " (" + std::string(to_string(fix.safety)) + " fix)"}}},
                     {"artifactChanges", json::array({std::move(change)})}});
  }
  if (!fixes.empty()) r["fixes"] = std::move(fixes);
  if (!fingerprint.empty()) r["partialFingerprints"] = {{"iamtrim/v1", fingerprint}};
  // The element inside the file, as a JSON pointer (a file position, not a
  // logical name: the owner already names the resource).
  json props = json::object();
  if (!d.pointer.empty()) props["pointer"] = d.pointer;
  if (f.severity == Severity::Security) props["security-severity"] = kSecuritySeverity;
  if (!props.empty()) r["properties"] = std::move(props);
  return r;
}

}  // namespace

std::string render_sarif(const LintReport& report, const RenderOptions& o) {
  std::map<std::string, std::size_t> index;
  json rules = json::array();
  for (const RuleInfo& r : o.rules) {
    index[r.code] = rules.size();
    rules.push_back(rule_json(r));
  }
  json driver;
  driver["name"] = "iamtrim";
  driver["version"] = IAMTRIM_VERSION;
  driver["semanticVersion"] = IAMTRIM_VERSION;
  driver["rules"] = std::move(rules);
  json results = json::array();
  Owners owners;
  for (std::size_t i = 0; i < report.findings.size(); ++i)
    results.push_back(result_json(report.findings[i], i < report.fingerprints.size() ? report.fingerprints[i] : "",
                                  index, o, owners));
  json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["columnKind"] = "unicodeCodePoints";
  if (!owners.locations.empty()) run["logicalLocations"] = std::move(owners.locations);
  run["properties"] = {{"catalogVersion", report.catalog_version}};
  run["results"] = std::move(results);
  json out;
  out["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  out["version"] = "2.1.0";
  out["runs"] = json::array({std::move(run)});
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace iamtrim::render
