// Markdown for a pull-request comment: a verdict line, then one table row
// per change, gating changes first.
#include <sstream>

#include "iamtrim/diff.hpp"

namespace iamtrim {
namespace {

// Table cells: a '|' would end the cell, a newline the row.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string code(const std::string& s) { return s.empty() ? "" : "`" + cell(s) + "`"; }

}  // namespace

std::string render_markdown(const Catalog& catalog, const GateReport& report) {
  std::ostringstream out;
  std::size_t gating = 0, total = 0;
  for (const PolicyDiff& p : report.policies)
    for (const Change& c : p.changes) {
      ++total;
      if (c.new_access()) ++gating;
    }
  bool check = report.command == "check";
  if (check)
    out << "### iamtrim check: " << (gating ? "a listed action can be granted" : "no listed action can be granted")
        << "\n\n";
  else
    out << "### iamtrim diff: " << (gating ? "new access" : "no new access") << "\n\n";
  if (total) {
    out << "| | Location | Statement | Change | Actions | Resources | Details |\n";
    out << "|---|---|---|---|---|---|---|\n";
    for (bool want : {true, false})
      for (const PolicyDiff& p : report.policies)
        for (const Change& c : p.changes) {
          if (c.new_access() != want) continue;
          const Location& at = c.was && !c.where.statement ? *c.was : c.where;
          std::string where = at.path + (at.span.known() ? ":" + std::to_string(at.span.begin.line) : "");
          if (!p.key.empty()) where += " " + p.key;
          std::string statement = at.statement ? std::to_string(*at.statement) : "";
          if (!at.sid.empty()) statement += " (" + at.sid + ")";
          if (c.was && !c.where.statement) statement = "old " + statement;
          std::string kind(to_string(c.kind));
          if (c.certainty == Certainty::Possible) kind += " (possibly)";
          std::string details = c.detail;
          if (!c.principals.empty()) details += (details.empty() ? "" : "; ") + std::string("principals: ");
          for (std::size_t i = 0; i < c.principals.size(); ++i) details += (i ? ", " : "") + c.principals[i];
          std::string resources;
          for (std::size_t i = 0; i < c.resources.size(); ++i) resources += (i ? "<br>" : "") + code(c.resources[i]);
          out << "| " << (c.new_access() ? ":x:" : ":information_source:") << " | " << code(where) << " | "
              << cell(statement) << " | " << kind << " | " << code(describe_actions(catalog, c, 10)) << " | "
              << resources << " | " << cell(details) << " |\n";
        }
    out << "\n";
  }
  out << "<sub>" << gating << " of " << total << " change(s) "
      << (check ? "can grant a listed action" : "grant new access") << "; catalog " << catalog.version()
      << "</sub>\n";
  return out.str();
}

}  // namespace iamtrim
