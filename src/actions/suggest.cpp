// "Did you mean" for mistyped service prefixes and action names: the nearest
// catalog names by edit distance (adjacent transpositions count as one edit,
// the commonest typo), case-insensitive.
#include <algorithm>
#include <span>
#include <vector>

#include "iamtrim/actions.hpp"

namespace iamtrim {
namespace {

// Optimal string alignment distance, computed only inside the band
// |i - j| <= limit and abandoned once a whole row exceeds the limit: most
// catalog names are far from the typo and cost a few cells each.
std::size_t distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t big = limit + 1;
  if (b.size() > a.size() + limit || a.size() > b.size() + limit) return big;  // too far apart in length alone
  // Three rows, kept per thread: a suggestion measures thousands of names.
  thread_local std::vector<std::size_t> rows;
  rows.assign(3 * (b.size() + 1), big);
  std::span<std::size_t> prev2(rows.data(), b.size() + 1), prev(rows.data() + b.size() + 1, b.size() + 1),
      cur(rows.data() + 2 * (b.size() + 1), b.size() + 1);
  for (std::size_t j = 0; j <= std::min(b.size(), limit); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t lo = i > limit ? i - limit : 1, hi = std::min(b.size(), i + limit);
    // Only the band is written; the cells just outside it, which the next
    // two rows read, are reset (the rest still hold `big` or are never read).
    cur[lo - 1] = big;
    if (hi + 1 <= b.size()) cur[hi + 1] = big;
    cur[0] = i <= limit ? i : big;
    std::size_t row_min = cur[0];
    for (std::size_t j = lo; j <= hi; ++j) {
      std::size_t cost = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1;
      std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) && ascii_lower(a[i - 2]) == ascii_lower(b[j - 1]))
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = std::min(v, big);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return big;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// A lower bound of distance(): characters (case-folded, in 32 buckets) that
// one name has more of than the other. An edit changes a bucket's surplus by
// at most one, and a transposition not at all, so no name this rejects could
// be within `limit`; it costs one pass over each name, not a table.
bool too_far_by_letters(std::string_view a, std::string_view b, std::size_t limit) {
  int counts[32] = {};
  for (char c : a) ++counts[static_cast<unsigned char>(c | 0x20) & 31];
  for (char c : b) --counts[static_cast<unsigned char>(c | 0x20) & 31];
  std::size_t more = 0, fewer = 0;
  for (int n : counts) (n > 0 ? more : fewer) += static_cast<std::size_t>(n > 0 ? n : -n);
  return std::max(more, fewer) > limit;
}

// Names within a typo's reach: about one edit per four characters, at least two.
std::size_t reach(std::string_view name) { return std::max<std::size_t>(2, name.size() / 4); }

// Candidates within reach of `name`, nearest first (ties keep catalog order).
// Works on views; the caller builds strings only for the few it keeps.
template <typename Names>
std::vector<std::pair<std::size_t, std::size_t>> nearest(std::string_view name, const Names& names) {
  std::vector<std::pair<std::size_t, std::size_t>> found;  // (distance, index in names)
  std::size_t limit = reach(name);
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string_view candidate = names[i];
    std::size_t lengths = candidate.size() > name.size() ? candidate.size() - name.size()
                                                         : name.size() - candidate.size();
    if (lengths > limit || too_far_by_letters(name, candidate, limit)) continue;
    std::size_t d = distance(name, candidate, limit);
    if (d <= limit && d > 0) found.emplace_back(d, i);
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  return found;
}

}  // namespace

std::vector<std::string> suggest(const Catalog& c, std::string_view name, std::size_t limit) {
  std::vector<std::string> out;
  std::size_t colon = name.find(':');
  std::string_view svc = colon == std::string_view::npos ? name : name.substr(0, colon);
  std::string_view act = colon == std::string_view::npos ? std::string_view{} : name.substr(colon + 1);
  const ServiceInfo* service = c.find_service(svc);
  if (!service) {
    std::vector<std::string_view> prefixes;
    for (const ServiceInfo& s : c.services()) prefixes.push_back(s.prefix);
    for (auto [d, index] : nearest(svc, prefixes)) {
      if (out.size() >= limit) break;
      const ServiceInfo& s = c.services()[index];
      if (act.empty()) {
        out.emplace_back(s.prefix);
      } else if (auto id = c.find_action(s, act)) {
        out.push_back(c.full_name(*id));
      } else if (has_wildcard(act)) {
        out.push_back(std::string(s.prefix) + ":" + std::string(act));
      }
    }
    return out;
  }
  std::vector<std::string_view> actions;
  for (ActionId id = service->first; id < service->end; ++id) actions.push_back(c.action_name(id));
  for (auto [d, index] : nearest(act, actions)) {
    if (out.size() >= limit) break;
    out.push_back(c.full_name(service->first + static_cast<ActionId>(index)));
  }
  return out;
}

std::vector<std::string> nearest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t limit) {
  std::vector<std::string> out;
  auto add = [&](const std::string& c) {
    if (out.size() < limit && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  if (name.empty()) return out;
  for (auto [d, index] : nearest(name, candidates)) add(candidates[index]);
  std::string lowered = to_lower(name);
  if (lowered.size() >= 3)
    for (const std::string& c : candidates)
      if (!iequals(c, name) && to_lower(c).find(lowered) != std::string::npos) add(c);
  return out;
}

}  // namespace iamtrim
