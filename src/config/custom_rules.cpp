// The custom-rule language of the configuration (docs/custom-rules.md),
// read strictly: unknown keys, wrong types, bad regexes (with the column of
// the offending part), unknown message placeholders and codes that collide
// with other rules are errors with their position.
#include "config/custom_rules.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "iamtrim/actions.hpp"
#include "iamtrim/lint.hpp"

namespace iamtrim::config {
namespace {

constexpr const char* kRuleKeys =
    "code, slug, severity, summary, message, docs, applies-to, references, when, unless";
constexpr const char* kPlaceholders = "{actions}, {resources}, {principals}, {condition_keys}, {statement}";

// ", did you mean X?" for a mistyped key, or "".
std::string suggestion(const std::string& key, const std::vector<std::string>& keys) {
  auto near = nearest_names(key, keys, 1);
  return near.empty() ? "" : " (did you mean " + near.front() + "?)";
}

// [a-z0-9]+(-[a-z0-9]+)*, by hand (no backtracking regex engine looks at
// what a configuration holds).
bool kebab_case(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && s[i - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

// Value tests one rule may hold: YAML aliases can make a few lines stand
// for millions of nested tests (or a cycle); a real rule needs a handful.
constexpr std::size_t kMaxValueTests = 1000;

class RuleParser {
 public:
  explicit RuleParser(const YamlReader& r) : r_(r) {}

  CustomRule rule(const YAML::Node& node) {
    CustomRule out;
    value_tests_ = 0;
    bool has_when = false;
    std::vector<std::string> missing = {"code", "slug", "severity", "summary", "message", "docs"};
    for (auto& [key, value] : r_.entries(node, "a custom rule")) {
      const std::string& k = key.Scalar();
      missing.erase(std::remove(missing.begin(), missing.end(), k), missing.end());
      if (k == "code") {
        out.code = r_.scalar(value, "code");
        out.origin = r_.where(value);
        if (std::string why = custom_code_problem(out.code); !why.empty()) r_.fail(value, why);
      } else if (k == "slug") {
        out.slug = r_.scalar(value, "slug");
        if (!kebab_case(out.slug)) r_.fail(value, "slug '" + out.slug + "' is not kebab-case");
      } else if (k == "severity") {
        std::string v = r_.scalar(value, "severity");
        auto s = parse_severity(v);
        if (!s) r_.fail(value, "severity must be error, security, warning or suggestion, not '" + v + "'");
        out.severity = *s;
      } else if (k == "summary") {
        out.summary = text(value, "summary");
      } else if (k == "message") {
        out.message = text(value, "message");
        check_placeholders(value, out.message);
      } else if (k == "docs") {
        out.docs = text(value, "docs");
      } else if (k == "applies-to") {
        for (const std::string& kind : r_.scalars(value, "applies-to")) {
          auto parsed = parse_policy_kind(kind);
          if (!parsed || *parsed == PolicyKind::Unknown)
            r_.fail(value, "applies-to: unknown policy kind '" + kind + "' (identity, resource, trust, scp, boundary)");
          out.applies_to.push_back(kind);
        }
      } else if (k == "references") {
        out.references = r_.scalars(value, "references");
      } else if (k == "when") {
        out.when = statement_test(value, "when");
        has_when = true;
      } else if (k == "unless") {
        out.unless = statement_test(value, "unless");
      } else {
        r_.fail(key, "unknown key '" + k + "' in a custom rule" +
                         suggestion(k, {"code", "slug", "severity", "summary", "message", "docs", "applies-to",
                                        "references", "when", "unless"}) +
                         " (" + kRuleKeys + ")");
      }
    }
    if (!has_when) missing.push_back("when");
    if (!missing.empty()) {
      std::string names;
      for (const std::string& m : missing) names += (names.empty() ? "" : ", ") + m;
      r_.fail(node, "a custom rule needs " + names);
    }
    return out;
  }

 private:
  std::string text(const YAML::Node& n, const std::string& what) {
    std::string v = r_.scalar(n, what);
    if (v.find_first_not_of(" \t\n") == std::string::npos) r_.fail(n, what + " must not be empty");
    while (!v.empty() && v.back() == '\n') v.pop_back();
    return v;
  }

  void check_placeholders(const YAML::Node& n, const std::string& message) {
    for (std::size_t at = message.find('{'); at != std::string::npos; at = message.find('{', at + 1)) {
      std::size_t close = message.find('}', at);
      std::string name = close == std::string::npos ? message.substr(at) : message.substr(at, close - at + 1);
      if (std::string(kPlaceholders).find(name) == std::string::npos || close == std::string::npos)
        r_.fail(n, "message: unknown placeholder '" + name + "' (" + kPlaceholders + ")");
    }
  }

  StatementTest statement_test(const YAML::Node& n, const std::string& what) {
    StatementTest t;
    bool any = false;
    for (auto& [key, value] : r_.entries(n, what)) {
      const std::string& k = key.Scalar();
      std::string path = what + "." + k;
      if (k == "effect") {
        std::string v = r_.scalar(value, path);
        if (v == "Allow") t.effect = Effect::Allow;
        else if (v == "Deny") t.effect = Effect::Deny;
        else if (v != "any") r_.fail(value, path + " must be Allow, Deny or any, not '" + v + "'");
        continue;
      }
      any = true;
      if (k == "actions") t.actions = field_test(value, path, Field::Actions);
      else if (k == "resources") t.resources = field_test(value, path, Field::Resources);
      else if (k == "principals") t.principals = field_test(value, path, Field::Principals);
      else if (k == "condition-keys") t.condition_keys = field_test(value, path, Field::ConditionKeys);
      else r_.fail(key, "unknown key '" + k + "' in " + what + suggestion(k, {"effect", "actions", "resources", "principals", "condition-keys"}) +
                            " (effect, actions, resources, principals, condition-keys)");
    }
    if (!any) r_.fail(n, what + " needs at least one of actions, resources, principals, condition-keys");
    // `when` applies to Allow statements unless it says otherwise.
    if (what == "when" && !n["effect"]) t.effect = Effect::Allow;
    return t;
  }

  enum class Field { Actions, Resources, Principals, ConditionKeys };

  FieldTest field_test(const YAML::Node& n, const std::string& path, Field field) {
    FieldTest f;
    // A bare value test means "any".
    if (!n.IsMap() || n["regex"] || n["equals"] || n["not"]) {
      f.test = value_test(n, path);
      return f;
    }
    bool quantified = false;
    for (auto& [key, value] : r_.entries(n, path)) {
      const std::string& k = key.Scalar();
      std::optional<Quantifier> q;
      if (k == "any") q = Quantifier::Any;
      else if (k == "all") q = Quantifier::All;
      else if (k == "none") q = Quantifier::None;
      else if (k == "covers" && field == Field::Actions) q = Quantifier::Covers;
      if (q) {
        if (quantified) r_.fail(key, path + " takes one of any, all, none" + std::string(field == Field::Actions ? ", covers" : ""));
        quantified = true;
        f.quantifier = *q;
        f.test = value_test(value, path + "." + k);
      } else if (k == "access" && field == Field::Actions) {
        for (const std::string& level : r_.scalars(value, path + ".access")) f.access.push_back(access_level(value, level));
      } else if (k == "type" && field == Field::Principals) {
        for (const std::string& type : value.IsSequence() ? r_.scalars(value, path + ".type")
                                                          : std::vector<std::string>{r_.scalar(value, path + ".type")}) {
          static const char* kTypes[] = {"AWS", "Service", "Federated", "CanonicalUser"};
          if (std::none_of(std::begin(kTypes), std::end(kTypes), [&](const char* t) { return iequals(t, type); }))
            r_.fail(value, path + ".type: unknown principal type '" + type + "' (AWS, Service, Federated, CanonicalUser)");
          f.principal_types.push_back(type);
        }
      } else if (k == "operator" && field == Field::ConditionKeys) {
        f.condition_operator = value_test(value, path + ".operator");
      } else {
        std::string keys = field == Field::Actions         ? "any, all, none, covers, access"
                           : field == Field::Principals    ? "any, all, none, type"
                           : field == Field::ConditionKeys ? "any, all, none, operator"
                                                           : "any, all, none";
        r_.fail(key, "unknown key '" + k + "' in " + path + " (" + keys + ", or a value test: a pattern, a list, "
                     "regex, equals, not)");
      }
    }
    if (!quantified) r_.fail(n, path + " needs one of any, all, none" + std::string(field == Field::Actions ? ", covers" : ""));
    return f;
  }

  AccessLevel access_level(const YAML::Node& at, const std::string& text) {
    std::string t = to_lower(text);
    std::replace(t.begin(), t.end(), ' ', '-');
    for (AccessLevel l : {AccessLevel::List, AccessLevel::Read, AccessLevel::Write, AccessLevel::PermissionsManagement,
                          AccessLevel::Tagging}) {
      std::string name = to_lower(to_string(l));
      std::replace(name.begin(), name.end(), ' ', '-');
      if (t == name) return l;
    }
    r_.fail(at, "unknown access level '" + text + "' (list, read, write, permissions-management, tagging)");
  }

  ValueTest value_test(const YAML::Node& n, const std::string& path) {
    ValueTest t;
    if (++value_tests_ > kMaxValueTests)
      r_.fail(n, path + ": more than " + std::to_string(kMaxValueTests) +
                     " value tests in one rule (YAML aliases repeat what they name)");
    if (n.IsScalar()) {
      t.kind = ValueTest::Kind::Wildcard;
      t.text = n.Scalar();
      if (t.text.empty()) r_.fail(n, path + ": an empty pattern matches nothing");
      return t;
    }
    if (n.IsSequence()) {
      t.kind = ValueTest::Kind::AnyOf;
      for (const YAML::Node& item : n) t.children.push_back(value_test(item, path));
      if (t.children.empty()) r_.fail(n, path + ": an empty list matches nothing");
      return t;
    }
    auto e = r_.entries(n, path);
    if (e.size() != 1) r_.fail(n, path + ": a value test is a pattern, a list, or one of regex, equals, not");
    const std::string& k = e[0].first.Scalar();
    const YAML::Node& v = e[0].second;
    if (k == "not") {
      t.kind = ValueTest::Kind::Not;
      t.children.push_back(value_test(v, path + ".not"));
    } else if (k == "equals") {
      t.kind = ValueTest::Kind::Equals;
      t.text = r_.scalar(v, path + ".equals");
    } else if (k == "regex") {
      t.kind = ValueTest::Kind::Regex;
      t.text = r_.scalar(v, path + ".regex");
      t.regex = compile(v, t.text, path);
    } else {
      r_.fail(e[0].first, "unknown key '" + k + "' in " + path + " (regex, equals, not, or any, all, none)");
    }
    return t;
  }

  std::shared_ptr<const re2::RE2> compile(const YAML::Node& at, const std::string& pattern, const std::string& path) {
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_shared<const re2::RE2>(pattern, options);
    if (re->ok()) return re;
    // Point at the offending part of the pattern: the scalar's column, past
    // its opening quote, plus where RE2's error argument starts.
    YAML::Mark m = at.Mark();
    std::size_t offset = re->error_arg().empty() ? std::string::npos : pattern.find(re->error_arg());
    std::string where = r_.file;
    if (m.line >= 0) {
      bool quoted = at.Tag() == "!";
      std::size_t column = static_cast<std::size_t>(m.column) + 1 + (quoted ? 1 : 0) +
                           (offset == std::string::npos ? 0 : offset);
      where += ":" + std::to_string(m.line + 1) + ":" + std::to_string(column);
    }
    throw Failure{where + ": " + path + ": invalid regex '" + pattern + "': " + re->error()};
  }

  const YamlReader& r_;
  std::size_t value_tests_ = 0;  // of the rule being read
};

}  // namespace

void read_custom_rules(const YamlReader& reader, const YAML::Node& list, std::vector<CustomRule>& out) {
  if (!list.IsSequence()) reader.fail(list, "custom-rules must be a list of rules");
  RuleParser p(reader);
  for (const YAML::Node& item : list) out.push_back(p.rule(item));
}

void read_custom_rules_dir(const YamlReader& reader, const YAML::Node& dir, const std::filesystem::path& base,
                           std::vector<CustomRule>& out) {
  namespace fs = std::filesystem;
  fs::path root = base / reader.scalar(dir, "custom-rules-dir");
  std::error_code ec;
  if (!fs::is_directory(root, ec)) reader.fail(dir, "custom-rules-dir: " + root.generic_string() + " is not a directory");
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::string ext = it->path().extension().string();
    if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) files.push_back(it->path());
  }
  if (ec) reader.fail(dir, "custom-rules-dir: cannot read " + root.generic_string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    YamlReader file_reader{path.generic_string()};
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw Failure{file_reader.file + ": cannot read the file"};
    YAML::Node doc;
    try {
      doc = YAML::Load(text.str());
    } catch (const YAML::Exception& e) {
      std::string where = file_reader.file;
      if (e.mark.line >= 0) where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
      throw Failure{where + ": invalid YAML: " + e.msg};
    }
    if (doc.IsNull()) continue;
    for (auto& [key, value] : file_reader.entries(doc, "a custom rules file")) {
      if (key.Scalar() != "custom-rules")
        file_reader.fail(key, "unknown key '" + key.Scalar() + "' (a custom rules file holds only custom-rules)");
      read_custom_rules(file_reader, value, out);
    }
  }
}

void check_custom_rules_unique(const std::vector<CustomRule>& rules, const RuleExists& builtin) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const CustomRule& r = rules[i];
    if (builtin(r.slug))
      throw Failure{r.origin + ": custom rule " + r.code + ": slug '" + r.slug + "' is a built-in rule's slug"};
    for (std::size_t j = 0; j < i; ++j) {
      if (iequals(rules[j].code, r.code))
        throw Failure{r.origin + ": custom rule code " + r.code + " is already used at " + rules[j].origin};
      if (rules[j].slug == r.slug)
        throw Failure{r.origin + ": custom rule " + r.code + ": slug '" + r.slug + "' is already used by " +
                      rules[j].code + " at " + rules[j].origin};
    }
  }
}

}  // namespace iamtrim::config
