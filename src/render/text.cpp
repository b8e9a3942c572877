// The format people read: one finding a line, in the shape compilers use so
// that editors and terminals turn "file:line:col" into a link.
#include <map>
#include <sstream>

#include "render/render.hpp"

namespace iamtrim::render {
namespace {

constexpr const char* kReset = "\033[0m";
constexpr const char* kBold = "\033[1m";
constexpr const char* kDim = "\033[2m";

const char* colour_of(Severity s) {
  switch (s) {
    case Severity::Error: return "\033[1;31m";
    case Severity::Security: return "\033[1;35m";
    case Severity::Warning: return "\033[1;33m";
    case Severity::Suggestion: return "\033[1;36m";
  }
  return "";
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// One finding, one line: a line break inside a message would split it.
std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out.push_back(c);
  }
  return out;
}

}  // namespace

std::string render_text(const LintReport& report, const RenderOptions& o) {
  std::ostringstream out;
  auto paint = [&](const char* code, const std::string& text) {
    return o.color ? std::string(code) + text + kReset : text;
  };
  for (const Finding& f : report.findings) {
    const Diagnostic& d = f.diagnostic;
    std::string where = display_path(f.file ? f.file->path() : "", o.base_dir);
    if (d.span.known()) where += ":" + std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column);
    out << paint(kBold, where + ":") << " " << paint(colour_of(f.severity), std::string(to_string(f.severity)))
        << " " << paint(kBold, d.code) << " " << one_line(d.message);
    if (!d.suggestions.empty()) {
      out << " (did you mean ";
      for (std::size_t i = 0; i < d.suggestions.size(); ++i) out << (i ? ", " : "") << d.suggestions[i];
      out << "?)";
    }
    if (!f.owner.empty()) out << " " << paint(kDim, "[" + f.owner + "]");
    out << "\n";
    if (!f.note.empty()) out << "  note: " << one_line(f.note) << "\n";
  }
  return out.str();
}

std::string render_summary(const LintReport& report) {
  std::map<Severity, std::size_t> counts;
  for (const Finding& f : report.findings) ++counts[f.severity];
  std::string out = report.findings.empty() ? std::string("no findings") : plural(report.findings.size(), "finding", "findings");
  if (!counts.empty()) {
    out += " (";
    bool first = true;
    for (auto& [severity, n] : counts) {
      out += (first ? "" : ", ") + std::to_string(n) + " " + std::string(to_string(severity));
      first = false;
    }
    out += ")";
  }
  out += " in " + plural(report.policies, "policy", "policies") + " from " + plural(report.files, "file", "files");
  if (report.suppressed) out += "; " + std::to_string(report.suppressed) + " suppressed by the baseline";
  return out + "\n";
}

}  // namespace iamtrim::render
