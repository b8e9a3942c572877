// `iamtrim narrow FILE.tf --evidence E` end to end: --write edits only the
// narrowed ranges and keeps the file's mode; a file with nothing to change
// is not touched (same bytes, same mtime); a verification failure leaves
// the file untouched and exits 2 naming the policy; --check, --diff,
// --only and the default output behave as for JSON files.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "helpers.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

namespace fs = std::filesystem;

const char* kModule = R"(resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "reader" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage"] # the queue
      Resource = "*"
    }]
  })
}

resource "aws_iam_role_policy" "writer" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sns:Publish", "sqs:SendMessage"] # fan out
      Resource = "*"
    }]
  })
}
)";

// Service-level evidence: SQS used yesterday, SNS never.
std::string evidence(bool sns_used) {
  std::string sns = sns_used ? R"("LastAuthenticated": "2026-11-19T10:00:00Z", "LastAuthenticatedEntity": "arn:aws:iam::123456789012:role/app", "TotalAuthenticatedEntities": 1)"
                             : R"("TotalAuthenticatedEntities": 0)";
  return R"({"JobStatus": "COMPLETED", "JobType": "SERVICE_LEVEL", "JobCreationDate": "2026-11-20T06:00:00Z",
  "JobCompletionDate": "2026-11-20T06:00:05Z", "ServicesLastAccessed": [
  {"ServiceName": "Amazon SNS", "ServiceNamespace": "sns", )" + sns + R"(},
  {"ServiceName": "Amazon SQS", "ServiceNamespace": "sqs", "LastAuthenticated": "2026-11-19T22:14:03Z",
   "LastAuthenticatedEntity": "arn:aws:iam::123456789012:role/app", "TotalAuthenticatedEntities": 1}]})";
}

class NarrowInPlaceCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iamtrim-edit-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write_file(dir_ / "main.tf", kModule);
    for (bool used : {false, true}) {
      std::string name = used ? "used" : "unused";
      write_file(dir_ / (name + ".json"), evidence(used));
      write_file(dir_ / (name + ".request.json"),
                 R"({"Arn": "arn:aws:iam::123456789012:role/app", "Granularity": "SERVICE_LEVEL"})");
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunResult narrow(const std::string& file, const std::string& evidence, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"narrow", (dir_ / file).string(), "--evidence", (dir_ / evidence).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
  }

  fs::path dir_;
};

std::string narrowed_module() {
  std::string want = kModule;
  std::string from = R"(["sns:Publish", "sqs:SendMessage"])";
  want.replace(want.find(from), from.size(), R"(["sqs:SendMessage"])");
  return want;
}

TEST_F(NarrowInPlaceCli, WriteEditsOnlyTheNarrowedListAndKeepsTheMode) {
  fs::permissions(dir_ / "main.tf", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  RunResult r = narrow("main.tf", "unused.json", {"--write"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("main.tf: aws_iam_role.app (aws_iam_role.app.assume_role_policy): trust policy; only identity policies are narrowed"),
            std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir_ / "main.tf"), narrowed_module());
  auto fmt = terraform_fmt_regressions({{"main.tf", kModule, read_file(dir_ / "main.tf")}});
  if (!fmt) std::cout << kNoTerraform;
  else EXPECT_TRUE(fmt->empty()) << "terraform fmt -check passes before --write and fails after it";
  EXPECT_EQ(fs::status(dir_ / "main.tf").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

TEST_F(NarrowInPlaceCli, NothingToChangeLeavesTheFileUntouched) {
  auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(24);
  fs::last_write_time(dir_ / "main.tf", old_time);
  RunResult r = narrow("main.tf", "used.json", {"--write"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir_ / "main.tf"), kModule);
  EXPECT_EQ(fs::last_write_time(dir_ / "main.tf"), old_time);
}

TEST_F(NarrowInPlaceCli, CheckDiffAndDefaultOutput) {
  RunResult check = narrow("main.tf", "unused.json", {"--check"});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_EQ(check.out, "");
  RunResult clean = narrow("main.tf", "used.json", {"--check"});
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  RunResult diff = narrow("main.tf", "unused.json", {"--diff"});
  EXPECT_EQ(diff.exit_code, 1);
  std::string path = (dir_ / "main.tf").string();
  EXPECT_EQ(diff.out, "--- a/" + path + "\n+++ b/" + path +
                          "\n@@ -23,7 +23,7 @@\n"
                          "     Version = \"2012-10-17\"\n"
                          "     Statement = [{\n"
                          "       Effect   = \"Allow\"\n"
                          "-      Action   = [\"sns:Publish\", \"sqs:SendMessage\"] # fan out\n"
                          "+      Action   = [\"sqs:SendMessage\"] # fan out\n"
                          "       Resource = \"*\"\n"
                          "     }]\n"
                          "   })\n");
  RunResult print = narrow("main.tf", "unused.json");
  EXPECT_EQ(print.exit_code, 0) << print.err;
  EXPECT_EQ(print.out, narrowed_module());
  EXPECT_EQ(read_file(dir_ / "main.tf"), kModule) << "only --write writes";
}

TEST_F(NarrowInPlaceCli, OnlyRestrictsToOnePolicy) {
  RunResult other = narrow("main.tf", "unused.json", {"--only", "aws_iam_role_policy.reader", "--check"});
  EXPECT_EQ(other.exit_code, 0) << other.err;
  RunResult writer = narrow("main.tf", "unused.json", {"--only", "aws_iam_role_policy.writer.policy", "--check"});
  EXPECT_EQ(writer.exit_code, 1) << writer.err;
  RunResult none = narrow("main.tf", "unused.json", {"--only", "aws_iam_role_policy.nope", "--check"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no policy has the owner, principal or pointer aws_iam_role_policy.nope"), std::string::npos);
}

// One local feeds an identity policy and a bucket policy: the edit the
// identity policy needs would change the bucket policy, which verification
// catches; nothing is written.
TEST_F(NarrowInPlaceCli, VerificationFailureLeavesTheFileUntouched) {
  std::string shared = read_file(testdata("edit/shared_local.tf"));
  std::string tf = shared;
  std::string from = R"(["s3:GetObject", "s3:PutObject"])";
  tf.replace(tf.find(from), from.size(), R"(["sqs:SendMessage", "sns:Publish"])");
  write_file(dir_ / "shared.tf", tf);
  RunResult r = narrow("shared.tf", "unused.json", {"--write"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("the in-place edit failed verification; nothing was written"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("aws_s3_bucket_policy.shared (aws_s3_bucket_policy.shared.policy): a policy that was not to change changed"),
            std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir_ / "shared.tf"), tf);
}

// The README demo: examples/terraform-module narrowed with its evidence.
TEST(NarrowInPlaceExample, TerraformModuleDiff) {
  RunResult r = run_cli({"narrow", "examples/terraform-module/main.tf", "--evidence",
                         "examples/terraform-module/evidence.json", "--diff"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(check_golden(testdata("edit/cli/terraform-module.diff"), r.out), "");
  EXPECT_EQ(r.err, "iamtrim: note: examples/terraform-module/main.tf: aws_iam_role.worker "
                   "(data.aws_iam_policy_document.assume): trust policy; only identity policies are narrowed\n"
                   "iamtrim: note: examples/terraform-module/evidence.json: job created 2026-11-20T06:00:00Z; it "
                   "speaks for activity up to 2026-11-20T02:00:00Z (recent activity can take 4 hours to appear; "
                   "see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html "
                   "(Things to know about last accessed information))\n"
                   "iamtrim: note: tracking rules: Region table "
                   "captured 2023-08-31; Regions launched since are not in it "
                   "(https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html (Where "
                   "AWS tracks last accessed information; read in August 2023, the day not recorded, so the end of "
                   "the month is given))\n");
}

}  // namespace
}  // namespace iamtrim::test
