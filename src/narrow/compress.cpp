// Wildcard synthesis for --compress. The catalog keeps each service's actions
// sorted by lower-cased name, so the actions `svc:Prefix*` matches form one
// contiguous run; growing a run from an action outwards while the prefix
// shrinks finds the widest safe wildcard in time linear in the run.
#include "iamtrim/narrow.hpp"

namespace iamtrim {
namespace {

bool has_prefix(std::string_view name, std::string_view prefix) {
  return name.size() >= prefix.size() && iequals(name.substr(0, prefix.size()), prefix);
}

struct Run {
  ActionId lo = 0, hi = 0;  // [lo, hi)
  std::size_t length = 0;   // prefix length in characters
};

// The shortest prefix of `id`'s name whose run lies wholly in `allowed`.
// A run of one action is no better than the literal name.
std::optional<Run> widest_run(const Catalog& c, const ServiceInfo& s, ActionId id, const ActionSet& allowed) {
  std::string_view name = c.action_name(id);
  Run run{id, id + 1, name.size()};
  std::optional<Run> best;
  for (std::size_t len = name.size(); len >= 1; --len) {
    std::string_view prefix = name.substr(0, len);
    Run next = run;
    next.length = len;
    bool safe = true;
    while (safe && next.lo > s.first && has_prefix(c.action_name(next.lo - 1), prefix)) {
      --next.lo;
      safe = allowed.contains(next.lo);
    }
    while (safe && next.hi < s.end && has_prefix(c.action_name(next.hi), prefix)) {
      safe = allowed.contains(next.hi);
      ++next.hi;
    }
    // Shorter prefixes only add actions, so the first unsafe one ends the search.
    if (!safe) break;
    run = next;
    if (run.hi - run.lo > 1) best = run;
  }
  return best;
}

}  // namespace

std::vector<std::string> compress_actions(const Catalog& c, const ActionSet& target, const ActionSet& allowed) {
  std::vector<std::string> out;
  for (const ServiceInfo& s : c.services()) {
    ActionId first = s.end;
    for (ActionId id = s.first; id < s.end; ++id)
      if (target.contains(id)) {
        first = id;
        break;
      }
    if (first == s.end) continue;
    bool whole = true;
    for (ActionId id = s.first; id < s.end && whole; ++id) whole = allowed.contains(id);
    if (whole) {
      out.push_back(std::string(s.prefix) + ":*");
      continue;
    }
    for (ActionId id = first; id < s.end; ++id) {
      if (!target.contains(id)) continue;
      std::optional<Run> run = widest_run(c, s, id, allowed);
      if (!run) {
        out.push_back(c.full_name(id));
        continue;
      }
      out.push_back(std::string(s.prefix) + ":" + std::string(c.action_name(id).substr(0, run->length)) + "*");
      // Every target action in the run is covered; carry on after it.
      id = run->hi - 1;
    }
  }
  return out;
}

}  // namespace iamtrim
