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

// Appends one message per duplicate mapping key anywhere under `node`.
void find_duplicate_keys(const YAML::Node& node, std::string_view path, std::vector<std::string>& errors);

// The scalar text of `node`, or nullopt when it is not a scalar.
std::optional<std::string> scalar(const YAML::Node& node);

// Parses `text` as a mapping of a data file: a parse error, duplicate keys
// and a document that is not a mapping each append a message to `errors`;
// nullopt when there is nothing to read.
std::optional<YAML::Node> load_yaml_mapping(std::string_view path, std::string_view text,
                                            std::vector<std::string>& errors);

// Calls fn(key, value) for every entry of a mapping from load_yaml_mapping;
// nothing when there was none to read.
template <class Fn>
void for_each_entry(const std::optional<YAML::Node>& mapping, Fn&& fn) {
  if (!mapping) return;
  for (const auto& kv : *mapping) fn(kv.first.Scalar(), kv.second);
}

// The strings of a sequence at `where` in `path`; a node that is not a
// sequence ("<path>: <where> must be a list of <what>") or an item that is
// not a string appends a message to `errors`.
std::vector<std::string> scalar_list(const YAML::Node& list, std::string_view path, const std::string& where,
                                     std::string_view what, std::vector<std::string>& errors);

}  // namespace iamtrim::lint
