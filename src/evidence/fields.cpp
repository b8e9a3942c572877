#include "evidence/fields.hpp"

namespace iamtrim::evidence {
namespace {
std::string with_article(ValueKind kind) {
  std::string name(to_string(kind));
  return (kind == ValueKind::Array || kind == ValueKind::Object ? "an " : "a ") + name;
}
}  // namespace

void Fields::error(const Value* at, const std::string& pointer, std::string message) {
  errors_.push_back({file_.path(), at ? at->span : Span{}, pointer, std::move(message)});
}

const Value* Fields::member(const Value& obj, const std::string& ptr, std::string_view key, bool required) {
  const Value* v = obj.find(key);
  if (v && v->kind == ValueKind::Null) v = nullptr;
  if (!v && required) error(&obj, ptr, "missing " + std::string(key));
  return v;
}

bool Fields::expect(const Value& v, ValueKind kind, const std::string& ptr, std::string_view key) {
  if (v.kind == kind) return true;
  error(&v, pointer_append(ptr, key),
        std::string(key) + " must be " + with_article(kind) + ", not " + with_article(v.kind));
  return false;
}

std::optional<std::string> Fields::text(const Value& obj, const std::string& ptr, std::string_view key,
                                        bool required) {
  const Value* v = member(obj, ptr, key, required);
  if (!v || !expect(*v, ValueKind::String, ptr, key)) return std::nullopt;
  return v->text;
}

std::optional<TimeMs> Fields::time(const Value& obj, const std::string& ptr, std::string_view key, bool required) {
  const Value* v = member(obj, ptr, key, required);
  if (!v) return std::nullopt;
  std::optional<TimeMs> t;
  // JSON-protocol services (Access Analyzer) print epoch seconds with
  // --cli-timestamp-format none; IAM prints ISO 8601 strings.
  if (v->kind == ValueKind::String) t = parse_timestamp(v->text);
  else if (v->kind == ValueKind::Number) t = parse_epoch(v->text, EpochUnit::Seconds);
  else {
    expect(*v, ValueKind::String, ptr, key);
    return std::nullopt;
  }
  if (!t)
    error(v, pointer_append(ptr, key),
          std::string(key) + ": '" + v->text +
              "' is not a timestamp (expected ISO 8601 with a zone, e.g. 2019-10-01T03:50:35Z, or epoch seconds)");
  return t;
}

std::optional<int> Fields::integer(const Value& obj, const std::string& ptr, std::string_view key, bool required) {
  const Value* v = member(obj, ptr, key, required);
  if (!v || !expect(*v, ValueKind::Number, ptr, key)) return std::nullopt;
  int out = 0;
  for (char c : v->text) {
    if (c < '0' || c > '9' || out > 100'000'000) {
      error(v, pointer_append(ptr, key), std::string(key) + ": '" + v->text + "' is not a non-negative integer");
      return std::nullopt;
    }
    out = out * 10 + (c - '0');
  }
  return out;
}

std::optional<bool> Fields::boolean(const Value& obj, const std::string& ptr, std::string_view key, bool required) {
  const Value* v = member(obj, ptr, key, required);
  if (!v || !expect(*v, ValueKind::Bool, ptr, key)) return std::nullopt;
  return v->boolean;
}

const Value* Fields::array(const Value& obj, const std::string& ptr, std::string_view key, bool required) {
  const Value* v = member(obj, ptr, key, required);
  if (!v || !expect(*v, ValueKind::Array, ptr, key)) return nullptr;
  return v;
}

const Value* Fields::object(const Value& obj, const std::string& ptr, std::string_view key, bool required) {
  const Value* v = member(obj, ptr, key, required);
  if (!v || !expect(*v, ValueKind::Object, ptr, key)) return nullptr;
  return v;
}

bool Fields::is_object(const Value& item, const std::string& ptr) {
  if (item.kind == ValueKind::Object) return true;
  error(&item, ptr, "expected an object, not " + with_article(item.kind));
  return false;
}

}  // namespace iamtrim::evidence
