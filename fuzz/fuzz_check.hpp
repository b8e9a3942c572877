// Invariants shared by the fuzz targets: a position must lie inside the
// text it points into, and a failed invariant aborts (the fuzzer reports it
// with the input).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "iamtrim/source.hpp"

namespace iamtrim::fuzz {

// Names the invariant that failed (file:line) before aborting, so a crash
// report says which property broke, not only that one did.
// (clang 14 with libstdc++ 12 has no std::source_location; the builtins are
// what it would use.)
inline void require(bool ok, const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  if (ok) return;
  std::fprintf(stderr, "invariant failed at %s:%d\n", file, line);
  std::abort();
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
