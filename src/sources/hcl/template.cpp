// Templates: quoted strings and heredocs, with their escapes, their
// interpolations and directives, and a map back to the original bytes.
#include <limits>

#include "sources/hcl/parser_impl.hpp"
#include "parse/json_writer.hpp"

namespace iamtrim::hcl::detail {
namespace {

// Appends decoded text while recording where each run of bytes came from.
// Runs that continue the previous one in both texts share one map piece.
class Emitter {
 public:
  explicit Emitter(Template& t) : t_(t) {}
  ~Emitter() { flush(); }
  void put(std::string_view s, std::uint32_t original) {
    if (s.empty()) return;
    if (length_ == 0 || original != original_ + length_) {
      flush();
      derived_ = static_cast<std::uint32_t>(t_.text.size());
      original_ = original;
    }
    t_.text += s;
    length_ += static_cast<std::uint32_t>(s.size());
  }
  // A decoded character that stands for a longer escape starting at `original`.
  void put_escape(std::string_view s, std::uint32_t original) {
    flush();
    t_.map.add(static_cast<std::uint32_t>(t_.text.size()), original, static_cast<std::uint32_t>(s.size()));
    t_.text += s;
  }
  void flush() {
    if (length_) t_.map.add(derived_, original_, length_);
    length_ = 0;
  }

 private:
  Template& t_;
  std::uint32_t derived_ = 0, original_ = 0, length_ = 0;
};

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

class TemplateReader {
 public:
  TemplateReader(Parser& p, Template& t, bool quoted, std::size_t limit, std::size_t strip)
      : p_(p), t_(t), out_(t), quoted_(quoted), limit_(limit), strip_(strip), start_(p.pos_ ? p.pos_ - 1 : 0) {}

  // Reads up to `limit` (a heredoc) or the closing quote (left unread).
  void run() {
    bool line_start = true;
    while (!p_.failed() && p_.pos_ < limit_) {
      if (line_start && strip_) skip_indent();
      line_start = false;
      if (p_.pos_ >= limit_) break;
      std::uint32_t here = static_cast<std::uint32_t>(p_.pos_);
      char c = p_.peek();
      if (quoted_ && c == '"') return;
      if (quoted_ && (c == '\n' || c == '\r'))
        return p_.fail("unterminated string: a quoted string cannot span lines", static_cast<std::uint32_t>(start_));
      if ((c == '$' || c == '%') && p_.peek(1) == c && p_.peek(2) == '{') {
        out_.put(std::string{c, '{'}, here + 1);  // "$${" is a literal "${"
        p_.pos_ += 3;
      } else if ((c == '$' || c == '%') && p_.peek(1) == '{') {
        hole(c == '$');
      } else if (quoted_ && c == '\\') {
        escape();
      } else {
        out_.put(std::string_view(&p_.text_[p_.pos_], 1), here);
        ++p_.pos_;
        line_start = c == '\n';
      }
    }
    if (quoted_ && !p_.failed()) p_.fail("unterminated string", static_cast<std::uint32_t>(start_));
  }

 private:
  void skip_indent() {
    for (std::size_t i = 0; i < strip_ && p_.pos_ < limit_ && (p_.peek() == ' ' || p_.peek() == '\t'); ++i) ++p_.pos_;
  }

  void escape() {
    std::uint32_t here = static_cast<std::uint32_t>(p_.pos_);
    char e = p_.peek(1);
    std::string decoded;
    std::size_t length = 2;
    switch (e) {
      case 'n': decoded = "\n"; break;
      case 'r': decoded = "\r"; break;
      case 't': decoded = "\t"; break;
      case '"': decoded = "\""; break;
      case '\\': decoded = "\\"; break;
      case 'u':
      case 'U': {
        std::size_t digits = e == 'u' ? 4 : 8;
        unsigned long cp = 0;
        for (std::size_t i = 0; i < digits; ++i) {
          char h = p_.peek(2 + i);
          if (!is_hex(h)) return p_.fail("invalid unicode escape", here);
          cp = cp * 16 + static_cast<unsigned long>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        if (cp > 0x10FFFF) return p_.fail("invalid unicode escape", here);
        iamtrim::detail::append_utf8(decoded, static_cast<std::uint32_t>(cp));
        length = 2 + digits;
        break;
      }
      default:
        return p_.fail("invalid escape sequence \"\\" + std::string(1, e) + "\"", here);
    }
    out_.put_escape(decoded, here);
    p_.pos_ += length;
  }

  // ${ expr } or %{ directive }, kept verbatim in the text.
  void hole(bool interpolation) {
    std::uint32_t start = static_cast<std::uint32_t>(p_.pos_);
    p_.pos_ += 2;
    if (interpolation) {
      Parser::NewlineScope lines(p_, false);
      if (p_.peek() == '~') ++p_.pos_;
      t_.interpolations.push_back(p_.parse_expression());
      p_.skip_space();
      if (p_.peek() == '~') ++p_.pos_;
      if (p_.peek() != '}') return p_.fail("expected \"}\" to close the interpolation", start);
      ++p_.pos_;
    } else {
      t_.directives = true;
      skip_directive(start);
    }
    std::uint32_t end = static_cast<std::uint32_t>(p_.pos_);
    t_.holes.push_back({start, end});
    out_.put(std::string_view(p_.text_).substr(start, end - start), start);
  }

  // Directives (%{ if }, %{ for }) are not evaluated, only delimited.
  void skip_directive(std::uint32_t start) {
    int depth = 1;
    while (p_.pos_ < limit_ && depth > 0) {
      char c = p_.peek();
      if (c == '"') {
        for (++p_.pos_; p_.pos_ < limit_ && p_.peek() != '"'; ++p_.pos_)
          if (p_.peek() == '\\') ++p_.pos_;
      } else if (c == '{') {
        ++depth;
      } else if (c == '}') {
        --depth;
      }
      ++p_.pos_;
    }
    if (depth > 0) p_.fail("unterminated %{ directive", start);
  }

  Parser& p_;
  Template& t_;
  Emitter out_;
  bool quoted_;
  std::size_t limit_;
  std::size_t strip_;
  std::size_t start_;  // the opening quote, for messages
};

}  // namespace

Expr Parser::parse_quoted() {
  DepthScope depth(*this);
  Expr e{ExprKind::Template, static_cast<std::uint32_t>(pos_)};
  ++pos_;  // opening quote
  {
    TemplateReader reader(*this, e.tmpl, true, text_.size(), 0);
    reader.run();
  }
  ++pos_;  // closing quote
  e.end = static_cast<std::uint32_t>(pos_);
  return e;
}

Template Parser::parse_template_body() {
  Template t;
  t.heredoc = true;
  {
    TemplateReader reader(*this, t, false, text_.size(), 0);
    reader.run();
  }
  return t;
}

Expr Parser::parse_heredoc() {
  DepthScope depth(*this);
  std::uint32_t start = static_cast<std::uint32_t>(pos_);
  pos_ += 2;
  bool indented = peek() == '-';
  if (indented) ++pos_;
  std::string marker = read_identifier();
  if (marker.empty()) {
    fail("expected a heredoc marker after \"<<\"");
    return {};
  }
  if (peek() == '\r') ++pos_;
  if (peek() != '\n') {
    fail("a heredoc marker must end its line", start);
    return {};
  }
  std::size_t content = ++pos_;
  // Find the closing line: optional blanks, the marker, end of line.
  std::size_t line = content, close_line = std::string::npos, close_end = 0;
  std::size_t strip = std::numeric_limits<std::size_t>::max();
  while (line < text_.size()) {
    std::size_t eol = text_.find('\n', line);
    std::size_t next = eol == std::string::npos ? text_.size() : eol + 1;
    std::size_t stop = eol == std::string::npos ? text_.size() : eol;
    if (stop > line && text_[stop - 1] == '\r') --stop;
    std::size_t first = line;
    while (first < stop && (text_[first] == ' ' || text_[first] == '\t')) ++first;
    if (std::string_view(text_).substr(first, stop - first) == marker) {
      close_line = line;
      close_end = stop;
      break;
    }
    if (first < stop) strip = std::min(strip, first - line);  // blank lines do not count
    line = next;
  }
  if (close_line == std::string::npos) {
    fail("heredoc <<" + marker + " has no closing " + marker + " line", start);
    return {};
  }
  Expr e{ExprKind::Template, start};
  e.tmpl.heredoc = true;
  {
    TemplateReader reader(*this, e.tmpl, false, close_line, indented && strip != std::numeric_limits<std::size_t>::max() ? strip : 0);
    reader.run();
  }
  if (failed()) return e;
  pos_ = close_end;
  e.end = static_cast<std::uint32_t>(pos_);
  return e;
}

}  // namespace iamtrim::hcl::detail
