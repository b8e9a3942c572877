// .iamtrim.yaml reaches every narrow mode (finding 6: no narrow command read
// it, so `protect: [iam:*]` still lost iam:GetRole): a single JSON policy,
// an in-place Terraform file, --account and --organizations; found as lint
// finds it or named with --config; its mistakes are errors with
// file:line:col in narrow as in lint.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A role whose report (2024-06-01) shows IAM and SQS unused for a year.
const char* const kEvidence = R"({"JobStatus": "COMPLETED", "JobCreationDate": "2024-06-01T12:00:00Z",
  "ServicesLastAccessed": [
    {"ServiceNamespace": "iam", "TotalAuthenticatedEntities": 0},
    {"ServiceNamespace": "sqs", "TotalAuthenticatedEntities": 0},
    {"ServiceNamespace": "s3", "LastAuthenticated": "2024-05-30T10:00:00Z", "TotalAuthenticatedEntities": 1}]})";
const char* const kPolicy = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["iam:GetRole", "sqs:SendMessage", "s3:GetObject"], "Resource": "*"}]})";

class NarrowConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("iamtrim-narrow-config-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    write(dir / "evidence.json", kEvidence);
    write(dir / "evidence.request.json", R"({"Arn": "arn:aws:iam::123456789012:role/App"})");
    write(dir / "policy.json", kPolicy);
  }
  void TearDown() override { fs::remove_all(dir); }
  RunResult narrow(std::vector<std::string> args) {
    args.insert(args.begin(), "narrow");
    return run_cli(args, "", dir);
  }
  fs::path dir;
};

TEST_F(NarrowConfig, ProtectAndRegionsReachASinglePolicy) {
  RunResult plain = narrow({"policy.json", "--evidence", "evidence.json"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out.find("iam:GetRole"), std::string::npos) << plain.out;
  write(dir / ".iamtrim.yaml", "evidence:\n  protect: [iam:*]\n");
  RunResult found = narrow({"policy.json", "--evidence", "evidence.json"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("iam:GetRole"), std::string::npos) << found.out;
  EXPECT_EQ(found.out.find("sqs:SendMessage"), std::string::npos) << found.out;
  // A Region the table lacks keeps everything, with that reason.
  write(dir / "other.yaml", "evidence:\n  regions: [us-east-1, mx-central-1]\n");
  RunResult region = narrow({"policy.json", "--evidence", "evidence.json", "--config", "other.yaml", "--report", "r.md"});
  ASSERT_EQ(region.exit_code, 0) << region.err;
  EXPECT_NE(region.out.find("sqs:SendMessage"), std::string::npos) << region.out;
  EXPECT_NE(read_file(dir / "r.md").find("region-without-data"), std::string::npos);
  // --no-config ignores the file found.
  RunResult none = narrow({"policy.json", "--evidence", "evidence.json", "--no-config"});
  EXPECT_EQ(none.out, plain.out);
}

TEST_F(NarrowConfig, WindowFromTheFileAndTheCommandLineWins) {
  // s3 was used 2 days before the report: a 1-day window removes it, the
  // default 90 days keeps it.
  write(dir / ".iamtrim.yaml", "evidence:\n  window_days: 1\n");
  RunResult file = narrow({"policy.json", "--evidence", "evidence.json"});
  EXPECT_EQ(file.out.find("s3:GetObject"), std::string::npos) << file.out;
  RunResult flag = narrow({"policy.json", "--evidence", "evidence.json", "--window", "90"});
  EXPECT_NE(flag.out.find("s3:GetObject"), std::string::npos) << flag.out;
}

TEST_F(NarrowConfig, ProtectReachesAnInPlaceTerraformFile) {
  write(dir / "main.tf", R"(resource "aws_iam_role_policy" "app" {
  role = "App"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:GetRole", "sqs:SendMessage"]
      Resource = "*"
    }]
  })
}
)");
  write(dir / ".iamtrim.yaml", "evidence:\n  protect: [iam:*]\n");
  RunResult r = narrow({"main.tf", "--evidence", "evidence.json", "--principal", "arn:aws:iam::123456789012:role/App"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"iam:GetRole\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("sqs:SendMessage"), std::string::npos) << r.out;
}

TEST_F(NarrowConfig, ProtectReachesTheOrganizationsMode) {
  fs::copy(testdata("narrow/organizations/ou-lex-dms/access-report.json"), dir / "ou.json");
  write(dir / ".iamtrim.yaml", "evidence:\n  protect: ['lex:*']\n");
  RunResult r = narrow({"--organizations", "ou.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("dms:*"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("lex:*"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("kept lex: protected"), std::string::npos) << r.err;
}

TEST_F(NarrowConfig, ProtectReachesTheAccountMode) {
  const fs::path src = testdata("narrow/account/shared-ec2");
  fs::copy(src, dir / "acct", fs::copy_options::recursive);
  RunResult plain = narrow({"--account", "acct/authorization-details.json", "--evidence", "acct/evidence", "--as-of", "2024-06-30"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  write(dir / ".iamtrim.yaml", "evidence:\n  protect: ['*']\n");
  RunResult r = narrow({"--account", "acct/authorization-details.json", "--evidence", "acct/evidence", "--as-of", "2024-06-30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(plain.out.find(" narrowed"), std::string::npos) << plain.out;
  EXPECT_EQ(r.out.find(" narrowed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 to rewrite"), std::string::npos) << r.out;
}

TEST_F(NarrowConfig, MistakesAreErrorsWithTheirPositionInEveryCommand) {
  write(dir / ".iamtrim.yaml", "rules: {}\nevidence:\n  protct: [iam:*]\n");
  RunResult r = narrow({"policy.json", "--evidence", "evidence.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".iamtrim.yaml:3:3: unknown evidence key 'protct'"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  RunResult org = narrow({"--organizations", "policy.json"});
  EXPECT_EQ(org.exit_code, 2);
  RunResult lint = run_cli({"lint", "policy.json"}, "", dir);
  EXPECT_EQ(lint.exit_code, 2);
  EXPECT_NE(lint.err.find(".iamtrim.yaml:3:3: unknown evidence key 'protct'"), std::string::npos) << lint.err;
  // A misspelt section is caught too, not silently ignored.
  write(dir / ".iamtrim.yaml", "evidnce:\n  protect: [iam:*]\n");
  RunResult typo = narrow({"policy.json", "--evidence", "evidence.json"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find(".iamtrim.yaml:1:1: unknown key 'evidnce'"), std::string::npos) << typo.err;
  // lint accepts the tracking section the docs show.
  write(dir / ".iamtrim.yaml",
        "tracking:\n  region_tracking_start:\n    mx-central-1:\n      date: 2025-01-14\n"
        "  never_tracked_actions:\n    - action: sts:AssumeRole\n");
  RunResult ok = run_cli({"lint", "policy.json"}, "", dir);
  EXPECT_NE(ok.exit_code, 2) << ok.err;
}

}  // namespace
}  // namespace iamtrim::test
