// The output modes of `iamtrim narrow`: --check, --diff (src/cli/unified_diff.cpp,
// which lives in the executable and so is tested through it) and --write.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

const std::vector<std::string> kS3Args = {"--window", "90", "--as-of", "2024-06-30", "--evidence",
                                          "testdata/narrow/s3-role.evidence.json"};

std::vector<std::string> args(std::vector<std::string> head) {
  head.insert(head.end(), kS3Args.begin(), kS3Args.end());
  return head;
}

TEST(NarrowCli, CheckExitsOneWhenARewriteIsDueAndPrintsNothing) {
  RunResult r = run_cli(args({"narrow", "testdata/narrow/s3-role.policy.json", "--check"}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "");
  RunResult clean = run_cli({"narrow", "testdata/narrow/ec2-twelve-days.policy.json", "--check", "--window", "30",
                             "--as-of", "2021-04-19", "--evidence", "testdata/narrow/ec2-twelve-days.evidence.json"});
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(clean.out, "");
}

TEST(NarrowCli, DiffShowsTheRemovedLines) {
  RunResult r = run_cli(args({"narrow", "testdata/narrow/s3-role.policy.json", "--diff"}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out,
            "--- a/testdata/narrow/s3-role.policy.json\n"
            "+++ b/testdata/narrow/s3-role.policy.json\n"
            "@@ -16,12 +16,7 @@\n"
            "             \"Effect\": \"Allow\",\n"
            "             \"Action\": [\n"
            "                 \"s3:ListBucket\",\n"
            "-                \"s3:GetBucketLocation\",\n"
            "-                \"s3:PutBucketPolicy\",\n"
            "-                \"s3:DeleteBucket\",\n"
            "-                \"s3:PutBucketVersioning\",\n"
            "-                \"s3:CreateBucket\",\n"
            "-                \"s3:PutLifecycleConfiguration\"\n"
            "+                \"s3:GetBucketLocation\"\n"
            "             ],\n"
            "             \"Resource\": \"arn:aws:s3:::uploads-bucket\"\n"
            "         },\n");
}

// A policy file written in its own style (two-space indent, Resource before
// Action, a one-line list, a NotResource Deny) keeps it: only the removed
// items go.
TEST(NarrowCli, OutputKeepsTheFilesOwnLayout) {
  fs::path dir = fs::temp_directory_path() / ("iamtrim-narrow-layout-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string policy = R"({
  "Statement": [
    {"Sid": "Bucket", "Resource": "arn:aws:s3:::uploads-bucket", "Effect": "Allow",
     "Action": ["s3:ListBucket", "s3:PutBucketPolicy", "s3:DeleteBucket"]},
    {
      "Effect": "Deny",   "NotResource": "arn:aws:s3:::uploads-bucket",
      "Action": "s3:*"
    }
  ],
  "Version": "2012-10-17"
}
)";
  write_file(dir / "policy.json", policy);
  RunResult r = run_cli(args({"narrow", (dir / "policy.json").string()}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, R"({
  "Statement": [
    {"Sid": "Bucket", "Resource": "arn:aws:s3:::uploads-bucket", "Effect": "Allow",
     "Action": ["s3:ListBucket"]},
    {
      "Effect": "Deny",   "NotResource": "arn:aws:s3:::uploads-bucket",
      "Action": "s3:*"
    }
  ],
  "Version": "2012-10-17"
}
)");
  fs::remove_all(dir);
}

TEST(NarrowCli, WriteReplacesTheFileAndKeepsItsMode) {
  fs::path dir = fs::temp_directory_path() / "iamtrim-narrow-write";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path policy = dir / "policy.json";
  fs::copy_file(testdata("narrow/s3-role.policy.json"), policy);
  ASSERT_EQ(chmod(policy.c_str(), 0640), 0);
  RunResult r = run_cli(args({"narrow", policy.string(), "--write"}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(read_file(policy), read_file(testdata("narrow/s3-role.expected.json")));
  struct stat st {};
  ASSERT_EQ(stat(policy.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  // Nothing but the policy is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

TEST(NarrowCli, BadInputIsAUsageErrorWithAMessage) {
  RunResult r = run_cli(args({"narrow", "testdata/narrow/missing.policy.json"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "iamtrim: cannot read testdata/narrow/missing.policy.json: no such file\n");
  RunResult date = run_cli({"narrow", "testdata/narrow/s3-role.policy.json", "--as-of", "2024-13-01", "--evidence",
                            "testdata/narrow/s3-role.evidence.json"});
  EXPECT_EQ(date.exit_code, 2);
  EXPECT_EQ(date.err, "iamtrim: --as-of 2024-13-01: expected a date YYYY-MM-DD\n");
}

}  // namespace
}  // namespace iamtrim::test
