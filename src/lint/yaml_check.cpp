#include "lint/yaml_check.hpp"

#include <set>

namespace iamtrim::lint {

std::optional<YAML::Node> load_yaml(std::string_view path, std::string_view text, std::string& error) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    error = std::string(path) + ":" + std::to_string(e.mark.line + 1) + ":" +
            std::to_string(e.mark.column + 1) + ": " + e.msg;
    return std::nullopt;
  }
}

void find_duplicate_keys(const YAML::Node& node, std::string_view path, std::vector<std::string>& errors) {
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) find_duplicate_keys(item, path, errors);
    return;
  }
  if (!node.IsMap()) return;
  std::set<std::string> seen;
  for (const auto& kv : node) {
    if (kv.first.IsScalar() && !seen.insert(kv.first.Scalar()).second)
      errors.push_back(std::string(path) + ":" + std::to_string(kv.first.Mark().line + 1) +
                       ": duplicate key \"" + kv.first.Scalar() + "\"");
    find_duplicate_keys(kv.second, path, errors);
  }
}

std::optional<std::string> scalar(const YAML::Node& node) {
  if (!node || !node.IsScalar()) return std::nullopt;
  return node.Scalar();
}

std::optional<YAML::Node> load_yaml_mapping(std::string_view path, std::string_view text,
                                            std::vector<std::string>& errors) {
  std::string error;
  auto doc = load_yaml(path, text, error);
  if (!doc) {
    errors.push_back(error);
    return std::nullopt;
  }
  find_duplicate_keys(*doc, path, errors);
  if (!doc->IsMap()) {
    errors.push_back(std::string(path) + ": must be a mapping");
    return std::nullopt;
  }
  return doc;
}

std::vector<std::string> scalar_list(const YAML::Node& list, std::string_view path, const std::string& where,
                                     std::string_view what, std::vector<std::string>& errors) {
  std::vector<std::string> out;
  if (!list || !list.IsSequence()) {
    errors.push_back(std::string(path) + ": " + where + " must be a list of " + std::string(what));
    return out;
  }
  for (const YAML::Node& item : list) {
    if (auto text = scalar(item)) out.push_back(*text);
    else errors.push_back(std::string(path) + ": " + where + " holds a non-string");
  }
  return out;
}

}  // namespace iamtrim::lint
