// Plain-text gate output, one line per change in compiler style
// (path:line:col: kind: message), and the sentences the other formats reuse.
#include <sstream>

#include "iamtrim/diff.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim {

std::vector<std::string> action_names(const Catalog& catalog, const Change& change) {
  // A whole service reads better as "svc:*" than as its 300 names.
  std::vector<std::string> out;
  for (const ServiceInfo& svc : catalog.services()) {
    if (svc.first == svc.end) continue;
    ActionSet whole(catalog.action_count());
    whole.insert_range(svc.first, svc.end);
    ActionSet here = change.actions & whole;
    if (here.empty()) continue;
    if (here == whole) {
      out.push_back(std::string(svc.prefix) + ":*");
      continue;
    }
    here.for_each([&](ActionId id) { out.push_back(catalog.full_name(id)); });
  }
  for (const std::string& o : change.other_actions) out.push_back(o);
  return out;
}

std::string describe_actions(const Catalog& catalog, const Change& change, std::size_t limit) {
  std::vector<std::string> names = action_names(catalog, change);
  std::size_t shown = limit == 0 ? names.size() : std::min(limit, names.size());
  std::vector<std::string> head(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(shown));
  std::string out = join(head, ", ");
  if (shown < names.size()) out += " (+" + std::to_string(names.size() - shown) + " more)";
  return out;
}

std::string change_message(const Catalog& catalog, const Change& c, std::size_t limit) {
  std::string actions = describe_actions(catalog, c, limit);
  std::string on = " on " + join(c.resources, ", ");
  std::string to = c.principals.empty() ? "" : " to " + join(c.principals, ", ");
  std::string detail = c.detail.empty() ? "" : " (" + c.detail + ")";
  switch (c.kind) {
    case ChangeKind::NewlyAllowed: return "newly allows " + actions + on + to;
    case ChangeKind::PrincipalNewlyTrusted:
      return "newly trusts " + join(c.principals, ", ") + " with " + actions + on;
    case ChangeKind::ResourceWidened: return "allows " + actions + on + to + detail;
    case ChangeKind::ConditionRemoved:
    case ChangeKind::ConditionLoosened:
    case ChangeKind::ConditionChanged: return c.detail + ", for " + actions + on + to;
    case ChangeKind::NoLongerDenied: return "no longer denies " + actions + on + to + detail;
    case ChangeKind::NewlyDenied: return "newly denies " + actions + on + to;
    case ChangeKind::NoLongerAllowed: return "no longer allows " + actions + on + to;
    case ChangeKind::Grantable: return "can grant " + actions + on + to + detail;
  }
  return actions;
}

std::string render_text(const Catalog& catalog, const GateReport& report) { return render_text(catalog, report, {}); }

std::string render_text(const Catalog& catalog, const GateReport& report, const GateTextOptions& o) {
  auto paint = [&](const char* code, const std::string& text) {
    return o.color ? std::string(code) + text + "\033[0m" : text;
  };
  std::ostringstream out;
  std::size_t total = 0, gating = 0;
  for (const PolicyDiff& p : report.policies)
    for (const Change& c : p.changes) {
      ++total;
      if (c.new_access()) ++gating;
      std::string where = c.where.path;
      if (c.where.span.known())
        where += ":" + std::to_string(c.where.span.begin.line) + ":" + std::to_string(c.where.span.begin.column);
      std::string kind(to_string(c.kind));
      if (c.certainty == Certainty::Possible) kind += " (possibly)";
      out << paint("\033[1m", where + ":") << " " << paint(c.new_access() ? "\033[1;31m" : "\033[2m", kind) << ": ";
      if (!p.key.empty()) out << p.key << ": ";
      if (c.was && c.was->statement) {
        out << "old statement " << *c.was->statement;
        if (!c.was->sid.empty()) out << " (" << c.was->sid << ")";
        out << " at " << c.was->path << ":" << c.was->span.begin.line << ": ";
      } else if (c.where.statement) {
        out << "statement " << *c.where.statement;
        if (!c.where.sid.empty()) out << " (" << c.where.sid << ")";
        out << ": ";
      }
      out << change_message(catalog, c) << "\n";
    }
  if (!o.verdict) return out.str();
  if (report.command == "check") {
    out << (gating ? std::to_string(gating) + " statement(s) can grant a listed action\n"
                   : "no listed action can be granted\n");
  } else if (gating) {
    out << gating << " of " << total << " change(s) grant new access\n";
  } else {
    out << "no new access" << (total ? " (" + std::to_string(total) + " other change(s))" : "") << "\n";
  }
  return out.str();
}

std::optional<std::string> render(const Catalog& catalog, const GateReport& report, std::string_view format) {
  if (format == "text") return render_text(catalog, report);
  if (format == "json") return render_json(catalog, report);
  if (format == "markdown") return render_markdown(catalog, report);
  if (format == "sarif") return render_sarif(catalog, report);
  return std::nullopt;
}

}  // namespace iamtrim
