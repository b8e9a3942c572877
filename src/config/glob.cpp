#include "config/glob.hpp"

#include <optional>
#include <string>
#include <system_error>
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

namespace {

// A path whose lexical normal form is itself: not empty, no "." or ".."
// component, no doubled or trailing '/'; absolute ones start with '/' and
// are more than the root.
bool plain(std::string_view s, bool absolute) {
  if (s.empty() || (s.front() == '/') != absolute) return false;
  if (absolute) s.remove_prefix(1);
  while (true) {
    std::size_t slash = s.find('/');
    std::string_view part = s.substr(0, slash);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string_view::npos) return true;
    s.remove_prefix(slash + 1);
  }
}

// The lexical normal form of a path made of names and ".." only (no "."
// component, no doubled or trailing '/'), whose last component is a name:
// each name followed by ".." goes with it, a ".." right under the root goes,
// and the leading ".." of a relative path stay, as
// std::filesystem::path::lexically_normal() has it. Nothing for any other
// shape (those take the filesystem route), so a result never ends in '/'.
std::optional<std::string> normal(std::string_view s) {
  if (s.empty()) return std::nullopt;
  const bool absolute = s.front() == '/';
  if (absolute) s.remove_prefix(1);
  thread_local std::vector<std::string_view> kept;  // reused: a walk asks for every file
  kept.clear();
  std::size_t leading_up = 0;  // ".." kept at the front of a relative path
  while (true) {
    std::size_t slash = s.find('/');
    std::string_view part = s.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (part.empty() || part == ".") return std::nullopt;
    if (part == "..") {
      if (last) return std::nullopt;
      if (!kept.empty()) kept.pop_back();
      else if (!absolute) ++leading_up;
    } else {
      kept.push_back(part);
    }
    if (last) break;
    s.remove_prefix(slash + 1);
  }
  std::string out = absolute ? "/" : "";
  for (std::size_t i = 0; i < leading_up; ++i) out += "../";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i) out += '/';
    out += kept[i];
  }
  return out;
}

}  // namespace

std::string glob_path(std::string_view path, const std::filesystem::path& base, const std::filesystem::path& cwd) {
  namespace fs = std::filesystem;
  const std::string& b = base.native();
  const std::string& c = cwd.native();
  bool absolute = !path.empty() && path.front() == '/';
  if (plain(path, absolute) && plain(b, true) && (absolute || plain(c, true))) {
    std::string abs = absolute ? std::string(path) : c + '/' + std::string(path);
    if (abs == b) return ".";
    if (abs.size() > b.size() && abs.compare(0, b.size(), b) == 0 && abs[b.size()] == '/')
      return abs.substr(b.size() + 1);
    return std::string(path);  // outside `base`: the path as given, already normal
  }
  // Paths with ".." (an absolute folder given as /repo/../elsewhere, or
  // ../elsewhere from the working directory) are worked out on the string too.
  if (plain(b, true) && plain(c, true)) {
    std::optional<std::string> abs = normal(absolute ? std::string(path) : c + '/' + std::string(path));
    std::optional<std::string> given = absolute ? abs : normal(path);
    if (abs && given) {
      if (*abs == b) return ".";
      if (abs->size() > b.size() && abs->compare(0, b.size(), b) == 0 && (*abs)[b.size()] == '/')
        return abs->substr(b.size() + 1);
      return *given;
    }
  }
  fs::path p(path);
  fs::path abs = (p.is_absolute() ? p : cwd / p).lexically_normal();
  fs::path rel = abs.lexically_relative(base.lexically_normal());
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return p.lexically_normal().generic_string();
}

}  // namespace iamtrim::config
