// Strict reading of the product's own YAML (rule docs, risk lists, quotas).
// yaml-cpp keeps duplicate keys and throws on bad input; these helpers turn
// both into messages so a broken embedded file is reported, never thrown.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace iamtrim::lint {

// Parses `text`; on failure returns nullopt and sets `error` ("file:line:col: ...").
std::optional<YAML::Node> load_yaml(std::string_view path, std::string_view text, std::string& error);

// A file that must be a mapping: parsed, its duplicate keys and a top level
// that is no mapping reported in `errors` (nullopt for the latter and for
// a parse error).
std::optional<YAML::Node> load_mapping(const char* path, std::string_view text, std::vector<std::string>& errors);

// Appends one message per duplicate mapping key anywhere under `node`.
void find_duplicate_keys(const YAML::Node& node, std::string_view path, std::vector<std::string>& errors);

// The scalar text of `node`, or nullopt when it is not a scalar.
std::optional<std::string> scalar(const YAML::Node& node);

}  // namespace iamtrim::lint
