// The HTML narrowing reports (report_html.hpp): one model for a policy file,
// the policies of a Terraform/CloudFormation file and a whole account. The
// overview (cards, the per-service chart, tracking coverage, why actions
// were kept) is rendered here; the table of policies and principals and each
// policy's diff, removals and keeps are data for the page's script.
//
// The data stays small for large accounts: action names are interned once,
// in catalog order, and each group of actions that share a reason and
// evidence is a list of [first, count] runs over that table (so the 190
// actions of ec2:Describe* are one pair), and evidence references are
// interned too.
#include <algorithm>
#include <map>
#include <set>

#include "iamtrim/report_html.hpp"
#include "render/html.hpp"

namespace iamtrim {
namespace {

namespace h = render::html;
using h::Json;

constexpr std::size_t kChartServices = 15;

struct ServiceStats {
  std::size_t granted = 0, used = 0, removed = 0, low_risk = 0, other = 0;
  std::set<int> windows;
  std::set<std::string> rules;
  std::map<std::string, std::size_t> unproven;  // reason -> actions kept without proof
};

struct KeptStats {
  std::size_t actions = 0;
  std::set<std::size_t> policies;
  std::vector<ActionId> examples;
};

// One policy as the builder sees it, whatever the mode.
struct PolicyView {
  std::string owner, name, kind, outcome, arn, out, note;
  std::vector<std::string> principals, missing;
  std::size_t granted = 0, removed = 0, kept = 0;
  const NarrowedPolicy* narrowed = nullptr;
  const CompactOutcomes* compact = nullptr;  // its outcomes, when not in `narrowed` (an account's)
};

// What the page shows of one removal or keep, from an ActionOutcome or from
// a policy's CompactOutcomes.
struct OutcomeView {
  ActionId action;
  bool removed;
  DecisionReason reason;
  const EvidenceRef* evidence;
  const std::string* kept_by;
};

std::vector<OutcomeView> views_of(const std::vector<ActionOutcome>& outcomes) {
  std::vector<OutcomeView> out;
  out.reserve(outcomes.size());
  for (const ActionOutcome& o : outcomes)
    out.push_back({o.action, o.removed, o.decision.reason, &o.decision.evidence, &o.kept_by});
  return out;
}

std::vector<OutcomeView> views_of(const CompactOutcomes& c, bool removed) {
  const auto& list = removed ? c.removed : c.kept;
  std::vector<OutcomeView> out;
  out.reserve(list.size());
  for (const auto& [action, kind] : list) {
    const CompactOutcomes::Kind& k = c.kinds[kind];
    out.push_back({action, removed, k.reason, &k.evidence, &k.kept_by});
  }
  return out;
}

// The removals and the keeps of a policy, from wherever it holds them.
std::pair<std::vector<OutcomeView>, std::vector<OutcomeView>> outcomes_of(const NarrowedPolicy& p,
                                                                          const CompactOutcomes* compact) {
  if (compact) return {views_of(*compact, true), views_of(*compact, false)};
  return {views_of(p.result.removed), views_of(p.result.kept)};
}

std::string strip_members(const std::string& owner) {
  const std::string suffix = " (through its members)";
  return owner.size() > suffix.size() && owner.compare(owner.size() - suffix.size(), suffix.size(), suffix) == 0
             ? owner.substr(0, owner.size() - suffix.size())
             : owner;
}

bool about_access(DecisionReason r) {
  return r == DecisionReason::ServiceNotAccessed || r == DecisionReason::ActionNotAccessed ||
         r == DecisionReason::TrackingTooRecent || r == DecisionReason::LowRiskWildcard;
}

class Builder {
 public:
  explicit Builder(const Catalog& c) : c_(c), referenced_(c.action_count()) {}

  // Pass 1: every action any group will name.
  void reference(const NarrowedPolicy& p, const CompactOutcomes* compact = nullptr) {
    if (compact) {
      for (const auto* list : {&compact->removed, &compact->kept})
        for (const auto& [action, kind] : *list) referenced_.insert(action);
      return;
    }
    for (const ActionOutcome& o : p.result.removed) referenced_.insert(o.action);
    for (const ActionOutcome& o : p.result.kept) referenced_.insert(o.action);
  }

  // After pass 1: the interned action table, in catalog order.
  void freeze() {
    index_.assign(c_.action_count(), 0);
    actions_ = Json::array();
    std::uint32_t next = 0;
    referenced_.for_each([&](ActionId id) {
      index_[id] = next++;
      actions_.push_back(c_.full_name(id));
    });
  }

  // Pass 2: one entry of the policy table.
  Json policy(const PolicyView& v) {
    const std::size_t id = policies_++;
    Json j;
    j["id"] = id;
    j["owner"] = v.owner;
    j["name"] = v.name;
    j["kind"] = v.kind;
    j["outcome"] = v.outcome;
    j["granted"] = v.granted;
    j["removed"] = v.removed;
    j["kept"] = v.kept;
    j["principals"] = v.principals;
    j["missing"] = v.missing;
    if (!v.arn.empty()) j["arn"] = v.arn;
    if (!v.out.empty()) j["out"] = v.out;
    if (!v.note.empty()) j["note"] = v.note;
    outcomes_[v.outcome]++;
    for (const std::string& p : v.principals) principal(strip_members(p), id, v);
    if (!v.narrowed) return j;
    const NarrowedPolicy& p = *v.narrowed;
    const NarrowResult& r = p.result;
    j["file"] = p.file;
    if (!p.pointer.empty()) j["pointer"] = p.pointer;
    j["verified"] = r.verification.ok;
    if (!r.verification.ok) j["violations"] = r.verification.violations;
    j["notes"] = intern_all(notes_, note_index_, p.notes);
    if (r.changed) {
      j["size"] = r.size.message;
      j["fits"] = r.size.fits;
      if (r.size.compressed) j["compressed"] = "wildcards match no removed action in catalog " + r.size.catalog_version;
      if (!r.original.statements.empty() || r.original.has_statement)
        j["before"] = lines(write_policy(r.original, {.pretty = true, .indent = 4}));
      j["after"] = lines(write_policy(r.policy, {.pretty = true, .indent = 4}));
      Json parts = Json::array();
      for (const Policy& part : r.parts) parts.push_back(write_policy(part, {.pretty = true, .indent = 4}));
      if (!parts.empty()) j["parts"] = std::move(parts);
    }
    Json low = Json::array();
    for (const StatementChange& s : r.statements)
      for (const StatementChange::LowRiskKeep& k : s.low_risk) low.push_back(Json::array({k.item, k.unused}));
    if (!low.empty()) j["lowrisk"] = std::move(low);
    Json statements = Json::array();
    for (const StatementChange& s : r.statements)
      statements.push_back(Json::array({s.sid.empty() ? "#" + std::to_string(s.index) : s.sid,
                                        std::string(to_string(s.outcome)), s.granted, s.removed}));
    j["statements"] = std::move(statements);
    const auto [removed, kept] = outcomes_of(p, v.compact);
    j["rm"] = groups(removed);
    j["kp"] = groups(kept);
    tally(id, removed, kept);
    return j;
  }

  Json principals_json(const std::set<std::string>& without_evidence) const {
    Json out = Json::array();
    for (const auto& [owner, p] : principals_) {
      const std::string type = owner.substr(0, owner.find('/'));
      out.push_back({{"owner", owner},
                     {"type", type},
                     {"evidence", !without_evidence.count(owner)},
                     {"policies", p.policies},
                     {"granted", p.granted},
                     {"removed", p.removed}});
    }
    return out;
  }

  void fill(Json& data) const {
    data["actions"] = actions_;
    data["evidence"] = evidence_;
    data["lines"] = lines_;
    data["notes"] = notes_;
    Json reasons = Json::array();
    for (DecisionReason r : kAllDecisionReasons)
      reasons.push_back({{"slug", std::string(to_string(r))},
                         {"summary", std::string(explain_reason(r).summary)},
                         {"removable", is_removable(r)},
                         {"access", about_access(r)}});
    data["reasons"] = std::move(reasons);
  }

  // The overview: cards, chart, coverage and kept-why, as HTML.
  std::string overview(std::size_t principals, std::size_t principals_without) const {
    std::size_t granted = 0, used = 0, removed = 0, low = 0, other = 0;
    for (const auto& [svc, s] : services_) {
      granted += s.granted;
      used += s.used;
      removed += s.removed;
      low += s.low_risk;
      other += s.other;
    }
    auto count = [&](const char* outcome) {
      auto it = outcomes_.find(outcome);
      return it == outcomes_.end() ? std::size_t{0} : it->second;
    };
    std::string policy_detail;
    for (const char* o : {"narrowed", "detach", "unchanged", "kept-no-evidence", "not-narrowable", "failed-verification"})
      if (count(o)) policy_detail += (policy_detail.empty() ? "" : ", ") + h::number(count(o)) + " " + o;
    std::string out = "<section class=\"overview\" aria-labelledby=\"overview-heading\"><h2 id=\"overview-heading\">Overview</h2>"
                      "<div class=\"cards\">";
    out += h::card(h::number(principals), principals == 1 ? "principal" : "principals",
                   principals_without ? h::number(principals_without) + " without evidence" : "all with evidence");
    out += h::card(h::number(policies_), policies_ == 1 ? "policy" : "policies", policy_detail);
    out += h::card(h::number(count("narrowed") + count("detach")), "to rewrite",
                   count("detach") ? h::number(count("detach")) + " to detach" : "for review");
    out += h::card(h::number(granted), "actions granted", "per judged policy");
    out += h::card(h::number(used), "used", "inside the window");
    out += h::card(h::number(removed), "removed",
                   granted ? std::to_string(removed * 100 / granted) + "% of grants, each proven unused" : "");
    out += h::card(h::number(low + other), "kept unproven",
                   h::number(low) + " low-risk wildcard, " + h::number(other) + " not provable");
    out += "</div>";
    out += chart();
    out += "</section>";
    return out;
  }

  // After the table: tracking coverage and why actions were kept.
  std::string appendix() const { return coverage() + kept_why(); }

 private:
  struct PrincipalStats {
    std::vector<std::size_t> policies;
    std::size_t granted = 0, removed = 0;
  };

  void principal(const std::string& owner, std::size_t policy, const PolicyView& v) {
    PrincipalStats& p = principals_[owner];
    p.policies.push_back(policy);
    p.granted += v.granted;
    p.removed += v.removed;
  }

  // Strings many policies share (notes, lines of policy text) are stored
  // once and referenced by index.
  static std::size_t intern(Json& table, std::map<std::string, std::size_t>& index, const std::string& s) {
    auto [it, fresh] = index.try_emplace(s, table.size());
    if (fresh) table.push_back(s);
    return it->second;
  }
  static Json intern_all(Json& table, std::map<std::string, std::size_t>& index, const std::vector<std::string>& items) {
    Json out = Json::array();
    for (const std::string& s : items) out.push_back(intern(table, index, s));
    return out;
  }
  // A policy's text as indexes into the line table: an account's policies
  // repeat most of their lines, and the page's diff compares indexes.
  Json lines(const std::string& text) {
    Json out = Json::array();
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      out.push_back(intern(lines_, line_index_, text.substr(start, nl - start)));
      start = nl + 1;
    }
    return out;
  }

  int evidence_ref(const EvidenceRef& e) {
    if (e.file().empty() && e.subject().empty() && e.job_date().empty() && e.rule().empty() && !e.window_days) return -1;
    const std::string key = e.file() + '\x1f' + e.subject() + '\x1f' + e.job_date() + '\x1f' + std::to_string(e.window_days) +
                            '\x1f' + e.rule() + '\x1f' + e.tracking_start();
    auto [it, fresh] = evidence_index_.try_emplace(key, static_cast<int>(evidence_.size()));
    if (fresh)  // [file, subject, job date, window days, rule, tracking start]
      evidence_.push_back(Json::array({e.file(), e.subject(), e.job_date(), e.window_days, e.rule(), e.tracking_start()}));
    return it->second;
  }

  // Actions that share reason, evidence, last access and keeping item, as
  // [reason, evidence, last access, [first, count, ...], kept by].
  Json groups(const std::vector<OutcomeView>& outcomes) {
    using Key = std::tuple<int, int, std::optional<std::int64_t>, std::string>;
    std::vector<Key> order;
    std::map<Key, std::vector<std::uint32_t>> members;
    for (const OutcomeView& o : outcomes) {
      Key k{static_cast<int>(o.reason), evidence_ref(*o.evidence), o.evidence->last_accessed_at, *o.kept_by};
      auto [it, fresh] = members.try_emplace(k);
      if (fresh) order.push_back(k);
      it->second.push_back(index_[o.action]);
    }
    Json out = Json::array();
    for (const Key& k : order) {
      std::vector<std::uint32_t>& ids = members[k];
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      Json runs = Json::array();
      for (std::size_t i = 0; i < ids.size();) {
        std::size_t j = i + 1;
        while (j < ids.size() && ids[j] == ids[j - 1] + 1) ++j;
        runs.push_back(ids[i]);
        runs.push_back(j - i);
        i = j;
      }
      const auto& [reason, evidence, last, by] = k;
      Json g = Json::array({reason, evidence, last ? format_timestamp(*last) : std::string(), std::move(runs)});
      if (!by.empty()) g.push_back(by);
      out.push_back(std::move(g));
    }
    return out;
  }

  // Per service and per reason, each action of the policy once: kept when
  // any statement keeps it.
  void tally(std::size_t policy, const std::vector<OutcomeView>& removed, const std::vector<OutcomeView>& kept) {
    std::map<ActionId, const OutcomeView*> status;
    for (const OutcomeView& o : kept) status.try_emplace(o.action, &o);
    for (const OutcomeView& o : removed) status.try_emplace(o.action, &o);
    for (const auto& [id, o] : status) {
      ServiceStats& s = services_[std::string(c_.service_of(id).prefix)];
      ++s.granted;
      const EvidenceRef& e = *o->evidence;
      if (e.window_days) s.windows.insert(e.window_days);
      if (!e.rule().empty() && s.rules.size() < 64) s.rules.insert(e.rule());
      const DecisionReason reason = o->reason;
      if (o->removed) {
        ++s.removed;
        continue;
      }
      if (reason == DecisionReason::Used) ++s.used;
      else if (reason == DecisionReason::LowRiskWildcard) ++s.low_risk;
      else {
        ++s.other;
        ++s.unproven[std::string(to_string(reason))];
      }
      KeptStats& k = kept_[reason];
      ++k.actions;
      k.policies.insert(policy);
      if (k.examples.size() < 6 && std::find(k.examples.begin(), k.examples.end(), id) == k.examples.end())
        k.examples.push_back(id);
    }
  }

  std::string chart() const {
    std::vector<std::pair<std::string, const ServiceStats*>> order;
    for (const auto& [svc, s] : services_) order.emplace_back(svc, &s);
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.second->granted > b.second->granted; });
    if (order.empty()) return "<p class=\"note\">No action was judged.</p>";
    std::vector<h::Bar> bars;
    for (std::size_t i = 0; i < order.size() && i < kChartServices; ++i) {
      const ServiceStats& s = *order[i].second;
      bars.push_back({order[i].first, {s.used, s.removed, s.low_risk, s.other}});
    }
    std::string out = "<h3 id=\"chart-heading\">Actions per service</h3><p class=\"note\">Granted actions of the " +
                      std::to_string(bars.size()) + " services that grant the most" +
                      (order.size() > bars.size() ? " (of " + std::to_string(order.size()) + "; all in the coverage table)" : "") +
                      ", by what the evidence decided.</p>";
    out += h::bar_chart("service-chart",
                        "Granted actions per service: used, removed, kept by low-risk wildcards, kept without proof",
                        {{"used", "s-used"}, {"removed", "s-removed"}, {"kept: low-risk wildcard", "s-low"},
                         {"kept: not provable", "s-other"}},
                        bars);
    return out;
  }

  std::string coverage() const {
    std::string out =
        "<section aria-labelledby=\"coverage-heading\"><h2 id=\"coverage-heading\">Tracking coverage per service</h2>"
        "<p class=\"note\">Which windows the evidence could prove. <em>Proven unused</em> counts the removed actions and "
        "those a low-risk wildcard keeps; <em>not provable</em> counts the actions kept because the evidence cannot "
        "speak for them, with the reasons. Rules are the tracking periods that applied.</p>"
        "<div class=\"table-wrap\"><table class=\"data\"><caption>Tracking coverage per service</caption><thead><tr>"
        "<th scope=\"col\">Service</th><th scope=\"col\" class=\"num\">Granted</th><th scope=\"col\" class=\"num\">Used</th>"
        "<th scope=\"col\" class=\"num\">Proven unused</th><th scope=\"col\" class=\"num\">Not provable</th>"
        "<th scope=\"col\">Why not provable</th><th scope=\"col\">Window</th><th scope=\"col\">Tracking rules</th>"
        "</tr></thead><tbody>";
    std::vector<std::pair<std::string, const ServiceStats*>> order;
    for (const auto& [svc, s] : services_) order.emplace_back(svc, &s);
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.second->granted > b.second->granted; });
    for (const auto& [svc, s] : order) {
      std::string why, windows, rules;
      for (const auto& [reason, n] : s->unproven) why += (why.empty() ? "" : ", ") + reason + " " + h::number(n);
      for (int w : s->windows) windows += (windows.empty() ? "" : ", ") + std::to_string(w) + " days";
      std::size_t shown = 0;
      for (const std::string& r : s->rules)
        if (shown++ < 3) rules += (rules.empty() ? "" : "; ") + r;
      if (s->rules.size() > 3) rules += " and " + std::to_string(s->rules.size() - 3) + " more";
      out += "<tr><th scope=\"row\">" + h::escape(svc) + "</th><td class=\"num\">" + h::number(s->granted) +
             "</td><td class=\"num\">" + h::number(s->used) + "</td><td class=\"num\">" +
             h::number(s->removed + s->low_risk) + "</td><td class=\"num\">" + h::number(s->other) + "</td><td>" +
             h::escape(why.empty() ? "-" : why) + "</td><td>" + h::escape(windows.empty() ? "-" : windows) +
             "</td><td>" + h::escape(rules.empty() ? "-" : rules) + "</td></tr>";
    }
    return out + "</tbody></table></div></section>";
  }

  std::string kept_why() const {
    std::string out =
        "<section aria-labelledby=\"kept-heading\"><h2 id=\"kept-heading\">What was kept, and why</h2>"
        "<p class=\"note\">Every granted action that stays, by reason; <code>iamtrim explain kept:REASON</code> says "
        "more.</p><div class=\"table-wrap\"><table class=\"data\"><caption>Kept actions by reason</caption><thead><tr>"
        "<th scope=\"col\">Reason</th><th scope=\"col\" class=\"num\">Actions</th><th scope=\"col\" class=\"num\">Policies</th>"
        "<th scope=\"col\">Meaning</th><th scope=\"col\">For example</th></tr></thead><tbody>";
    if (kept_.empty()) out += "<tr><td colspan=\"5\">Nothing was kept.</td></tr>";
    for (const auto& [reason, k] : kept_) {
      std::string examples;
      for (ActionId id : k.examples) examples += (examples.empty() ? "" : ", ") + c_.full_name(id);
      out += "<tr><th scope=\"row\"><span class=\"reason reason-" + h::escape(to_string(reason)) + "\">" +
             h::escape(to_string(reason)) + "</span></th><td class=\"num\">" + h::number(k.actions) +
             "</td><td class=\"num\">" + h::number(k.policies.size()) + "</td><td>" +
             h::escape(explain_reason(reason).summary) + "</td><td><code>" + h::escape(examples) + "</code></td></tr>";
    }
    return out + "</tbody></table></div></section>";
  }

  const Catalog& c_;
  ActionSet referenced_;
  std::vector<std::uint32_t> index_;
  Json actions_ = Json::array(), evidence_ = Json::array(), lines_ = Json::array(), notes_ = Json::array();
  std::map<std::string, int> evidence_index_;
  std::map<std::string, std::size_t> line_index_, note_index_;
  std::map<std::string, ServiceStats> services_;
  std::map<DecisionReason, KeptStats> kept_;
  std::map<std::string, PrincipalStats> principals_;
  std::map<std::string, std::size_t> outcomes_;
  std::size_t policies_ = 0;
};

std::string outcome_of(const NarrowResult& r) {
  if (!r.verification.ok) return "failed-verification";
  return r.detach ? "detach" : r.changed ? "narrowed" : "unchanged";
}

std::string subtitle(const Catalog& c, const std::string& as_of, std::size_t policies) {
  return "Evidence as of " + (as_of.empty() ? std::string("-") : as_of) + " · catalog " + std::string(c.version()) +
         " (" + std::string(c.date()) + ") · " + h::number(policies) + (policies == 1 ? " policy" : " policies");
}

std::string list_section(const std::string& id, const std::string& heading, const std::string& note,
                         const std::vector<std::string>& items) {
  std::string out = "<section aria-labelledby=\"" + id + "\"><h2 id=\"" + id + "\">" + h::escape(heading) + "</h2>";
  if (!note.empty()) out += "<p class=\"note\">" + h::escape(note) + "</p>";
  if (items.empty()) return out + "<p>None.</p></section>";
  out += "<details" + std::string(items.size() <= 10 ? " open" : "") + "><summary>" + h::number(items.size()) +
         (items.size() == 1 ? " entry" : " entries") + "</summary><ul class=\"plain\">";
  for (const std::string& i : items) out += "<li>" + h::escape(i) + "</li>";
  return out + "</ul></details></section>";
}

}  // namespace

std::string narrow_report_html(const Catalog& c, const std::vector<NarrowedPolicy>& policies, const std::string& as_of,
                               const HtmlOptions& options) {
  Builder b(c);
  for (const NarrowedPolicy& p : policies) b.reference(p);
  b.freeze();
  std::vector<PolicyView> views;
  std::set<std::string> subjects;
  for (const NarrowedPolicy& p : policies) {
    for (const auto* list : {&p.result.removed, &p.result.kept})
      for (const ActionOutcome& o : *list)
        if (!o.decision.evidence.subject().empty()) subjects.insert(o.decision.evidence.subject());
  }
  Json rows = Json::array();
  for (const NarrowedPolicy& p : policies) {
    PolicyView v;
    v.owner = p.owner.empty() ? p.file : p.owner;
    v.name = !p.name.empty() ? p.name : p.pointer.empty() ? "(the whole file)" : p.pointer;
    v.kind = "policy";
    v.outcome = outcome_of(p.result);
    std::set<ActionId> granted;
    for (const auto* list : {&p.result.removed, &p.result.kept})
      for (const ActionOutcome& o : *list) granted.insert(o.action);
    v.granted = granted.size();
    v.removed = p.result.changed ? p.result.removed_actions : 0;
    v.kept = v.granted - std::min(v.granted, v.removed);
    v.principals = p.principals.empty() ? std::vector<std::string>(subjects.begin(), subjects.end()) : p.principals;
    v.narrowed = &p;
    rows.push_back(b.policy(v));
  }
  Json data;
  data["as_of"] = as_of;
  data["catalog"] = std::string(c.version());
  data["policies"] = std::move(rows);
  data["principals"] = b.principals_json({});
  b.fill(data);
  h::Page page;
  page.kind = "policies";
  page.title = options.title.empty() ? "iamtrim narrowing report" : options.title;
  page.subtitle = subtitle(c, as_of, policies.size());
  page.nonce = options.nonce;
  page.overview = b.overview(subjects.size(), 0);
  page.appendix = b.appendix();
  page.explorer_heading = "Policies and principals";
  page.data = std::move(data);
  return h::page(page);
}

std::string account_report_html(const Catalog& c, const AccountNarrowResult& r, const HtmlOptions& options) {
  Builder b(c);
  for (const AccountPolicyResult& p : r.policies)
    if (p.narrowed) b.reference(*p.narrowed, p.compact ? &*p.compact : nullptr);
  b.freeze();
  Json rows = Json::array();
  for (const AccountPolicyResult& p : r.policies) {
    PolicyView v;
    v.owner = p.owner;
    v.name = p.name;
    v.kind = p.kind();
    v.outcome = std::string(to_string(p.outcome));
    v.arn = p.arn;
    v.out = p.out_path;
    v.principals = p.principals;
    v.missing = p.without_evidence;
    v.granted = p.granted;
    v.removed = p.removed;
    v.kept = p.kept;
    v.note = p.note();
    v.narrowed = p.narrowed ? &*p.narrowed : nullptr;
    v.compact = p.compact ? &*p.compact : nullptr;
    rows.push_back(b.policy(v));
  }
  const std::set<std::string> without(r.without_evidence.begin(), r.without_evidence.end());
  Json data;
  data["as_of"] = r.as_of;
  data["catalog"] = std::string(c.version());
  data["policies"] = std::move(rows);
  data["principals"] = b.principals_json(without);
  b.fill(data);
  const std::size_t principals = data["principals"].size();
  std::size_t principals_without = 0;
  for (const Json& p : data["principals"]) principals_without += !p["evidence"].get<bool>();

  std::vector<std::string> unmatched;
  for (const UnmatchedEvidence& u : r.unmatched)
    unmatched.push_back(u.file + " (" + (u.subject.empty() ? "no subject" : u.subject) + "): " + u.reason);
  h::Page page;
  page.kind = "account";
  page.title = options.title.empty() ? "iamtrim account narrowing report" : options.title;
  page.subtitle = subtitle(c, r.as_of, r.policies.size());
  page.nonce = options.nonce;
  page.overview = b.overview(principals, principals_without);
  page.appendix = b.appendix() +
                  list_section("unmatched-heading", "Evidence that names no one in the account",
                               "Reports that were read but not used.", unmatched) +
                  list_section("without-heading", "Principals without evidence",
                               "No report covers them, so every policy they use is kept.", r.without_evidence);
  page.explorer_heading = "Policies and principals";
  page.data = std::move(data);
  return h::page(page);
}

std::string scp_report_html(const ScpProposal& p, const HtmlOptions& options) {
  Json services = Json::array();
  std::map<std::string, std::size_t> kept_reasons;
  for (const auto* list : {&p.denied, &p.kept})
    for (const ServiceDecision& s : *list) {
      const bool denied = list == &p.denied;
      const EvidenceRef& e = s.decision.evidence;
      services.push_back({{"service", s.service_namespace},
                          {"name", s.service_name},
                          {"decision", denied ? "deny" : "keep"},
                          {"reason", std::string(to_string(s.decision.reason))},
                          {"last", e.last_accessed()},
                          {"job", e.job_date()},
                          {"window", e.window_days},
                          {"rule", e.rule()},
                          {"file", e.file()},
                          {"detail", s.decision.detail}});
      if (!denied) ++kept_reasons[std::string(to_string(s.decision.reason))];
    }
  Json data;
  data["as_of"] = p.as_of;
  data["subject"] = p.subject;
  data["services"] = std::move(services);
  data["scps"] = p.scps;
  data["sizes"] = p.sizes;
  data["quota"] = p.quota;
  data["warnings"] = p.warnings;

  std::string overview = "<section class=\"overview\" aria-labelledby=\"overview-heading\"><h2 id=\"overview-heading\">"
                         "Overview</h2><div class=\"cards\">";
  overview += h::card(h::number(p.denied.size() + p.kept.size()), "services in the report", p.subject);
  overview += h::card(h::number(p.denied.size()), "to deny", "not used inside the window, tracking covered it");
  overview += h::card(h::number(p.kept.size()), "kept", "used, or not provably unused");
  overview += h::card(h::number(p.scps.size()), p.scps.size() == 1 ? "SCP" : "SCPs",
                      "each within the " + h::number(p.quota) + "-character SCP quota");
  overview += "</div>";
  std::vector<h::Bar> bars = {{"denied", {p.denied.size(), 0}}};
  for (const auto& [reason, n] : kept_reasons) bars.push_back({"kept: " + reason, {0, n}});
  overview += "<h3>Services by decision</h3>" +
              h::bar_chart("decision-chart", "Services of the report, denied or kept by reason",
                           {{"denied", "s-removed"}, {"kept", "s-used"}}, bars);
  overview += "</section>";
  if (!p.warnings.empty()) {
    overview += "<section aria-labelledby=\"warnings-heading\"><h2 id=\"warnings-heading\">Warnings</h2><ul class=\"plain\">";
    for (const std::string& w : p.warnings) overview += "<li>" + h::escape(w) + "</li>";
    overview += "</ul></section>";
  }
  overview += "<section aria-labelledby=\"scp-heading\"><h2 id=\"scp-heading\">Proposed SCP</h2><p class=\"note\">Advice "
              "for review, never applied: it covers the identity-based access of the OU or account only, and applies to "
              "every principal below it. Try it on a test OU first.</p>";
  for (std::size_t i = 0; i < p.scps.size(); ++i)
    overview += "<h3>" + std::string(p.scps.size() == 1 ? "SCP" : "SCP " + std::to_string(i + 1)) + " (" +
                h::number(i < p.sizes.size() ? p.sizes[i] : 0) + " characters)</h3><pre class=\"code\">" +
                h::escape(p.scps[i]) + "</pre>";
  if (p.scps.empty()) overview += "<p>Nothing to deny.</p>";
  overview += "</section>";
  h::Page page;
  page.kind = "organizations";
  page.title = options.title.empty() ? "iamtrim SCP proposal" : options.title;
  page.subtitle = (p.subject.empty() ? std::string("the report's OU or account") : p.subject) + " · evidence as of " +
                  (p.as_of.empty() ? std::string("-") : p.as_of);
  page.nonce = options.nonce;
  page.overview = std::move(overview);
  page.explorer_heading = "Services";
  page.data = std::move(data);
  return h::page(page);
}

}  // namespace iamtrim
