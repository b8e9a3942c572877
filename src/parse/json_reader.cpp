// A strict RFC 8259 reader that records spans. Recursive descent with an
// explicit depth limit: policies nest a handful of levels, so anything deeper
// than kMaxJsonDepth is hostile or broken and is reported, not followed.
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>

#include "iamtrim/json.hpp"
#include "parse/locator.hpp"
#include "parse/json_writer.hpp"

namespace iamtrim {
namespace {

// Objects up to this many members find duplicate keys by comparing.
constexpr std::size_t kScanKeys = 16;

// Bytes a string can hold as they are: printable ASCII but '"' and '\\'.
constexpr auto kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

class Reader {
 public:
  Reader(const SourceFile& file, std::string_view text, const OffsetMap* map)
      : text_(text), loc_(file, map) {}

  JsonResult run() {
    JsonResult r;
    if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    skip_ws();
    if (pos_ >= text_.size()) {
      fail("empty document: expected a JSON value");
    } else if (value(r.value, 0)) {
      skip_ws();
      if (pos_ < text_.size()) fail("unexpected " + describe() + " after the end of the JSON document");
    }
    r.parsed = !failed_;
    r.diagnostics = std::move(diags_);
    return r;
  }

 private:
  std::string_view text_;
  detail::Locator loc_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  Diagnostics diags_;

  std::uint32_t off(std::size_t p) const { return static_cast<std::uint32_t>(p); }

  void fail(std::string message) { fail_at(pos_, std::move(message)); }
  void fail_at(std::size_t p, std::string message) {
    if (failed_) return;
    failed_ = true;
    Span s = loc_.span(off(p), off(std::min(p + 1, text_.size())));
    diags_.push_back({"IAM001", "invalid JSON: " + std::move(message), s, "", {}});
  }

  std::string describe() const {
    if (pos_ >= text_.size()) return "end of input";
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (c < 0x20 || c >= 0x7F) return "byte 0x" + hex(c);
    return std::string("'") + static_cast<char>(c) + "'";
  }
  static std::string hex(unsigned c) {
    const char* d = "0123456789abcdef";
    return {d[(c >> 4) & 15], d[c & 15]};
  }

  void skip_ws() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
      // Indentation: eight spaces at a time.
      for (std::uint64_t w; pos_ + 8 <= text_.size(); pos_ += 8) {
        std::memcpy(&w, text_.data() + pos_, 8);
        if (w != 0x2020202020202020ull) break;
      }
    }
  }

  bool value(Value& v, int depth) {
    if (depth > kMaxJsonDepth) {
      fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
      return false;
    }
    if (pos_ >= text_.size()) {
      fail("unexpected end of input: expected a value");
      return false;
    }
    std::size_t begin = pos_;
    Position b = loc_.at(off(begin));
    bool ok = false;
    switch (text_[pos_]) {
      case '{': ok = object(v, depth); break;
      case '[': ok = array(v, depth); break;
      case '"':
        v.kind = ValueKind::String;
        ok = string(v.text);
        break;
      case 't': ok = literal("true", v, ValueKind::Bool, true); break;
      case 'f': ok = literal("false", v, ValueKind::Bool, false); break;
      case 'n': ok = literal("null", v, ValueKind::Null, false); break;
      default:
        if (text_[pos_] == '-' || (text_[pos_] >= '0' && text_[pos_] <= '9')) {
          ok = number(v);
        } else {
          fail("unexpected " + describe() + ": expected a value");
        }
    }
    if (ok) v.span = {b, loc_.at(off(pos_))};
    return ok;
  }

  bool literal(std::string_view word, Value& v, ValueKind kind, bool b) {
    if (text_.substr(pos_, word.size()) != word) {
      fail("unexpected " + describe() + ": expected a value");
      return false;
    }
    pos_ += word.size();
    v.kind = kind;
    v.boolean = b;
    return true;
  }

  bool digits() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    if (pos_ == start) {
      fail("malformed number: expected a digit, found " + describe());
      return false;
    }
    return true;
  }

  bool number(Value& v) {
    std::size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        fail("malformed number: leading zero");
        return false;
      }
    } else if (!digits()) {
      return false;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digits()) return false;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digits()) return false;
    }
    v.kind = ValueKind::Number;
    v.text.assign(text_.substr(start, pos_ - start));
    return true;
  }

  bool hex4(std::uint32_t& cp) {
    if (pos_ + 4 > text_.size()) {
      fail("truncated \\u escape");
      return false;
    }
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_ + i];
      cp <<= 4;
      if (c >= '0' && c <= '9') cp |= c - '0';
      else if (c >= 'a' && c <= 'f') cp |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') cp |= c - 'A' + 10;
      else {
        fail_at(pos_ + i, "invalid hex digit in \\u escape");
        return false;
      }
    }
    pos_ += 4;
    return true;
  }

  // Length of the valid UTF-8 sequence at pos_, or 0.
  std::size_t utf8_length() const {
    auto b = [&](std::size_t i) { return static_cast<unsigned char>(text_[pos_ + i]); };
    unsigned char c = b(0);
    std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || pos_ + n > text_.size()) return 0;
    for (std::size_t i = 1; i < n; ++i)
      if ((b(i) & 0xC0) != 0x80) return 0;
    if (n == 3 && ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) >= 0xA0))) return 0;
    if (n == 4 && ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) >= 0x90))) return 0;
    return n;
  }

  bool string(std::string& out) {
    std::size_t open = pos_++;
    out.clear();
    while (true) {
      if (pos_ >= text_.size()) {
        fail_at(open, "unterminated string");
        return false;
      }
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) {
        fail("control character " + describe() + " in string (escape it)");
        return false;
      }
      if (c == '\\') {
        if (!escape(out)) return false;
        continue;
      }
      if (c < 0x80) {
        // Copy the run of plain ASCII in one go: most strings are nothing else.
        // Eight bytes at a time while none of them needs a closer look.
        std::size_t run = pos_ + 1;
        for (std::uint64_t w; run + 8 <= text_.size(); run += 8) {
          std::memcpy(&w, text_.data() + run, 8);
          if ((w & 0x8080808080808080ull) || detail::json_escape_in(w)) break;
        }
        while (run < text_.size() && kPlain[static_cast<unsigned char>(text_[run])]) ++run;
        out.append(text_.substr(pos_, run - pos_));
        pos_ = run;
        continue;
      }
      std::size_t n = utf8_length();
      if (n == 0) {
        fail("invalid UTF-8 " + describe() + " in string");
        return false;
      }
      out.append(text_.substr(pos_, n));
      pos_ += n;
    }
  }

  bool escape(std::string& out) {
    std::size_t at = pos_;
    ++pos_;
    if (pos_ >= text_.size()) {
      fail_at(at, "unterminated escape sequence");
      return false;
    }
    char e = text_[pos_++];
    switch (e) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default:
        fail_at(at, std::string("invalid escape sequence '\\") + e + "'");
        return false;
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      std::uint32_t low = 0;
      if (text_.substr(pos_, 2) != "\\u") {
        fail_at(at, "unpaired surrogate in \\u escape");
        return false;
      }
      pos_ += 2;
      if (!hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) {
        fail_at(at, "unpaired surrogate in \\u escape");
        return false;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      fail_at(at, "unpaired surrogate in \\u escape");
      return false;
    }
    detail::append_utf8(out, cp);
    return true;
  }

  bool array(Value& v, int depth) {
    v.kind = ValueKind::Array;
    v.items.reserve(4);  // one allocation for the common short list instead of three
    ++pos_;
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      skip_ws();
      v.items.emplace_back();
      if (!value(v.items.back(), depth + 1)) return false;
      skip_ws();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        skip_ws();
        if (pos_ < text_.size() && text_[pos_] == ']') {
          fail("trailing comma before ']'");
          return false;
        }
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      fail("expected ',' or ']' in array, found " + describe());
      return false;
    }
  }

  static bool drop_last(Value& v) {
    v.members.pop_back();
    return false;
  }

  bool object(Value& v, int depth) {
    v.kind = ValueKind::Object;
    v.members.reserve(4);
    ++pos_;
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    // Duplicate keys: small objects (policies' are) compare with the members
    // so far; from kScanKeys members on, a map of the keys takes over.
    std::unordered_map<std::string, std::size_t> seen;
    while (true) {
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        fail("expected a quoted member name, found " + describe());
        return false;
      }
      // Read in place (a member is large to move); members before it are
      // v.members[0, at). A member that fails to read is dropped again.
      const std::size_t at = v.members.size();
      Member& m = v.members.emplace_back();
      std::size_t kb = pos_;
      Position kbp = loc_.at(off(kb));
      if (!string(m.key)) return drop_last(v);
      m.key_span = {kbp, loc_.at(off(pos_))};
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != ':') {
        fail("expected ':' after member name, found " + describe());
        return drop_last(v);
      }
      ++pos_;
      skip_ws();
      if (!value(m.value, depth + 1)) return drop_last(v);
      std::size_t earlier = at;  // the first member with this key, if any
      if (at < kScanKeys) {
        for (std::size_t i = 0; i < at; ++i)
          if (v.members[i].key == m.key) {
            earlier = i;
            break;
          }
      } else {
        if (seen.empty())
          for (std::size_t i = 0; i < at; ++i) seen.emplace(v.members[i].key, i);
        auto [it, fresh] = seen.emplace(m.key, at);
        if (!fresh) earlier = it->second;
      }
      if (earlier != at) {
        const Member& first = v.members[earlier];
        diags_.push_back({"IAM002",
                          "duplicate key \"" + m.key + "\" (first at line " +
                              std::to_string(first.key_span.begin.line) + ")",
                          m.key_span, "", {}});
      }
      skip_ws();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        skip_ws();
        if (pos_ < text_.size() && text_[pos_] == '}') {
          fail("trailing comma before '}'");
          return false;
        }
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      fail("expected ',' or '}' in object, found " + describe());
      return false;
    }
  }
};

}  // namespace

JsonResult parse_json(const SourceFile& file) {
  return Reader(file, file.text(), nullptr).run();
}

JsonResult parse_json_fragment(const SourceFile& file, std::string_view text, const OffsetMap& map) {
  return Reader(file, text, &map).run();
}

}  // namespace iamtrim
