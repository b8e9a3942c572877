// Policies stored as a JSON string inside another document (a Terraform
// plan's "policy": "{\"Version\": ...}", a .tf.json attribute, a
// CloudFormation property given as a string). The string's escapes are
// decoded with a map back to the original bytes, so the inner policy's
// positions point at the characters in the file, not into a copy.
#pragma once

#include <string>

#include "iamtrim/json.hpp"
#include "iamtrim/source.hpp"
#include "iamtrim/value.hpp"

namespace iamtrim::sources {

struct DecodedString {
  std::string text;
  OffsetMap map;
  bool ok = false;
};

// Decodes the JSON string literal at [begin, end) of `file` (quotes included).
DecodedString decode_json_string(const SourceFile& file, std::uint32_t begin, std::uint32_t end);

// Parses the JSON inside a String value read from `file`.
JsonResult parse_embedded_json(const SourceFile& file, const Value& string_value);

// Whether a text looks like a JSON policy object rather than an ARN or a
// name: it starts with "{" after blanks.
bool looks_like_json_object(std::string_view text);

}  // namespace iamtrim::sources
