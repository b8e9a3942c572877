// Reading an edited file back with parsers iamtrim does not share code with:
// HashiCorp's HCL (tools/hcl-check) for .tf, nlohmann for JSON, yaml-cpp for
// YAML; the action elements they see must be the narrowed policy's.
#pragma once

#include <string>
#include <vector>

#include "iamtrim/edit.hpp"

namespace iamtrim::test {

struct OracleResult {
  bool ran = false;        // false: no independent parser for this file (or hcl-check absent)
  std::size_t compared = 0;  // policies compared
  std::vector<std::string> problems;
};

OracleResult oracle_check(const std::string& path, const std::string& text, const std::vector<ExpectedPolicy>& expected);

}  // namespace iamtrim::test
