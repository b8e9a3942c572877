// json_input.hpp - reading source JSON so that every complaint names the file
// and the JSON pointer of the offending value.
//
// The importer reads data it does not control. A malformed file must stop the
// import with a message a person can act on ("data/actions/s3.json:
// /getobject/accessLevel: expected a string, got number"), never with a
// crash or a half-written catalog.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace iamtrim::importer {

// The one exception the import stages throw; import_catalog() turns it into
// a result, so it never leaves the library.
class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::filesystem::path& file, std::string_view what);

std::string read_text_file(const std::filesystem::path& file);

// Parses a whole file. Rejects invalid JSON and duplicate object keys (which
// a plain parse would silently resolve by keeping the last one).
nlohmann::json parse_json_file(const std::filesystem::path& file);

// Checks a value that ends up as a catalog.tsv field: not empty, no tab,
// line break or other control character. With `list_item`, also no comma,
// because catalog.tsv joins list items with commas. Returns an error text,
// or nothing when the value is fine.
std::optional<std::string> field_problem(std::string_view value, bool list_item);

// `value` in double quotes with control characters escaped, for messages:
// the offending text may itself hold the tab that made it wrong.
std::string in_quotes(std::string_view value);

// A JSON value with the place it came from.
class Node {
 public:
  Node(const nlohmann::json& value, std::string file, std::string pointer = {})
      : value_(&value), file_(std::move(file)), pointer_(std::move(pointer)) {}

  const nlohmann::json& json() const { return *value_; }
  const std::string& pointer() const { return pointer_; }

  [[noreturn]] void fail(std::string_view what) const;

  void expect_object() const;
  void expect_array() const;

  Node at(std::string_view key) const;                   // required member
  std::optional<Node> find(std::string_view key) const;  // optional member
  std::vector<Node> elements() const;                    // array items
  std::vector<std::pair<std::string, Node>> members() const;

  std::string text() const;       // a string usable as a catalog field
  std::string list_item() const;  // same, and no comma
  bool boolean() const;

 private:
  Node child(std::string_view token, const nlohmann::json& value) const;

  const nlohmann::json* value_;
  std::string file_;
  std::string pointer_;
};

}  // namespace iamtrim::importer
