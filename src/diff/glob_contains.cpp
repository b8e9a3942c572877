// Wildcard containment and intersection for IAM patterns ('*' and '?').
//
// Containment is decided by running OUTER's automaton over every string
// INNER can produce. Characters OUTER does not mention all behave alike, so
// one "fresh" character stands for them, which keeps the search finite; a
// subset construction over (position in INNER, states of OUTER) with a
// visited set visits each configuration once.
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "iamtrim/diff.hpp"

namespace iamtrim {
namespace {

constexpr std::size_t kMaxConfigurations = 200000;
constexpr int kFresh = -1;  // any character OUTER does not name

using States = std::vector<bool>;

void close(std::string_view p, States& s) {
  // '*' may match nothing: being before it means being after it too.
  for (std::size_t j = 0; j < p.size(); ++j)
    if (s[j] && p[j] == '*') s[j + 1] = true;
}

States step(std::string_view p, const States& s, int c) {
  States next(p.size() + 1, false);
  for (std::size_t j = 0; j < p.size(); ++j) {
    if (!s[j]) continue;
    char pc = p[j];
    if (pc == '*')
      next[j] = true;
    else if (pc == '?' || (c != kFresh && static_cast<unsigned char>(pc) == c))
      next[j + 1] = true;
  }
  close(p, next);
  return next;
}

bool none(const States& s) {
  for (bool b : s)
    if (b) return false;
  return true;
}

std::string key_of(std::size_t i, const States& s) {
  std::string k = std::to_string(i) + ':';
  for (bool b : s) k += b ? '1' : '0';
  return k;
}

}  // namespace

GlobVerdict glob_contains(std::string_view outer, std::string_view inner) {
  if (outer == inner) return GlobVerdict::Yes;
  std::vector<int> alphabet{kFresh};
  {
    std::set<unsigned char> seen;
    for (char c : outer)
      if (c != '*' && c != '?' && seen.insert(static_cast<unsigned char>(c)).second)
        alphabet.push_back(static_cast<unsigned char>(c));
  }
  States start(outer.size() + 1, false);
  start[0] = true;
  close(outer, start);

  std::set<std::string> visited;
  std::deque<std::pair<std::size_t, States>> queue;
  auto push = [&](std::size_t i, States s) {
    if (visited.insert(key_of(i, s)).second) queue.emplace_back(i, std::move(s));
  };
  push(0, start);
  while (!queue.empty()) {
    if (visited.size() > kMaxConfigurations) return GlobVerdict::Unknown;
    auto [i, s] = std::move(queue.front());
    queue.pop_front();
    // INNER can always finish from here, so a dead OUTER means a counterexample.
    if (none(s)) return GlobVerdict::No;
    if (i == inner.size()) {
      if (!s[outer.size()]) return GlobVerdict::No;
      continue;
    }
    char t = inner[i];
    if (t == '*') {
      push(i + 1, s);
      for (int c : alphabet) push(i, step(outer, s, c));
    } else if (t == '?') {
      for (int c : alphabet) push(i + 1, step(outer, s, c));
    } else {
      push(i + 1, step(outer, s, static_cast<unsigned char>(t)));
    }
  }
  return GlobVerdict::Yes;
}

bool glob_intersects(std::string_view a, std::string_view b) {
  // Product automaton over (position in a, position in b).
  const std::size_t n = a.size(), m = b.size();
  std::vector<bool> seen((n + 1) * (m + 1), false);
  std::vector<std::pair<std::size_t, std::size_t>> stack{{0, 0}};
  seen[0] = true;
  auto push = [&](std::size_t i, std::size_t j) {
    if (!seen[i * (m + 1) + j]) {
      seen[i * (m + 1) + j] = true;
      stack.emplace_back(i, j);
    }
  };
  while (!stack.empty()) {
    auto [i, j] = stack.back();
    stack.pop_back();
    if (i == n && j == m) return true;
    if (i < n && a[i] == '*') push(i + 1, j);
    if (j < m && b[j] == '*') push(i, j + 1);
    if (i == n || j == m) continue;
    bool compatible = a[i] == '*' || a[i] == '?' || b[j] == '*' || b[j] == '?' || a[i] == b[j];
    if (!compatible || (a[i] == '*' && b[j] == '*')) continue;
    push(a[i] == '*' ? i : i + 1, b[j] == '*' ? j : j + 1);
  }
  return false;
}

}  // namespace iamtrim
