// The no-new-access gate in the CI formats (render.hpp): annotations on a
// GitHub pull request, a JUnit test report, a GitLab Code Quality report.
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "render/escape.hpp"
#include "render/gate_ci.hpp"

namespace iamtrim {
namespace {

using escape::github_data;
using escape::github_property;
using escape::xml;

// "statement 1 (Sid): " or "old statement 2 at BASE:path:12: ", as the text format says it.
std::string statement_of(const Change& c) {
  if (c.was && c.was->statement) {
    std::string out = "old statement " + std::to_string(*c.was->statement);
    if (!c.was->sid.empty()) out += " (" + c.was->sid + ")";
    return out + " at " + c.was->path + ":" + std::to_string(c.was->span.begin.line) + ": ";
  }
  if (c.where.statement) {
    std::string out = "statement " + std::to_string(*c.where.statement);
    if (!c.where.sid.empty()) out += " (" + c.where.sid + ")";
    return out + ": ";
  }
  return "";
}

std::string sentence(const Catalog& catalog, const PolicyDiff& p, const Change& c) {
  std::string out = p.key.empty() ? "" : p.key + ": ";
  out += statement_of(c) + change_message(catalog, c);
  if (c.certainty == Certainty::Possible) out = "possibly: " + out;
  return out;
}

void each_change(const GateReport& report, const std::function<void(const PolicyDiff&, const Change&)>& f) {
  for (const PolicyDiff& p : report.policies)
    for (const Change& c : p.changes) f(p, c);
}

// A short stable hash (FNV-1a, 64 bits) in hex.
std::string hash(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  static const char* hex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = hex[h & 15];
  return out;
}

}  // namespace

std::string render_gate_github(const Catalog& catalog, const GateReport& report) {
  std::ostringstream out;
  each_change(report, [&](const PolicyDiff& p, const Change& c) {
    out << "::" << (c.new_access() ? "error" : "notice") << " file=" << github_property(c.where.path);
    if (c.where.span.known()) {
      out << ",line=" << c.where.span.begin.line << ",col=" << c.where.span.begin.column;
      if (c.where.span.end.line) out << ",endLine=" << c.where.span.end.line << ",endColumn=" << c.where.span.end.column;
    }
    out << ",title=" << github_property("iamtrim " + report.command + ": " + std::string(to_string(c.kind)));
    out << "::" << github_data(sentence(catalog, p, c)) << "\n";
  });
  return out.str();
}

std::string render_gate_junit(const Catalog& catalog, const GateReport& report) {
  std::size_t tests = 0, failures = 0;
  for (const PolicyDiff& p : report.policies) {
    ++tests;
    bool gating = false;
    for (const Change& c : p.changes) gating = gating || c.new_access();
    failures += gating;
  }
  std::string suite = "iamtrim " + report.command;
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"" << xml(suite) << "\" tests=\"" << std::max<std::size_t>(tests, 1) << "\" failures=\""
      << failures << "\" errors=\"0\">\n"
      << "  <testsuite name=\"" << xml(suite) << "\" tests=\"" << std::max<std::size_t>(tests, 1) << "\" failures=\""
      << failures << "\" errors=\"0\" skipped=\"0\">\n";
  if (report.policies.empty())
    out << "    <testcase classname=\"iamtrim\" name=\"" << (report.command == "check" ? "no policy" : "no policy changed")
        << "\"/>\n";
  for (const PolicyDiff& p : report.policies) {
    std::string path = p.new_path.empty() ? p.old_path : p.new_path;
    std::string name = (p.key.empty() ? path : path + " " + p.key) +
                       (report.command == "check" ? ": can grant no listed action" : ": grants no new access");
    std::string gating, other;
    for (const Change& c : p.changes) {
      std::string line = c.where.path + (c.where.span.known() ? ":" + std::to_string(c.where.span.begin.line) : "") +
                         ": " + std::string(to_string(c.kind)) + ": " + sentence(catalog, p, c) + "\n";
      (c.new_access() ? gating : other) += line;
    }
    out << "    <testcase classname=\"" << xml(path) << "\" name=\"" << xml(name) << "\" file=\"" << xml(path) << "\"";
    if (gating.empty() && other.empty()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    if (!gating.empty())
      out << "      <failure type=\"new-access\" message=\""
          << xml(report.command == "check" ? "can grant a listed action" : "grants new access") << "\">" << xml(gating)
          << "</failure>\n";
    if (!other.empty()) out << "      <system-out>" << xml(other) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

std::string render_gate_gitlab(const Catalog& catalog, const GateReport& report) {
  escape::CodeQualityReport issues;
  each_change(report, [&](const PolicyDiff& p, const Change& c) {
    std::string kind(to_string(c.kind));
    std::string fp = hash(report.command + "\n" + c.where.path + "\n" + p.key + "\n" + c.where.pointer + "\n" + kind +
                          "\n" + change_message(catalog, c, 0));
    issues.add(kind + ": " + sentence(catalog, p, c), "iamtrim " + report.command + " " + kind, fp,
               c.new_access() ? "critical" : "info", c.where.path, c.where.span.known() ? c.where.span.begin.line : 0);
  });
  return issues.dump();
}

std::optional<std::string> render_gate(const Catalog& catalog, const GateReport& report, std::string_view format) {
  if (format == "github") return render_gate_github(catalog, report);
  if (format == "junit") return render_gate_junit(catalog, report);
  if (format == "gitlab") return render_gate_gitlab(catalog, report);
  return render(catalog, report, format);
}

}  // namespace iamtrim
