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
  auto c = parse_config("narrow:\n  keep_low_risk_wildcards: false\nevidence: {window_days: 30, protect: ['iam:*']}\n"
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

// narrow.keep_low_risk_wildcards: on, off, or which levels and services.
TEST(Config, LowRiskWildcards) {
  ConfigError e;
  auto off = parse_config("narrow:\n  keep_low_risk_wildcards: false\n", "proj/.iamtrim.yaml", known, &e);
  ASSERT_TRUE(off.has_value()) << e.message;
  ASSERT_TRUE(off->low_risk.has_value());
  EXPECT_FALSE(off->low_risk->enabled);
  auto none = parse_config("rules: {}\n", "proj/.iamtrim.yaml", known, &e);
  EXPECT_FALSE(none->low_risk.has_value());  // the default rule
  auto custom = parse_config(
      "narrow:\n  keep_low_risk_wildcards:\n    access_levels: [list, Read, Tagging]\n"
      "    services: {S3: [List], secretsmanager: []}\n    except: ['ssm:GetParameter*']\n",
      "proj/.iamtrim.yaml", known, &e);
  ASSERT_TRUE(custom.has_value()) << e.message;
  const LowRiskWildcards& r = *custom->low_risk;
  EXPECT_TRUE(r.enabled);
  EXPECT_EQ(r.access_levels, (std::vector<AccessLevel>{AccessLevel::List, AccessLevel::Read, AccessLevel::Tagging}));
  EXPECT_EQ(r.services.at("s3"), std::vector<AccessLevel>{AccessLevel::List});
  EXPECT_TRUE(r.services.at("secretsmanager").empty());
  EXPECT_EQ(r.except, std::vector<std::string>{"ssm:GetParameter*"});
  // What the settings mean for actions of the embedded catalog.
  const Catalog c = Catalog::embedded();
  EXPECT_TRUE(r.is_low_risk(c, *c.find_action("ec2:DescribeVpcs")));             // Read
  EXPECT_TRUE(r.is_low_risk(c, *c.find_action("ec2:CreateTags")));               // Tagging, configured
  EXPECT_FALSE(r.is_low_risk(c, *c.find_action("ec2:RunInstances")));            // Write
  EXPECT_FALSE(r.is_low_risk(c, *c.find_action("s3:GetBucketPolicy")));          // Read, but s3 allows List only
  EXPECT_TRUE(r.is_low_risk(c, *c.find_action("s3:ListAllMyBuckets")));
  EXPECT_FALSE(r.is_low_risk(c, *c.find_action("secretsmanager:ListSecrets")));  // nothing in secretsmanager
  EXPECT_FALSE(r.is_low_risk(c, *c.find_action("ssm:GetParameters")));           // except
  EXPECT_FALSE(r.is_low_risk(c, *c.find_action("ecr:GetAuthorizationToken")));   // a sensitive read, built in
  EXPECT_EQ(error_of("narrow:\n  keep_low_risk_wildcards: maybe\n"),
            "proj/.iamtrim.yaml:2:28: narrow.keep_low_risk_wildcards must be true, false or a mapping {access_levels, "
            "services, except}, not 'maybe'");
  EXPECT_EQ(error_of("narrow:\n  keep_low_risk_wildcards: {access_levels: [Reed]}\n"),
            "proj/.iamtrim.yaml:2:45: narrow.keep_low_risk_wildcards.access_levels: unknown access level 'Reed' (List, "
            "Read, Write, Permissions management, Tagging)");
  EXPECT_EQ(error_of("narrow:\n  keep_low_risk_wildcards:\n    services: {ec3: [List]}\n"),
            "proj/.iamtrim.yaml:3:16: narrow.keep_low_risk_wildcards.services: unknown service prefix 'ec3' (catalog " +
                std::string(Catalog::embedded().version()) + ")");
  EXPECT_EQ(error_of("narrow:\n  keep_low_risk_wildcards:\n    except: [GetSecretValue]\n"),
            "proj/.iamtrim.yaml:3:14: narrow.keep_low_risk_wildcards.except: 'GetSecretValue' is not an action pattern "
            "service:Action");
  EXPECT_EQ(error_of("narrow:\n  keep_low_risk_wildcards: {levels: [List]}\n"),
            "proj/.iamtrim.yaml:2:29: unknown key 'levels' in narrow.keep_low_risk_wildcards (access_levels, services, "
            "except)");
  EXPECT_EQ(error_of("narrow:\n  compress: true\n"),
            "proj/.iamtrim.yaml:2:3: unknown key 'compress' in narrow (keep_low_risk_wildcards)");
}

TEST(Config, ErrorsCarryPositions) {
  EXPECT_EQ(error_of("rules:\n  IAM104: off\n  IAM104: on\n"),
            "proj/.iamtrim.yaml:3:3: duplicate key 'IAM104' in rules");
  EXPECT_EQ(error_of("rules: {}\nrules: {}\n"), "proj/.iamtrim.yaml:2:1: duplicate key 'rules' in the configuration");
  EXPECT_EQ(error_of("rulez: {}\n"),
            "proj/.iamtrim.yaml:1:1: unknown key 'rulez' (did you mean rules?); the keys are rules, severity, ignore, "
            "paths, catalog, fail-on, report-unused-ignores, custom-rules, custom-rules-dir, and the sections narrow, "
            "evidence of other commands");
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
