// Strict reading of the configuration's YAML: every problem is a Failure
// naming file:line:col, thrown at the first one and caught once at the
// boundary (config::parse_config). Duplicate keys are refused (YAML forbids
// them; yaml-cpp keeps them silently).
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace iamtrim::config {

struct Failure {
  std::string message;
};

struct YamlReader {
  std::string file;

  // "file:line:col" of a node (its first character).
  std::string where(const YAML::Node& at) const {
    YAML::Mark m = at.Mark();
    std::string w = file;
    if (m.line >= 0) w += ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
    return w;
  }

  [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const {
    throw Failure{where(at) + ": " + message};
  }

  // Mapping entries in order.
  std::vector<std::pair<YAML::Node, YAML::Node>> entries(const YAML::Node& map, const std::string& what) const {
    if (!map.IsMap()) fail(map, what + " must be a mapping");
    std::vector<std::pair<YAML::Node, YAML::Node>> out;
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) fail(it->first, what + ": keys must be plain names");
      if (!seen.insert(it->first.Scalar()).second)
        fail(it->first, "duplicate key '" + it->first.Scalar() + "' in " + what);
      out.emplace_back(it->first, it->second);
    }
    return out;
  }

  std::string scalar(const YAML::Node& n, const std::string& what) const {
    if (!n.IsScalar()) fail(n, what + " must be a single value");
    return n.Scalar();
  }

  std::vector<std::string> scalars(const YAML::Node& n, const std::string& what) const {
    if (!n.IsSequence()) fail(n, what + " must be a list");
    std::vector<std::string> out;
    for (const YAML::Node& item : n) out.push_back(scalar(item, what + " entries"));
    return out;
  }
};

}  // namespace iamtrim::config
