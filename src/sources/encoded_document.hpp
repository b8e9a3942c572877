// Policy documents that arrive as strings inside another JSON file: a JSON
// string holding policy JSON, or (as the IAM API returns them) a URL-encoded
// JSON string. Decoding keeps, for every decoded byte, the offset in the
// original file it came from, so positions in the decoded policy still point
// at the bytes the user can see.
#pragma once

#include <optional>
#include <string>

#include "iamtrim/diagnostic.hpp"
#include "iamtrim/source.hpp"
#include "iamtrim/value.hpp"

namespace iamtrim::sources {

struct DecodedDocument {
  Value document;
  Diagnostics diagnostics;  // problems of the decoded JSON, positioned in the file
  bool url_encoded = false;
  bool ok = false;          // the decoded text was JSON
};

// Decodes the JSON string `value` (a String Value read from `file`) and
// parses its contents as JSON. Percent-decoding applies when the string does
// not already start with '{' or '[': IAM encodes with RFC 3986 escapes
// (a space is %20), so '+' is kept as a literal plus sign.
DecodedDocument decode_document_string(const SourceFile& file, const Value& value);

}  // namespace iamtrim::sources
