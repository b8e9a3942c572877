// `iamtrim lint`, `diff` and `check` dropped into an ordinary repository:
// what they read, what they pass over and say, and hostile trees and
// inputs (symlink loops, a 50 MB ARN, file() leading out of the repository).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "iamtrim/system.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;
using test::run_cli;
using test::RunResult;

const char* kGood =
    R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]})";
const char* kStar = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})";

// An application repository with one policy in it.
class AppRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    file("package.json", R"({"name": "app", "version": "1.2.3", "dependencies": {"left-pad": "^1.3.0"}})");
    file("package-lock.json", R"({"name": "app", "lockfileVersion": 3, "packages": {}})");
    file("tsconfig.json", "{\n  // strict mode\n  \"compilerOptions\": {\"strict\": true},\n}\n");
    file("node_modules/left-pad/package.json", R"({"name": "left-pad", "version": "1.3.0"})");
    file("node_modules/aws-sdk-fixture/policy.json", kStar);
    file(".github/workflows/ci.yml", "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n");
    file("src/index.ts", "export const x = 1;\n");
    file("config/app.yaml", "server:\n  port: 8080\n");
    file("policies/reader.json", kGood);
  }
  void file(const std::string& path, const std::string& text) { test::write_file(dir_ / path, text); }
  RunResult lint(std::vector<std::string> args) {
    args.insert(args.begin(), "lint");
    return run_cli(args, "", dir_.path());
  }
  test::TempDir dir_{"app-repo"};
};

TEST_F(AppRepo, OnlyThePolicyIsRead) {
  RunResult r = lint({});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "no findings in 1 policy from 1 file\n");
}

TEST_F(AppRepo, VerboseListsWhatWasPassedOver) {
  RunResult r = lint({"--verbose", "."});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "iamtrim: skipped .github/: hidden folder\n"
            "iamtrim: skipped node_modules/: vendored folder\n"
            "iamtrim: skipped config/app.yaml: YAML that is no CloudFormation template or policy\n"
            "iamtrim: skipped package-lock.json: JSON without a policy Statement\n"
            "iamtrim: skipped package.json: JSON without a policy Statement\n"
            "iamtrim: skipped tsconfig.json: not JSON, and shows no policy\n"
            "no findings in 1 policy from 1 file\n");
  RunResult all = lint({"--no-default-excludes"});
  EXPECT_EQ(all.exit_code, 1);
  EXPECT_NE(all.out.find("node_modules/aws-sdk-fixture/policy.json:1:"), std::string::npos) << all.out;
}

TEST_F(AppRepo, NamedFilesThatHoldNoPolicyGetANote) {
  // As pre-commit passes them.
  file("evidence.json", test::read_file(test::testdata("evidence/action-level.p1.json")));
  RunResult r = lint({"package.json", "tsconfig.json", ".github/workflows/ci.yml", "evidence.json", "policies/reader.json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err,
            "iamtrim: package.json: no policy in this file (JSON without a policy Statement); skipped\n"
            "iamtrim: tsconfig.json: no policy in this file (not JSON, and shows no policy); skipped\n"
            "iamtrim: .github/workflows/ci.yml: no policy in this file (YAML that is no CloudFormation template or "
            "policy); skipped\n"
            "iamtrim: evidence.json: no policy in this file (an evidence report (aws iam "
            "get-service-last-accessed-details output), which `iamtrim narrow --evidence` reads); skipped\n"
            "no findings in 1 policy from 1 file\n");
  RunResult none = lint({"package.json"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(none.err,
            "iamtrim: package.json: no policy in this file (JSON without a policy Statement); skipped\n"
            "no policies found in package.json\n");
}

TEST_F(AppRepo, MissingPathsAndFoldersWithoutPolicies) {
  RunResult missing = lint({"nope.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err.rfind("iamtrim: nope.json: no such file or directory\n", 0), 0u) << missing.err;
  RunResult empty = lint({"src", "config"});
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(empty.out, "");
  EXPECT_EQ(empty.err, "no policies found in src config\n");
}

TEST_F(AppRepo, GitignoredFoldersAreNotRead) {
  if (run_process({"git", "--version"}).status != 0) GTEST_SKIP() << "git is not installed";
  ASSERT_EQ(run_process({"git", "init", "-q"}, dir_.path().string()).status, 0);
  file(".gitignore", "/dist/\n*.local.json\n");
  file("dist/generated.json", kStar);
  file("policies/scratch.local.json", kStar);
  RunResult r = lint({"--verbose"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("iamtrim: skipped dist/: ignored by .gitignore:1\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("iamtrim: skipped policies/scratch.local.json: ignored by .gitignore:2\n"), std::string::npos);
  EXPECT_EQ(lint({"--no-gitignore"}).exit_code, 1);
  // A file named on the command line is read even when ignored.
  EXPECT_EQ(lint({"dist/generated.json"}).exit_code, 1);
}

TEST_F(AppRepo, SymlinkLoopsGiveEachFindingOnce) {
  file("policies/admin.json", kStar);
  fs::create_directory_symlink(".", dir_ / "x");
  fs::create_directory_symlink(".", dir_ / "y");
  fs::create_directory_symlink("..", dir_ / "policies/up");
  for (const char* follow : {"", "--follow-symlinks"}) {
    auto start = std::chrono::steady_clock::now();
    RunResult r = follow[0] ? lint({follow, "--select", "IAM501"}) : lint({"--select", "IAM501"});
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.out, "policies/admin.json:1:61: security IAM501 statement allows every action of every service on \"*\"\n")
        << follow;
    EXPECT_EQ(r.err, "1 finding (1 security) in 2 policies from 2 files\n");
  }
}

TEST_F(AppRepo, DiffAndCheckWalkTheSameWay) {
  file("old/policies/reader.json", kGood);
  file("new/policies/reader.json", kGood);
  file("old/package.json", R"({"name": "app"})");
  file("new/package.json", R"({"name": "app", "version": "2"})");
  file("new/node_modules/lib/policy.json", kStar);
  fs::create_directory_symlink(".", dir_ / "new/loop");
  RunResult diff = run_cli({"diff", "old", "new"}, "", dir_.path());
  EXPECT_EQ(diff.exit_code, 0) << diff.out << diff.err;
  EXPECT_EQ(diff.out, "no new access\n");
  RunResult check = run_cli({"check", "--not-granted", "iam:PassRole", "new"}, "", dir_.path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST_F(AppRepo, FilesOutsideTheRepositoryNeverReachTheReport) {
  if (run_process({"git", "--version"}).status != 0) GTEST_SKIP() << "git is not installed";
  test::TempDir outside("outside");
  test::write_file(outside / "secret.json",
                   R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "TOPSECRET:Value", "Resource": "*"}]})");
  ASSERT_EQ(run_process({"git", "init", "-q"}, dir_.path().string()).status, 0);
  fs::create_directories(dir_ / "infra");
  fs::create_symlink(outside / "secret.json", dir_ / "infra/linked.json");
  file("infra/main.tf",
       "resource \"aws_iam_policy\" \"a\" { policy = file(\"" + (outside / "secret.json").string() + "\") }\n"
       "resource \"aws_iam_policy\" \"b\" { policy = file(\"${path.module}/linked.json\") }\n"
       "resource \"aws_iam_policy\" \"c\" { policy = templatefile(\"${path.module}/../../" +
           outside.path().filename().string() + "/secret.json\", {}) }\n"
       "resource \"aws_iam_policy\" \"d\" { policy = file(\"/dev/zero\") }\n");
  for (const char* format : {"text", "json", "sarif"}) {
    RunResult r = lint({"--format", format, "infra/main.tf"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.out.find("TOPSECRET"), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("TOPSECRET"), std::string::npos) << r.err;
  }
  RunResult text = lint({"infra/main.tf"});
  EXPECT_EQ(text.err, "4 findings (4 warning) in 0 policies from 1 file\n");
  EXPECT_NE(text.out.find("is an absolute path; only files inside the repository are read"), std::string::npos);
  EXPECT_NE(text.out.find("policy file ./linked.json is outside the repository; not read"), std::string::npos);
}

// A 50 MB Resource ARN under a 1 GB address-space limit: the full overlap
// table needed gigabytes; the streaming search and the rest of lint fit.
TEST(HostileInput, HugeResourceArnIsLintedInBoundedMemory) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "address-space limits do not apply under AddressSanitizer";
#else
  test::TempDir dir("huge-arn");
  std::string arn = "arn:aws:s3:::" + std::string(50u << 20, 'a');
  test::write_file(dir / "big.json", std::string(R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", )") +
                                          R"("Action": "s3:GetObject", "Resource": ")" + arn + "\"}]}");
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = run_process({"sh", "-c",
                                 "ulimit -v 1000000; '" IAMTRIM_CLI_PATH "' lint --format json big.json > out.json; "
                                 "echo $?; head -c 400000 out.json | grep -o '\"code\": \"IAM[0-9]*\"'"},
                                dir.path().string());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
  // The quota finding, and the ARN matches no resource type of s3:GetObject.
  EXPECT_EQ(r.out, "1\n\"code\": \"IAM601\"\n\"code\": \"IAM203\"\n") << r.err;
  // IAM203 quotes the whole ARN: no message is cut.
  EXPECT_GT(fs::file_size(dir / "out.json"), arn.size());
#endif
}

}  // namespace
}  // namespace iamtrim
