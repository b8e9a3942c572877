// The text report: every path with, per hop, the statements that make it.
#include "iamtrim/paths.hpp"

namespace iamtrim {
namespace {

std::string where(const Citation& c) {
  std::string out = c.path;
  if (c.span.known()) {
    out += ':';
    out += std::to_string(c.span.begin.line);
    out += ':';
    out += std::to_string(c.span.begin.column);
  }
  return out;
}

std::string statement_name(const Citation& c) {
  std::string s = "statement " + std::to_string(c.statement);
  if (!c.sid.empty()) s += " \"" + c.sid + "\"";
  return s;
}

std::string citation_line(const Citation& c) {
  std::string out = c.what + ": " + c.policy;
  if (!c.via.empty() && c.policy.rfind(c.via + " ", 0) != 0) out += " (through " + c.via + ")";
  return out + ", " + statement_name(c) + " (" + where(c) + ")";
}

std::string condition_line(const ConditionNote& n) {
  std::string out = "condition: " + n.text;
  if (n.where) out += " (" + where(*n.where) + ")";
  return out;
}

void details(std::string& out, const std::vector<Citation>& cites, const std::vector<ConditionNote>& conds,
             const char* indent) {
  for (const Citation& c : cites) out += std::string(indent) + citation_line(c) + "\n";
  for (const ConditionNote& n : conds) out += std::string(indent) + condition_line(n) + "\n";
}

std::string hop_title(const PathsResult& r, const Edge& e) {
  std::string out = r.nodes[e.from].id + " -> " + r.nodes[e.to].id + ": " + e.method;
  if (e.kind == EdgeKind::Modify) {
    out += e.from == e.to ? " (" + r.nodes[e.from].id + " changes its own permissions)"
                          : " (" + r.nodes[e.from].id + " changes the permissions of " + r.nodes[e.to].id + ")";
  }
  if (!e.service.empty()) out += " via " + e.service;
  if (!e.alternatives.empty()) {
    // The JSON lists them all; three are enough to read.
    out += " (also ";
    for (std::size_t i = 0; i < e.alternatives.size() && i < 3; ++i) out += (i ? ", " : "") + e.alternatives[i];
    if (e.alternatives.size() > 3) out += " and " + std::to_string(e.alternatives.size() - 3) + " more";
    out += ")";
  }
  return out;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string describe_path(const PathsResult& r, const EscalationPath& p) {
  std::string out = r.nodes[p.source].id;
  for (const Edge& e : p.hops)
    out += e.kind == EdgeKind::Modify ? " -> changes " + r.nodes[e.to].id : " -> " + r.nodes[e.to].id;
  return out + " => " + r.target.label();
}

std::string render_paths_text(const PathsResult& r) {
  std::string out;
  const std::string target = r.target.label();
  out += "target: " + target;
  if (r.target.kind != Target::Kind::Principal) {
    out += " (";
    for (std::size_t i = 0; i < r.target.capabilities.size(); ++i)
      out += (i ? ", or " : "allows ") + r.target.capabilities[i].label();
    out += ")";
  }
  out += "\n";
  if (!r.at_target.empty()) {
    out += "already at the target:\n";
    for (const TargetReach& t : r.at_target) {
      out += "  " + r.nodes[t.node].id + ": " + t.summary + (t.conditional() ? ", conditionally" : "") + "\n";
      details(out, t.citations, t.conditions, "      ");
    }
  }
  std::size_t conditional = 0;
  for (const EscalationPath& p : r.paths) {
    if (p.conditional) ++conditional;
    out += r.nodes[p.source].id + " reaches " + target + " in " + plural(p.hops.size(), "step", "steps") +
           (p.conditional ? ", conditionally" : "") + ":\n";
    for (std::size_t i = 0; i < p.hops.size(); ++i) {
      out += "  " + std::to_string(i + 1) + ". " + hop_title(r, p.hops[i]) + "\n";
      details(out, p.hops[i].citations, p.hops[i].conditions, "       ");
    }
    out += "  => " + r.nodes[p.reach.node].id + ": " + p.reach.summary + "\n";
    details(out, p.reach.citations, p.reach.conditions, "       ");
  }
  for (const std::string& w : r.warnings) out += "warning: " + w + "\n";
  out += plural(r.paths.size(), "principal", "principals") + (r.paths.size() == 1 ? " reaches " : " reach ") + target;
  if (conditional) out += " (" + std::to_string(conditional) + " conditionally)";
  out += "; " + std::to_string(r.at_target.size()) + " already " + (r.at_target.size() == 1 ? "is" : "are") +
         " at the target; " + plural(r.principals, "principal", "principals") + " in account " + r.account + "\n";
  return out;
}

std::optional<std::string> render_paths(const PathsResult& result, std::string_view format) {
  if (format == "text") return render_paths_text(result);
  if (format == "json") return render_paths_json(result);
  if (format == "sarif") return render_paths_sarif(result);
  if (format == "dot") return render_paths_dot(result);
  if (format == "mermaid") return render_paths_mermaid(result);
  return std::nullopt;
}

}  // namespace iamtrim
