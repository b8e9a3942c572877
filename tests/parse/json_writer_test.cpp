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

// After an escape the escaper skips ahead to the next block with something
// to escape: two such bytes at every pair of positions, in the same block,
// in neighbouring blocks and far apart, with plain and non-ASCII bytes between.
TEST(JsonWriter, EveryPairOfEscapesIsWritten) {
  const unsigned char specials[] = {'"', '\\', '\n', 0x01, 0x1f, 0xC3, 'x'};
  for (std::size_t length : {2u, 8u, 9u, 17u, 26u})
    for (std::size_t a = 0; a < length; ++a)
      for (std::size_t b = a + 1; b < length; ++b)
        for (unsigned char x : specials)
          for (unsigned char y : specials) {
            std::string s(length, 'a');
            s[a] = static_cast<char>(x);
            s[b] = static_cast<char>(y);
            std::string expected = "\"";
            for (char ch : s) expected += escaped(static_cast<unsigned char>(ch));
            expected += "\"";
            std::string out;
            detail::append_json_string(out, s);
            ASSERT_EQ(out, expected) << int(x) << " at " << a << ", " << int(y) << " at " << b << " of " << length;
          }
}

// plain_json_chars (a string written between quotes as it is) says yes
// exactly when no byte is a control character, '"', '\\' or from 0x80 on:
// each byte value at each position, across its 16- and 8-byte steps.
TEST(JsonWriter, PlainIsExactlyNothingToEscapeAndAscii) {
  EXPECT_TRUE(detail::plain_json_chars(""));
  for (std::size_t length : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 24u, 31u, 32u, 33u, 200u})
    for (std::size_t at = 0; at < length; ++at)
      for (int c = 1; c < 256; ++c) {
        std::string s(length, 'a');
        s[at] = static_cast<char>(c);
        const bool plain = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
        ASSERT_EQ(detail::plain_json_chars(s), plain) << "byte " << c << " at " << at << " of " << length;
        // The same byte seen through a view that starts inside a string.
        ASSERT_EQ(detail::plain_json_chars(std::string_view(s).substr(at)), plain) << "byte " << c << " at 0 of the rest";
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
