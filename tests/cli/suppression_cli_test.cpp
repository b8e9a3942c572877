// Inline "# iamtrim:ignore CODE reason" comments silence exactly the finding
// they name, on their line or block, and nothing else.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/files.hpp"

namespace iamtrim {
namespace {

TEST(LintCliSuppression, CommentSilencesTheNamedCodeOnly) {
  auto r = test::run_cli({"lint", "--no-config", "testdata/cli/suppression/main.tf"});
  EXPECT_EQ(r.exit_code, 1);
  // The block-level comment above aws_iam_policy.ci's policy covers it; the
  // line comment on aws_iam_policy.deploy names another code, so IAM505 stays.
  EXPECT_EQ(r.out,
            "testdata/cli/suppression/main.tf:23:21: security IAM505 iam:PassRole on \"*\" without an "
            "iam:PassedToService condition lets the holder hand any role to any service [aws_iam_policy.deploy]\n");
}

TEST(LintCliSuppression, UnusedCodesOnRequest) {
  auto r = test::run_cli({"lint", "--no-config", "--report-unused-ignores", "testdata/cli/suppression/main.tf"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "testdata/cli/suppression/main.tf:23:21: security IAM505 iam:PassRole on \"*\" without an "
            "iam:PassedToService condition lets the holder hand any role to any service [aws_iam_policy.deploy]\n"
            "testdata/cli/suppression/main.tf:23:54: suggestion IAM093 unused suppression of \"IAM104\": no IAM104 "
            "finding on line 23\n");
}

using Project = test::TempDir;

const char* kPolicy = R"(data "aws_iam_policy_document" "p" {
  statement {
    sid = "Star" # iamtrim:ignore ACME001,no-s3-star,IAM5O5,ACME002
    actions   = ["s3:*"]
    resources = ["*"]
  }
  # iamtrim:ignore IAM504 buckets are made by this role
  statement {
    sid       = "Buckets"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}
)";

const char* kRules = R"(custom-rules:
  - code: ACME001
    slug: no-s3-star
    severity: warning
    summary: s3:* anywhere.
    message: "{actions} on {resources}"
    docs: Grant what is needed.
    when:
      actions: {covers: "s3:*"}
)";

TEST(LintCliSuppression, CustomRulesAndUnknownCodes) {
  Project p;
  test::write_file(p.dir() / "main.tf", kPolicy);
  test::write_file(p.dir() / ".iamtrim.yaml", std::string(kRules) + "rules:\n  IAM508: off\n");
  auto r = test::run_cli({"lint", "--select", "ACME001,IAM504,IAM092", "--report-unused-ignores"}, "", p.dir());
  EXPECT_EQ(r.exit_code, 1);
  // The comment on line 3 covers line 3 only (a trailing comment); the one
  // on line 7 covers the statement block below it. IAM5O5 names no rule;
  // ACME002 names none either, though it looks like a custom code.
  EXPECT_EQ(r.out,
            "main.tf:3:35: suggestion IAM093 unused suppression of \"ACME001\": no ACME001 finding on line 3\n"
            "main.tf:3:43: suggestion IAM093 unused suppression of \"no-s3-star\": no ACME001 finding on line 3\n"
            "main.tf:3:54: warning IAM092 \"IAM5O5\" in iamtrim:ignore names no rule, so it suppresses nothing (did "
            "you mean IAM505, IAM005, IAM015?)\n"
            "main.tf:3:61: warning IAM092 \"ACME002\" in iamtrim:ignore names no rule, so it suppresses nothing (did "
            "you mean ACME001?)\n"
            "main.tf:4:18: warning ACME001 s3:* on * [data.aws_iam_policy_document.p]\n"
            "main.tf:4:18: security IAM504 \"s3:*\" on \"*\" allows 84 write or permissions-management actions "
            "[data.aws_iam_policy_document.p]\n"
            "main.tf:10:18: warning ACME001 s3:* on * [data.aws_iam_policy_document.p]\n");
}

TEST(LintCliSuppression, TurnedOffRulesAndBaselinesOfCustomRules) {
  Project p;
  test::write_file(p.dir() / "main.tf", kPolicy);
  test::write_file(p.dir() / ".iamtrim.yaml", std::string(kRules) + "rules:\n  no-s3-star: off\n");
  auto r = test::run_cli({"lint", "--select", "IAM504", "--report-unused-ignores"}, "", p.dir());
  EXPECT_NE(r.out.find("unused suppression of \"ACME001\": ACME001 is turned off"), std::string::npos) << r.out;
  // --ignore still wins.
  auto ignored = test::run_cli({"lint", "--select", "IAM504", "--ignore", "IAM093", "--report-unused-ignores"}, "",
                               p.dir());
  EXPECT_EQ(ignored.out.find("IAM093"), std::string::npos) << ignored.out;
  // A baseline records custom findings like built-in ones.
  test::write_file(p.dir() / ".iamtrim.yaml", kRules);
  auto w = test::run_cli({"lint", "--select", "ACME001", "--write-baseline", "base.json"}, "", p.dir());
  EXPECT_EQ(w.exit_code, 0) << w.err;
  EXPECT_NE(test::read_file(p.dir() / "base.json").find("\"code\": \"ACME001\""), std::string::npos);
  auto b = test::run_cli({"lint", "--select", "ACME001", "--baseline", "base.json"}, "", p.dir());
  EXPECT_EQ(b.exit_code, 0) << b.out << b.err;
  EXPECT_EQ(b.err, "no findings in 1 policy from 1 file; 2 suppressed by the baseline\n");
}

// `report-unused-ignores: true` in the configuration is --report-unused-ignores
// for every run; --ignore IAM093 still turns it off.
TEST(LintCliSuppression, ConfigurationReportsUnusedCodes) {
  Project p;
  test::write_file(p.dir() / "main.tf", test::read_file(test::testdata("cli/suppression/main.tf")));
  test::write_file(p.dir() / ".iamtrim.yaml", "report-unused-ignores: true\n");
  auto r = test::run_cli({"lint", "main.tf"}, "", p.dir());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "main.tf:23:21: security IAM505 iam:PassRole on \"*\" without an iam:PassedToService condition lets the "
            "holder hand any role to any service [aws_iam_policy.deploy]\n"
            "main.tf:23:54: suggestion IAM093 unused suppression of \"IAM104\": no IAM104 finding on line 23\n");
  auto off = test::run_cli({"lint", "--ignore", "unused-suppression", "main.tf"}, "", p.dir());
  EXPECT_EQ(off.out.find("IAM093"), std::string::npos) << off.out;
  // false, and anything but true or false, which is refused with its position.
  test::write_file(p.dir() / ".iamtrim.yaml", "report-unused-ignores: false\n");
  EXPECT_EQ(test::run_cli({"lint", "main.tf"}, "", p.dir()).out.find("IAM093"), std::string::npos);
  test::write_file(p.dir() / ".iamtrim.yaml", "report-unused-ignores: yes please\n");
  auto bad = test::run_cli({"lint", "main.tf"}, "", p.dir());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(bad.err, "iamtrim: .iamtrim.yaml:1:24: report-unused-ignores must be true or false, not 'yes please'\n");
}

// Codes and slugs name rules in any case, custom rules' too; what a comment
// hides and what IAM092 says about it agree: a slug in capitals is no
// unknown name, and a name that is no rule (a slug's start) hides nothing.
TEST(LintCliSuppression, NamesInAnyCaseAndOnlyNamesOfRules) {
  Project p;
  test::write_file(p.dir() / "main.tf", R"(resource "aws_iam_policy" "a" {
  name = "a"
  # iamtrim:ignore Pass-Role-On-Star the CI role passes its own roles
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole"], Resource = "*" }]
  })
}

resource "aws_iam_policy" "b" {
  name = "b"
  # iamtrim:ignore iam505,No-S3-Star lower-case code, custom slug in mixed case
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "s3:*"], Resource = "*" }]
  })
}

resource "aws_iam_policy" "c" {
  name = "c"
  # iamtrim:ignore pass-role the slug's start is no rule
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole"], Resource = "*" }]
  })
}
)");
  test::write_file(p.dir() / ".iamtrim.yaml", kRules);
  auto r = test::run_cli({"lint", "--select", "IAM505,ACME001,IAM092", "--report-unused-ignores", "main.tf"}, "",
                         p.dir());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "main.tf:21:20: warning IAM092 \"pass-role\" in iamtrim:ignore names no rule, so it suppresses nothing "
            "(did you mean pass-role-on-star?)\n"
            "main.tf:24:48: security IAM505 iam:PassRole on \"*\" without an iam:PassedToService condition lets the "
            "holder hand any role to any service [aws_iam_policy.c]\n");
}

}  // namespace
}  // namespace iamtrim
