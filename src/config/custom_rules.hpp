// Reading custom rules (iamtrim/custom_rules.hpp) from the configuration:
// `custom-rules:` in .iamtrim.yaml and the files of `custom-rules-dir:`.
// The language is documented in docs/custom-rules.md. Every problem is a
// Failure with file:line:col (a regex error points at the offending part of
// the pattern).
#pragma once

#include <filesystem>
#include <vector>

#include "config/config.hpp"
#include "config/yaml_reader.hpp"

namespace iamtrim::config {

// Appends the rules of a `custom-rules:` list.
void read_custom_rules(const YamlReader& reader, const YAML::Node& list, std::vector<CustomRule>& out);

// Appends the rules of every *.yaml / *.yml file under the directory `dir`
// names (relative to `base`), in sorted path order; each file is a mapping
// whose only key is `custom-rules`.
void read_custom_rules_dir(const YamlReader& reader, const YAML::Node& dir, const std::filesystem::path& base,
                           std::vector<CustomRule>& out);

// Fails on a code or slug used twice, or used by a built-in rule.
void check_custom_rules_unique(const std::vector<CustomRule>& rules, const RuleExists& builtin);

}  // namespace iamtrim::config
