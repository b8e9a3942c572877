// iamtrim/rules.hpp - the declarative knowledge under rules/, as embedded.
//
// Every YAML file under rules/ (lint rule docs, tracking periods, quotas,
// risk lists) is embedded in the binary at build time, so iamtrim needs no
// data files at run time. Paths are relative to rules/, e.g.
// "lint/IAM001-invalid-json.yaml" or "tracking.yaml".
//
//   if (auto text = embedded_rule_file("quotas.yaml")) YAML::Load(std::string(*text));
//
// The data is read-only and lives as long as the program.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace iamtrim {

struct RuleFile {
  std::string_view path;     // relative to rules/
  std::string_view content;
};

// Every embedded file, sorted by path.
const std::vector<RuleFile>& embedded_rule_files();

// One file by path, or nullopt.
std::optional<std::string_view> embedded_rule_file(std::string_view path);

}  // namespace iamtrim
