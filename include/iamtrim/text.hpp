// iamtrim/text.hpp - the small string helpers every stage shares.
//
// ASCII only: IAM names, keys and the formats iamtrim reads compare
// without case in ASCII, and no helper here looks at a locale.
//
//   iequals("s3:GetObject", "S3:getobject")   // true
//   trim("  a b \r\n")                        // "a b"
//   join({"a", "b"}, ", ")                    // "a, b"
//   code_points("é")                          // 1: the unit AWS counts quotas in
//
// std::string_view::starts_with / ends_with (C++20) cover the prefix and
// suffix tests with case; istarts_with is the one without.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace iamtrim {

// `c` in lower case when it is an ASCII capital; any other byte as it is.
inline constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Case-insensitive (ASCII) comparison.
bool iequals(std::string_view a, std::string_view b);
int icompare(std::string_view a, std::string_view b);  // <0, 0, >0 as std::string_view::compare
bool istarts_with(std::string_view s, std::string_view prefix);
std::string to_lower(std::string_view s);

// `s` without the leading and trailing characters that are in `chars`.
inline constexpr std::string_view kWhitespace = " \t\n\r\f\v";
std::string_view trim(std::string_view s, std::string_view chars = kWhitespace);

// The items with `separator` between them.
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

// A source excerpt as a one-line message quotes it: every run of white
// space that holds a line break becomes one space, and past `limit` code
// points the text is cut (at a code point) and ends in "...".
std::string one_line(std::string_view text, std::size_t limit = 120);

// Unicode code points in UTF-8 text (continuation bytes not counted): the
// "characters" of AWS's policy size quotas.
std::size_t code_points(std::string_view utf8);

}  // namespace iamtrim
