// Turns byte offsets into Positions while a reader walks forward through a
// text. Readers ask for offsets in increasing order, so scanning forward from
// the last answer keeps the whole walk linear even on one-line files of many
// megabytes; a step backwards falls back to the file's line index.
#pragma once

#include "iamtrim/source.hpp"

namespace iamtrim::detail {

class Locator {
 public:
  explicit Locator(const SourceFile& file, const OffsetMap* map = nullptr);
  // `derived` is an offset in the text being read; with a map it is first
  // sent back to the original file.
  Position at(std::uint32_t derived) {
    std::uint32_t offset = map_ ? map_->to_original(derived) : derived;
    // Most answers are on the line of the last one, a little further on
    // (inline: a reader asks twice per value).
    if (offset >= last_.offset && offset < line_end_) {
      last_.column += ascii_ ? offset - last_.offset : file_.code_points(last_.offset, offset);
      last_.offset = offset;
      return last_;
    }
    return elsewhere(offset);
  }
  Span span(std::uint32_t begin, std::uint32_t end) { return {at(begin), at(end)}; }

 private:
  Position elsewhere(std::uint32_t offset);
  void set_line_end();

  const SourceFile& file_;
  const OffsetMap* map_;  // null when there is nothing to map
  const bool ascii_;
  Position last_;
  // Where the line of last_ ends: the next line's start, or one past the
  // text on the last line (offsets past the text go the slow way and clamp).
  std::uint32_t line_end_ = 0;
};

}  // namespace iamtrim::detail
