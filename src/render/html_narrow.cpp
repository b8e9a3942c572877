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
#include "render/json_stream.hpp"

namespace iamtrim {
namespace {

namespace h = render::html;
using h::Json;
using render::JsonStream;

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
  // The page's data starts with `as_of` and the catalog; the policy table follows.
  Builder(const Catalog& c, const std::string& as_of) : c_(c), referenced_(c.action_count()) {
    data_.begin_object().key("as_of").value(as_of).key("catalog").value(c.version()).key("policies").begin_array();
  }

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
    std::uint32_t next = 0;
    referenced_.for_each([&](ActionId id) { index_[id] = next++; });
  }

  // Pass 2: one entry of the policy table, written as it is built (an
  // account's table is tens of megabytes as text, several times that as a
  // tree).
  void policy(const PolicyView& v) {
    JsonStream& j = data_;
    const std::size_t id = policies_++;
    j.begin_object();
    j.key("id").value(std::uint64_t{id});
    j.key("owner").value(v.owner);
    j.key("name").value(v.name);
    j.key("kind").value(v.kind);
    j.key("outcome").value(v.outcome);
    j.key("granted").value(std::uint64_t{v.granted});
    j.key("removed").value(std::uint64_t{v.removed});
    j.key("kept").value(std::uint64_t{v.kept});
    j.key("principals").strings(v.principals);
    j.key("missing").strings(v.missing);
    if (!v.arn.empty()) j.key("arn").value(v.arn);
    if (!v.out.empty()) j.key("out").value(v.out);
    if (!v.note.empty()) j.key("note").value(v.note);
    outcomes_[v.outcome]++;
    for (const std::string& p : v.principals) principal(strip_members(p), id, v);
    if (!v.narrowed) {
      j.end_object();
      return;
    }
    const NarrowedPolicy& p = *v.narrowed;
    const NarrowResult& r = p.result;
    j.key("file").value(p.file);
    if (!p.pointer.empty()) j.key("pointer").value(p.pointer);
    j.key("verified").value(r.verification.ok);
    if (!r.verification.ok) j.key("violations").strings(r.verification.violations);
    j.key("notes").begin_array();
    for (const std::string& note : p.notes) j.value(std::uint64_t{intern(notes_, note_index_, note)});
    j.end_array();
    if (r.changed) {
      j.key("size").value(r.size.message);
      j.key("fits").value(r.size.fits);
      if (r.size.compressed)
        j.key("compressed").value("wildcards match no removed action in catalog " + r.size.catalog_version);
      if (!r.original.statements.empty() || r.original.has_statement)
        lines(j.key("before"), write_policy(r.original, {.pretty = true, .indent = 4}));
      lines(j.key("after"), write_policy(r.policy, {.pretty = true, .indent = 4}));
      if (!r.parts.empty()) {
        j.key("parts").begin_array();
        for (const Policy& part : r.parts) j.value(write_policy(part, {.pretty = true, .indent = 4}));
        j.end_array();
      }
    }
    bool low = false;
    for (const StatementChange& s : r.statements)
      for (const StatementChange::LowRiskKeep& k : s.low_risk) {
        if (!low) j.key("lowrisk").begin_array(), low = true;
        j.begin_array().value(k.item).value(std::uint64_t{k.unused}).end_array();
      }
    if (low) j.end_array();
    j.key("statements").begin_array();
    for (const StatementChange& s : r.statements) {
      j.begin_array();
      if (s.sid.empty()) j.value("#" + std::to_string(s.index));
      else j.value(s.sid);
      j.value(to_string(s.outcome)).value(std::uint64_t{s.granted}).value(std::uint64_t{s.removed}).end_array();
    }
    j.end_array();
    const auto [removed, kept] = outcomes_of(p, v.compact);
    groups(j.key("rm"), removed);
    groups(j.key("kp"), kept);
    j.end_object();
    tally(id, removed, kept);
  }

  std::size_t principal_count() const { return principals_.size(); }
  std::size_t principals_in(const std::set<std::string>& set) const {
    std::size_t n = 0;
    for (const auto& [owner, p] : principals_) n += set.count(owner);
    return n;
  }

  // The page's data, as compact JSON: the policy table, the principals (all
  // with evidence but those in `without_evidence`) and the interned tables.
  // Called once, after the last policy (it closes the table).
  std::string data(const std::set<std::string>& without_evidence) {
    JsonStream& js = data_;
    js.end_array();
    js.key("principals").begin_array();
    for (const auto& [owner, p] : principals_) {
      js.begin_object().key("owner").value(owner).key("type").value(std::string_view(owner).substr(0, owner.find('/')));
      js.key("evidence").value(!without_evidence.count(owner)).key("policies").begin_array();
      for (std::size_t policy : p.policies) js.value(std::uint64_t{policy});
      js.end_array().key("granted").value(std::uint64_t{p.granted}).key("removed").value(std::uint64_t{p.removed});
      js.end_object();
    }
    js.end_array();
    js.key("actions").begin_array();
    referenced_.for_each([&](ActionId id) { js.value(c_.full_name(id)); });
    js.end_array();
    js.key("evidence").begin_array();
    for (const EvidenceRef& e : evidence_) {
      // [file, subject, job date, window days, rule, tracking start]
      js.begin_array().value(e.file()).value(e.subject()).value(e.job_date()).value(e.window_days);
      js.value(e.rule()).value(e.tracking_start()).end_array();
    }
    js.end_array();
    js.key("lines").begin_array();
    for (const std::string* line : lines_) js.value(*line);
    js.end_array();
    js.key("notes").begin_array();
    for (const std::string* note : notes_) js.value(*note);
    js.end_array();
    js.key("reasons").begin_array();
    for (DecisionReason r : kAllDecisionReasons) {
      js.begin_object().key("slug").value(to_string(r)).key("summary").value(explain_reason(r).summary);
      js.key("removable").value(is_removable(r)).key("access").value(about_access(r)).end_object();
    }
    js.end_array().end_object();
    return js.take();
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
  // once and referenced by index; the table points at the index's keys.
  static std::size_t intern(std::vector<const std::string*>& table, std::map<std::string, std::size_t>& index,
                            std::string_view s) {
    auto [it, fresh] = index.try_emplace(std::string(s), table.size());
    if (fresh) table.push_back(&it->first);
    return it->second;
  }
  // A policy's text as indexes into the line table: an account's policies
  // repeat most of their lines, and the page's diff compares indexes.
  void lines(JsonStream& j, const std::string& text) {
    j.begin_array();
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      j.value(std::uint64_t{intern(lines_, line_index_, std::string_view(text).substr(start, nl - start))});
      start = nl + 1;
    }
    j.end_array();
  }

  int evidence_ref(const EvidenceRef& e) {
    if (e.file().empty() && e.subject().empty() && e.job_date().empty() && e.rule().empty() && !e.window_days) return -1;
    const std::string key = e.file() + '\x1f' + e.subject() + '\x1f' + e.job_date() + '\x1f' + std::to_string(e.window_days) +
                            '\x1f' + e.rule() + '\x1f' + e.tracking_start();
    auto [it, fresh] = evidence_index_.try_emplace(key, static_cast<int>(evidence_.size()));
    if (fresh) evidence_.push_back(e);
    return it->second;
  }

  // Actions that share reason, evidence, last access and keeping item, as
  // [reason, evidence, last access, [first, count, ...], kept by].
  void groups(JsonStream& j, const std::vector<OutcomeView>& outcomes) {
    using Key = std::tuple<int, int, std::optional<std::int64_t>, std::string>;
    std::vector<Key> order;
    std::map<Key, std::vector<std::uint32_t>> members;
    for (const OutcomeView& o : outcomes) {
      Key k{static_cast<int>(o.reason), evidence_ref(*o.evidence), o.evidence->last_accessed_at, *o.kept_by};
      auto [it, fresh] = members.try_emplace(k);
      if (fresh) order.push_back(k);
      it->second.push_back(index_[o.action]);
    }
    j.begin_array();
    for (const Key& k : order) {
      std::vector<std::uint32_t>& ids = members[k];
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      const auto& [reason, evidence, last, by] = k;
      j.begin_array().value(reason).value(evidence).value(last ? format_timestamp(*last) : std::string());
      j.begin_array();
      for (std::size_t i = 0; i < ids.size();) {
        std::size_t next = i + 1;
        while (next < ids.size() && ids[next] == ids[next - 1] + 1) ++next;
        j.value(std::uint64_t{ids[i]}).value(std::uint64_t{next - i});
        i = next;
      }
      j.end_array();
      if (!by.empty()) j.value(by);
      j.end_array();
    }
    j.end_array();
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
  JsonStream data_{-1, 0};  // the page's data, the policy table written as policies come
  std::vector<EvidenceRef> evidence_;
  std::vector<const std::string*> lines_, notes_;  // keys of line_index_ and note_index_
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
  Builder b(c, as_of);
  for (const NarrowedPolicy& p : policies) b.reference(p);
  b.freeze();
  std::vector<PolicyView> views;
  std::set<std::string> subjects;
  for (const NarrowedPolicy& p : policies) {
    for (const auto* list : {&p.result.removed, &p.result.kept})
      for (const ActionOutcome& o : *list)
        if (!o.decision.evidence.subject().empty()) subjects.insert(o.decision.evidence.subject());
  }
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
    b.policy(v);
  }
  h::Page page;
  page.kind = "policies";
  page.title = options.title.empty() ? "iamtrim narrowing report" : options.title;
  page.subtitle = subtitle(c, as_of, policies.size());
  page.nonce = options.nonce;
  page.overview = b.overview(subjects.size(), 0);
  page.appendix = b.appendix();
  page.explorer_heading = "Policies and principals";
  page.data = b.data({});
  return h::page(page);
}

std::string account_report_html(const Catalog& c, const AccountNarrowResult& r, const HtmlOptions& options) {
  Builder b(c, r.as_of);
  for (const AccountPolicyResult& p : r.policies)
    if (p.narrowed) b.reference(*p.narrowed, p.compact ? &*p.compact : nullptr);
  b.freeze();
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
    b.policy(v);
  }
  const std::set<std::string> without(r.without_evidence.begin(), r.without_evidence.end());
  const std::size_t principals = b.principal_count(), principals_without = b.principals_in(without);

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
  page.data = b.data(without);
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
  page.data = data.dump(-1, ' ', false, Json::error_handler_t::replace);
  return h::page(page);
}

}  // namespace iamtrim
