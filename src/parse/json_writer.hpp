// Small helpers for writing JSON text by hand, shared by every writer in
// iamtrim so that escaping is done in exactly one place.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace iamtrim::detail {

// Appends the UTF-8 encoding of code point `cp` (at most U+10FFFF) to `out`;
// every reader that decodes escapes (JSON, HCL templates) shares it.
void append_utf8(std::string& out, std::uint32_t cp);

// Appends `s` as a JSON string literal (quotes included). Non-ASCII UTF-8 is
// kept as is; control characters are escaped.
void append_json_string(std::string& out, std::string_view s);
// The same without the quotes: `s` escaped, for a string written in pieces.
void append_json_chars(std::string& out, std::string_view s);
// True when one of the 8 bytes of `w` is a control character, '"' or '\\'
// (the bit tricks of "Bit Twiddling Hacks": a zero byte of w ^ repeated c,
// a byte below 0x20). Bytes from 0x80 on are not flagged.
inline bool json_escape_in(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  auto zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
  return (zero_byte(w ^ (ones * '"')) | zero_byte(w ^ (ones * '\\')) | ((w - ones * 0x20) & ~w & highs)) != 0;
}

// Where the first 8-byte block of `s` that `flagged` flags starts (the last
// few bytes are one block, padded with a letter), or s.size() when none is.
template <typename F>
std::size_t first_flagged_block(std::string_view s, F flagged) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (flagged(w)) return i;
  }
  if (i == s.size()) return i;
  std::uint64_t w = 0x0101010101010101ull * 'a';
  std::memcpy(&w, s.data() + i, s.size() - i);
  return flagged(w) ? i : s.size();
}

// True when `s` is ASCII with nothing to escape: it can be written between
// quotes as it is. Nearly every action name, key and ARN is such a string,
// and writers call this once per string.
inline bool plain_json_chars(std::string_view s) {
  auto flagged = [](std::uint64_t w) { return (w & 0x8080808080808080ull) || json_escape_in(w); };
#if defined(__SSE2__)
  // 16 bytes a step: as signed bytes, a control character and a byte from
  // 0x80 on are both below 0x20 (sentences in reports run to 200 bytes).
  std::size_t i = 0;
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i bad =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), _mm_cmplt_epi8(v, space));
    if (_mm_movemask_epi8(bad) != 0) return false;
  }
  return first_flagged_block(s.substr(i), flagged) == s.size() - i;
#else
  return first_flagged_block(s, flagged) == s.size();
#endif
}

}  // namespace iamtrim::detail
