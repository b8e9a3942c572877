// Rewrites a reviewer approves: a wildcard losing only reads is kept (unless
// --strict or the configuration says otherwise), and a rewrite over its size
// quota is never written whole (--write and --out refuse, exit 2, nothing
// touched) while --split writes its parts for review, in the one-policy, the
// in-place and the account modes. --report FILE.html works in every mode.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "iamtrim/json.hpp"
#include "iamtrim/narrow.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

// The issue's example: ec2:Describe* loses two unused reads (action-level
// evidence, testdata/narrow/ec2-describe.*), and the strict rewrite, 192
// names, is 6,942 characters: over the 6,144 of a managed policy.
class Quota : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("iamtrim-quota-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(testdata("narrow/ec2-describe.policy.json"), dir / "policy.json");
    fs::copy_file(testdata("narrow/ec2-describe.evidence.json"), dir / "evidence.json");
    fs::copy_file(testdata("narrow/ec2-describe.evidence.request.json"), dir / "evidence.request.json");
  }
  void TearDown() override { fs::remove_all(dir); }
  RunResult narrow(std::vector<std::string> extra) {
    std::vector<std::string> a = {"narrow", "policy.json", "--window", "90", "--as-of", "2024-06-30", "--evidence", "evidence.json"};
    a.insert(a.end(), extra.begin(), extra.end());
    return run_cli(a, "", dir);
  }
  std::size_t files() const { return std::distance(fs::directory_iterator(dir), fs::directory_iterator()); }
  fs::path dir;
};

Policy parse(const std::string& text) {
  PolicyResult p = parse_policy(parse_json(SourceFile::from_string("part.json", text)).value);
  EXPECT_TRUE(p.usable);
  return p.policy;
}

TEST_F(Quota, TheDefaultKeepsALowRiskWildcardAndTheRewriteFits) {
  RunResult r = narrow({"--write"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("kept ec2:Describe*: low-risk wildcard, 2 unused read actions (--strict removes them)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(dir / "policy.json"), read_file(testdata("narrow/ec2-describe.expected.json")));
}

TEST_F(Quota, WriteRefusesARewriteOverItsQuotaAndTouchesNothing) {
  const std::string before = read_file(dir / "policy.json");
  struct stat st {};
  ASSERT_EQ(stat((dir / "policy.json").c_str(), &st), 0);
  RunResult r = narrow({"--strict", "--write"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("policy.json: 6942 characters exceed the managed quota of 6144"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("  proposed split into 2 policies"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("  part 1: 6140 characters: Inventory (172 items)\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("policy.json: not written: the rewrite exceeds its size quota; --split writes its parts for review"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(dir / "policy.json"), before);
  struct stat after {};
  ASSERT_EQ(stat((dir / "policy.json").c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, st.st_ino);  // not even replaced by an identical copy
  EXPECT_EQ(files(), 3u);
}

TEST_F(Quota, SplitWritesThePartsBesideTheFileAndLeavesItAlone) {
  const std::string before = read_file(dir / "policy.json");
  RunResult r = narrow({"--strict", "--write", "--split"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir / "policy.json"), before);
  ASSERT_TRUE(fs::exists(dir / "policy.part1.json"));
  ASSERT_TRUE(fs::exists(dir / "policy.part2.json"));
  EXPECT_FALSE(fs::exists(dir / "policy.part3.json"));
  EXPECT_NE(r.err.find("iamtrim: wrote policy.part1.json\n"), std::string::npos) << r.err;
  // Each part fits; together they grant what the strict rewrite grants.
  const Catalog c = Catalog::embedded();
  ActionSet together(c.action_count());
  for (const char* name : {"policy.part1.json", "policy.part2.json"}) {
    Policy part = parse(read_file(dir / name));
    EXPECT_TRUE(check_size(c, part, PolicyKind::Identity, Attachment::Unknown).fits) << name;
    for (const Statement& st : part.statements) together |= expand_statement(c, st).actions;
  }
  ActionSet expected = expand_pattern(c, "ec2:Describe*").actions;
  expected.erase(*c.find_action("ec2:DescribeVpcs"));
  expected.erase(*c.find_action("ec2:DescribeVpcEndpoints"));
  expected.insert(*c.find_action("ec2:RunInstances"));
  expected.insert(*c.find_action("ec2:CreateTags"));
  EXPECT_TRUE(together == expected);
}

TEST_F(Quota, WithoutWriteSplitPrintsThePartsAsOneJsonArray) {
  RunResult r = narrow({"--strict", "--split"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json parts = nlohmann::json::parse(r.out);
  ASSERT_TRUE(parts.is_array());
  EXPECT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1]["Statement"][1]["Sid"], "Instances");
  // Without --split the (too large) rewrite is printed, with the warning.
  RunResult plain = narrow({"--strict"});
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_EQ(plain.out, read_file(testdata("narrow/ec2-describe-strict.expected.json")));
}

TEST_F(Quota, ConfigurationTurnsTheLowRiskRuleOff) {
  write_file(dir / ".iamtrim.yaml", "narrow:\n  keep_low_risk_wildcards: false\n");
  RunResult r = narrow({"--write"});
  EXPECT_EQ(r.exit_code, 2) << r.err;  // as --strict: over the quota
  EXPECT_NE(r.err.find("not written"), std::string::npos);
  write_file(dir / ".iamtrim.yaml", "narrow:\n  keep_low_risk_wildcards: {services: {ec2: []}}\n");
  EXPECT_EQ(narrow({"--write"}).exit_code, 2);  // nothing of ec2 is low-risk there
  // ec2's Describe actions are of the List access level.
  write_file(dir / ".iamtrim.yaml", "narrow:\n  keep_low_risk_wildcards: {access_levels: [Read]}\n");
  EXPECT_EQ(narrow({"--write"}).exit_code, 2);
  write_file(dir / ".iamtrim.yaml", "narrow:\n  keep_low_risk_wildcards: {access_levels: [List]}\n");
  EXPECT_EQ(narrow({"--write"}).exit_code, 0);
}

TEST_F(Quota, HtmlReportForOnePolicy) {
  RunResult r = narrow({"--report", "report.html"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string page = read_file(dir / "report.html");
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(page.find("low-risk-wildcard"), std::string::npos);
}

// Terraform, edited in place: the same refusal, and --split writes the
// parts of the policy that does not fit beside the file.
TEST_F(Quota, InPlaceTerraformRefusesAndSplits) {
  const std::string tf = R"(resource "aws_iam_policy" "inventory" {
  name = "inventory"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Inventory"
        Effect   = "Allow"
        Action   = "ec2:Describe*"
        Resource = "*"
      },
      {
        Sid      = "Instances"
        Effect   = "Allow"
        Action   = ["ec2:RunInstances", "ec2:TerminateInstances", "ec2:CreateTags"]
        Resource = "*"
      },
    ]
  })
}
)";
  write_file(dir / "main.tf", tf);
  std::vector<std::string> a = {"narrow", "main.tf", "--window", "90", "--as-of", "2024-06-30", "--evidence", "evidence.json",
                                "--strict", "--write"};
  RunResult refused = run_cli(a, "", dir);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("main.tf: nothing was written: 1 rewrite(s) exceed their size quota"), std::string::npos)
      << refused.err;
  EXPECT_EQ(read_file(dir / "main.tf"), tf);
  a.push_back("--split");
  RunResult split = run_cli(a, "", dir);
  EXPECT_EQ(split.exit_code, 0) << split.err;
  EXPECT_EQ(read_file(dir / "main.tf"), tf);  // the only policy did not fit: left as written
  EXPECT_TRUE(fs::exists(dir / "main.tf.aws_iam_policy.inventory.part1.json")) << split.err;
  EXPECT_TRUE(fs::exists(dir / "main.tf.aws_iam_policy.inventory.part2.json"));
  // Without --strict the low-risk wildcard stays and the edit fits.
  a.pop_back();
  a.erase(std::find(a.begin(), a.end(), "--strict"));
  EXPECT_EQ(run_cli(a, "", dir).exit_code, 0);
  EXPECT_NE(read_file(dir / "main.tf").find("ec2:Describe*"), std::string::npos);
  EXPECT_EQ(read_file(dir / "main.tf").find("ec2:TerminateInstances"), std::string::npos);
  EXPECT_EQ(run_cli({"narrow", "main.tf", "--evidence", "evidence.json", "--split"}, "", dir).exit_code, 2);
}

// Account mode: a user's inline policy (2,048 characters) that the strict
// rewrite overflows.
TEST_F(Quota, AccountOutRefusesAndSplits) {
  write_file(dir / "details.json", R"({"UserDetailList": [{"Path": "/", "UserName": "inventory", "UserId": "AIDA1",
    "Arn": "arn:aws:iam::123456789012:user/inventory", "CreateDate": "2020-01-01T00:00:00Z", "GroupList": [],
    "AttachedManagedPolicies": [], "UserPolicyList": [{"PolicyName": "Look", "PolicyDocument": )" +
                                         read_file(dir / "policy.json") + R"(}]}],
    "GroupDetailList": [], "RoleDetailList": [], "Policies": []})");
  write_file(dir / "evidence.request.json", R"({"Arn": "arn:aws:iam::123456789012:user/inventory", "Granularity": "ACTION_LEVEL"})");
  // A user's own report names that user as the one who accessed (the
  // fixture is the role's report: evidence about someone else is refused).
  std::string evidence = read_file(dir / "evidence.json");
  for (std::size_t at; (at = evidence.find("role/Inventory")) != std::string::npos;)
    evidence.replace(at, 14, "user/inventory");
  write_file(dir / "evidence.json", evidence);
  std::vector<std::string> a = {"narrow", "--account", "details.json", "--evidence", "evidence.json", "--as-of", "2024-06-30",
                                "--out", "out", "--report", "out/report.html"};
  RunResult fits = run_cli(a, "", dir);
  EXPECT_EQ(fits.exit_code, 0) << fits.err;
  EXPECT_TRUE(fs::exists(dir / "out/user/inventory/inline/Look.json"));
  EXPECT_NE(read_file(dir / "out/report.html").find("iamtrim account narrowing report"), std::string::npos);
  fs::remove_all(dir / "out");
  a.push_back("--strict");
  RunResult refused = run_cli(a, "", dir);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("user/inventory / Look: 6942 characters exceed the inline-user quota of 2048"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("nothing was written to out: 1 rewrite(s) exceed their size quota"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "out/user"));
  a.push_back("--split");
  RunResult split = run_cli(a, "", dir);
  EXPECT_EQ(split.exit_code, 0) << split.err;
  EXPECT_FALSE(fs::exists(dir / "out/user/inventory/inline/Look.json"));
  const Catalog c = Catalog::embedded();
  std::size_t parts = 0;
  for (; fs::exists(dir / ("out/user/inventory/inline/Look.part" + std::to_string(parts + 1) + ".json")); ++parts) {
    Policy part = parse(read_file(dir / ("out/user/inventory/inline/Look.part" + std::to_string(parts + 1) + ".json")));
    EXPECT_TRUE(check_size(c, part, PolicyKind::Identity, Attachment::InlineUser).fits);
  }
  EXPECT_GE(parts, 4u);
}

TEST(NarrowHtml, OrganizationsReport) {
  fs::path out = fs::temp_directory_path() / ("iamtrim-org-" + std::to_string(::getpid()) + ".html");
  RunResult r = run_cli({"narrow", "--organizations", "testdata/narrow/organizations/ou-two-unused/access-report.json",
                         "--window", "180", "--report", out.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string page = read_file(out);
  EXPECT_NE(page.find("iamtrim SCP proposal"), std::string::npos);
  EXPECT_NE(page.find("&quot;redshift:*&quot;"), std::string::npos);
  fs::remove(out);
}

}  // namespace
}  // namespace iamtrim::test
