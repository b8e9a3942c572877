// End-to-end goldens for `iamtrim diff` and `iamtrim check` on realistic
// pull-request changes (testdata/diff/<case>.old.json -> <case>.new.json).
#include <gtest/gtest.h>

#include "support/files.hpp"

namespace iamtrim::test {
namespace {

struct GoldenCase {
  const char* name;
  int exit_code;
};

const GoldenCase kCases[] = {
    {"wildcard-added", 1},     {"notaction-widened", 1}, {"equivalent-rewrite", 0},
    {"trust-opened", 1},       {"resource-widened", 1},  {"condition-loosened", 1},
};

void expect_golden(const std::vector<std::string>& args, const std::string& golden, int exit_code) {
  RunResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, exit_code) << golden << "\n" << r.err;
  EXPECT_EQ(r.err, "") << golden;
  EXPECT_EQ(check_golden(testdata("diff/" + golden), r.out), "");
}

TEST(DiffGolden, EveryCaseInEveryFormat) {
  for (const GoldenCase& c : kCases) {
    std::string base = std::string("testdata/diff/") + c.name;
    std::vector<std::string> args{"diff", base + ".old.json", base + ".new.json"};
    expect_golden(args, std::string(c.name) + ".expected.txt", c.exit_code);
    for (const char* format : {"json", "markdown"}) {
      auto with = args;
      with.insert(with.end(), {"--format", format});
      expect_golden(with, std::string(c.name) + ".expected." + (format[0] == 'j' ? "json" : "md"), c.exit_code);
    }
  }
}

TEST(DiffGolden, Sarif) {
  expect_golden({"diff", "testdata/diff/trust-opened.old.json", "testdata/diff/trust-opened.new.json", "--format",
                 "sarif"},
                "trust-opened.expected.sarif", 1);
}

TEST(DiffGolden, FailOnDecidesTheExitCode) {
  const std::vector<std::string> args{"diff", "testdata/diff/equivalent-rewrite.old.json",
                                      "testdata/diff/wildcard-added.new.json"};
  EXPECT_EQ(run_cli(args).exit_code, 1);
  auto never = args;
  never.insert(never.end(), {"--fail-on", "never"});
  EXPECT_EQ(run_cli(never).exit_code, 0);
  // An equivalent rewrite has no change at all, so even "any" passes.
  EXPECT_EQ(run_cli({"diff", "testdata/diff/equivalent-rewrite.old.json", "testdata/diff/equivalent-rewrite.new.json",
                     "--fail-on", "any"})
                .exit_code,
            0);
}

TEST(DiffGolden, DirectoryPair) {
  expect_golden({"diff", "testdata/diff/tree/old", "testdata/diff/tree/new"}, "tree.expected.txt", 1);
}

TEST(DiffGolden, InputErrors) {
  RunResult missing = run_cli({"diff", "testdata/diff/none.json", "testdata/diff/trust-opened.new.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "iamtrim: testdata/diff/none.json: no such file or directory\n");
  RunResult broken = run_cli({"diff", "-", "testdata/diff/trust-opened.new.json"},
                             "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\",}]}");
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_EQ(broken.out, "");
  EXPECT_NE(broken.err.find("-:1:"), std::string::npos) << broken.err;
  RunResult duplicate = run_cli({"diff", "-", "testdata/diff/trust-opened.new.json"},
                                "{\"Version\": \"2012-10-17\", \"Statement\": [], \"Statement\": []}");
  EXPECT_EQ(duplicate.exit_code, 2);
  EXPECT_NE(duplicate.err.find("IAM002"), std::string::npos) << duplicate.err;
  RunResult mixed = run_cli({"diff", "testdata/diff/tree/old", "testdata/diff/trust-opened.new.json"});
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_EQ(mixed.err, "iamtrim: compare a file with a file or a directory with a directory\n");
  EXPECT_EQ(run_cli({"diff", "testdata/diff/trust-opened.new.json"}).exit_code, 2);
}

TEST(CheckGolden, NotGranted) {
  expect_golden({"check", "--not-granted", "iam:PassRole,iam:Create*", "testdata/diff/check-deployer.json"},
                "check-deployer.expected.txt", 1);
  expect_golden({"check", "--not-granted", "iam:PassRole,iam:Create*", "testdata/diff/check-deployer.json",
                 "--format", "json"},
                "check-deployer.expected.json", 1);
  expect_golden({"check", "--not-granted", "iam:PassRole", "--resources", "arn:aws:iam::111122223333:role/admin",
                 "testdata/diff/check-deployer.json", "--format", "markdown"},
                "check-deployer-admin.expected.md", 1);
  // Denied outright: iam:Create* matches iam:*Role* but the Deny removes it.
  RunResult denied = run_cli({"check", "--not-granted", "iam:CreateRole", "testdata/diff/check-deployer.json"});
  EXPECT_EQ(denied.exit_code, 0);
  EXPECT_EQ(denied.out, "no listed action can be granted\n");
}

TEST(CheckGolden, BadQueries) {
  RunResult typo = run_cli({"check", "--not-granted", "iam:PassRol", "testdata/diff/check-deployer.json"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_EQ(typo.err.find("iamtrim: --not-granted iam:PassRol: unknown action in catalog "), 0u) << typo.err;
  EXPECT_NE(typo.err.find("(did you mean iam:PassRole?)"), std::string::npos) << typo.err;
  RunResult arn = run_cli(
      {"check", "--not-granted", "s3:PutObject", "--resources", "example", "testdata/diff/check-deployer.json"});
  EXPECT_EQ(arn.exit_code, 2);
  EXPECT_EQ(arn.err, "iamtrim: --resources example: invalid ARN (expected arn:partition:service:region:account:resource)\n");
}

}  // namespace
}  // namespace iamtrim::test
