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
  Position at(std::uint32_t derived);
  Span span(std::uint32_t begin, std::uint32_t end) { return {at(begin), at(end)}; }

 private:
  const SourceFile& file_;
  const OffsetMap* map_;
  Position last_;
};

}  // namespace iamtrim::detail
