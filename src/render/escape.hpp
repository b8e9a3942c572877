// Escaping shared by the renderers of lint findings and of the gate.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace iamtrim::escape {

// GitHub workflow commands: data (the message) escapes '%', CR and LF;
// properties also ',' and ':'.
std::string github_data(std::string_view s);
std::string github_property(std::string_view s);
// XML 1.0 text and attribute values: the five entities; control characters
// XML cannot carry and invalid UTF-8 become U+FFFD.
std::string xml(std::string_view s);

// A GitLab Code Quality report: an array of issues with the documented
// fields. GitLab keeps one issue per fingerprint, so a fingerprint seen
// before gets a counter ("-1", "-2", ...).
class CodeQualityReport {
 public:
  // `line` 0 (unknown) is written as 1, the first line GitLab can show.
  void add(const std::string& description, const std::string& check_name, std::string fingerprint,
           std::string_view severity, const std::string& path, int line);
  std::string dump() const;

 private:
  nlohmann::ordered_json issues_ = nlohmann::ordered_json::array();
  std::map<std::string, int> seen_;
};

}  // namespace iamtrim::escape
