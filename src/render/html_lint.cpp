// `iamtrim lint --format html`: the findings as one self-contained page, with
// the same shell, table and escaping as the narrowing reports (html.hpp).
#include <map>
#include <set>

#include "render/html.hpp"
#include "render/render.hpp"

namespace iamtrim::render {

std::string render_html(const LintReport& report, const RenderOptions& o) {
  namespace h = html;
  html::Json findings = html::Json::array(), rules = html::Json::object();
  std::map<Severity, std::size_t> by_severity;
  std::map<std::string, std::size_t> by_rule;
  std::set<std::string> files;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    const Diagnostic& d = f.diagnostic;
    const std::string file = display_path(f.file ? f.file->path() : "", o.base_dir);
    html::Json fixes = html::Json::array();
    for (const Fix& fix : f.fixes) fixes.push_back(html::Json::array({std::string(to_string(fix.safety)), fix.description}));
    findings.push_back({{"file", file},
                        {"line", d.span.begin.line},
                        {"column", d.span.begin.column},
                        {"severity", std::string(to_string(f.severity))},
                        {"code", d.code},
                        {"slug", f.slug},
                        {"message", d.message},
                        {"owner", f.owner},
                        {"note", f.note},
                        {"pointer", d.pointer},
                        {"suggestions", d.suggestions},
                        {"fixes", std::move(fixes)},
                        {"fingerprint", i < report.fingerprints.size() ? report.fingerprints[i] : ""}});
    ++by_severity[f.severity];
    ++by_rule[d.code];
    files.insert(file);
    if (!rules.contains(d.code))
      if (const RuleInfo* r = find_rule(d.code)) rules[d.code] = {{"slug", r->slug}, {"summary", r->summary}, {"fix", r->fix}};
  }
  html::Json data;
  data["findings"] = std::move(findings);
  data["rules"] = std::move(rules);
  data["catalog"] = report.catalog_version;

  std::string overview = "<section class=\"overview\" aria-labelledby=\"overview-heading\"><h2 id=\"overview-heading\">"
                         "Overview</h2><div class=\"cards\">";
  overview += h::card(h::number(report.findings.size()), report.findings.size() == 1 ? "finding" : "findings",
                      h::number(files.size()) + " of " + h::number(report.files) + " files");
  for (Severity s : {Severity::Error, Severity::Security, Severity::Warning, Severity::Suggestion})
    overview += h::card(h::number(by_severity[s]), std::string(to_string(s)), "");
  overview += h::card(h::number(report.policies), report.policies == 1 ? "policy linted" : "policies linted",
                      report.suppressed ? h::number(report.suppressed) + " findings suppressed by the baseline" : "");
  overview += "</div>";
  if (!by_rule.empty()) {
    std::vector<std::pair<std::string, std::size_t>> order(by_rule.begin(), by_rule.end());
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<h::Bar> bars;
    for (std::size_t i = 0; i < order.size() && i < 15; ++i) {
      const RuleInfo* r = find_rule(order[i].first);
      bars.push_back({order[i].first + (r ? " " + r->slug : ""), {order[i].second}});
    }
    overview += "<h3>Findings per rule</h3>" +
                h::bar_chart("rule-chart", "Findings per rule, most frequent first", {{"findings", "s-removed"}}, bars);
  }
  overview += "</section>";
  h::Page page;
  page.kind = "lint";
  page.title = "iamtrim lint report";
  page.subtitle = h::number(report.findings.size()) + " findings in " + h::number(report.policies) + " policies from " +
                  h::number(report.files) + " files · catalog " + report.catalog_version;
  page.overview = std::move(overview);
  page.explorer_heading = "Findings";
  page.data = data.dump(-1, ' ', false, html::Json::error_handler_t::replace);
  return h::page(page);
}

}  // namespace iamtrim::render
