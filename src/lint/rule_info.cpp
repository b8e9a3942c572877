#include "lint/rule_info.hpp"

#include <algorithm>
#include <array>
#include <regex>
#include <set>

#include "iamtrim/sources.hpp"
#include "lint/yaml_check.hpp"

namespace iamtrim {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Security: return "security";
    case Severity::Warning: return "warning";
    case Severity::Suggestion: return "suggestion";
  }
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::Error, Severity::Security, Severity::Warning, Severity::Suggestion})
    if (iequals(text, to_string(s))) return s;
  return std::nullopt;
}

std::string_view to_string(FixSafety s) {
  switch (s) {
    case FixSafety::Safe: return "safe";
    case FixSafety::Unsafe: return "unsafe";
    case FixSafety::DisplayOnly: return "display-only";
  }
  return "display-only";
}

namespace lint {
namespace {

// example_file is the only optional field: JSON examples are the rule.
constexpr std::array kFields = {"code",    "slug",         "severity",    "category",
                                "summary", "rationale",    "fix",         "applies_to",
                                "example_kind", "example_file", "bad_example", "good_example",
                                "options", "references"};
constexpr std::array kCategories = {"structure", "actions",    "resources", "conditions",
                                    "principals", "risk",      "size"};

class RuleReader {
 public:
  RuleReader(std::string_view path, std::vector<std::string>& errors) : path_(path), errors_(errors) {}

  void fail(const std::string& message) {
    errors_.push_back(std::string(path_) + ": " + message);
    ok_ = false;
  }

  std::string text(const YAML::Node& doc, const char* field, bool required = true) {
    const YAML::Node n = doc[field];
    if (!n) {
      if (required) fail(std::string("missing field \"") + field + "\"");
      return "";
    }
    auto s = scalar(n);
    if (!s || (required && s->empty())) {
      fail(std::string("field \"") + field + "\" must be a non-empty string");
      return "";
    }
    return *s;
  }

  std::vector<std::string> list(const YAML::Node& doc, const char* field) {
    std::vector<std::string> out;
    const YAML::Node n = doc[field];
    if (!n) {
      fail(std::string("missing field \"") + field + "\"");
      return out;
    }
    if (!n.IsSequence()) {
      fail(std::string("field \"") + field + "\" must be a list of strings");
      return out;
    }
    for (const YAML::Node& item : n) {
      auto s = scalar(item);
      if (!s) fail(std::string("field \"") + field + "\" must hold strings only");
      else out.push_back(*s);
    }
    return out;
  }

  std::optional<RuleInfo> read(const YAML::Node& doc) {
    if (!doc.IsMap()) {
      fail("a rule file must be a mapping");
      return std::nullopt;
    }
    std::size_t before = errors_.size();
    find_duplicate_keys(doc, path_, errors_);
    if (errors_.size() != before) ok_ = false;
    for (const auto& kv : doc) {
      std::string key = kv.first.Scalar();
      if (std::find(kFields.begin(), kFields.end(), key) == kFields.end())
        fail("unknown field \"" + key + "\" (line " + std::to_string(kv.first.Mark().line + 1) + ")");
    }
    RuleInfo r;
    r.code = text(doc, "code");
    r.slug = text(doc, "slug");
    std::string severity = text(doc, "severity");
    if (auto s = parse_severity(severity)) r.severity = *s;
    else if (!severity.empty()) fail("invalid severity \"" + severity + "\"");
    r.category = text(doc, "category");
    if (!r.category.empty() && std::find(kCategories.begin(), kCategories.end(), r.category) == kCategories.end())
      fail("invalid category \"" + r.category + "\"");
    r.summary = text(doc, "summary");
    r.rationale = text(doc, "rationale");
    r.fix = fix(doc["fix"], fix_safety_);
    r.applies_to = list(doc, "applies_to");
    for (const std::string& k : r.applies_to)
      if (!parse_policy_kind(k) || k == "unknown" || k == "auto") fail("invalid policy kind \"" + k + "\" in applies_to");
    std::string example_kind = text(doc, "example_kind");
    if (auto k = parse_policy_kind(example_kind); k && *k != PolicyKind::Unknown) r.example_kind = k;
    else if (!example_kind.empty()) fail("invalid example_kind \"" + example_kind + "\"");
    r.example_file = text(doc, "example_file", false);
    if (!r.example_file.empty() && !is_source_file_name(r.example_file))
      fail("example_file \"" + r.example_file + "\" is not a file name iamtrim reads");
    r.bad_example = text(doc, "bad_example");
    r.good_example = text(doc, "good_example");
    r.options = text(doc, "options");
    r.references = list(doc, "references");
    if (r.references.empty()) fail("references must name at least one source");
    static const std::regex code_re("IAM[0-9]{3}"), slug_re("[a-z0-9]+(-[a-z0-9]+)*");
    if (!r.code.empty() && !std::regex_match(r.code, code_re)) fail("code \"" + r.code + "\" is not IAMnnn");
    if (!r.slug.empty() && !std::regex_match(r.slug, slug_re)) fail("slug \"" + r.slug + "\" is not kebab-case");
    std::string expected = "lint/" + r.code + "-" + r.slug + ".yaml";
    if (ok_ && path_ != expected) fail("file name must be " + expected);
    if (!ok_) return std::nullopt;
    return r;
  }

  FixSafety fix_safety() const { return fix_safety_; }

  std::string fix(const YAML::Node& n, FixSafety& parsed) {
    if (!n || !n.IsMap()) {
      fail("field \"fix\" must be a mapping with \"how\" and \"safety\"");
      return "";
    }
    std::string how, safety;
    for (const auto& kv : n) {
      std::string key = kv.first.Scalar();
      if (key == "how") how = scalar(kv.second).value_or("");
      else if (key == "safety") safety = scalar(kv.second).value_or("");
      else fail("unknown field \"fix." + key + "\"");
    }
    if (how.empty()) fail("field \"fix.how\" must be a non-empty string");
    if (auto s = parse_fix_safety(safety)) parsed = *s;
    else fail("fix.safety must be safe, unsafe or display-only, found \"" + safety + "\"");
    return how + " Fix safety: " + safety + ".";
  }

 private:
  std::string_view path_;
  std::vector<std::string>& errors_;
  bool ok_ = true;
  FixSafety fix_safety_ = FixSafety::DisplayOnly;
};

const RuleLoad& embedded_load() {
  static const RuleLoad load = load_rules(embedded_rule_files());
  return load;
}

}  // namespace

RuleLoad load_rules(const std::vector<RuleFile>& files) {
  RuleLoad out;
  for (const RuleFile& f : files) {
    if (f.path.rfind("lint/", 0) != 0) continue;
    std::string error;
    auto doc = load_yaml(f.path, f.content, error);
    if (!doc) {
      out.errors.push_back(error);
      continue;
    }
    RuleReader reader(f.path, out.errors);
    if (auto r = reader.read(*doc)) {
      out.fix_safety[r->code] = reader.fix_safety();
      out.rules.push_back(std::move(*r));
    }
  }
  std::sort(out.rules.begin(), out.rules.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.code < b.code; });
  std::set<std::string> codes, slugs;
  for (const RuleInfo& r : out.rules) {
    if (!codes.insert(r.code).second) out.errors.push_back("two rule files share code " + r.code);
    if (!slugs.insert(r.slug).second) out.errors.push_back("two rule files share slug " + r.slug);
  }
  return out;
}

const std::vector<std::string>& embedded_rule_errors() { return embedded_load().errors; }

std::optional<FixSafety> parse_fix_safety(std::string_view text) {
  for (FixSafety s : {FixSafety::Safe, FixSafety::Unsafe, FixSafety::DisplayOnly})
    if (text == to_string(s)) return s;
  return std::nullopt;
}

FixSafety stated_fix_safety(std::string_view code) {
  const auto& by_code = embedded_load().fix_safety;
  auto it = by_code.find(code);
  return it == by_code.end() ? FixSafety::DisplayOnly : it->second;
}

}  // namespace lint

const std::vector<RuleInfo>& lint_rules() { return lint::embedded_load().rules; }

const RuleInfo* find_rule(std::string_view code_or_slug) {
  for (const RuleInfo& r : lint_rules())
    if (iequals(r.code, code_or_slug) || r.slug == code_or_slug) return &r;
  return nullptr;
}

}  // namespace iamtrim
