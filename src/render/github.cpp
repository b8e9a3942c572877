// GitHub Actions workflow commands: each finding becomes an annotation on the
// pull request diff.
// https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
#include <sstream>

#include "render/render.hpp"

namespace iamtrim::render {

using escape::github_data;
using escape::github_property;
using escape::xml;
namespace {

std::string_view command_of(Severity s) {
  switch (s) {
    case Severity::Error:
    case Severity::Security: return "error";
    case Severity::Warning: return "warning";
    case Severity::Suggestion: return "notice";
  }
  return "warning";
}

}  // namespace

std::string render_github(const LintReport& report, const RenderOptions& o) {
  std::ostringstream out;
  for (const Finding& f : report.findings) {
    const Diagnostic& d = f.diagnostic;
    out << "::" << command_of(f.severity)
        << " file=" << github_property(display_path(f.file ? f.file->path() : "", o.base_dir));
    if (d.span.known()) {
      out << ",line=" << d.span.begin.line << ",col=" << d.span.begin.column;
      if (d.span.end.line) out << ",endLine=" << d.span.end.line << ",endColumn=" << d.span.end.column;
    }
    out << ",title=" << github_property(d.code + " " + f.slug);
    std::string message = std::string(to_string(f.severity)) + ": " + d.message;
    if (!d.suggestions.empty()) {
      message += " (did you mean ";
      for (std::size_t i = 0; i < d.suggestions.size(); ++i) message += (i ? ", " : "") + d.suggestions[i];
      message += "?)";
    }
    if (!f.owner.empty()) message += " [" + f.owner + "]";
    if (!f.note.empty()) message += "\nnote: " + f.note;
    out << "::" << github_data(message) << "\n";
  }
  return out.str();
}

}  // namespace iamtrim::render
