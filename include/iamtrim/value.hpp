// iamtrim/value.hpp - a document tree that remembers where each value was.
//
// Every source format (JSON, YAML, HCL, AWS CLI output) is turned into this
// tree before a policy is read from it, so the policy parser works the same on
// all of them and positions always point into the original file.
//
// Objects keep their members in source order; duplicate keys are kept (the
// JSON reader reports them) so that nothing the user wrote is lost. A value
// that cannot be known without evaluating the source (a Terraform
// interpolation, a CloudFormation intrinsic function) is Opaque: its text is
// the source text, and it is never guessed at.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/source.hpp"

namespace iamtrim {

enum class ValueKind : std::uint8_t { Null, Bool, Number, String, Array, Object, Opaque };

std::string_view to_string(ValueKind kind);  // "null", "boolean", "number", ...

struct Member;

struct Value {
  ValueKind kind = ValueKind::Null;
  Span span;
  bool boolean = false;
  // String: decoded contents. Number: the literal as written. Opaque: the
  // source text of the expression.
  std::string text;
  std::vector<Value> items;     // Array
  std::vector<Member> members;  // Object, in source order

  bool is_string() const { return kind == ValueKind::String; }
  bool is_object() const { return kind == ValueKind::Object; }
  bool is_array() const { return kind == ValueKind::Array; }
  // First member with exactly this key, or nullptr.
  const Value* find(std::string_view key) const;
};

struct Member {
  std::string key;
  Span key_span;
  Value value;
};

// Appends a JSON-pointer token to `pointer`, escaping '~' and '/'.
std::string pointer_append(const std::string& pointer, std::string_view token);
std::string pointer_append(const std::string& pointer, std::size_t index);
// The same, in place: "/token" (escaped) or "/index" added to `pointer`.
void append_pointer_token(std::string& pointer, std::string_view token);
void append_pointer_token(std::string& pointer, std::size_t index);

}  // namespace iamtrim
