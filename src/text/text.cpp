#include "iamtrim/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace iamtrim {
namespace {

// ASCII lower-casing by table: the catalog's binary searches compare names
// millions of times when a large corpus is expanded.
constexpr std::array<unsigned char, 256> kLower = [] {
  std::array<unsigned char, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = static_cast<unsigned char>(i >= 'A' && i <= 'Z' ? i + 32 : i);
  return t;
}();

char lower(char c) { return static_cast<char>(kLower[static_cast<unsigned char>(c)]); }

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  // Eight bytes at a time while they are equal as they are (names from the
  // catalog compared with names written as the catalog spells them); a
  // word that differs is compared byte by byte, ignoring case.
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x == y) continue;
    for (std::size_t j = i; j < i + 8; ++j)
      if (lower(a[j]) != lower(b[j])) return false;
  }
  for (; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

int icompare(std::string_view a, std::string_view b) {
  std::size_t n = std::min(a.size(), b.size());
  const auto* x = reinterpret_cast<const unsigned char*>(a.data());
  const auto* y = reinterpret_cast<const unsigned char*>(b.data());
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char p = kLower[x[i]], q = kLower[y[i]];
    if (p != q) return p < q ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string_view trim(std::string_view s, std::string_view chars) {
  const std::size_t first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

std::string one_line(std::string_view text, std::size_t limit) {
  std::string out;
  out.reserve(std::min(text.size(), limit + 3));
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size();) {
    // A run of white space: kept as it is unless it breaks the line.
    std::size_t end = i;
    bool breaks = false;
    while (end < text.size() && kWhitespace.find(text[end]) != std::string_view::npos) {
      breaks |= text[end] == '\n' || text[end] == '\r';
      ++end;
    }
    std::string_view piece;
    if (end > i) {
      piece = breaks ? std::string_view(" ") : text.substr(i, end - i);
    } else {
      // One code point: its lead byte and the continuation bytes after it.
      ++end;
      while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
      piece = text.substr(i, end - i);
    }
    const std::size_t n = code_points(piece);
    if (points + n > limit) {
      out += "...";
      return out;
    }
    out += piece;
    points += n;
    i = end;
  }
  return out;
}

std::size_t code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace iamtrim
