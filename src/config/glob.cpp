#include "config/glob.hpp"

#include <string>

namespace iamtrim::config {
namespace {

// Backtracking over at most a few '*' in a short path; no memo needed.
bool match_here(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      std::string_view rest = p.substr(2);
      bool slash = !rest.empty() && rest.front() == '/';
      if (slash) rest.remove_prefix(1);
      if (rest.empty() && !slash) return true;
      for (std::size_t i = 0; i <= s.size(); ++i) {
        // "**/" stands for zero or more whole directories.
        if (slash && i > 0 && s[i - 1] != '/') continue;
        if (match_here(rest, s.substr(i))) return true;
      }
      return false;
    }
    char c = p.front();
    if (c == '*') {
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (match_here(p.substr(1), s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') break;
      }
      return false;
    }
    if (s.empty()) return false;
    if (c == '?' ? s.front() == '/' : c != s.front()) return false;
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

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
