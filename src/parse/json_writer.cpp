#include "parse/json_writer.hpp"

namespace iamtrim::detail {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          const char* d = "0123456789abcdef";
          out += "\\u00";
          out += d[(c >> 4) & 15];
          out += d[c & 15];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace iamtrim::detail
