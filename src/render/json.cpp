// The JSON format (schema documented in docs/lint-usage.md, "JSON output").
// Keys are stable; new keys may be added, existing ones never change meaning.
#include <map>
#include <nlohmann/json.hpp>

#include "render/json_fields.hpp"
#include "render/render.hpp"

namespace iamtrim::render {

std::string render_json(const LintReport& report, const RenderOptions& o) {
  using json = nlohmann::ordered_json;
  json findings = json::array();
  std::map<std::string, std::size_t> counts;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    const Diagnostic& d = f.diagnostic;
    json j;
    j["file"] = display_path(f.file ? f.file->path() : "", o.base_dir);
    output::put_span(j, d.span);
    j["code"] = d.code;
    j["slug"] = f.slug;
    j["severity"] = to_string(f.severity);
    j["message"] = d.message;
    j["pointer"] = d.pointer;
    j["owner"] = f.owner;
    j["suggestions"] = d.suggestions;
    json fixes = json::array();
    for (const Fix& fix : f.fixes) {
      json x = {{"safety", to_string(fix.safety)}, {"description", fix.description}};
      if (fix.safety != FixSafety::DisplayOnly && fix.span.known())
        x["edit"] = {{"line", fix.span.begin.line},         {"column", fix.span.begin.column},
                     {"end_line", fix.span.end.line},       {"end_column", fix.span.end.column},
                     {"offset", fix.span.begin.offset},     {"end_offset", fix.span.end.offset},
                     {"replacement", fix.replacement}};
      fixes.push_back(std::move(x));
    }
    j["fixes"] = std::move(fixes);
    j["note"] = f.note;
    j["fingerprint"] = i < report.fingerprints.size() ? report.fingerprints[i] : "";
    findings.push_back(std::move(j));
    ++counts[std::string(to_string(f.severity))];
  }
  json summary;
  summary["files"] = report.files;
  summary["policies"] = report.policies;
  summary["findings"] = report.findings.size();
  json by_severity = json::object();
  for (Severity s : {Severity::Error, Severity::Security, Severity::Warning, Severity::Suggestion})
    by_severity[std::string(to_string(s))] = counts[std::string(to_string(s))];
  summary["by_severity"] = std::move(by_severity);
  summary["suppressed"] = report.suppressed;
  json out;
  out["version"] = 1;
  out["tool"] = {{"name", "iamtrim"}, {"version", IAMTRIM_VERSION}, {"catalog", report.catalog_version}};
  out["findings"] = std::move(findings);
  out["summary"] = std::move(summary);
  // Replacing invalid UTF-8 keeps a hostile file name from aborting the output.
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace iamtrim::render
