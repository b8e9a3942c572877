// Custom rules in .iamtrim.yaml: the language as parsed (a compact dump of
// every rule read) and every mistake with its position.
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <unistd.h>

#include <filesystem>

#include "config/config.hpp"
#include "support/files.hpp"

namespace iamtrim::config {
namespace {

namespace fs = std::filesystem;

bool builtin(std::string_view name) {
  return name == "IAM505" || name == "pass-role-on-star" || name == "IAM104" || name == "unknown-action";
}

std::optional<Config> parse(const std::string& yaml, std::string* error = nullptr) {
  ConfigError e;
  auto c = parse_config(yaml, "proj/.iamtrim.yaml", builtin, &e);
  if (error) *error = e.message;
  return c;
}

std::string error_of(const std::string& yaml) {
  std::string error;
  EXPECT_FALSE(parse(yaml, &error).has_value()) << yaml;
  return error;
}

// A rule with the required keys around `when` (and whatever `extra` adds).
std::string rule(const std::string& when, const std::string& extra = "", const std::string& code = "ACME001",
                 const std::string& slug = "a-rule") {
  return "  - code: " + code + "\n    slug: " + slug +
         "\n    severity: security\n    summary: S.\n    message: \"{actions} on {resources}\"\n    docs: D.\n" +
         extra + "    when:\n" + when;
}

std::string dump(const ValueTest& t) {
  switch (t.kind) {
    case ValueTest::Kind::Wildcard: return "'" + t.text + "'";
    case ValueTest::Kind::Equals: return "equals '" + t.text + "'";
    case ValueTest::Kind::Regex: return "regex '" + t.text + "'" + (t.regex && t.regex->ok() ? "" : " (not compiled)");
    case ValueTest::Kind::Not: return "not " + dump(t.children.front());
    case ValueTest::Kind::AnyOf: {
      std::string out = "[";
      for (std::size_t i = 0; i < t.children.size(); ++i) out += (i ? ", " : "") + dump(t.children[i]);
      return out + "]";
    }
  }
  return "?";
}

std::string dump(const char* name, const std::optional<FieldTest>& f) {
  if (!f) return "";
  const char* q[] = {"any", "all", "none", "covers"};
  std::string out = std::string(" ") + name + ":" + q[static_cast<int>(f->quantifier)] + " " + dump(f->test);
  for (AccessLevel l : f->access) out += " access=" + std::string(to_string(l));
  for (const std::string& t : f->principal_types) out += " type=" + t;
  if (f->condition_operator) out += " operator=" + dump(*f->condition_operator);
  return out;
}

std::string dump(const StatementTest& t) {
  std::string out = t.effect ? (*t.effect == Effect::Allow ? "Allow" : "Deny") : "any-effect";
  return out + dump("actions", t.actions) + dump("resources", t.resources) + dump("principals", t.principals) +
         dump("condition-keys", t.condition_keys);
}

TEST(CustomRules, TheShippedExamplesParse) {
  std::string text = test::read_file(fs::path(IAMTRIM_SOURCE_DIR) / "examples/custom-rules/.iamtrim.yaml");
  ConfigError e;
  auto c = parse_config(text, "examples/custom-rules/.iamtrim.yaml", builtin, &e);
  ASSERT_TRUE(c) << e.message;
  std::string out;
  for (const CustomRule& r : c->custom_rules) {
    out += r.code + " " + r.slug + " " + std::string(to_string(r.severity)) + " @" + r.origin + "\n";
    out += "  when: " + dump(r.when) + "\n";
    if (r.unless) out += "  unless: " + dump(*r.unless) + "\n";
    for (const std::string& k : r.applies_to) out += "  applies-to: " + k + "\n";
  }
  EXPECT_EQ(out,
            "ACME001 s3-wildcard-outside-acme-buckets security @examples/custom-rules/.iamtrim.yaml:3:11\n"
            "  when: Allow actions:covers 's3:*' resources:any not regex '^arn:aws:s3:::acme-'\n"
            "ACME002 foreign-trust-without-external-id security @examples/custom-rules/.iamtrim.yaml:16:11\n"
            "  when: Allow actions:any 'sts:AssumeRole' principals:any not regex "
            "'^arn:aws:iam::(111122223333|444455556666):' type=AWS\n"
            "  unless: any-effect condition-keys:any 'sts:ExternalId' operator=['StringEquals', 'StringLike']\n"
            "  applies-to: trust\n"
            "ACME003 kms-write-on-every-key error @examples/custom-rules/.iamtrim.yaml:39:11\n"
            "  when: Allow actions:any 'kms:*' access=Write access=Permissions management resources:any equals '*'\n");
}

TEST(CustomRules, ValueTestsAndQuantifiers) {
  auto c = parse("custom-rules:\n" +
                 rule("      effect: Deny\n"
                      "      actions: [\"iam:*\", {regex: '^sts:'}]\n"
                      "      resources: {all: {not: {equals: '*'}}}\n"
                      "      condition-keys: {none: aws:SourceVpc}\n"
                      "      principals: {type: [Service, Federated], any: '*'}\n",
                      "    unless:\n      effect: any\n      actions: {access: [tagging, read], covers: 'ec2:Describe*'}\n"));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->custom_rules.size(), 1u);
  const CustomRule& r = c->custom_rules.front();
  EXPECT_EQ(dump(r.when),
            "Deny actions:any ['iam:*', regex '^sts:'] resources:all not equals '*' principals:any '*' type=Service "
            "type=Federated condition-keys:none 'aws:SourceVpc'");
  EXPECT_EQ(dump(*r.unless), "any-effect actions:covers 'ec2:Describe*' access=Tagging access=Read");
}

TEST(CustomRules, RulesDirectoryAndRuleReferences) {
  test::TempDir temp;
  const fs::path& dir = temp.dir();
  fs::create_directories(dir / "rules/kms");
  test::write_file(dir / "rules/b.yaml", "custom-rules:\n" + rule("      actions: 'iam:*'\n", "", "ORG002", "b-rule"));
  test::write_file(dir / "rules/kms/a.yml", "custom-rules:\n" + rule("      actions: 'kms:*'\n", "", "ORG001", "a-rule"));
  test::write_file(dir / "rules/notes.txt", "not read");
  // Rules of the folder may be configured before and after it is named.
  test::write_file(dir / ".iamtrim.yaml",
                   "severity:\n  ORG001: warning\ncustom-rules-dir: rules\nrules:\n  b-rule: off\n"
                   "paths:\n  - glob: x\n    ignore-rules: [ORG002]\n");
  ConfigError e;
  auto c = load_config(dir / ".iamtrim.yaml", builtin, &e);
  ASSERT_TRUE(c) << e.message;
  ASSERT_EQ(c->custom_rules.size(), 2u);
  EXPECT_EQ(c->custom_rules[0].code, "ORG002");  // rules/b.yaml sorts before rules/kms/a.yml
  EXPECT_EQ(c->custom_rules[1].code, "ORG001");
  EXPECT_EQ(c->custom_rules[1].origin, (dir / "rules/kms/a.yml").generic_string() + ":2:11");
  test::write_file(dir / "rules/kms/a.yml", "custom-rules:\n" + rule("      actions: {regex: 'kms:('}\n", "", "ORG001"));
  EXPECT_FALSE(load_config(dir / ".iamtrim.yaml", builtin, &e));
  EXPECT_EQ(e.message, (dir / "rules/kms/a.yml").generic_string() +
                           ":9:25: when.actions: invalid regex 'kms:(': missing ): kms:(");
  test::write_file(dir / "rules/kms/a.yml", "rules: {}\n");
  EXPECT_FALSE(load_config(dir / ".iamtrim.yaml", builtin, &e));
  EXPECT_EQ(e.message, (dir / "rules/kms/a.yml").generic_string() +
                           ":1:1: unknown key 'rules' (a custom rules file holds only custom-rules)");
}

TEST(CustomRules, MistakesCarryPositions) {
  const std::string head = "custom-rules:\n";
  EXPECT_EQ(error_of(head + rule("      actions: 'iam:*'\n", "", "IAM505")),
            "proj/.iamtrim.yaml:2:11: code 'IAM505': codes starting with IAM belong to the built-in rules (IAM505 is "
            "pass-role-on-star); give custom rules your own prefix, such as ACME001");
  EXPECT_EQ(error_of(head + rule("      actions: 'iam:*'\n", "", "acme1")),
            "proj/.iamtrim.yaml:2:11: code 'acme1' must be upper-case letters and digits ending in three digits, such "
            "as ACME001");
  EXPECT_EQ(error_of(head + rule("      actions: 'iam:*'\n", "", "ACME001", "pass-role-on-star")),
            "proj/.iamtrim.yaml:2:11: custom rule ACME001: slug 'pass-role-on-star' is a built-in rule's slug");
  EXPECT_EQ(error_of(head + rule("      actions: 'iam:*'\n") + rule("      actions: 'iam:*'\n", "", "ACME001", "b")),
            "proj/.iamtrim.yaml:10:11: custom rule code ACME001 is already used at proj/.iamtrim.yaml:2:11");
  EXPECT_EQ(error_of(head + rule("      actions: 'iam:*'\n") + rule("      actions: 'iam:*'\n", "", "ACME002")),
            "proj/.iamtrim.yaml:10:11: custom rule ACME002: slug 'a-rule' is already used by ACME001 at "
            "proj/.iamtrim.yaml:2:11");
  EXPECT_EQ(error_of(head + rule("      actions: {regex: '^iam:(Create'}\n")),
            "proj/.iamtrim.yaml:9:25: when.actions: invalid regex '^iam:(Create': missing ): ^iam:(Create");
  // The column is where the pattern starts, or RE2's offending part when it names one.
  EXPECT_EQ(error_of(head + rule("      resources: {any: {regex: \"^arn:aws:s3:::x**\"}}\n")),
            "proj/.iamtrim.yaml:9:48: when.resources.any: invalid regex '^arn:aws:s3:::x**': bad repetition "
            "operator: **");
  EXPECT_EQ(error_of(head + rule("      principal: '*'\n")),
            "proj/.iamtrim.yaml:9:7: unknown key 'principal' in when (did you mean principals?) (effect, actions, "
            "resources, principals, condition-keys)");
  EXPECT_EQ(error_of(head + rule("      resources: {operator: StringEquals, any: '*'}\n")),
            "proj/.iamtrim.yaml:9:19: unknown key 'operator' in when.resources (any, all, none, or a value test: a "
            "pattern, a list, regex, equals, not)");
  EXPECT_EQ(error_of(head + rule("      condition-keys: {operator: {regex: '(If'}, any: 'sts:ExternalId'}\n")),
            "proj/.iamtrim.yaml:9:43: when.condition-keys.operator: invalid regex '(If': missing ): (If");
  EXPECT_EQ(error_of(head + rule("      resources: {covers: '*'}\n")),
            "proj/.iamtrim.yaml:9:19: unknown key 'covers' in when.resources (any, all, none, or a value test: a "
            "pattern, a list, regex, equals, not)");
  EXPECT_EQ(error_of(head + rule("      actions: {any: 'iam:*', all: 'iam:*'}\n")),
            "proj/.iamtrim.yaml:9:31: when.actions takes one of any, all, none, covers");
  EXPECT_EQ(error_of(head + rule("      actions: {access: [admin], any: 'iam:*'}\n")),
            "proj/.iamtrim.yaml:9:25: unknown access level 'admin' (list, read, write, permissions-management, "
            "tagging)");
  EXPECT_EQ(error_of(head + rule("      principals: {type: Aws2, any: '*'}\n")),
            "proj/.iamtrim.yaml:9:26: when.principals.type: unknown principal type 'Aws2' (AWS, Service, Federated, "
            "CanonicalUser)");
  EXPECT_EQ(error_of(head + rule("      effect: Allow\n")),
            "proj/.iamtrim.yaml:9:7: when needs at least one of actions, resources, principals, condition-keys");
  EXPECT_EQ(error_of(head + rule("      actions: {regex: 'x', equals: 'y'}\n")),
            "proj/.iamtrim.yaml:9:16: when.actions: a value test is a pattern, a list, or one of regex, equals, not");
  EXPECT_EQ(error_of(head + "  - code: ACME001\n    slug: x\n    severity: security\n    summary: S.\n"
                            "    message: \"{action}\"\n    docs: D.\n    when:\n      actions: '*'\n"),
            "proj/.iamtrim.yaml:6:14: message: unknown placeholder '{action}' ({actions}, {resources}, {principals}, "
            "{condition_keys}, {statement})");
  EXPECT_EQ(error_of(head + "  - code: ACME001\n    slug: x\n"),
            "proj/.iamtrim.yaml:2:5: a custom rule needs severity, summary, message, docs, when");
  EXPECT_EQ(error_of(head + rule("      actions: 'iam:*'\n", "    severity2: x\n")),
            "proj/.iamtrim.yaml:8:5: unknown key 'severity2' in a custom rule (did you mean severity?) (code, slug, "
            "severity, summary, message, docs, applies-to, references, when, unless)");
  EXPECT_EQ(error_of(head + rule("      actions: 'iam:*'\n", "    applies-to: [human]\n")),
            "proj/.iamtrim.yaml:8:17: applies-to: unknown policy kind 'human' (identity, resource, trust, scp, "
            "boundary)");
  // A rule reference in rules/severity must name a built-in or custom rule.
  EXPECT_EQ(error_of("rules:\n  ACME009: off\n" + head + rule("      actions: 'iam:*'\n")),
            "proj/.iamtrim.yaml:2:3: unknown rule 'ACME009' (did you mean ACME001?) (see `iamtrim rules`)");
  EXPECT_EQ(error_of("severity:\n  pass-role: error\n"),
            "proj/.iamtrim.yaml:2:3: unknown rule 'pass-role' (did you mean pass-role-on-star?) (see `iamtrim rules`)");
  EXPECT_EQ(error_of("rules:\n  a-rul: off\n" + head + rule("      actions: 'iam:*'\n")),
            "proj/.iamtrim.yaml:2:3: unknown rule 'a-rul' (did you mean a-rule?) (see `iamtrim rules`)");
  EXPECT_TRUE(parse("rules:\n  a-rule: off\n" + head + rule("      actions: 'iam:*'\n")));
}

// Codes and slugs are checked by hand, not by a backtracking regex engine: a
// long value is refused as quickly as a short one (libstdc++'s std::regex
// recurses per character and overflows the stack on values like these).
TEST(CustomRules, CodeAndSlugForms) {
  const std::string head = "custom-rules:\n";
  const std::string when = "      actions: 'iam:*'\n";
  for (const char* good : {"ACME001", "A001", "X9Y8000", "TEAM2024001"})
    EXPECT_TRUE(parse(head + rule(when, "", good))) << good;
  for (const std::string& bad : std::vector<std::string>{"ACME01", "001", "1ACME001", "ACME-001", "ACME001x", "ACME0O1", "acme001", "ÄCME001",
                          std::string(200000, 'A') + "x001"}) {
    std::string error = error_of(head + rule(when, "", bad));
    EXPECT_NE(error.find("must be upper-case letters and digits ending in three digits"), std::string::npos)
        << bad.substr(0, 20) << ": " << error.substr(0, 200);
  }
  for (const char* good : {"a", "s3-star", "no-kms-write-2", "x1-y2-z3"})
    EXPECT_TRUE(parse(head + rule(when, "", "ACME001", good))) << good;
  for (const std::string& bad : std::vector<std::string>{"-a", "a-", "a--b", "A-rule", "a_rule", "a rule", "é", std::string(200000, 'a') + "-",
                          std::string(100000, 'a') + "--" + std::string(100000, 'b')}) {
    std::string error = error_of(head + rule(when, "", "ACME001", bad));
    EXPECT_NE(error.find("' is not kebab-case"), std::string::npos) << bad.substr(0, 20) << ": " << error.substr(0, 200);
  }
}

// YAML aliases let a few lines name millions of nested value tests (or a
// list that contains itself): a rule holds at most 1,000, and the error
// points at where the limit was passed.
TEST(CustomRules, AliasesCannotMultiplyValueTests) {
  // Nine levels of ten aliases: 10^9 value tests if expanded.
  std::string when = "      actions: [&a0 ['s3:*', 's3:*', 's3:*', 's3:*', 's3:*', 's3:*', 's3:*', 's3:*', 's3:*', 's3:*']";
  for (int i = 1; i < 9; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    when += ",\n                &a" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 10; ++k) when += ", " + prev;
    when += "]";
  }
  std::string yaml = "custom-rules:\n" + rule(when + "]\n");
  std::string error = error_of(yaml);
  EXPECT_NE(error.find(": when.actions: more than 1000 value tests in one rule (YAML aliases repeat what they name)"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.rfind("proj/.iamtrim.yaml:", 0), 0u) << error;
  // A rule of ordinary size is far from the limit.
  std::string list = "      actions: [";
  for (int i = 0; i < 300; ++i) list += std::string(i ? ", " : "") + "'s3:Get" + std::to_string(i) + "*'";
  EXPECT_TRUE(parse("custom-rules:\n" + rule(list + "]\n")));
}

}  // namespace
}  // namespace iamtrim::config
