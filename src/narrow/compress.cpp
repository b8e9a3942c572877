// Wildcard synthesis for --compress. The catalog keeps each service's actions
// sorted by lower-cased name, so the actions `svc:Prefix*` matches form one
// contiguous run; growing a run from an action outwards while the prefix
// shrinks finds every safe wildcard of that action in time linear in the
// run. Only prefixes made of whole camel-case words are candidates, so the
// result reads like what a person writes: `ec2:Describe*`, `s3:GetObject*`,
// `ec2:CreateVpc*`, never `ec2:DescribeA*`.
#include <cctype>

#include "iamtrim/narrow.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim {
namespace {

bool upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool lower_or_digit(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0 || std::isdigit(static_cast<unsigned char>(c)) != 0;
}

struct Run {
  ActionId lo = 0, hi = 0;  // [lo, hi)
  std::size_t length = 0;   // prefix length in characters
};

// The shortest whole-word prefix of `id`'s name whose run lies wholly in
// `allowed` and holds more than one action (one is no better than the name),
// spelled with the most words that still match that run.
std::optional<Run> widest_run(const Catalog& c, const ServiceInfo& s, ActionId id, const ActionSet& allowed) {
  std::string_view name = c.action_name(id);
  Run run{id, id + 1, name.size()};
  std::optional<Run> best;
  for (std::size_t len = name.size(); len >= 1; --len) {
    std::string_view prefix = name.substr(0, len);
    Run next = run;
    next.length = len;
    bool safe = true;
    while (safe && next.lo > s.first && istarts_with(c.action_name(next.lo - 1), prefix)) {
      --next.lo;
      safe = allowed.contains(next.lo);
    }
    while (safe && next.hi < s.end && istarts_with(c.action_name(next.hi), prefix)) {
      safe = allowed.contains(next.hi);
      ++next.hi;
    }
    // Shorter prefixes only add actions, so the first unsafe one ends the search.
    if (!safe) break;
    run = next;
    if (run.hi - run.lo < 2) continue;
    // A prefix a person would write: whole words of some action it matches.
    bool words = false;
    for (ActionId a = run.lo; a < run.hi && !words; ++a) words = is_word_prefix(c.action_name(a), len);
    // Of the prefixes that match the same actions, the longest reads best
    // (`PartiQL*`, not `Parti*`).
    if (words && (!best || best->lo != run.lo || best->hi != run.hi)) best = run;
  }
  return best;
}

}  // namespace

bool is_word_prefix(std::string_view name, std::size_t n) {
  if (n == 0 || n > name.size()) return false;
  if (n == name.size()) return true;
  const char next = name[n], last = name[n - 1];
  if (!upper(next)) return false;
  if (lower_or_digit(last)) return true;
  // The last capital of an acronym starts the next word: "DB|Instances".
  return upper(last) && n + 1 < name.size() && std::islower(static_cast<unsigned char>(name[n + 1]));
}

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
