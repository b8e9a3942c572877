// iamtrim/source.hpp - source text and positions.
//
// Every finding iamtrim prints points into the file the user wrote. A
// SourceFile owns that file's bytes and turns byte offsets into positions.
//
//   SourceFile file = SourceFile::from_string("policy.json", text);
//   Position p = file.position(42);   // p.line, p.column are 1-based
//
// Conventions (documented in README "Positions"):
//  - offsets are bytes from the start of the file, a UTF-8 BOM included;
//  - lines end at "\n", "\r\n" or a lone "\r";
//  - columns count Unicode code points from the start of the line, 1-based;
//    a tab is one column; the BOM is not a column.
//
// A SourceFile is immutable after construction and safe to share between
// threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iamtrim {

struct Position {
  std::uint32_t offset = 0;  // bytes from the start of the file
  std::uint32_t line = 0;    // 1-based; 0 means "no position"
  std::uint32_t column = 0;  // 1-based, in code points
  friend bool operator==(const Position&, const Position&) = default;
};

// A half-open byte range [begin, end) with both ends resolved to positions.
struct Span {
  Position begin;
  Position end;
  bool known() const { return begin.line != 0; }
  friend bool operator==(const Span&, const Span&) = default;
};

class SourceFile {
 public:
  SourceFile() = default;
  static SourceFile from_string(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  bool has_bom() const { return bom_; }

  // Position of a byte offset; offsets past the end clamp to the end.
  Position position(std::uint32_t offset) const;
  Span span(std::uint32_t begin, std::uint32_t end) const {
    return {position(begin), position(end)};
  }
  // The text of one line (1-based) without its line break.
  std::string_view line_text(std::uint32_t line) const;
  std::size_t line_count() const { return line_starts_.size(); }
  // Line (1-based) holding a byte offset, and the offset where a line's
  // text starts (after the BOM on line 1).
  std::uint32_t line_of(std::uint32_t offset) const;
  std::uint32_t line_start(std::uint32_t line) const {
    if (line == 1 && bom_) return text_.size() < 3 ? static_cast<std::uint32_t>(text_.size()) : 3;
    return line_starts_[line - 1];
  }
  // Code points in the byte range [begin, end).
  std::uint32_t code_points(std::uint32_t begin, std::uint32_t end) const;
  // Every byte below 0x80: a column is a byte count.
  bool is_ascii() const { return ascii_; }

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
  bool bom_ = false;
  bool ascii_ = true;  // every byte below 0x80: a code point per byte
};

// Maps offsets in a derived text (a heredoc with its indentation removed, a
// JSON string with its escapes decoded) back to offsets in the original file.
// Built from pieces: each piece says "derived offsets [from, from+len) came
// from original offsets [to, to+len)". Offsets between pieces map to the
// start of the next piece.
class OffsetMap {
 public:
  void add(std::uint32_t derived, std::uint32_t original, std::uint32_t length);
  std::uint32_t to_original(std::uint32_t derived) const;
  bool empty() const { return pieces_.empty(); }

 private:
  struct Piece {
    std::uint32_t derived, original, length;
  };
  std::vector<Piece> pieces_;
};

}  // namespace iamtrim
