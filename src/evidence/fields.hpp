// Typed access to the members of a JSON object read from an evidence file,
// turning every wrong type or malformed timestamp into an EvidenceError that
// points at the offending value. Null counts as absent for optional members,
// because the AWS CLI prints some absent members as null ("error": null).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "iamtrim/evidence.hpp"
#include "iamtrim/value.hpp"

namespace iamtrim::evidence {

class Fields {
 public:
  Fields(const SourceFile& file, std::vector<EvidenceError>& errors) : file_(file), errors_(errors) {}

  void error(const Value* at, const std::string& pointer, std::string message);
  const std::string& path() const { return file_.path(); }

  // Each returns nullopt/nullptr when the member is absent (an error when
  // `required`) or has the wrong type (always an error).
  std::optional<std::string> text(const Value& obj, const std::string& ptr, std::string_view key, bool required);
  std::optional<TimeMs> time(const Value& obj, const std::string& ptr, std::string_view key, bool required);
  std::optional<int> integer(const Value& obj, const std::string& ptr, std::string_view key, bool required);
  std::optional<bool> boolean(const Value& obj, const std::string& ptr, std::string_view key, bool required);
  const Value* array(const Value& obj, const std::string& ptr, std::string_view key, bool required);
  const Value* object(const Value& obj, const std::string& ptr, std::string_view key, bool required);
  // Checks that an array item is an object.
  bool is_object(const Value& item, const std::string& ptr);

 private:
  const Value* member(const Value& obj, const std::string& ptr, std::string_view key, bool required);
  bool expect(const Value& v, ValueKind kind, const std::string& ptr, std::string_view key);
  const SourceFile& file_;
  std::vector<EvidenceError>& errors_;
};

}  // namespace iamtrim::evidence
