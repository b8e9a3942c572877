// yaml-cpp behind a boundary: it throws and accepts duplicate keys, and the
// product must do neither. Every problem becomes an EvidenceError with the
// line and column yaml-cpp reports.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "iamtrim/evidence.hpp"

namespace iamtrim::evidence {

class YamlFields {
 public:
  YamlFields(std::string file, std::vector<EvidenceError>& errors) : file_(std::move(file)), errors_(errors) {}

  // Parses the text; nullopt after an error. Duplicate keys anywhere are errors.
  std::optional<YAML::Node> load(std::string_view text);
  void error(const YAML::Node& at, std::string message);
  std::string where(const YAML::Node& at) const;  // "FILE:LINE" for default sources

  std::optional<int> integer(const YAML::Node& n, const std::string& what, int min, int max);
  std::optional<Days> date(const YAML::Node& n, const std::string& what);
  std::optional<std::string> text(const YAML::Node& n, const std::string& what);
  bool is_map(const YAML::Node& n, const std::string& what);
  bool is_list(const YAML::Node& n, const std::string& what);

 private:
  void check_duplicates(const YAML::Node& n);
  std::string file_;
  std::vector<EvidenceError>& errors_;
};

}  // namespace iamtrim::evidence
