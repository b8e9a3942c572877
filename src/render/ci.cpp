// The formats of CI systems other than code scanning: Markdown for GitHub's
// step summary, JUnit XML (Jenkins, GitLab, Azure DevOps, CircleCI test
// reports) and GitLab Code Quality JSON (merge request widget).
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "render/render.hpp"

namespace iamtrim::render {

using escape::github_data;
using escape::github_property;
using escape::xml;
namespace {

std::string suggestions(const Diagnostic& d) {
  if (d.suggestions.empty()) return "";
  std::string out = " (did you mean ";
  for (std::size_t i = 0; i < d.suggestions.size(); ++i) out += (i ? ", " : "") + d.suggestions[i];
  return out + "?)";
}

std::string where(const Finding& f, const RenderOptions& o) {
  std::string path = display_path(f.file ? f.file->path() : "", o.base_dir);
  const Span& s = f.diagnostic.span;
  return s.known() ? path + ":" + std::to_string(s.begin.line) + ":" + std::to_string(s.begin.column) : path;
}

// A Markdown table cell: '|' would end it, a newline the row; '<' would
// open HTML, '`' code.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else if (c == '<') out += "&lt;";
    else if (c == '`') out += "\\`";
    else out += c;
  }
  return out;
}

}  // namespace

std::string render_markdown(const LintReport& report, const RenderOptions& o) {
  std::ostringstream out;
  std::map<Severity, std::size_t> counts;
  for (const Finding& f : report.findings) ++counts[f.severity];
  out << "### iamtrim lint: " << (report.findings.empty() ? "no findings" : render_summary(report).substr(0, render_summary(report).find(" in ")))
      << "\n\n";
  if (!report.findings.empty()) {
    out << "| Location | Severity | Rule | Message |\n|---|---|---|---|\n";
    for (const Finding& f : report.findings) {
      std::string message = f.diagnostic.message + suggestions(f.diagnostic);
      if (!f.owner.empty()) message += " [" + f.owner + "]";
      if (!f.note.empty()) message += " (note: " + f.note + ")";
      out << "| `" << cell(where(f, o)) << "` | " << to_string(f.severity) << " | " << f.diagnostic.code << " "
          << f.slug << " | " << cell(message) << " |\n";
    }
    out << "\n";
  }
  std::string summary = render_summary(report);
  out << "<sub>" << cell(summary.substr(0, summary.size() - 1)) << "; catalog " << report.catalog_version
      << "</sub>\n";
  return out.str();
}

std::string render_junit(const LintReport& report, const RenderOptions& o) {
  // Suites in the order files first appear.
  std::vector<std::string> files;
  std::map<std::string, std::vector<const Finding*>> by_file;
  for (const Finding& f : report.findings) {
    std::string path = display_path(f.file ? f.file->path() : "", o.base_dir);
    if (!by_file.count(path)) files.push_back(path);
    by_file[path].push_back(&f);
  }
  std::ostringstream out;
  std::size_t tests = report.findings.empty() ? 1 : report.findings.size();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"iamtrim lint\" tests=\"" << tests << "\" failures=\"" << report.findings.size()
      << "\" errors=\"0\">\n";
  if (report.findings.empty()) {
    out << "  <testsuite name=\"iamtrim lint\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
        << "    <testcase classname=\"iamtrim\" name=\"" << xml(render_summary(report).substr(0, render_summary(report).size() - 1))
        << "\"/>\n  </testsuite>\n";
  }
  for (const std::string& path : files) {
    const auto& list = by_file[path];
    out << "  <testsuite name=\"" << xml(path) << "\" tests=\"" << list.size() << "\" failures=\"" << list.size()
        << "\" errors=\"0\" skipped=\"0\">\n";
    for (const Finding* f : list) {
      const Diagnostic& d = f->diagnostic;
      std::string name = d.code + " " + f->slug;
      if (d.span.known()) name += " at " + std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column);
      std::string message = d.message + suggestions(d);
      std::string body = where(*f, o) + ": " + std::string(to_string(f->severity)) + " " + d.code + " " + message;
      if (!f->owner.empty()) body += " [" + f->owner + "]";
      if (!f->note.empty()) body += "\nnote: " + f->note;
      out << "    <testcase classname=\"" << xml(path) << "\" name=\"" << xml(name) << "\" file=\"" << xml(path)
          << "\"";
      if (d.span.known()) out << " line=\"" << d.span.begin.line << "\"";
      out << ">\n      <failure type=\"" << to_string(f->severity) << "\" message=\"" << xml(message) << "\">"
          << xml(body) << "</failure>\n    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

std::string render_gitlab(const LintReport& report, const RenderOptions& o) {
  // The fingerprint is the baseline's, so GitLab follows a finding across edits.
  escape::CodeQualityReport issues;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    const Diagnostic& d = f.diagnostic;
    std::string severity = f.severity == Severity::Error      ? "blocker"
                           : f.severity == Severity::Security ? "critical"
                           : f.severity == Severity::Warning  ? "major"
                                                              : "minor";
    std::string description = d.code + " " + d.message + suggestions(d);
    if (!f.owner.empty()) description += " [" + f.owner + "]";
    issues.add(description, d.code + " " + f.slug, i < report.fingerprints.size() ? report.fingerprints[i] : d.code,
               severity, display_path(f.file ? f.file->path() : "", o.base_dir), d.span.known() ? d.span.begin.line : 0);
  }
  return issues.dump();
}

std::string render_report(const LintReport& report, const RenderOptions& o, std::string_view format) {
  if (format == "json") return render_json(report, o);
  if (format == "sarif") return render_sarif(report, o);
  if (format == "github") return render_github(report, o);
  if (format == "junit") return render_junit(report, o);
  if (format == "gitlab") return render_gitlab(report, o);
  if (format == "html") return render_html(report, o);
  return render_text(report, o);
}

}  // namespace iamtrim::render
