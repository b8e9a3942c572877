// gitignore(5) patterns: parsing a file's lines into compiled patterns and
// matching paths with git's wildmatch semantics (WM_PATHNAME). Matching is a
// table walk over (pattern token, text position), so no pattern can make it
// backtrack exponentially: cost is at most tokens x path length.
#include <algorithm>
#include <bitset>
#include <cctype>

#include "iamtrim/walk.hpp"

namespace iamtrim {
namespace {

enum class Op : std::uint8_t {
  Byte,           // one literal byte
  One,            // '?': any byte but '/'
  Set,            // '[...]': a byte of the set, never '/'
  Star,           // '*': any run without '/'
  Any,            // '**' at the end: any run, '/' included
  Dirs,           // '**/': nothing, or any run ending in '/'
};

struct Token {
  Op op;
  unsigned char byte = 0;
  std::uint16_t set = 0;  // index into Compiled::sets
};

struct Compiled {
  std::vector<Token> tokens;
  std::vector<std::bitset<256>> sets;
  std::string literal;  // the whole pattern when it has no wildcard (fast path)
  bool has_wildcard = false;
  bool valid = true;    // an unterminated '[' or a trailing '\' never matches, as in git
};

bool in_class(std::string_view name, unsigned char c) {
  if (name == "alnum") return std::isalnum(c);
  if (name == "alpha") return std::isalpha(c);
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return std::iscntrl(c);
  if (name == "digit") return std::isdigit(c);
  if (name == "graph") return std::isgraph(c);
  if (name == "lower") return std::islower(c);
  if (name == "print") return std::isprint(c);
  if (name == "punct") return std::ispunct(c);
  if (name == "space") return std::isspace(c);
  if (name == "upper") return std::isupper(c);
  if (name == "xdigit") return std::isxdigit(c);
  return false;
}

// Parses the bracket expression starting at p[i] == '['; returns the index
// after its ']' or npos when it is not terminated (or names no known class).
std::size_t parse_set(std::string_view p, std::size_t i, std::bitset<256>& set) {
  ++i;
  bool negate = i < p.size() && (p[i] == '!' || p[i] == '^');
  if (negate) ++i;
  bool first = true;
  int prev = -1;  // the last single byte added, for ranges
  while (i < p.size()) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c == ']' && !first) {
      if (negate) set.flip();
      set.reset('/');
      return i + 1;
    }
    first = false;
    if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      std::size_t close = p.find(":]", i + 2);
      if (close == std::string_view::npos) return std::string_view::npos;
      std::string_view name = p.substr(i + 2, close - i - 2);
      static constexpr std::string_view kNames[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                                    "lower", "print", "punct", "space", "upper", "xdigit"};
      if (std::find(std::begin(kNames), std::end(kNames), name) == std::end(kNames)) return std::string_view::npos;
      for (int b = 0; b < 256; ++b)
        if (in_class(name, static_cast<unsigned char>(b))) set.set(static_cast<std::size_t>(b));
      prev = -1;
      i = close + 2;
      continue;
    }
    if (c == '\\') {
      if (++i >= p.size()) return std::string_view::npos;
      c = static_cast<unsigned char>(p[i]);
    }
    if (c == '-' && prev >= 0 && i + 1 < p.size() && p[i + 1] != ']') {
      ++i;
      unsigned char hi = static_cast<unsigned char>(p[i]);
      if (hi == '\\') {
        if (++i >= p.size()) return std::string_view::npos;
        hi = static_cast<unsigned char>(p[i]);
      }
      for (int b = prev; b <= hi; ++b) set.set(static_cast<std::size_t>(b));
      prev = -1;
      ++i;
      continue;
    }
    set.set(c);
    prev = c;
    ++i;
  }
  return std::string_view::npos;
}

Compiled compile(std::string_view p) {
  Compiled c;
  for (std::size_t i = 0; i < p.size();) {
    char ch = p[i];
    if (ch == '\\') {
      if (i + 1 >= p.size()) {
        c.valid = false;
        return c;
      }
      c.tokens.push_back({Op::Byte, static_cast<unsigned char>(p[i + 1])});
      i += 2;
      continue;
    }
    if (ch == '*') {
      std::size_t run = i;
      while (run < p.size() && p[run] == '*') ++run;
      c.has_wildcard = true;
      bool after_slash = i == 0 || p[i - 1] == '/';
      if (run - i >= 2 && after_slash && (run == p.size() || p[run] == '/')) {
        if (run == p.size()) {
          c.tokens.push_back({Op::Any});
          i = run;
        } else {
          c.tokens.push_back({Op::Dirs});
          i = run + 1;  // the '/' belongs to the token
        }
      } else {
        c.tokens.push_back({Op::Star});  // other runs of '*' are one '*'
        i = run;
      }
      continue;
    }
    if (ch == '?') {
      c.has_wildcard = true;
      c.tokens.push_back({Op::One});
      ++i;
      continue;
    }
    if (ch == '[') {
      std::bitset<256> set;
      std::size_t next = parse_set(p, i, set);
      if (next == std::string_view::npos) {
        c.valid = false;
        return c;
      }
      c.has_wildcard = true;
      c.sets.push_back(set);
      c.tokens.push_back({Op::Set, 0, static_cast<std::uint16_t>(c.sets.size() - 1)});
      i = next;
      continue;
    }
    c.tokens.push_back({Op::Byte, static_cast<unsigned char>(ch)});
    ++i;
  }
  if (!c.has_wildcard)
    for (const Token& t : c.tokens) c.literal += static_cast<char>(t.byte);
  return c;
}

// reach[j]: the tokens so far can match text[0, j).
bool run(const Compiled& c, std::string_view text) {
  if (!c.valid) return false;
  if (!c.has_wildcard) return text == c.literal;
  const std::size_t n = text.size();
  std::vector<char> reach(n + 1, 0), next(n + 1, 0);
  reach[0] = 1;
  for (const Token& t : c.tokens) {
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    switch (t.op) {
      case Op::Byte:
      case Op::One:
      case Op::Set:
        for (std::size_t j = 0; j < n; ++j) {
          if (!reach[j]) continue;
          unsigned char b = static_cast<unsigned char>(text[j]);
          bool ok = t.op == Op::Byte ? b == t.byte : t.op == Op::One ? b != '/' : c.sets[t.set].test(b);
          if (ok) next[j + 1] = any = 1;
        }
        break;
      case Op::Star: {
        bool on = false;
        for (std::size_t j = 0; j <= n; ++j) {
          if (reach[j]) on = true;
          if (on) next[j] = any = 1;
          if (j < n && text[j] == '/') on = false;
        }
        break;
      }
      case Op::Any: {
        bool on = false;
        for (std::size_t j = 0; j <= n; ++j) {
          on = on || reach[j];
          if (on) next[j] = any = 1;
        }
        break;
      }
      case Op::Dirs: {
        bool on = false;
        for (std::size_t j = 0; j <= n; ++j) {
          if (reach[j]) next[j] = any = 1;  // no directory
          if (on && j > 0 && text[j - 1] == '/') next[j] = any = 1;
          on = on || reach[j];
        }
        break;
      }
    }
    if (!any) return false;
    reach.swap(next);
  }
  return reach[n];
}

// Trailing spaces are dropped unless escaped with a backslash.
std::string_view trim_trailing_spaces(std::string_view line) {
  std::size_t keep = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      ++i;
      keep = i + 1;
    } else if (line[i] != ' ') {
      keep = i + 1;
    }
  }
  return line.substr(0, keep);
}

}  // namespace

struct IgnoreFile::Pattern {
  Compiled compiled;
  std::size_t line = 0;
  bool negated = false;
  bool dir_only = false;
  bool basename = false;  // no '/' in the pattern: matches a name at any depth
};

IgnoreFile::IgnoreFile() = default;
IgnoreFile::~IgnoreFile() = default;
IgnoreFile::IgnoreFile(IgnoreFile&&) noexcept = default;
IgnoreFile& IgnoreFile::operator=(IgnoreFile&&) noexcept = default;
std::size_t IgnoreFile::size() const { return patterns_.size(); }

IgnoreFile IgnoreFile::parse(std::string_view text, std::string base, std::string origin) {
  IgnoreFile f;
  if (!base.empty() && base.back() != '/') base += '/';
  f.base_ = std::move(base);
  f.origin_ = std::move(origin);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // git skips a UTF-8 BOM
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF files
    if (line.empty() || line.front() == '#') continue;
    line = trim_trailing_spaces(line);
    Pattern p;
    p.line = line_no;
    if (!line.empty() && line.front() == '!') {
      p.negated = true;
      line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
      p.dir_only = true;
      line.remove_suffix(1);
    }
    if (line.empty()) continue;
    p.basename = line.find('/') == std::string_view::npos;
    if (line.front() == '/') line.remove_prefix(1);
    p.compiled = compile(line);
    f.patterns_.push_back(std::move(p));
  }
  return f;
}

IgnoreFile::Match IgnoreFile::match(std::string_view path, bool is_dir) const {
  if (path.substr(0, base_.size()) != base_) return {};
  std::string_view rel = path.substr(base_.size());
  std::size_t slash = rel.rfind('/');
  std::string_view name = slash == std::string_view::npos ? rel : rel.substr(slash + 1);
  for (std::size_t i = patterns_.size(); i-- > 0;) {
    const Pattern& p = patterns_[i];
    if (p.dir_only && !is_dir) continue;
    if (!run(p.compiled, p.basename ? name : rel)) continue;
    return {p.negated ? Verdict::Included : Verdict::Ignored, p.line};
  }
  return {};
}

void IgnoreStack::push(IgnoreFile file) { pushed_.push_back(std::move(file)); }
void IgnoreStack::pop() {
  if (!pushed_.empty()) pushed_.pop_back();
}
void IgnoreStack::add_fallback(IgnoreFile file) { fallback_.push_back(std::move(file)); }

IgnoreStack::Decision IgnoreStack::decide(std::string_view path, bool is_dir) const {
  auto judge = [&](const IgnoreFile& f) -> std::optional<Decision> {
    IgnoreFile::Match m = f.match(path, is_dir);
    if (m.verdict == IgnoreFile::Verdict::None) return std::nullopt;
    if (m.verdict == IgnoreFile::Verdict::Included) return Decision{};
    return Decision{true, "ignored by " + f.origin() + ":" + std::to_string(m.line)};
  };
  for (std::size_t i = pushed_.size(); i-- > 0;)
    if (auto d = judge(pushed_[i])) return *d;
  for (const IgnoreFile& f : fallback_)
    if (auto d = judge(f)) return *d;
  return {};
}

bool wildmatch(std::string_view pattern, std::string_view text) { return run(compile(pattern), text); }

}  // namespace iamtrim
