// The paths as a graph: Graphviz DOT and a Mermaid flowchart (which GitHub
// and most Markdown viewers draw). Only what the report shows is drawn: the
// paths' nodes and hops, the services a role is passed to, the groups whose
// policies a user's hop comes from, and the target.
#include <map>
#include <set>
#include <tuple>

#include "iamtrim/paths.hpp"

namespace iamtrim {
namespace {

struct GEdge {
  std::string from, to, label;
  bool dashed = false;   // conditional
  bool dotted = false;   // membership
  bool operator<(const GEdge& o) const { return std::tie(from, to, label) < std::tie(o.from, o.to, o.label); }
};

struct Drawing {
  std::vector<std::pair<std::string, NodeKind>> nodes;  // id, kind; in first-use order
  std::set<std::string> seen;
  std::vector<GEdge> edges;
  std::set<GEdge> edge_seen;
  std::string target;

  void node(const std::string& id, NodeKind kind) {
    if (seen.insert(id).second) nodes.emplace_back(id, kind);
  }
  void edge(GEdge e) {
    if (edge_seen.insert(e).second) edges.push_back(std::move(e));
  }
};

Drawing draw(const PathsResult& r) {
  Drawing d;
  d.target = r.target.label();
  auto add_hop = [&](const Edge& e) {
    const Node& from = r.nodes[e.from];
    const Node& to = r.nodes[e.to];
    d.node(from.id, from.kind);
    std::string label = e.method;
    if (e.kind == EdgeKind::PassRole) {
      const std::string svc = "service/" + e.service;
      d.node(svc, NodeKind::Service);
      d.node(to.id, to.kind);
      d.edge({from.id, svc, label, e.conditional(), false});
      d.edge({svc, to.id, "runs as", e.conditional(), false});
    } else {
      d.node(to.id, to.kind);
      d.edge({from.id, to.id, e.kind == EdgeKind::ServiceTrust ? "runs as" : label, e.conditional(), false});
    }
    for (const Citation& c : e.citations)
      if (!c.via.empty()) {
        d.node(c.via, NodeKind::Group);
        d.edge({from.id, c.via, "member", false, true});
      }
  };
  if (r.paths.empty())  // nothing else to show: who is there already
    for (const TargetReach& t : r.at_target) {
      d.node(r.nodes[t.node].id, r.nodes[t.node].kind);
      d.edge({r.nodes[t.node].id, "", t.summary, t.conditional(), false});
    }
  for (const EscalationPath& p : r.paths) {
    d.node(r.nodes[p.source].id, r.nodes[p.source].kind);
    for (const Edge& e : p.hops) add_hop(e);
    d.node(r.nodes[p.reach.node].id, r.nodes[p.reach.node].kind);
    d.edge({r.nodes[p.reach.node].id, "", p.reach.summary, p.reach.conditional(), false});
  }
  return d;
}

std::string mermaid_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"') out += "#quot;";
    else if (c == '<') out += "#lt;";
    else if (c == '>') out += "#gt;";
    else out += c;
  }
  return out;
}

std::string dot_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string render_paths_mermaid(const PathsResult& r) {
  Drawing d = draw(r);
  std::map<std::string, std::string> ids;
  std::string out = "flowchart LR\n";
  for (const auto& [id, kind] : d.nodes) {
    std::string key = std::string("n").append(std::to_string(ids.size()));
    ids[id] = key;
    std::string label = std::string("\"").append(mermaid_text(id)).append("\"");
    switch (kind) {
      case NodeKind::Service: out += "  " + key + "([" + label + "])\n"; break;
      case NodeKind::Group: out += "  " + key + "[[" + label + "]]\n"; break;
      case NodeKind::Provider:
      case NodeKind::Account:
      case NodeKind::Anyone: out += "  " + key + "[/" + label + "/]\n"; break;
      default: out += "  " + key + "[" + label + "]\n"; break;
    }
  }
  out += "  target{{\"" + mermaid_text(d.target) + "\"}}\n";
  for (const GEdge& e : d.edges) {
    std::string to = e.to.empty() ? "target" : ids[e.to];
    std::string arrow = e.dotted ? "-.-" : e.dashed ? "-.->" : "-->";
    out += "  " + ids[e.from] + " " + arrow + "|\"" + mermaid_text(e.label) + (e.dashed ? " (conditional)" : "") +
           "\"| " + to + "\n";
  }
  return out;
}

std::string render_paths_dot(const PathsResult& r) {
  Drawing d = draw(r);
  std::string out = "digraph paths {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n";
  for (const auto& [id, kind] : d.nodes) {
    std::string shape = kind == NodeKind::Service   ? "ellipse"
                        : kind == NodeKind::Group   ? "box3d"
                        : kind == NodeKind::Role    ? "box"
                        : kind == NodeKind::User    ? "box"
                                                    : "parallelogram";
    out += "  \"" + dot_text(id) + "\" [shape=" + shape + (kind == NodeKind::Role ? ", style=rounded" : "") + "];\n";
  }
  out += "  \"" + dot_text(d.target) + "\" [shape=doubleoctagon];\n";
  for (const GEdge& e : d.edges) {
    std::string to = e.to.empty() ? d.target : e.to;
    out += "  \"" + dot_text(e.from) + "\" -> \"" + dot_text(to) + "\" [label=\"" + dot_text(e.label) + "\"";
    if (e.dashed) out += ", style=dashed";
    if (e.dotted) out += ", style=dotted, arrowhead=none";
    out += "];\n";
  }
  return out + "}\n";
}

}  // namespace iamtrim
