#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "dump.hpp"
#include "iamtrim/rules.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

std::string dump_rules(const TrackingRules& r) {
  std::string out;
  for (const auto& p : r.service_level)
    out += "service_level " + std::to_string(p.days) + " days from " + std::to_string(p.from) + " (" + p.source + ")\n";
  out += "delay " + std::to_string(r.activity_delay_hours) + " hours (" + r.activity_delay_source + ")\n";
  for (const auto& [svc, f] : r.action_level_start) out += "action " + svc + " " + format_date(f.date) + " (" + f.source + ")\n";
  for (const auto& [reg, f] : r.region_start)
    out += "region " + reg + " " + format_date(f.date) + " launched " + (f.launched ? format_date(*f.launched) : "?") +
           " (" + f.source + "; " + f.launch_source + ")\n";
  for (const auto& n : r.never_tracked) out += "never " + n.pattern + " (" + n.source + ")\n";
  for (const auto& p : r.permission_only) out += "permission-only " + p.pattern + ": " + p.reason + " (" + p.source + ")\n";
  out += "captured " + format_date(r.region_table_captured.date) + " (" + r.region_table_captured.source + ")\n";
  return out;
}

TEST(TrackingRules, EmbeddedFileParsesAndEveryEntryHasASource) {
  auto text = embedded_rule_file("tracking.yaml");
  ASSERT_TRUE(text);
  TrackingRulesResult r = parse_tracking_rules(*text, "rules/tracking.yaml");
  ASSERT_TRUE(r.rules) << test::dump_errors(r.errors);
  const TrackingRules& rules = *r.rules;
  const std::string page = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html";
  ASSERT_EQ(rules.service_level.size(), 2u);
  EXPECT_EQ(rules.service_level.back().source.rfind(page, 0), 0u);
  for (const auto& [k, f] : rules.region_start) EXPECT_EQ(f.source.rfind(page, 0), 0u) << k;
  for (const auto& [k, f] : rules.action_level_start) EXPECT_EQ(f.source.rfind(page, 0), 0u) << k;
  EXPECT_EQ(dump_rules(TrackingRules::embedded()), dump_rules(rules));
  // Every field, including any the dump above does not print: the table
  // compiled in at build time is the file as parse_tracking_rules() reads it.
  EXPECT_TRUE(TrackingRules::embedded() == rules);
  EXPECT_TRUE(rules.is_never_tracked("iam:PassRole"));
  EXPECT_TRUE(rules.is_never_tracked("IAM:passrole"));
  EXPECT_FALSE(rules.is_never_tracked("iam:GetRole"));
  EXPECT_EQ(format_date(rules.action_start("EC2").date), "2021-04-07");
  EXPECT_EQ(format_date(rules.action_start("dynamodb").date), "2023-05-23");
}

// The lists are matched as IAM matches actions (wildcards, any case),
// including patterns a configuration adds that start with a wildcard: the
// quick first-character check in front of the matcher never hides a match.
TEST(TrackingRules, ListsMatchWildcardsAndAnyCase) {
  TrackingRules rules = TrackingRules::embedded();
  rules.never_tracked.push_back({"*:GetSecretValue", "test"});
  rules.never_tracked.push_back({"?loudtrail:LookupEvents", "test"});
  rules.permission_only.push_back({"S3:get*", "test", "test"});
  EXPECT_TRUE(rules.is_never_tracked("secretsmanager:GetSecretValue"));
  EXPECT_TRUE(rules.is_never_tracked("CloudTrail:lookupevents"));
  EXPECT_FALSE(rules.is_never_tracked("cloudtrail:LookupEvent"));
  EXPECT_FALSE(rules.is_never_tracked(""));
  ASSERT_NE(rules.permission_only_entry("s3:GetObject"), nullptr);
  EXPECT_EQ(rules.permission_only_entry("s3:GetObject")->pattern, "S3:get*");
  ASSERT_NE(rules.permission_only_entry("Lambda:invokefunctionurl"), nullptr);
  EXPECT_EQ(rules.permission_only_entry("Lambda:invokefunctionurl")->pattern, "lambda:InvokeFunctionUrl");
  EXPECT_EQ(rules.permission_only_entry("s3:PutObject"), nullptr);
  EXPECT_EQ(rules.permission_only_entry(""), nullptr);
}

// The product's copy must say what the shared fact sheet says, entry by entry.
TEST(TrackingRules, EmbeddedFactsMatchTheFactSheet) {
  auto shared = test::shared_dir();
  if (!shared || !std::filesystem::exists(*shared / "tracking-facts.yaml"))
    GTEST_SKIP() << "shared/tracking-facts.yaml not found (set IAMTRIM_CORPUS)";
  YAML::Node facts = YAML::LoadFile((*shared / "tracking-facts.yaml").string());
  const TrackingRules& rules = TrackingRules::embedded();
  // The fact sheet gives the period in force today; the rules also keep the
  // 365 days of older jobs.
  EXPECT_EQ(rules.service_level.back().days, facts["service_level_tracking_days"].as<int>());
  EXPECT_EQ(rules.service_level.front().days, 365);
  EXPECT_EQ(rules.activity_delay_hours, facts["activity_delay_hours"].as<int>());
  std::map<std::string, std::string> want, have;
  for (auto it : facts["action_level_tracking_start"]) want["action " + it.first.as<std::string>()] = it.second.as<std::string>();
  for (auto it : facts["region_tracking_start"]) want["region " + it.first.as<std::string>()] = it.second.as<std::string>();
  for (auto it : facts["never_tracked_actions"]) want["never " + it.as<std::string>()] = "";
  for (const auto& [k, f] : rules.action_level_start) have["action " + k] = format_date(f.date);
  for (const auto& [k, f] : rules.region_start) have["region " + k] = format_date(f.date);
  for (const auto& n : rules.never_tracked) have["never " + n.pattern] = "";
  EXPECT_EQ(have, want);
}

TEST(TrackingRules, ConfigOverridesAndExtends) {
  TrackingRules rules = TrackingRules::embedded();
  DecisionInput input;
  const char* config = R"(lint:
  anything: belongs to another stage
tracking:
  action_level_tracking_start:
    dynamodb:
      date: 2023-06-01
      source: our own measurement
  region_tracking_start:
    mx-central-1:
      date: 2025-01-14
  never_tracked_actions:
    - action: sts:AssumeRole
evidence:
  window_days: 120
  windows:
    EC2: 365
    ec2:RunInstances: 400
  regions: [us-east-1, EU-WEST-1]
  max_report_age_days: 7
  protect:
    - iam:Create*
)";
  EvidenceConfigResult r = apply_evidence_config(config, ".iamtrim.yaml", rules, input);
  ASSERT_TRUE(r.ok()) << test::dump_errors(r.errors);
  EXPECT_EQ(rules.action_level_start.at("dynamodb").source, "our own measurement");
  EXPECT_EQ(format_date(rules.action_start("dynamodb").date), "2023-06-01");
  EXPECT_EQ(format_date(rules.region_start.at("mx-central-1").date), "2025-01-14");
  EXPECT_EQ(rules.region_start.at("mx-central-1").source, "config .iamtrim.yaml:10");
  EXPECT_EQ(rules.never_tracked.back().pattern, "sts:AssumeRole");
  EXPECT_EQ(rules.never_tracked.size(), 2u);
  EXPECT_EQ(input.window_days, 120);
  EXPECT_EQ(input.service_window_days, (std::map<std::string, int>{{"ec2", 365}}));
  EXPECT_EQ(input.action_window_days, (std::map<std::string, int>{{"ec2:RunInstances", 400}}));
  EXPECT_EQ(input.regions, (std::vector<std::string>{"us-east-1", "eu-west-1"}));
  EXPECT_EQ(input.max_report_age_days, 7);
  EXPECT_EQ(input.protected_patterns, (std::vector<std::string>{"iam:Create*"}));
}

TEST(TrackingRules, ConfigErrorsArePreciseAndChangeNothing) {
  const struct {
    const char* yaml;
    const char* errors;
  } cases[] = {
      {"evidence:\n  window_days: 30\n  window_days: 60\n", "c.yaml:3:3: duplicate key 'window_days'\n"},
      {"evidence:\n  windo_days: 30\n", "c.yaml:2:3: unknown evidence key 'windo_days'\n"},
      {"evidence:\n  window_days: ninety\n",
       "c.yaml:2:16: evidence.window_days must be a whole number from 1 to 3650, not 'ninety'\n"},
      {"tracking:\n  region_tracking_start:\n    xx-east-1:\n      date: 2023-02-30\n",
       "c.yaml:4:13: region_tracking_start.xx-east-1.date must be a date YYYY-MM-DD, not '2023-02-30'\n"},
      {"tracking:\n  never_tracked_actions:\n    - action: PassRole\n",
       "c.yaml:3:15: never_tracked_actions: 'PassRole' is not service:Action\n"},
      {"tracking:\n  service_level_days: 365\n", "c.yaml:2:3: unknown tracking key 'service_level_days'\n"},
      {"evidence: [1\n", "c.yaml:2:1: not valid YAML: end of sequence flow not found\n"},
  };
  for (const auto& c : cases) {
    TrackingRules rules = TrackingRules::embedded();
    DecisionInput input;
    EvidenceConfigResult r = apply_evidence_config(c.yaml, "c.yaml", rules, input);
    EXPECT_EQ(test::dump_errors(r.errors), c.errors) << c.yaml;
    EXPECT_EQ(input.window_days, 90) << c.yaml;
    EXPECT_EQ(dump_rules(rules), dump_rules(TrackingRules::embedded())) << c.yaml;
  }
}

TEST(TrackingRules, IncompleteRulesFileIsRefused) {
  TrackingRulesResult r = parse_tracking_rules(
      "service_level_tracking_days:\n  - days: 365\n  - days: 400\n    source: x\nactivity_delay_hours:\n  hours: 4\n  source: x\n"
      "permission_only_actions:\n  - action: rds-db:connect\n    source: x\n",
      "t.yaml");
  EXPECT_FALSE(r.rules);
  EXPECT_EQ(test::dump_errors(r.errors),
            "t.yaml:1:1: missing action_level_tracking_start\n"
            "t.yaml:1:1: missing never_tracked_actions\n"
            "t.yaml:1:1: missing region_tracking_start\n"
            "t.yaml:1:1: missing region_table_captured\n"
            "t.yaml:2:5: service_level_tracking_days has no source\n"
            "t.yaml:3:5: service_level_tracking_days: every entry after the first needs 'from'\n"
            "t.yaml:9:5: permission_only_actions.rds-db:connect has no reason\n"
            "t.yaml:1:1: action_level_tracking_start needs a '*' entry for the other services\n");
}

}  // namespace
}  // namespace iamtrim

namespace iamtrim {
namespace {

// The configuration docs/evidence.md shows is accepted as written and does
// what the page says.
TEST(TrackingRules, TheDocumentedConfigurationApplies) {
  const std::string doc = test::read_file(test::testdata("../docs/evidence.md"));
  const std::size_t section = doc.find("## Configuration (`.iamtrim.yaml`)");
  ASSERT_NE(section, std::string::npos);
  const std::size_t begin = doc.find("```yaml\n", section);
  ASSERT_NE(begin, std::string::npos);
  const std::size_t end = doc.find("```", begin + 8);
  const std::string yaml = doc.substr(begin + 8, end - begin - 8);
  TrackingRules rules = TrackingRules::embedded();
  DecisionInput input;
  EvidenceConfigResult r = apply_evidence_config(yaml, "docs.yaml", rules, input);
  ASSERT_TRUE(r.ok()) << test::dump_errors(r.errors);
  EXPECT_EQ(input.service_window_days.at("ec2"), 180);
  EXPECT_EQ(input.max_report_age_days, 7);
  EXPECT_FALSE(rules.permission_only_entry("execute-api:Invoke"));
  EXPECT_TRUE(rules.permission_only_entry("kafka-cluster:Connect"));
  EXPECT_TRUE(rules.region_start.count("mx-central-1"));
  EXPECT_TRUE(rules.region_start.at("mx-central-1").bounds_windows());  // no launch date given
}

}  // namespace
}  // namespace iamtrim
