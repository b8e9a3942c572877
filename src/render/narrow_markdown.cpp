// The Markdown narrowing report, for people reviewing a rewrite in a pull
// request. Actions that share every reported fact are one row, so a service
// removed as a whole does not fill a page.
#include <map>
#include <sstream>
#include <tuple>

#include "iamtrim/narrow.hpp"
#include "render/markdown.hpp"

namespace iamtrim {

std::string detail::markdown_cell(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') out += "\\|";
    else if (ch == '\n' || ch == '\r') out += ' ';
    else out += ch;
  }
  return out;
}

namespace {

// A table cell; "-" for nothing.
std::string cell(std::string_view s) {
  std::string out = detail::markdown_cell(s);
  return out.empty() ? "-" : out;
}

// Everything a row shows; the per-action detail sentence is left to the
// JSON report, or no two actions would ever share a row.
using GroupKey = std::tuple<std::size_t, std::string, std::string, std::string, std::string, std::string, int,
                            std::string>;

struct Group {
  std::vector<ActionId> actions;
};

GroupKey key_of(const Catalog& c, const ActionOutcome& o) {
  const EvidenceRef& e = o.decision.evidence;
  return {o.statement, std::string(c.service_of(o.action).prefix), std::string(to_string(o.decision.reason)),
          e.file(), e.job_date(), e.last_accessed(), e.window_days, e.rule()};
}

std::string action_list(const Catalog& c, const std::vector<ActionId>& ids) {
  const ServiceInfo& s = c.service_of(ids.front());
  if (ids.size() == s.end - s.first) return "`" + std::string(s.prefix) + ":*` (" + std::to_string(ids.size()) + ")";
  constexpr std::size_t kShown = 8;
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < kShown; ++i) out += (i ? ", `" : "`") + c.full_name(ids[i]) + "`";
  if (ids.size() > kShown) out += " and " + std::to_string(ids.size() - kShown) + " more";
  return out;
}

void outcome_table(std::ostream& out, const Catalog& c, const std::vector<ActionOutcome>& outcomes) {
  if (outcomes.empty()) {
    out << "None.\n\n";
    return;
  }
  // Insertion order follows the outcomes (statement, then catalog order).
  std::vector<GroupKey> order;
  std::map<GroupKey, Group> groups;
  for (const ActionOutcome& o : outcomes) {
    GroupKey k = key_of(c, o);
    auto [it, fresh] = groups.try_emplace(k);
    if (fresh) order.push_back(k);
    it->second.actions.push_back(o.action);
  }
  out << "| Statement | Actions | Reason | Evidence | Job date | Last access | Window | Rule |\n"
      << "|---|---|---|---|---|---|---|---|\n";
  for (const GroupKey& k : order) {
    const auto& [st, svc, reason, file, job, last, window, rule] = k;
    // "never" only where not being accessed is the point of the decision.
    bool about_access = reason == to_string(DecisionReason::ServiceNotAccessed) ||
                        reason == to_string(DecisionReason::ActionNotAccessed) ||
                        reason == to_string(DecisionReason::TrackingTooRecent) ||
                        reason == to_string(DecisionReason::LowRiskWildcard);
    out << "| " << st << " | " << action_list(c, groups[k].actions) << " | " << reason << " | " << cell(file) << " | "
        << cell(job) << " | " << cell(last.empty() && about_access ? "never" : last) << " | "
        << (window ? std::to_string(window) + " days" : "-") << " | " << cell(rule) << " |\n";
  }
  out << "\n";
}

void policy_section(std::ostream& out, const Catalog& c, const NarrowedPolicy& p) {
  const NarrowResult& r = p.result;
  out << "## " << cell(p.owner.empty() ? p.file : p.owner + (p.name.empty() ? "" : " / " + p.name)) << "\n\n";
  out << "- File: " << cell(p.file) << (p.pointer.empty() ? "" : " at `" + p.pointer + "`") << "\n";
  if (!p.principals.empty()) {
    out << "- Evidence of:";
    for (const std::string& s : p.principals) out << " " << cell(s);
    out << "\n";
  }
  out << "- Result: " << (r.detach ? "**detach** (the policy grants nothing after narrowing)"
                          : r.changed ? "narrowed" : "unchanged")
      << "; " << r.removed.size() << " actions removed, " << r.kept.size() << " kept\n";
  out << "- Verified: " << (r.verification.ok ? "yes" : "NO") << "\n";
  for (const std::string& v : r.verification.violations) out << "  - " << cell(v) << "\n";
  if (r.changed) out << "- Size: " << cell(r.size.message) << "\n";
  if (r.changed && r.size.compressed)
    out << "- Wildcards match no removed action in catalog " << r.size.catalog_version << "\n";
  for (const StatementChange& s : r.statements)
    for (const StatementChange::LowRiskKeep& k : s.low_risk)
      out << "- Kept: `" << cell(k.item) << "` (statement " << s.index << "): low-risk wildcard, " << k.unused
          << " unused read actions\n";
  for (const std::string& n : p.notes) out << "- Note: " << cell(n) << "\n";
  out << "\n| Statement | Sid | Line | Outcome | Granted | Removed | Rewritten items |\n"
      << "|---|---|---|---|---|---|---|\n";
  for (const StatementChange& s : r.statements) {
    std::string items;
    for (const std::string& i : s.replaced_items) items += (items.empty() ? "`" : ", `") + cell(i) + "`";
    out << "| " << s.index << " | " << cell(s.sid) << " | " << s.span.begin.line << " | " << to_string(s.outcome)
        << (s.was_not_action ? " (NotAction to Action)" : "") << " | " << s.granted << " | " << s.removed << " | "
        << (items.empty() ? "-" : items) << " |\n";
  }
  out << "\n### Removed\n\n";
  outcome_table(out, c, r.removed);
  out << "### Kept\n\n";
  outcome_table(out, c, r.kept);
}

}  // namespace

std::string narrow_report_markdown(const Catalog& c, const std::vector<NarrowedPolicy>& policies,
                                   const std::string& as_of) {
  std::vector<const NarrowedPolicy*> all;
  for (const NarrowedPolicy& p : policies) all.push_back(&p);
  return narrow_report_markdown(c, all, as_of);
}

std::string narrow_report_markdown(const Catalog& c, const std::vector<const NarrowedPolicy*>& policies,
                                   const std::string& as_of) {
  std::ostringstream out;
  out << "# iamtrim narrowing report\n\n"
      << "Catalog " << c.version() << " (" << c.date() << "); evidence as of " << (as_of.empty() ? "-" : as_of)
      << ".\n\n";
  for (const NarrowedPolicy* p : policies) policy_section(out, c, *p);
  return out.str();
}

}  // namespace iamtrim
