// Wildcard expansion against the catalog. A hand-written matcher rather than
// a regex: IAM's '*' and '?' are the only special characters, so there is
// nothing to escape and nothing a crafted pattern can break.
#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "iamtrim/actions.hpp"

namespace iamtrim {
namespace {


std::size_t first_wildcard(std::string_view text);

// Range of a service's actions whose names start with `prefix` (any case).
// Actions are sorted by lower-cased name, so the range is contiguous.
std::pair<ActionId, ActionId> prefix_range(const Catalog& c, const ServiceInfo& s, std::string_view prefix) {
  if (prefix.empty()) return {s.first, s.end};
  ActionId lo = s.first, hi = s.end;
  while (lo < hi) {
    ActionId mid = lo + (hi - lo) / 2;
    if (icompare(c.action_name(mid), prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  ActionId end = lo;
  while (end < s.end) {
    std::string_view n = c.action_name(end);
    if (n.size() < prefix.size() || !iequals(n.substr(0, prefix.size()), prefix)) break;
    ++end;
  }
  return {lo, end};
}

void match_actions(const Catalog& c, const ServiceInfo& s, std::string_view pattern, ActionSet& out) {
  if (pattern == "*") {
    out.insert_range(s.first, s.end);
    return;
  }
  std::string_view literal = pattern.substr(0, first_wildcard(pattern));
  auto [first, end] = prefix_range(c, s, literal);
  for (ActionId id = first; id < end; ++id)
    if (wildcard_match(pattern, c.action_name(id))) out.insert(id);
}

}  // namespace

// A plain loop: string_view::find_first_of calls memchr once per character.
namespace {
std::size_t first_wildcard(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '*' || text[i] == '?') return i;
  return std::string_view::npos;
}

}  // namespace

bool has_wildcard(std::string_view text) { return first_wildcard(text) != std::string_view::npos; }

namespace {

template <bool FoldCase>
bool match(std::string_view p, std::string_view t) {
  auto same = [](char a, char b) { return FoldCase ? ascii_lower(a) == ascii_lower(b) : a == b; };
  std::size_t pi = 0, ti = 0, star = std::string_view::npos, resume = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || (p[pi] != '*' && same(p[pi], t[ti])))) {
      ++pi;
      ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      resume = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

}  // namespace

bool wildcard_match(std::string_view p, std::string_view t) { return match<true>(p, t); }
bool wildcard_match_exact(std::string_view p, std::string_view t) { return match<false>(p, t); }

std::string_view malformed_reason(std::string_view pattern) {
  if (pattern == "*") return "";
  std::size_t colon = pattern.find(':');
  if (colon == std::string_view::npos) return "it has no \"service:\" prefix";
  if (colon == 0) return "the service prefix is empty";
  if (colon + 1 == pattern.size()) return "the action name is empty";
  // IAM rejects both ("Action vendors must not contain wildcards", "can
  // contain only one colon"), so neither is a pattern that matches anything.
  if (has_wildcard(pattern.substr(0, colon))) return "IAM allows no wildcard in the service prefix";
  if (pattern.find(':', colon + 1) != std::string_view::npos) return "IAM allows only one ':' in an action";
  return "";
}

std::string_view to_string(MatchStatus status) {
  switch (status) {
    case MatchStatus::Matched: return "matched";
    case MatchStatus::UnknownService: return "unknown service";
    case MatchStatus::UnknownAction: return "unknown action";
    case MatchStatus::NoMatch: return "matches no action";
    case MatchStatus::Malformed: return "malformed";
  }
  return "";
}

PatternMatch expand_pattern_uncached(const Catalog& c, std::string_view pattern) {
  PatternMatch m;
  m.actions = ActionSet(c.action_count());
  if (pattern == "*") {
    m.actions = ActionSet::all(c.action_count());
    m.status = MatchStatus::Matched;
    return m;
  }
  if (!malformed_reason(pattern).empty()) {
    m.status = MatchStatus::Malformed;
    return m;
  }
  std::size_t colon = pattern.find(':');
  std::string_view svc = pattern.substr(0, colon), act = pattern.substr(colon + 1);
  const ServiceInfo* s = c.find_service(svc);
  if (!s) {
    m.status = MatchStatus::UnknownService;
    m.suggestions = suggest(c, pattern);
    return m;
  }
  if (!has_wildcard(act)) {
    if (auto id = c.find_action(*s, act)) {
      m.actions.insert(*id);
      m.status = MatchStatus::Matched;
    } else {
      m.status = MatchStatus::UnknownAction;
      m.suggestions = suggest(c, pattern);
    }
    return m;
  }
  match_actions(c, *s, act, m.actions);
  m.status = m.actions.empty() ? MatchStatus::NoMatch : MatchStatus::Matched;
  return m;
}

namespace {

// The cache: kShards maps, each behind its own lock, so threads expanding
// different patterns rarely wait for each other. `entries` counts what all
// shards hold; an insert that would pass the limit first empties its shard.
class ExpansionCache {
 public:
  static std::size_t hash_of(std::uint64_t catalog, std::string_view pattern) {
    return std::hash<std::string_view>{}(pattern) ^ (catalog * 0x9E3779B97F4A7C15ull);
  }
  // A lookup's key with its hash, worked out once for find and store.
  struct KeyView {
    std::uint64_t catalog;
    std::string_view pattern;
    std::size_t hash;
  };
  static KeyView view(std::uint64_t catalog, std::string_view pattern) {
    return {catalog, pattern, hash_of(catalog, pattern)};
  }

  std::optional<PatternMatch> find(const KeyView& key) {
    Shard& shard = shard_for(key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.map.find(key);
    if (it == shard.map.end()) return std::nullopt;
    hits_.fetch_add(1, std::memory_order_relaxed);
    return it->second;
  }

  void store(const KeyView& key, const PatternMatch& m) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    const std::size_t limit = limit_.load(std::memory_order_relaxed);
    Shard& shard = shard_for(key);
    std::lock_guard lock(shard.mutex);
    if (shard.map.contains(key)) return;  // another thread was first
    if (!reserve(limit)) {
      entries_.fetch_sub(shard.map.size(), std::memory_order_relaxed);
      shard.map.clear();
      if (!reserve(limit)) return;
    }
    shard.map.emplace(Key{key.catalog, std::string(key.pattern), key.hash}, m);
  }

  bool enabled() const { return limit_.load(std::memory_order_relaxed) != 0; }

  ExpansionCacheStats stats() const {
    return {hits_.load(), misses_.load(), entries_.load(), limit_.load()};
  }

  void configure(std::size_t limit) {
    for (Shard& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      shard.map.clear();
    }
    entries_ = 0;
    hits_ = 0;
    misses_ = 0;
    limit_ = limit;
  }

 private:
  struct Key {
    std::uint64_t catalog;
    std::string pattern;
    std::size_t hash;  // hash_of(catalog, pattern), kept for rehashing
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(const KeyView& k) const { return k.hash; }
    std::size_t operator()(const Key& k) const { return k.hash; }
  };
  struct Equal {
    using is_transparent = void;
    static std::pair<std::uint64_t, std::string_view> parts(const Key& k) { return {k.catalog, k.pattern}; }
    static std::pair<std::uint64_t, std::string_view> parts(const KeyView& k) { return {k.catalog, k.pattern}; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return parts(a) == parts(b);
    }
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<Key, PatternMatch, Hash, Equal> map;
  };
  static constexpr std::size_t kShards = 16;

  Shard& shard_for(const KeyView& key) {
    // The map uses the same hash; the shard takes the high bits so the two
    // uses do not correlate.
    return shards_[(key.hash >> 56) % kShards];
  }

  // Counts one more entry if the limit allows it.
  bool reserve(std::size_t limit) {
    if (entries_.fetch_add(1, std::memory_order_relaxed) < limit) return true;
    entries_.fetch_sub(1, std::memory_order_relaxed);
    return false;
  }

  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> entries_{0};
  std::atomic<std::uint64_t> hits_{0}, misses_{0};
  std::atomic<std::size_t> limit_{kExpansionCacheLimit};
};

// Never destroyed: freeing every entry at exit would only cost time (about
// 2% of an `expand` of the whole corpus).
ExpansionCache& expansion_cache() {
  static ExpansionCache* cache = new ExpansionCache;
  return *cache;
}

}  // namespace

PatternMatch expand_pattern(const Catalog& c, std::string_view pattern) {
  ExpansionCache& cache = expansion_cache();
  if (!cache.enabled()) return expand_pattern_uncached(c, pattern);
  const ExpansionCache::KeyView key = ExpansionCache::view(c.instance(), pattern);
  if (std::optional<PatternMatch> hit = cache.find(key)) return std::move(*hit);
  PatternMatch m = expand_pattern_uncached(c, pattern);
  cache.store(key, m);
  return m;
}

ExpansionCacheStats expansion_cache_stats() { return expansion_cache().stats(); }

void configure_expansion_cache(std::size_t limit) { expansion_cache().configure(limit); }

StatementActions expand_statement(const Catalog& c, const Statement& st) {
  StatementActions out;
  out.actions = ActionSet(c.action_count());
  const ItemList* list = st.actions();
  if (!list) return out;
  out.present = true;
  out.matches.reserve(list->items.size());
  for (const Item& item : list->items) {
    if (item.kind == ValueKind::Opaque) {
      out.has_opaque = true;
      out.matches.push_back({MatchStatus::Malformed, ActionSet(c.action_count()), {}});
      continue;
    }
    out.matches.push_back(expand_pattern(c, item.text));
    out.actions |= out.matches.back().actions;
  }
  if (st.uses_not_action()) out.actions = out.actions.complement();
  return out;
}

ActionSet granted_actions(const Catalog& catalog, const Policy& policy, std::vector<std::string>* unknown) {
  ActionSet granted(catalog.action_count());
  for (const Statement& st : policy.statements) {
    if (st.effect != Effect::Allow) continue;
    StatementActions sa = expand_statement(catalog, st);
    granted |= sa.actions;
    if (!unknown) continue;
    for (std::size_t i = 0; i < sa.matches.size(); ++i)
      if (sa.matches[i].status != MatchStatus::Matched && st.actions()->items[i].kind == ValueKind::String)
        unknown->push_back(st.actions()->items[i].text);
  }
  return granted;
}

}  // namespace iamtrim
