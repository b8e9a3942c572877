// `iamtrim lint`, `diff` and `check` dropped into an ordinary repository:
// what they read, what they pass over and say, and hostile trees and
// inputs (symlink loops, a 50 MB ARN, file() leading out of the repository).
#include <gtest/gtest.h>

#include <sys/stat.h>

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
            "iamtrim: skipped config/app.yaml: no Statement, policy Version, template or AWS CLI output in it\n"
            "iamtrim: skipped package-lock.json: no Statement, policy Version, template or AWS CLI output in it\n"
            "iamtrim: skipped package.json: no Statement, policy Version, template or AWS CLI output in it\n"
            "iamtrim: skipped tsconfig.json: no Statement, policy Version, template or AWS CLI output in it\n"
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
            "iamtrim: package.json: no policy in this file (no Statement, policy Version, template or AWS CLI output in it); skipped\n"
            "iamtrim: tsconfig.json: no policy in this file (no Statement, policy Version, template or AWS CLI output in it); skipped\n"
            "iamtrim: .github/workflows/ci.yml: no policy in this file (no Statement, policy Version, template or AWS CLI output in it); skipped\n"
            "iamtrim: evidence.json: no policy in this file (an evidence report (aws iam "
            "get-service-last-accessed-details output), which `iamtrim narrow --evidence` reads); skipped\n"
            "no findings in 1 policy from 1 file\n");
  RunResult none = lint({"package.json"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(none.err,
            "iamtrim: package.json: no policy in this file (no Statement, policy Version, template or AWS CLI output in it); skipped\n"
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
  EXPECT_EQ(check.err, "");
  // A path that does not exist is an input error, named as such.
  RunResult missing = run_cli({"diff", "old", "nope"}, "", dir_.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "iamtrim: nope: no such file or directory\n");
  missing = run_cli({"check", "--not-granted", "iam:PassRole", "new", "nope"}, "", dir_.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "iamtrim: nope: no such file or directory\n");
  // Folders without a policy: one line beside the report, exit 0.
  file("old/src/settings.json", R"({"timeout": 30})");
  file("new/src/settings.json", R"({"timeout": 45})");
  RunResult none = run_cli({"diff", "old/src", "new/src"}, "", dir_.path());
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "no new access\n");
  EXPECT_EQ(none.err, "no policies found in old/src new/src\n");
  none = run_cli({"check", "--not-granted", "iam:PassRole", "new/src", "src"}, "", dir_.path());
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "no listed action can be granted\n");
  EXPECT_EQ(none.err, "no policies found in new/src src\n");
}

// Files are passed over on a look at their text; a policy that spells
// "Statement" with an escape (which AWS decodes) still reaches the gate.
TEST_F(AppRepo, TheGateSeesPoliciesWhateverTheirSpelling) {
  file("old/policies/reader.json", kGood);
  file("new/policies/reader.json", kGood);
  file("new/policies/escaped.json", R"({"St\u0061tement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})");
  RunResult diff = run_cli({"diff", "old", "new"}, "", dir_.path());
  EXPECT_EQ(diff.exit_code, 1) << diff.out << diff.err;
  EXPECT_NE(diff.out.find("policies/escaped.json"), std::string::npos) << diff.out;
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
       "resource \"aws_iam_policy\" \"d\" { policy = file(\"/dev/zero\") }\n"
       "resource \"aws_iam_policy\" \"e\" { policy = file(\"${path.module}/pipe.json\") }\n");
  // A FIFO with no writer: opening it for reading would block forever.
  ASSERT_EQ(::mkfifo((dir_ / "infra/pipe.json").c_str(), 0600), 0);
  for (const char* format : {"text", "json", "sarif"}) {
    auto start = std::chrono::steady_clock::now();
    RunResult r = lint({"--format", format, "infra/main.tf"});
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30)) << format;
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.out.find("TOPSECRET"), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("TOPSECRET"), std::string::npos) << r.err;
  }
  RunResult text = lint({"infra/main.tf"});
  EXPECT_EQ(text.err, "5 findings (5 warning) in 0 policies from 1 file\n");
  EXPECT_NE(text.out.find("policy file ./pipe.json not a regular file; not read"), std::string::npos) << text.out;
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


#if defined(__SANITIZE_ADDRESS__)
constexpr int kSlower = 10;  // sanitizer builds
#else
constexpr int kSlower = 1;
#endif

// `iamtrim ARGS` in `dir` under an address-space limit of `mib` MiB (none
// under AddressSanitizer, which reserves terabytes): standard output, then
// "exit N" on a line of its own.
std::string lint_limited(const fs::path& dir, const std::string& args, int mib) {
#if defined(__SANITIZE_ADDRESS__)
  std::string limit;
  (void)mib;
#else
  std::string limit = "ulimit -v " + std::to_string(mib * 1024) + "; ";
#endif
  ProcessResult r = run_process({"sh", "-c", limit + "'" IAMTRIM_CLI_PATH "' " + args + "; echo exit $?"}, dir.string());
  return r.out;
}

// YAML aliases through the CLI: the classic ten-level "billion laughs" and
// one long string aliased twenty thousand times (few nodes, 20 GB of text)
// are each one IAM090 error, in well under a second and under 512 MiB.
TEST(HostileInput, YamlAliasBombsAreOneErrorFastAndSmall) {
  test::TempDir dir("alias-bombs");
  test::write_file(dir / "laughs.yaml", R"(AWSTemplateFormatVersion: '2010-09-09'
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
Resources: {P: {Type: AWS::IAM::ManagedPolicy, Properties: {PolicyDocument: {Statement: *i}}}}
)");
  std::string aliases;
  for (int i = 0; i < 20000; ++i) aliases += i ? ",*s" : "*s";
  test::write_file(dir / "long.yaml", "AWSTemplateFormatVersion: '2010-09-09'\ns: &s \"" + std::string(1u << 20, 'x') +
                                          "\"\nt: [" + aliases + "]\n");
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(lint_limited(dir.path(), "lint laughs.yaml long.yaml", 512),
            "laughs.yaml:6:29: error IAM090 YAML aliases expand to more than 100000 nodes; the file is not read "
            "(a \"billion laughs\" document?)\n"
            "long.yaml:3:53: error IAM090 YAML aliases expand to more than 16777216 bytes of text; the file is not read "
            "(a \"billion laughs\" document?)\n"
            "exit 1\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5 * kSlower));
}

// A template with a map of 100,000 keys is read in linear time: duplicate
// keys are found with an index (comparing each key with all before it took
// minutes).
TEST(HostileInput, LargeYamlMapsAreReadInLinearTime) {
  test::TempDir dir("large-map");
  std::string text = "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n";
  for (int i = 0; i < 100000; ++i) text += "  key" + std::to_string(i) + ": value\n";
  text += "  key7: again\n";
  test::write_file(dir / "big.yaml", text);
  auto start = std::chrono::steady_clock::now();
  RunResult r = run_cli({"lint", "big.yaml"}, "", dir.path());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15 * kSlower));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "big.yaml:100003:3: error IAM002 duplicate key \"key7\" (first at line 10)\n");
}

// Every document of a YAML stream is linted: the `iam:*` on "*" in the
// third document is found (only the first document was read before).
TEST(HostileInput, EveryYamlDocumentIsLinted) {
  test::TempDir dir("multi-document");
  test::write_file(dir / "stacks.yaml",
                   "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Reader:\n    Type: AWS::IAM::ManagedPolicy\n"
                   "    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
                   "          - Effect: Allow\n            Action: s3:GetObject\n"
                   "            Resource: arn:aws:s3:::reports/*\n"
                   "---\nkind: ConfigMap\n"
                   "---\nAWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Admin:\n    Type: AWS::IAM::ManagedPolicy\n"
                   "    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
                   "          - Effect: Allow\n            Action: 'iam:*'\n            Resource: '*'\n");
  RunResult r = run_cli({"lint", "--select", "IAM509", "stacks.yaml"}, "", dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.rfind("stacks.yaml:24:13: security IAM509 ", 0), 0u) << r.out;
  EXPECT_EQ(r.err, "1 finding (1 security) in 2 policies from 1 file\n");
}

// A computed Effect is "not evaluated" (IAM091), never an invalid Effect
// (IAM004), in Terraform and in CloudFormation's YAML and JSON; a computed
// CloudFormation Action is IAM091 as Terraform's is; messages are whole.
TEST(HostileInput, ComputedEffectsAndActionsAreNotEvaluated) {
  test::TempDir dir("computed");
  test::write_file(dir / "main.tf",
                   "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n"
                   "    Statement = [{ Effect = var.effect, Action = \"s3:GetObject\", Resource = \"*\" }]\n  })\n}\n");
  test::write_file(dir / "stack.yaml",
                   "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n"
                   "    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
                   "          - Effect: !If [IsProd, Deny, Allow]\n            Action: s3:GetObject\n"
                   "            Resource: '*'\n          - Effect: Allow\n            Action: !Ref Actions\n"
                   "            Resource: '*'\n");
  test::write_file(dir / "stack.json",
                   R"({"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {)"
                   R"("Version": "2012-10-17", "Statement": [{"Effect": {"Fn::If": ["C", "Allow", "Deny"]}, )"
                   R"("Action": {"Fn::If": ["C", "s3:*", "s3:Get*"]}, "Resource": "*"}]}}}}})");
  RunResult r = run_cli({"lint", "--select", "IAM004,IAM091", "main.tf", "stack.yaml", "stack.json"}, "", dir.path());
  EXPECT_EQ(r.out,
            "main.tf:4:29: warning IAM091 aws_iam_policy.p: statement 0: Effect is computed (var.effect); not analysed\n"
            "stack.yaml:9:21: warning IAM091 P: statement 0: Effect is computed (!If [IsProd, Deny, Allow]); not analysed\n"
            "stack.yaml:13:21: warning IAM091 P: statement 1: Action is computed (!Ref Actions); not analysed\n"
            "stack.json:1:141: warning IAM091 P: statement 0: Effect is computed ({\"Fn::If\": [\"C\", \"Allow\", \"Deny\"]}); "
            "not analysed\n"
            "stack.json:1:187: warning IAM091 P: statement 0: Action is computed ({\"Fn::If\": [\"C\", \"s3:*\", \"s3:Get*\"]}); "
            "not analysed\n");
  EXPECT_EQ(r.exit_code, 1) << r.err;
}

}  // namespace
}  // namespace iamtrim
