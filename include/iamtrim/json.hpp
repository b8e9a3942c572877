// iamtrim/json.hpp - a strict JSON reader that keeps positions.
//
// Reads RFC 8259 JSON into a Value tree. Unlike a general-purpose library it
// keeps the span of every value and key, reports duplicate keys, and never
// throws: every problem becomes a Diagnostic with a position.
//
//   SourceFile file = SourceFile::from_string("p.json", text);
//   JsonResult r = parse_json(file);
//   if (!r.ok()) { ... r.diagnostics ... }
//
// Limits: nesting deeper than kMaxJsonDepth is reported, not followed, so a
// hostile input cannot overflow the stack. A leading UTF-8 BOM is skipped.
//
// Diagnostic codes: IAM001 (not valid JSON) and IAM002 (duplicate key).
#pragma once

#include "iamtrim/diagnostic.hpp"
#include "iamtrim/source.hpp"
#include "iamtrim/value.hpp"

namespace iamtrim {

inline constexpr int kMaxJsonDepth = 256;

struct JsonResult {
  Value value;
  Diagnostics diagnostics;
  // True when the text was JSON; duplicate keys alone still leave it usable.
  bool ok() const { return parsed; }
  bool parsed = false;
};

// Parses the whole file.
JsonResult parse_json(const SourceFile& file);

// Parses `text`, a piece derived from `file` (the inside of a heredoc, a
// decoded JSON string). `map` sends offsets in `text` back to offsets in
// `file` so positions point into the original.
JsonResult parse_json_fragment(const SourceFile& file, std::string_view text,
                               const OffsetMap& map);

}  // namespace iamtrim
