// find_paths(): the target, who is already at it, the edges, and the search.
//
// The search is a multi-source shortest-path run on the reversed graph,
// twice: first over unconditional edges and targets only, then over all of
// them for the sources the first run did not reach. Its seeds are the nodes
// at the target (distance 0) and the actors of Modify edges whose changed
// principal would be at the target (distance: the Modify hop plus the way
// from the actor to that principal, found by a forward search).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>

#include "paths/internal.hpp"

namespace iamtrim {
namespace {

using namespace paths;

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

std::uint64_t fnv1a(std::string_view data, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

int kind_rank(NodeKind k) { return static_cast<int>(k); }

struct CompiledTarget {
  std::vector<ActionSet> needs;  // per capability
  std::vector<bool> every;       // the capability is every action
  std::optional<std::size_t> principal;
};

std::string summary_of(const Target& t, const Capability& c) {
  (void)t;
  return "allows " + c.label();
}

class Search {
 public:
  Search(Model& m, const MethodCatalogue& methods, const PathsOptions& o, PathsResult& r)
      : m_(m), methods_(methods), o_(o), r_(r) {}

  void run() {
    if (!compile_target()) return;
    std::optional<std::size_t> from;
    if (o_.from) {
      from = resolve(*o_.from, "--from");
      if (!from) return;
    }
    g_.at_target.assign(m_.nodes.size(), std::nullopt);
    for (const Actor& a : m_.actors) g_.at_target[a.node] = reach_of(a, Adjust{});
    build_edges(m_, methods_, g_);
    index_edges();
    for (int pass = 0; pass < 2; ++pass) shortest(pass);
    assemble(from);
  }

 private:
  std::optional<std::size_t> resolve(const std::string& text, const char* what) {
    std::string t = text;
    if (t.find('/') == std::string::npos && t.rfind("arn:", 0) != 0) {
      // A bare name: the one user, group or role with it.
      std::vector<std::size_t> found;
      for (const Actor& a : m_.actors)
        if (iequals(a.name, t)) found.push_back(a.node);
      if (found.size() == 1) return found[0];
      r_.errors.push_back({"", {}, "", std::string(what) + " " + text +
                                           (found.empty() ? ": no user, group or role of that name in the account"
                                                          : ": several principals have that name; write user/, group/ or role/")});
      return std::nullopt;
    }
    if (auto it = m_.by_id.find(to_lower(t)); it != m_.by_id.end()) return m_.actors[it->second].node;
    if (auto it = m_.by_arn.find(to_lower(t)); it != m_.by_arn.end()) return m_.actors[it->second].node;
    r_.errors.push_back({"", {}, "", std::string(what) + " " + text + ": no such principal in the account"});
    return std::nullopt;
  }

  bool compile_target() {
    const Target& t = o_.target;
    if (t.kind == Target::Kind::Principal) {
      target_.principal = resolve(t.principal, "--to");
      return target_.principal.has_value();
    }
    for (const Capability& c : t.capabilities) {
      if (c.action == "*") {
        target_.needs.push_back(ActionSet::all(m_.catalog->action_count()));
        target_.every.push_back(true);
        continue;
      }
      PatternMatch pm = expand_pattern(*m_.catalog, c.action);
      if (pm.status != MatchStatus::Matched) {
        std::string hint = pm.suggestions.empty() ? "" : " (did you mean " + pm.suggestions.front() + "?)";
        r_.errors.push_back({"", {}, "", "target " + c.action + ": " + std::string(to_string(pm.status)) +
                                             " in catalog " + std::string(m_.catalog->version()) + hint});
        return false;
      }
      target_.needs.push_back(pm.actions);
      target_.every.push_back(false);
    }
    return true;
  }

  // Whether an actor (possibly changed) is at the target.
  std::optional<RawReach> reach_of(const Actor& a, const Adjust& adjust) {
    if (target_.principal) {
      if (a.node != *target_.principal || adjust.allow_all || adjust.drop_boundary || adjust.swap_to)
        return std::nullopt;
      return RawReach{a.node, "is " + a.id, {}, {}};
    }
    std::optional<RawReach> maybe;
    for (std::size_t i = 0; i < target_.needs.size(); ++i) {
      const Capability& cap = o_.target.capabilities[i];
      Verdict v = check_capability(m_, a, target_.needs[i], target_.every[i], cap, adjust);
      if (v.value == Tri::False) continue;
      RawReach tr{a.node, summary_of(o_.target, cap), std::move(v.citations), std::move(v.conditions)};
      if (v.value == Tri::True) return tr;
      if (!maybe) maybe = std::move(tr);
    }
    return maybe;
  }

  void index_edges() {
    rev_.assign(m_.nodes.size(), {});
    fwd_.assign(m_.nodes.size(), {});
    for (std::size_t i = 0; i < g_.searched; ++i) {
      rev_[g_.edges[i].to].push_back(i);
      fwd_[g_.edges[i].from].push_back(i);
    }
  }

  struct Seed {
    bool modify = false;
    std::size_t index = 0;             // into g_.modify
    std::vector<std::size_t> forward;  // edges from the actor to the changed principal
    RawReach reach;
  };

  // The changed principal of a Modify edge, at the target or not (cached).
  const std::optional<RawReach>& changed_reach(const ModifyEdge& me) {
    auto key = std::make_tuple(me.edge.to, static_cast<int>(me.effect), me.swap_to);
    auto it = changed_.find(key);
    if (it != changed_.end()) return it->second;
    const Actor& x = m_.actors[static_cast<std::size_t>(m_.actor_of_node[me.edge.to])];
    Adjust adj;
    adj.allow_all = me.effect == MethodEffect::GrantAll || me.effect == MethodEffect::GrantAllAndActAs;
    adj.drop_boundary = me.effect == MethodEffect::DropBoundary;
    adj.swap_from = me.swap_from;
    adj.swap_to = me.swap_to;
    std::optional<RawReach> r = reach_of(x, adj);
    if (r) {
      const char* what = adj.allow_all      ? "given any permission, "
                         : adj.drop_boundary ? "without its permissions boundary, "
                                             : "with an older policy version as its default, ";
      r->summary = what + r->summary;
    }
    return changed_.emplace(key, std::move(r)).first->second;
  }

  bool usable(const GEdge& e, int pass) const { return pass == 1 || !e.conditional(); }

  // Shortest forward path (edge indexes) from `a` to every node in `wanted`.
  std::map<std::size_t, std::vector<std::size_t>> forward_paths(std::size_t a, const std::vector<std::size_t>& wanted,
                                                                int pass) {
    std::map<std::size_t, std::vector<std::size_t>> out;
    std::vector<std::size_t> parent(m_.nodes.size(), kNone);
    std::vector<bool> seen(m_.nodes.size(), false);
    std::vector<std::size_t> queue{a};
    seen[a] = true;
    std::size_t remaining = wanted.size();
    for (std::size_t qi = 0; qi < queue.size() && remaining; ++qi) {
      std::size_t v = queue[qi];
      for (std::size_t e : fwd_[v]) {
        const GEdge& edge = g_.edges[e];
        if (!usable(edge, pass) || seen[edge.to]) continue;
        seen[edge.to] = true;
        parent[edge.to] = e;
        queue.push_back(edge.to);
        if (std::find(wanted.begin(), wanted.end(), edge.to) != wanted.end()) --remaining;
      }
    }
    for (std::size_t x : wanted) {
      if (!seen[x]) continue;
      std::vector<std::size_t> path;
      for (std::size_t v = x; v != a; v = g_.edges[parent[v]].from) path.push_back(parent[v]);
      std::reverse(path.begin(), path.end());
      out[x] = std::move(path);
    }
    return out;
  }

  void shortest(int pass) {
    auto& dist = dist_[pass];
    auto& next = next_[pass];
    auto& seeds = seeds_[pass];
    dist.assign(m_.nodes.size(), kNone);
    next.assign(m_.nodes.size(), kNone);
    seeds.assign(m_.nodes.size(), std::nullopt);
    for (std::size_t v = 0; v < m_.nodes.size(); ++v)
      if (g_.at_target[v] && (pass == 1 || !g_.at_target[v]->conditional())) {
        dist[v] = 0;
        seeds[v] = Seed{false, 0, {}, *g_.at_target[v]};
      }
    // Modify edges, grouped by actor.
    std::map<std::size_t, std::vector<std::size_t>> by_actor;
    for (std::size_t i = 0; i < g_.modify.size(); ++i) {
      const ModifyEdge& me = g_.modify[i];
      if (!usable(me.edge, pass) || dist[me.edge.from] == 0) continue;
      const auto& r = changed_reach(me);
      if (!r || (pass == 0 && r->conditional())) continue;
      by_actor[me.edge.from].push_back(i);
    }
    for (const auto& [a, list] : by_actor) {
      std::vector<std::size_t> wanted;
      for (std::size_t i : list) {
        const ModifyEdge& me = g_.modify[i];
        if (!direct_benefit(me)) wanted.push_back(me.edge.to);
      }
      auto paths = wanted.empty() ? std::map<std::size_t, std::vector<std::size_t>>{} : forward_paths(a, wanted, pass);
      for (std::size_t i : list) {
        const ModifyEdge& me = g_.modify[i];
        std::vector<std::size_t> forward;
        if (!direct_benefit(me)) {
          auto it = paths.find(me.edge.to);
          if (it == paths.end()) continue;
          forward = it->second;
        }
        std::size_t d = forward.size() + 1;
        if (d < dist[a]) {
          dist[a] = d;
          seeds[a] = Seed{true, i, std::move(forward), *changed_reach(me)};
        }
      }
    }
    // Dijkstra with unit weights: buckets by distance.
    std::vector<std::vector<std::size_t>> buckets;
    for (std::size_t v = 0; v < dist.size(); ++v)
      if (dist[v] != kNone) {
        if (buckets.size() <= dist[v]) buckets.resize(dist[v] + 1);
        buckets[dist[v]].push_back(v);
      }
    for (std::size_t d = 0; d < buckets.size(); ++d)
      for (std::size_t bi = 0; bi < buckets[d].size(); ++bi) {
        std::size_t v = buckets[d][bi];
        if (dist[v] != d) continue;
        for (std::size_t e : rev_[v]) {
          const GEdge& edge = g_.edges[e];
          if (!usable(edge, pass)) continue;
          std::size_t u = edge.from;
          if (dist[u] <= d + 1) continue;
          dist[u] = d + 1;
          next[u] = e;
          seeds[u].reset();
          if (buckets.size() <= d + 1) buckets.resize(d + 2);
          buckets[d + 1].push_back(u);
        }
      }
  }

  // The actor benefits from the change without travelling: it changed itself,
  // the method made it the principal, or it is a member of the changed group.
  bool direct_benefit(const ModifyEdge& me) const {
    if (me.edge.from == me.edge.to || me.effect == MethodEffect::GrantAllAndActAs) return true;
    std::ptrdiff_t ai = m_.actor_of_node[me.edge.from];
    std::ptrdiff_t xi = m_.actor_of_node[me.edge.to];
    if (ai < 0 || xi < 0) return false;
    const auto& groups = m_.actors[static_cast<std::size_t>(ai)].groups;
    return std::find(groups.begin(), groups.end(), static_cast<std::size_t>(xi)) != groups.end();
  }

  void assemble(std::optional<std::size_t> from) {
    r_.nodes = m_.nodes;
    for (std::size_t v = 0; v < m_.nodes.size(); ++v) {
      if (g_.at_target[v]) {
        if (!from || *from == v) r_.at_target.push_back(materialize(m_, *g_.at_target[v]));
        continue;
      }
      if (m_.nodes[v].kind == NodeKind::Service) continue;
      if (from && *from != v) continue;
      int pass = dist_[0][v] != kNone ? 0 : dist_[1][v] != kNone ? 1 : -1;
      if (pass < 0) continue;
      EscalationPath p;
      p.source = v;
      std::size_t u = v;
      while (next_[pass][u] != kNone) {
        p.hops.push_back(materialize(m_, g_.edges[next_[pass][u]]));
        u = g_.edges[next_[pass][u]].to;
      }
      const Seed& seed = *seeds_[pass][u];
      if (seed.modify) {
        for (std::size_t e : seed.forward) p.hops.push_back(materialize(m_, g_.edges[e]));
        p.hops.push_back(materialize(m_, g_.modify[seed.index].edge));
      }
      p.reach = materialize(m_, seed.reach);
      p.conditional = p.reach.conditional();
      for (const Edge& e : p.hops) p.conditional = p.conditional || e.conditional();
      r_.paths.push_back(std::move(p));
    }
    auto order = [&](std::size_t a, std::size_t b) {
      const Node& x = m_.nodes[a];
      const Node& y = m_.nodes[b];
      if (x.kind != y.kind) return kind_rank(x.kind) < kind_rank(y.kind);
      return x.id < y.id;
    };
    std::stable_sort(r_.paths.begin(), r_.paths.end(),
                     [&](const EscalationPath& a, const EscalationPath& b) { return order(a.source, b.source); });
    std::stable_sort(r_.at_target.begin(), r_.at_target.end(),
                     [&](const TargetReach& a, const TargetReach& b) { return order(a.node, b.node); });
    for (EscalationPath& p : r_.paths) p.fingerprint = fingerprint(r_, p);
    r_.edge_count = g_.searched + g_.modify.size();
    if (o_.all_edges) {
      for (const GEdge& e : g_.edges) r_.edges.push_back(materialize(m_, e));
      for (const ModifyEdge& me : g_.modify) r_.edges.push_back(materialize(m_, me.edge));
    }
  }

  Model& m_;
  const MethodCatalogue& methods_;
  const PathsOptions& o_;
  PathsResult& r_;
  CompiledTarget target_;
  Graph g_;
  std::vector<std::vector<std::size_t>> rev_, fwd_;
  std::vector<std::size_t> dist_[2], next_[2];
  std::vector<std::optional<Seed>> seeds_[2];
  std::map<std::tuple<std::size_t, int, const CPolicy*>, std::optional<RawReach>> changed_;
};

}  // namespace

namespace paths {

std::string fingerprint(const PathsResult& result, const EscalationPath& path) {
  std::string data = result.nodes[path.source].id + "\n" + result.target.label();
  for (const Edge& e : path.hops)
    data += "\n" + result.nodes[e.from].id + " " + e.method + " " + result.nodes[e.to].id;
  std::uint64_t h = fnv1a(data);
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = digits[h & 15];
  return out;
}

}  // namespace paths

std::string_view to_string(NodeKind kind) {
  switch (kind) {
    case NodeKind::User: return "user";
    case NodeKind::Group: return "group";
    case NodeKind::Role: return "role";
    case NodeKind::Service: return "service";
    case NodeKind::Provider: return "provider";
    case NodeKind::Account: return "account";
    case NodeKind::Anyone: return "anyone";
  }
  return "";
}

std::string Capability::label() const {
  return (action == "*" ? std::string("*:*") : action) + " on " + resource;
}

std::string Target::label() const {
  switch (kind) {
    case Kind::Admin: return "admin";
    case Kind::Principal: return principal;
    case Kind::Action: {
      const Capability& c = capabilities.front();
      return c.resource == "*" ? c.action : c.action + "@" + c.resource;
    }
  }
  return "";
}

std::optional<Target> parse_target(std::string_view text, const std::vector<Capability>& admin, std::string* error) {
  Target t;
  if (text.empty() || text == "admin") {
    t.capabilities = admin.empty() ? std::vector<Capability>{Capability{}} : admin;
    return t;
  }
  const std::string s(text);
  const bool principal = s.rfind("user/", 0) == 0 || s.rfind("role/", 0) == 0 || s.rfind("group/", 0) == 0 ||
                         (s.rfind("arn:", 0) == 0 && s.find(":iam::") != std::string::npos &&
                          (s.find(":user/") != std::string::npos || s.find(":role/") != std::string::npos ||
                           s.find(":group/") != std::string::npos));
  if (principal) {
    t.kind = Target::Kind::Principal;
    t.principal = s;
    return t;
  }
  std::size_t at = s.find('@');
  std::string action = s.substr(0, at), resource = at == std::string::npos ? "*" : s.substr(at + 1);
  if (action.find(':') == std::string::npos || resource.empty()) {
    if (error)
      *error = "--to " + s + ": expected admin, a principal (user/NAME, group/NAME, role/NAME, an ARN) or ACTION[@RESOURCE]";
    return std::nullopt;
  }
  if (resource != "*" && resource.rfind("arn:", 0) != 0) {
    if (error) *error = "--to " + s + ": the resource must be an ARN (arn:partition:service:region:account:resource) or *";
    return std::nullopt;
  }
  t.kind = Target::Kind::Action;
  t.capabilities.push_back({action, resource});
  return t;
}

std::optional<std::size_t> PathsResult::find_node(std::string_view id_or_arn) const {
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (iequals(nodes[i].id, id_or_arn) || (!nodes[i].arn.empty() && iequals(nodes[i].arn, id_or_arn))) return i;
  return std::nullopt;
}

namespace {

// The catalogue is parsed once per catalog (the YAML costs a few milliseconds,
// which matters to callers that search many accounts, as the tests do).
const MethodCatalogue& cached_methods(const Catalog& catalog) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<MethodCatalogue>> cache;
  const std::string key = std::string(catalog.version()) + '\n' + std::string(catalog.date()) + '\n' +
                          std::string(catalog.source()) + '\n' + std::to_string(catalog.action_count());
  std::lock_guard<std::mutex> lock(mutex);
  auto& entry = cache[key];
  if (!entry) entry = std::make_unique<MethodCatalogue>(load_methods(catalog));
  return *entry;
}

}  // namespace

PathsResult find_paths(const Catalog& catalog, const Account& account, const PathsOptions& options) {
  PathsResult r;
  r.target = options.target;
  r.details_path = account.file ? account.file->path() : "";
  Model m = paths::build_model(catalog, account, options);
  r.account = m.account;
  r.principals = m.actors.size();
  r.warnings = m.warnings;
  r.errors = m.errors;
  const MethodCatalogue& methods = cached_methods(catalog);
  for (const std::string& e : methods.errors) r.errors.push_back({"", {}, "", "internal: " + e});
  if (!r.errors.empty()) {
    r.nodes = m.nodes;
    return r;
  }
  Search(m, methods, options, r).run();
  if (r.nodes.empty()) r.nodes = m.nodes;
  return r;
}

}  // namespace iamtrim
