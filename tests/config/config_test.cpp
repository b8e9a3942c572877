// .iamtrim.yaml: the schema, every error with its position, and discovery.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "config/config.hpp"
#include "support/files.hpp"

namespace iamtrim::config {
namespace {

namespace fs = std::filesystem;

// A stand-in registry, so these tests do not depend on the rule set.
bool known(std::string_view code) { return code == "IAM104" || code == "IAM401" || code == "unknown-action"; }

std::string error_of(const std::string& yaml) {
  ConfigError e;
  auto c = parse_config(yaml, "proj/.iamtrim.yaml", known, &e);
  EXPECT_FALSE(c.has_value()) << yaml;
  return e.message;
}

TEST(Config, FullExample) {
  std::string text = test::read_file(test::testdata("config/full.iamtrim.yaml"));
  ConfigError e;
  auto c = parse_config(text, "proj/.iamtrim.yaml", known, &e);
  ASSERT_TRUE(c.has_value()) << e.message;
  EXPECT_EQ(c->base, fs::path("proj"));
  EXPECT_EQ(c->rules, (std::map<std::string, bool>{{"IAM104", false}, {"IAM401", true}}));
  EXPECT_EQ(c->severity, (std::map<std::string, Severity>{{"unknown-action", Severity::Error}}));
  EXPECT_EQ(c->ignore, (std::vector<std::string>{"vendor/**", "*.tfstate.json"}));
  ASSERT_EQ(c->paths.size(), 2u);
  EXPECT_EQ(c->paths[0].glob, "scp/**");
  EXPECT_EQ(c->paths[0].kind, PolicyKind::Scp);
  EXPECT_EQ(c->paths[0].ignore_rules, (std::vector<std::string>{"IAM401"}));
  EXPECT_EQ(c->paths[1].glob, "trust/*.json");
  EXPECT_EQ(c->paths[1].kind, PolicyKind::Trust);
  EXPECT_TRUE(c->paths[1].ignore_rules.empty());
  EXPECT_EQ(c->catalog, fs::path("proj/catalog"));
  ASSERT_TRUE(c->fail_on.has_value());
  EXPECT_EQ(c->fail_on->at_least, Severity::Security);

  EXPECT_TRUE(is_ignored(*c, "vendor/x/a.json"));
  EXPECT_TRUE(is_ignored(*c, "deep/terraform.tfstate.json"));
  EXPECT_FALSE(is_ignored(*c, "policies/a.json"));
  ASSERT_NE(path_rule(*c, "scp/org/deny.json"), nullptr);
  EXPECT_EQ(path_rule(*c, "scp/org/deny.json")->kind, PolicyKind::Scp);
  EXPECT_EQ(path_rule(*c, "policies/a.json"), nullptr);
}

TEST(Config, EmptyFileIsValid) {
  ConfigError e;
  auto c = parse_config("", "proj/.iamtrim.yaml", known, &e);
  ASSERT_TRUE(c.has_value()) << e.message;
  EXPECT_TRUE(c->rules.empty());
  EXPECT_FALSE(c->fail_on.has_value());
}

TEST(Config, ReservedSectionsAreLeftToTheirCommands) {
  ConfigError e;
  auto c = parse_config("narrow:\n  window: 90\nevidence: {window_days: 30, protect: ['iam:*']}\n"
                        "tracking:\n  region_tracking_start:\n    mx-central-1: {date: 2025-01-14}\n",
                        "proj/.iamtrim.yaml", known, &e);
  EXPECT_TRUE(c.has_value()) << e.message;
}

// narrow's sections are checked by every command that reads the file, so
// lint refuses what narrow would refuse, with the position.
TEST(Config, EvidenceAndTrackingSectionsAreChecked) {
  EXPECT_EQ(error_of("evidence: {dir: x}\n"), "proj/.iamtrim.yaml:1:12: unknown evidence key 'dir'");
  EXPECT_EQ(error_of("rules: {}\ntracking:\n  regions: [x]\n"), "proj/.iamtrim.yaml:3:3: unknown tracking key 'regions'");
  EXPECT_EQ(error_of("evidence:\n  window_days: ninety\n"),
            "proj/.iamtrim.yaml:2:16: evidence.window_days must be a whole number from 1 to 3650, not 'ninety'");
}

TEST(Config, ErrorsCarryPositions) {
  EXPECT_EQ(error_of("rules:\n  IAM104: off\n  IAM104: on\n"),
            "proj/.iamtrim.yaml:3:3: duplicate key 'IAM104' in rules");
  EXPECT_EQ(error_of("rules: {}\nrules: {}\n"), "proj/.iamtrim.yaml:2:1: duplicate key 'rules' in the configuration");
  EXPECT_EQ(error_of("rulez: {}\n"),
            "proj/.iamtrim.yaml:1:1: unknown key 'rulez' (rules, severity, ignore, paths, catalog, fail-on)");
  EXPECT_EQ(error_of("rules:\n  IAM999: off\n"), "proj/.iamtrim.yaml:2:3: unknown rule 'IAM999' (see `iamtrim rules`)");
  EXPECT_EQ(error_of("rules:\n  IAM104: maybe\n"), "proj/.iamtrim.yaml:2:11: rules.IAM104 must be on or off, not 'maybe'");
  EXPECT_EQ(error_of("severity:\n  IAM104: fatal\n"),
            "proj/.iamtrim.yaml:2:11: severity.IAM104 must be error, security, warning or suggestion, not 'fatal'");
  EXPECT_EQ(error_of("ignore: vendor\n"), "proj/.iamtrim.yaml:1:9: ignore must be a list");
  EXPECT_EQ(error_of("paths:\n  - glob: a\n    kind: group\n"),
            "proj/.iamtrim.yaml:3:11: unknown policy kind 'group' (identity, resource, trust, scp, boundary)");
  EXPECT_EQ(error_of("paths:\n  - kind: scp\n"), "proj/.iamtrim.yaml:2:5: paths entry needs a glob");
  EXPECT_EQ(error_of("paths:\n  - glob: a\n    ignore: [IAM104]\n"),
            "proj/.iamtrim.yaml:3:5: unknown key 'ignore' in paths entry (glob, kind, ignore-rules)");
  EXPECT_EQ(error_of("fail-on: sometimes\n"),
            "proj/.iamtrim.yaml:1:10: fail-on must be error, security, warning, suggestion or none, not 'sometimes'");
  EXPECT_EQ(error_of("- a\n- b\n"), "proj/.iamtrim.yaml:1:1: the configuration must be a mapping");
  EXPECT_EQ(error_of("rules: {IAM104: off\n"),
            "proj/.iamtrim.yaml:2:1: invalid YAML: end of map flow not found");
}

TEST(Config, FailOnThreshold) {
  FailOn security{Severity::Security};
  EXPECT_TRUE(fails(security, Severity::Error));
  EXPECT_TRUE(fails(security, Severity::Security));
  EXPECT_FALSE(fails(security, Severity::Warning));
  EXPECT_FALSE(fails(FailOn{}, Severity::Error));
  EXPECT_FALSE(parse_fail_on("never").has_value());
  EXPECT_FALSE(parse_fail_on("none")->at_least.has_value());
}

TEST(Config, FoundUpwardsFromTheWorkingDirectory) {
  fs::path root = fs::temp_directory_path() / ("iamtrim-config-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "a/b/c");
  test::write_file(root / "a/.iamtrim.yaml", "fail-on: none\n");
  test::write_file(root / "a/b/c/x.json", "{}");
  auto found = find_config(root / "a/b/c");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, root / "a/.iamtrim.yaml");
  // The nearest file wins.
  test::write_file(root / "a/b/.iamtrim.yaml", "fail-on: error\n");
  EXPECT_EQ(*find_config(root / "a/b/c"), root / "a/b/.iamtrim.yaml");
  fs::remove_all(root);
}

}  // namespace
}  // namespace iamtrim::config
