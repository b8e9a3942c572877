// GitHub Actions workflow commands: each finding becomes an annotation on the
// pull request diff.
// https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
#include <sstream>

#include "render/render.hpp"

namespace iamtrim::render {
namespace {

// The runner splits commands on newlines and properties on ',' and ':' (and
// '::' ends the properties), so those are percent-escaped; '%' first.
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out.push_back(c);
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out.push_back(c);
  }
  return out;
}

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
        << " file=" << escape_property(display_path(f.file ? f.file->path() : "", o.base_dir));
    if (d.span.known()) {
      out << ",line=" << d.span.begin.line << ",col=" << d.span.begin.column;
      if (d.span.end.line) out << ",endLine=" << d.span.end.line << ",endColumn=" << d.span.end.column;
    }
    out << ",title=" << escape_property(d.code + " " + f.slug);
    std::string message = std::string(to_string(f.severity)) + ": " + d.message;
    if (!d.suggestions.empty()) {
      message += " (did you mean ";
      for (std::size_t i = 0; i < d.suggestions.size(); ++i) message += (i ? ", " : "") + d.suggestions[i];
      message += "?)";
    }
    if (!f.owner.empty()) message += " [" + f.owner + "]";
    if (!f.note.empty()) message += "\nnote: " + f.note;
    out << "::" << escape_data(message) << "\n";
  }
  return out.str();
}

}  // namespace iamtrim::render
