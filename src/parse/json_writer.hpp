// Small helpers for writing JSON text by hand, shared by every writer in
// iamtrim so that escaping is done in exactly one place.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace iamtrim::detail {

// Appends the UTF-8 encoding of code point `cp` (at most U+10FFFF) to `out`;
// every reader that decodes escapes (JSON, HCL templates) shares it.
void append_utf8(std::string& out, std::uint32_t cp);

// Appends `s` as a JSON string literal (quotes included). Non-ASCII UTF-8 is
// kept as is; control characters are escaped.
void append_json_string(std::string& out, std::string_view s);
// The same without the quotes: `s` escaped, for a string written in pieces.
void append_json_chars(std::string& out, std::string_view s);

}  // namespace iamtrim::detail
