#include "sources/encoded_document.hpp"

#include <vector>

#include "iamtrim/json.hpp"

namespace iamtrim::sources {
namespace {

// Bytes with the file offset each one came from.
struct Mapped {
  std::string text;
  std::vector<std::uint32_t> origin;
  void push(char c, std::uint32_t at) {
    text.push_back(c);
    origin.push_back(at);
  }
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void push_utf8(Mapped& out, std::uint32_t cp, std::uint32_t at) {
  if (cp < 0x80) {
    out.push(static_cast<char>(cp), at);
  } else if (cp < 0x800) {
    out.push(static_cast<char>(0xC0 | (cp >> 6)), at);
    out.push(static_cast<char>(0x80 | (cp & 0x3F)), at);
  } else if (cp < 0x10000) {
    out.push(static_cast<char>(0xE0 | (cp >> 12)), at);
    out.push(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), at);
    out.push(static_cast<char>(0x80 | (cp & 0x3F)), at);
  } else {
    out.push(static_cast<char>(0xF0 | (cp >> 18)), at);
    out.push(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)), at);
    out.push(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), at);
    out.push(static_cast<char>(0x80 | (cp & 0x3F)), at);
  }
}

std::optional<std::uint32_t> hex4(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return std::nullopt;
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    int d = hex_digit(s[i + k]);
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<std::uint32_t>(d);
  }
  return v;
}

// The JSON reader already validated the string, so escapes are well formed;
// the checks here only keep a malformed surrogate from reading past the end.
Mapped unescape_json(std::string_view raw, std::uint32_t base) {
  Mapped out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::uint32_t at = base + static_cast<std::uint32_t>(i);
    if (raw[i] != '\\' || i + 1 >= raw.size()) {
      out.push(raw[i], at);
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'n': out.push('\n', at); break;
      case 't': out.push('\t', at); break;
      case 'r': out.push('\r', at); break;
      case 'b': out.push('\b', at); break;
      case 'f': out.push('\f', at); break;
      case 'u': {
        auto cp = hex4(raw, i + 1);
        if (!cp) break;
        i += 4;
        std::uint32_t code = *cp;
        if (code >= 0xD800 && code < 0xDC00 && i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u') {
          if (auto lo = hex4(raw, i + 3); lo && *lo >= 0xDC00 && *lo < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (*lo - 0xDC00);
            i += 6;
          }
        }
        push_utf8(out, code, at);
        break;
      }
      default: out.push(e, at); break;  // \" \\ \/
    }
  }
  return out;
}

Mapped percent_decode(const Mapped& in) {
  Mapped out;
  const std::string& s = in.text;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out.push(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])), in.origin[i]);
      i += 2;
    } else {
      out.push(s[i], in.origin[i]);
    }
  }
  return out;
}

OffsetMap to_offset_map(const Mapped& m) {
  OffsetMap map;
  std::size_t i = 0;
  while (i < m.origin.size()) {
    std::size_t j = i + 1;
    while (j < m.origin.size() && m.origin[j] == m.origin[j - 1] + 1) ++j;
    map.add(static_cast<std::uint32_t>(i), m.origin[i], static_cast<std::uint32_t>(j - i));
    i = j;
  }
  return map;
}

bool starts_like_json(std::string_view s) {
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{' || c == '[';
  }
  return false;
}

}  // namespace

DecodedDocument decode_document_string(const SourceFile& file, const Value& value) {
  DecodedDocument d;
  std::uint32_t begin = value.span.begin.offset + 1;  // after the opening quote
  std::uint32_t end = value.span.end.offset > begin ? value.span.end.offset - 1 : begin;
  Mapped text = unescape_json(std::string_view(file.text()).substr(begin, end - begin), begin);
  if (!starts_like_json(text.text) && text.text.find('%') != std::string::npos) {
    text = percent_decode(text);
    d.url_encoded = true;
  }
  JsonResult json = parse_json_fragment(file, text.text, to_offset_map(text));
  d.diagnostics = std::move(json.diagnostics);
  for (Diagnostic& diag : d.diagnostics)
    diag.message = (d.url_encoded ? "in URL-encoded policy document: " : "in policy document string: ") + diag.message;
  d.ok = json.ok();
  d.document = std::move(json.value);
  return d;
}

}  // namespace iamtrim::sources
