#include "evidence/yaml_fields.hpp"

#include <set>

namespace iamtrim::evidence {
namespace {
Span span_of(const YAML::Mark& m) {
  if (m.line < 0) return {};
  Position p{static_cast<std::uint32_t>(m.pos), static_cast<std::uint32_t>(m.line + 1),
             static_cast<std::uint32_t>(m.column + 1)};
  return {p, p};
}
}  // namespace

std::optional<YAML::Node> YamlFields::load(std::string_view text) {
  try {
    YAML::Node root = YAML::Load(std::string(text));
    check_duplicates(root);
    return root;
  } catch (const YAML::Exception& e) {
    errors_.push_back({file_, span_of(e.mark), "", "not valid YAML: " + e.msg});
    return std::nullopt;
  }
}

void YamlFields::check_duplicates(const YAML::Node& n) {
  if (n.IsMap()) {
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
      if (!seen.insert(key).second) error(it->first, "duplicate key '" + key + "'");
      check_duplicates(it->second);
    }
  } else if (n.IsSequence()) {
    for (const YAML::Node& item : n) check_duplicates(item);
  }
}

void YamlFields::error(const YAML::Node& at, std::string message) {
  errors_.push_back({file_, span_of(at.Mark()), "", std::move(message)});
}

std::string YamlFields::where(const YAML::Node& at) const {
  return "config " + file_ + ":" + std::to_string(at.Mark().line + 1);
}

std::optional<int> YamlFields::integer(const YAML::Node& n, const std::string& what, int min, int max) {
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    long v = 0;
    bool ok = !s.empty() && s.size() < 10;
    for (char c : s) ok = ok && c >= '0' && c <= '9', v = v * 10 + (c - '0');
    if (ok && v >= min && v <= max) return static_cast<int>(v);
  }
  error(n, what + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
               (n.IsScalar() ? ", not '" + n.Scalar() + "'" : ""));
  return std::nullopt;
}

std::optional<Days> YamlFields::date(const YAML::Node& n, const std::string& what) {
  if (n.IsScalar())
    if (auto d = parse_date(n.Scalar())) return d;
  error(n, what + " must be a date YYYY-MM-DD" + (n.IsScalar() ? ", not '" + n.Scalar() + "'" : ""));
  return std::nullopt;
}

std::optional<std::string> YamlFields::text(const YAML::Node& n, const std::string& what) {
  if (n.IsScalar() && !n.Scalar().empty()) return n.Scalar();
  error(n, what + " must be a non-empty string");
  return std::nullopt;
}

bool YamlFields::is_map(const YAML::Node& n, const std::string& what) {
  if (n.IsMap()) return true;
  error(n, what + " must be a mapping");
  return false;
}

bool YamlFields::is_list(const YAML::Node& n, const std::string& what) {
  if (n.IsSequence()) return true;
  error(n, what + " must be a list");
  return false;
}

}  // namespace iamtrim::evidence
