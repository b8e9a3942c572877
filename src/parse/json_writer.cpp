#include "parse/json_writer.hpp"

#include <cstring>

namespace iamtrim::detail {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}


void append_json_chars(std::string& out, std::string_view s) {
  std::size_t run = 0;  // start of the characters copied as they are, in one append
  // Names and messages rarely hold anything to escape: skip 8 bytes at a time.
  std::size_t i = first_flagged_block(s, json_escape_in);
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: {
        const char* d = "0123456789abcdef";
        out += "\\u00";
        out += d[(c >> 4) & 15];
        out += d[c & 15];
      }
    }
    // On to the next block that holds something to escape (a message
    // quoting a name has a few quotes in a long run of plain text); the
    // loop's ++i lands on that block's first byte.
    i = run + first_flagged_block(s.substr(run), json_escape_in) - 1;
  }
  out.append(s.data() + run, s.size() - run);
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  append_json_chars(out, s);
  out += '"';
}

}  // namespace iamtrim::detail
