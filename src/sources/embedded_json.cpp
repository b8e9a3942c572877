#include "sources/embedded_json.hpp"
#include "parse/json_writer.hpp"

namespace iamtrim::sources {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

DecodedString decode_json_string(const SourceFile& file, std::uint32_t begin, std::uint32_t end) {
  DecodedString d;
  const std::string& t = file.text();
  if (end > t.size() || end < begin + 2 || t[begin] != '"' || t[end - 1] != '"') return d;
  std::uint32_t run_derived = 0, run_original = begin + 1, run_length = 0;
  auto flush = [&] {
    if (run_length) d.map.add(run_derived, run_original, run_length);
    run_length = 0;
  };
  for (std::uint32_t i = begin + 1; i + 1 < end;) {
    if (t[i] != '\\') {
      if (run_length == 0) {
        run_derived = static_cast<std::uint32_t>(d.text.size());
        run_original = i;
      }
      d.text += t[i++];
      ++run_length;
      continue;
    }
    flush();
    std::uint32_t derived = static_cast<std::uint32_t>(d.text.size());
    char e = i + 1 < end ? t[i + 1] : '\0';
    std::uint32_t length = 2;
    switch (e) {
      case '"': d.text += '"'; break;
      case '\\': d.text += '\\'; break;
      case '/': d.text += '/'; break;
      case 'b': d.text += '\b'; break;
      case 'f': d.text += '\f'; break;
      case 'n': d.text += '\n'; break;
      case 'r': d.text += '\r'; break;
      case 't': d.text += '\t'; break;
      case 'u': {
        unsigned cp = 0;
        for (std::uint32_t k = 0; k < 4; ++k) {
          int h = i + 2 + k < end ? hex_value(t[i + 2 + k]) : -1;
          if (h < 0) return d;
          cp = cp * 16 + static_cast<unsigned>(h);
        }
        length = 6;
        // A surrogate pair spells one code point in two escapes.
        if (cp >= 0xD800 && cp < 0xDC00 && i + 11 < end && t[i + 6] == '\\' && t[i + 7] == 'u') {
          unsigned low = 0;
          bool ok = true;
          for (std::uint32_t k = 0; k < 4; ++k) {
            int h = hex_value(t[i + 8 + k]);
            ok = ok && h >= 0;
            low = low * 16 + static_cast<unsigned>(h < 0 ? 0 : h);
          }
          if (ok && low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            length = 12;
          }
        }
        detail::append_utf8(d.text, cp);
        break;
      }
      default:
        return d;
    }
    d.map.add(derived, i, static_cast<std::uint32_t>(d.text.size()) - derived);
    i += length;
  }
  flush();
  d.ok = true;
  return d;
}

JsonResult parse_embedded_json(const SourceFile& file, const Value& v) {
  DecodedString d = decode_json_string(file, v.span.begin.offset, v.span.end.offset);
  if (!d.ok) {
    JsonResult r;
    r.diagnostics.push_back({"IAM001", "invalid JSON: the policy string could not be decoded", v.span, "", {}});
    return r;
  }
  return parse_json_fragment(file, d.text, d.map);
}

bool looks_like_json_object(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{';
  }
  return false;
}

}  // namespace iamtrim::sources
