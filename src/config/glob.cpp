#include "config/glob.hpp"

#include <string>
#include <vector>

namespace iamtrim::config {
namespace {

// Matches suffixes of the pattern against suffixes of the path, each pair
// decided once: a run of '*' (a user's glob may hold a hundred) costs
// pattern x path steps, never an exponential backtrack.
class Matcher {
 public:
  Matcher(std::string_view pattern, std::string_view path)
      : p_(pattern), s_(path), memo_((pattern.size() + 1) * (path.size() + 1), kUnknown) {}

  bool match(std::size_t pi, std::size_t si) {
    signed char& m = memo_[pi * (s_.size() + 1) + si];
    if (m == kUnknown) m = step(pi, si) ? 1 : 0;
    return m == 1;
  }

 private:
  static constexpr signed char kUnknown = -1;

  bool step(std::size_t pi, std::size_t si) {
    if (pi == p_.size()) return si == s_.size();
    if (p_.compare(pi, 2, "**") == 0) {
      std::size_t rest = pi + 2;
      const bool slash = rest < p_.size() && p_[rest] == '/';
      if (slash) ++rest;
      if (rest == p_.size() && !slash) return true;
      for (std::size_t i = si; i <= s_.size(); ++i) {
        // "**/" stands for zero or more whole directories.
        if (slash && i > si && s_[i - 1] != '/') continue;
        if (match(rest, i)) return true;
      }
      return false;
    }
    const char c = p_[pi];
    if (c == '*') {
      for (std::size_t i = si; i <= s_.size(); ++i) {
        if (match(pi + 1, i)) return true;
        if (i < s_.size() && s_[i] == '/') break;
      }
      return false;
    }
    if (si == s_.size()) return false;
    if (c == '?' ? s_[si] == '/' : c != s_[si]) return false;
    return match(pi + 1, si + 1);
  }

  std::string_view p_, s_;
  std::vector<signed char> memo_;
};

bool match_here(std::string_view p, std::string_view s) { return Matcher(p, s).match(0, 0); }

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  std::string full;
  if (pattern.find('/') == std::string_view::npos) {
    full = "**/" + std::string(pattern);
    pattern = full;
  } else if (pattern.front() == '/') {
    pattern.remove_prefix(1);  // anchored at the base directory, as in .gitignore
  }
  while (path.substr(0, 2) == "./") path.remove_prefix(2);
  if (match_here(pattern, path)) return true;
  // A match on a leading directory covers everything below it.
  for (std::size_t i = 0; i < path.size(); ++i)
    if (path[i] == '/' && match_here(pattern, path.substr(0, i))) return true;
  return false;
}

}  // namespace iamtrim::config
