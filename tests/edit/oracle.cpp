#include "oracle.hpp"

#include "helpers.hpp"

namespace iamtrim::test {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool has_unknown(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>() == "(unknown)" || v.get<std::string>().rfind("(error", 0) == 0;
  for (const auto& item : v) if (has_unknown(item)) return true;
  return false;
}

// Compares statement by statement, skipping statements the oracle could not
// evaluate (references, for expressions), which narrowing never edits.
void compare(const std::string& where, const nlohmann::json& seen, const Policy& want, OracleResult& r) {
  nlohmann::json mine = action_elements(want);
  nlohmann::json theirs = action_elements(seen);
  if (mine.size() != theirs.size()) {
    r.problems.push_back(where + ": " + std::to_string(theirs.size()) + " statements, want " + std::to_string(mine.size()));
    return;
  }
  for (std::size_t i = 0; i < mine.size(); ++i)
    if (!has_unknown(theirs[i]) && theirs[i] != mine[i])
      r.problems.push_back(where + ": statement " + std::to_string(i) + ": " + theirs[i].dump() + ", want " + mine[i].dump());
  ++r.compared;
}

// A document found by JSON pointer; a JSON string holding a document is decoded.
nlohmann::json at_pointer(const nlohmann::json& root, const std::string& pointer, bool templates) {
  nlohmann::json v = root.at(nlohmann::json::json_pointer(pointer));
  if (!v.is_string()) return v;
  std::string s = v.get<std::string>();
  if (templates)  // .tf.json strings are templates: "$${" is a literal "${"
    for (std::size_t at = s.find("$${"); at != std::string::npos; at = s.find("$${", at + 1)) s.erase(at, 1);
  return nlohmann::json::parse(s);
}

}  // namespace

OracleResult oracle_check(const std::string& path, const std::string& text, const std::vector<ExpectedPolicy>& expected) {
  OracleResult r;
  try {
    if (ends_with(path, ".tf")) {
      std::optional<HclCheck> check = hcl_check(text);
      if (!check) return r;
      r.ran = true;
      if (check->exit_code != 0) {
        r.problems.push_back("hcl-check: exit " + std::to_string(check->exit_code) + ": " + check->output);
        return r;
      }
      for (const ExpectedPolicy& e : expected) {
        auto it = check->values.find(e.pointer);
        if (it != check->values.end() && it->second.is_object()) compare(path + ": " + e.pointer, it->second, e.policy, r);
      }
      return r;
    }
    bool yaml = ends_with(path, ".yaml") || ends_with(path, ".yml") || ends_with(path, ".template");
    if (!yaml && !ends_with(path, ".json")) return r;
    r.ran = true;
    nlohmann::json root = yaml ? yaml_to_json(text) : nlohmann::json::parse(text);
    for (const ExpectedPolicy& e : expected)
      compare(path + ": " + e.pointer, at_pointer(root, e.pointer, ends_with(path, ".tf.json")), e.policy, r);
  } catch (const std::exception& ex) {
    r.problems.push_back(path + ": the independent parser rejects the edited file: " + ex.what());
  }
  return r;
}

}  // namespace iamtrim::test
