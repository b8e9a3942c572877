#include "iamtrim/source.hpp"

#include <algorithm>
#include <cstring>

namespace iamtrim {

SourceFile SourceFile::from_string(std::string path, std::string text) {
  SourceFile f;
  f.path_ = std::move(path);
  f.text_ = std::move(text);
  f.bom_ = f.text_.size() >= 3 && f.text_.compare(0, 3, "\xEF\xBB\xBF") == 0;
  f.line_starts_.push_back(0);
  const std::string& t = f.text_;
  unsigned char high = 0;  // or of every byte; a plain loop the compiler vectorises
  for (char c : t) high |= static_cast<unsigned char>(c);
  f.ascii_ = high < 0x80;
  // Most files have no '\r': then memchr finds the line breaks, far faster
  // than looking at every byte.
  if (t.find('\r') == std::string::npos) {
    const char* p = t.data();
    const char* end = p + t.size();
    while (const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) {
      f.line_starts_.push_back(static_cast<std::uint32_t>(nl - t.data() + 1));
      p = nl + 1;
    }
    return f;
  }
  for (std::uint32_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\n') {
      f.line_starts_.push_back(i + 1);
    } else if (t[i] == '\r') {
      if (i + 1 < t.size() && t[i + 1] == '\n') ++i;
      f.line_starts_.push_back(i + 1);
    }
  }
  return f;
}

std::uint32_t SourceFile::code_points(std::uint32_t begin, std::uint32_t end) const {
  // Every byte that is not a UTF-8 continuation byte starts a code point;
  // branch-free so the compiler vectorises it.
  if (ascii_) return end > begin ? end - begin : 0;
  std::uint32_t n = 0;
  for (std::uint32_t i = begin; i < end; ++i) n += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
  return n;
}

std::uint32_t SourceFile::line_of(std::uint32_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin());
}

Position SourceFile::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  std::uint32_t line = line_of(offset);
  std::uint32_t start = std::min(line_start(line), offset);
  return {offset, line, 1 + code_points(start, offset)};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t begin = line_starts_[line - 1];
  if (line == 1 && bom_) begin = 3;
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  std::string_view v(text_.data() + begin, end - begin);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

void OffsetMap::add(std::uint32_t derived, std::uint32_t original, std::uint32_t length) {
  pieces_.push_back({derived, original, length});
}

std::uint32_t OffsetMap::to_original(std::uint32_t derived) const {
  if (pieces_.empty()) return derived;
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), derived,
                             [](std::uint32_t d, const Piece& p) { return d < p.derived; });
  if (it == pieces_.begin()) return pieces_.front().original;
  const Piece& p = *(it - 1);
  if (derived < p.derived + p.length) return p.original + (derived - p.derived);
  // Past the piece: the end of this piece, or the start of the next one.
  if (derived == p.derived + p.length || it == pieces_.end()) return p.original + p.length;
  return it->original;
}

}  // namespace iamtrim
