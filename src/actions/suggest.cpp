// "Did you mean" for mistyped service prefixes and action names: the nearest
// catalog names by edit distance (adjacent transpositions count as one edit,
// the commonest typo), case-insensitive.
#include <algorithm>

#include "iamtrim/actions.hpp"

namespace iamtrim {
namespace {

std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Names within a typo's reach: about one edit per four characters, at least two.
std::size_t reach(std::string_view name) { return std::max<std::size_t>(2, name.size() / 4); }

template <typename Names>
std::vector<std::pair<std::size_t, std::string>> nearest(std::string_view name, const Names& names) {
  std::vector<std::pair<std::size_t, std::string>> found;
  std::size_t limit = reach(name);
  for (const auto& [candidate, label] : names) {
    std::size_t lengths = candidate.size() > name.size() ? candidate.size() - name.size()
                                                         : name.size() - candidate.size();
    if (lengths > limit) continue;
    std::size_t d = distance(name, candidate);
    if (d <= limit && d > 0) found.emplace_back(d, label);
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
    std::vector<std::pair<std::string_view, std::string>> prefixes;
    for (const ServiceInfo& s : c.services()) prefixes.emplace_back(s.prefix, std::string(s.prefix));
    for (auto& [d, prefix] : nearest(svc, prefixes)) {
      if (out.size() >= limit) break;
      const ServiceInfo* s = c.find_service(prefix);
      if (act.empty()) {
        out.push_back(prefix);
      } else if (auto id = c.find_action(*s, act)) {
        out.push_back(c.full_name(*id));
      } else if (has_wildcard(act)) {
        out.push_back(prefix + ":" + std::string(act));
      }
    }
    return out;
  }
  std::vector<std::pair<std::string_view, std::string>> actions;
  for (ActionId id = service->first; id < service->end; ++id)
    actions.emplace_back(c.action_name(id), c.full_name(id));
  for (auto& [d, full] : nearest(act, actions)) {
    if (out.size() >= limit) break;
    out.push_back(full);
  }
  return out;
}

}  // namespace iamtrim
