// Invariants shared by the fuzz targets: a position must lie inside the
// text it points into, and a failed invariant aborts (the fuzzer reports it
// with the input).
#pragma once

#include <cstdlib>
#include <string>

#include "iamtrim/source.hpp"

namespace iamtrim::fuzz {

inline void require(bool ok) {
  if (!ok) std::abort();
}

// A known span lies inside a text of `size` bytes, begin before end, and its
// lines and columns agree with the offsets in `file` (when given).
inline void check_span(const Span& span, std::size_t size, const SourceFile* file = nullptr) {
  if (!span.known()) return;
  require(span.begin.offset <= size && span.end.offset <= size && span.begin.offset <= span.end.offset);
  if (file) {
    require(file->position(span.begin.offset) == span.begin);
    require(file->position(span.end.offset) == span.end);
  }
}

}  // namespace iamtrim::fuzz
