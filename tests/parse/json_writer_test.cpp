// The one JSON string escaper every iamtrim writer uses: each byte value at
// each position of strings longer and shorter than the 8 bytes it skips at
// a time, against the escapes RFC 8259 and nlohmann::json write.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "parse/json_writer.hpp"

namespace iamtrim {
namespace {

// What the escaper must write for one byte: the short escapes, \u00XX
// (lower-case hex) for other control characters, the byte itself otherwise.
std::string escaped(unsigned char c) {
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\b': return "\\b";
    case '\f': return "\\f";
  }
  if (c < 0x20) {
    const char* d = "0123456789abcdef";
    return std::string("\\u00") + d[c >> 4] + d[c & 15];
  }
  return std::string(1, static_cast<char>(c));
}

TEST(JsonWriter, EveryByteAtEveryPositionIsEscapedAsJsonRequires) {
  for (std::size_t length : {1u, 7u, 8u, 9u, 16u, 17u, 40u})
    for (std::size_t at = 0; at < length; ++at)
      for (int c = 1; c < 256; ++c) {
        std::string s(length, 'a');
        s[at] = static_cast<char>(c);
        std::string expected = "\"" + std::string(at, 'a') + escaped(static_cast<unsigned char>(c)) +
                               std::string(length - at - 1, 'a') + "\"";
        std::string out;
        detail::append_json_string(out, s);
        ASSERT_EQ(out, expected) << "byte " << c << " at " << at << " of " << length;
      }
}

TEST(JsonWriter, AgreesWithNlohmannOnValidText) {
  const std::string texts[] = {"", "plain", "quote\" and back\\slash", "tab\there\nnewline\r\x01\x1f",
                               "é ü 日本 \xF0\x9F\x98\x80 and more than eight bytes after", "\x7f del"};
  for (const std::string& t : texts) {
    std::string out;
    detail::append_json_string(out, t);
    EXPECT_EQ(out, nlohmann::json(t).dump()) << t;
    std::string pieces = "\"";
    detail::append_json_chars(pieces, t.substr(0, t.size() / 2));
    detail::append_json_chars(pieces, t.substr(t.size() / 2));
    EXPECT_EQ(pieces + "\"", out);
  }
}

}  // namespace
}  // namespace iamtrim
