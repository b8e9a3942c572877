#include "iamtrim/value.hpp"

#include <charconv>

namespace iamtrim {

std::string_view to_string(ValueKind kind) {
  switch (kind) {
    case ValueKind::Null: return "null";
    case ValueKind::Bool: return "boolean";
    case ValueKind::Number: return "number";
    case ValueKind::String: return "string";
    case ValueKind::Array: return "array";
    case ValueKind::Object: return "object";
    case ValueKind::Opaque: return "computed value";
  }
  return "value";
}

const Value* Value::find(std::string_view key) const {
  for (const Member& m : members)
    if (m.key == key) return &m.value;
  return nullptr;
}

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  // Runs without '~' or '/' (usually the whole token) are appended at once.
  std::size_t run = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~' && token[i] != '/') continue;
    pointer.append(token.data() + run, i - run);
    pointer += token[i] == '~' ? "~0" : "~1";
    run = i + 1;
  }
  pointer.append(token.data() + run, token.size() - run);
}

void append_pointer_token(std::string& pointer, std::size_t index) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, index);
  (void)ec;  // 24 digits hold any size_t
  pointer += '/';
  pointer.append(digits, end);
}

std::string pointer_append(const std::string& pointer, std::string_view token) {
  std::string out = pointer;
  append_pointer_token(out, token);
  return out;
}

std::string pointer_append(const std::string& pointer, std::size_t index) {
  std::string out = pointer;
  append_pointer_token(out, index);
  return out;
}

}  // namespace iamtrim
