// lint --fix: the fixes checks attach, and apply_fixes() keeping a Safe fix
// only when the policy grants exactly what it did, in each file syntax.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "iamtrim/fix.hpp"
#include "iamtrim/lint_file.hpp"
#include "lint/rule_info.hpp"
#include "lint_support.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

struct Fixed {
  FixResult result;
  std::vector<Finding> before;
};

Fixed fix_text(const std::string& path, const std::string& text, FixLevel level) {
  Linter linter = test::make_linter();
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path, text));
  SourceResult src = read_source(file);
  std::vector<Finding> findings = linter.lint_source_problems(file, src.diagnostics);
  for (const FoundPolicy& p : src.policies)
    for (Finding& f : linter.lint(p)) findings.push_back(std::move(f));
  return {apply_fixes(linter.catalog(), file, findings, level), findings};
}

std::string codes_after(const std::string& path, const std::string& text) {
  Linter linter = test::make_linter();
  std::string out;
  for (const Finding& f : test::lint_text(linter, path, text)) out += f.diagnostic.code + " ";
  return out;
}

const char* kRedundantJson = R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:Get*",
        "s3:GetObjectTagging"
      ],
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)";

TEST(LintFix, SafeFixRemovesCoveredPatternsInJson) {
  Fixed f = fix_text("p.json", kRedundantJson, FixLevel::Safe);
  // Two redundant items, the first and the last: both removable in one run.
  EXPECT_EQ(f.result.applied, 2u) << ::testing::PrintToString(f.result.skipped);
  EXPECT_EQ(f.result.text, R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:Get*"
      ],
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)");
  EXPECT_EQ(codes_after("p.json", f.result.text).find("IAM105"), std::string::npos);
}

TEST(LintFix, UnsafeFixNeedsTheUnsafeLevel) {
  const std::string text = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:GetObjekt"], "Resource": "*"}]})";
  Fixed safe = fix_text("p.json", text, FixLevel::Safe);
  EXPECT_EQ(safe.result.applied, 0u);
  EXPECT_EQ(safe.result.text, text);
  bool offered = false;
  for (const Finding& f : safe.before)
    for (const Fix& x : f.fixes) offered |= x.safety == FixSafety::Unsafe && x.replacement == "s3:GetObject";
  EXPECT_TRUE(offered);
  Fixed unsafe = fix_text("p.json", text, FixLevel::Unsafe);
  EXPECT_EQ(unsafe.result.applied, 1u);
  EXPECT_NE(unsafe.result.text.find(R"(["s3:GetObject"])"), std::string::npos) << unsafe.result.text;
}

TEST(LintFix, TerraformJsonencodeAndPolicyDocument) {
  const std::string text = R"(resource "aws_iam_role_policy" "app" {
  name = "app"
  role = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:*"]
      Resource = "*"
    }]
  })
}

data "aws_iam_policy_document" "read" {
  statement {
    actions = [
      "s3:List*",
      "s3:ListBucket",
    ]
    resources = ["arn:aws:s3:::reports"]
  }
}
)";
  Fixed f = fix_text("main.tf", text, FixLevel::Safe);
  EXPECT_EQ(f.result.applied, 2u) << ::testing::PrintToString(f.result.skipped);
  EXPECT_NE(f.result.text.find(R"(Action   = ["sqs:*"])"), std::string::npos) << f.result.text;
  EXPECT_NE(f.result.text.find("    actions = [\n      \"s3:List*\",\n    ]"), std::string::npos) << f.result.text;
  EXPECT_EQ(codes_after("main.tf", f.result.text).find("IAM105"), std::string::npos);
}

// A file whose policy has a part only Terraform works out (a dynamic
// statement block) is left as it is, and each fix says why; so is a file
// with an error to fix first.
// A redundant action beside a dynamic statement block: a fix no comparison
// can verify.
const char* kComputedTf = R"(data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["s3:Get*", "s3:GetObject"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = var.extra
    content {
      actions   = ["iam:*"]
      resources = ["*"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.this.json
}
)";

TEST(LintFix, NoFixWhereAPartOfThePolicyIsComputed) {
  const std::string text = kComputedTf;
  Fixed f = fix_text("main.tf", text, FixLevel::Safe);
  EXPECT_EQ(f.result.applied, 0u);
  EXPECT_EQ(f.result.text, text);
  EXPECT_EQ(f.result.skipped, std::vector<std::string>{
                                  "IAM105 3:29: remove \"s3:GetObject\": skipped: the fix cannot be verified: a "
                                  "statement, its Principal or its Condition is computed (not evaluated), so what "
                                  "it grants is unknown"});
  const std::string broken = std::string(kRedundantJson).replace(std::string(kRedundantJson).find("\"Effect\""), 0,
                                                                 "\"Effect\": \"Deny\", ");
  Fixed g = fix_text("p.json", broken, FixLevel::Safe);
  EXPECT_EQ(g.result.applied, 0u);
  ASSERT_FALSE(g.result.skipped.empty());
  EXPECT_NE(g.result.skipped[0].find(": skipped: the fix cannot be verified: duplicate key \"Effect\""),
            std::string::npos)
      << g.result.skipped[0];
}

// The summary counts only fixes --fix can apply, and says why the others
// wait; lint_file() gives the reason with the findings.
TEST(LintFix, TheSummaryDoesNotOfferAFixThatCannotBeVerified) {
  auto dir = std::filesystem::temp_directory_path() / ("iamtrim-fixsum-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto tf = dir / "main.tf";
  auto json = dir / "p.json";
  test::write_file(tf, kComputedTf);
  test::write_file(json, kRedundantJson);

  Linter linter = test::make_linter();
  LintedFile r = lint_file(linter, tf.string(), {});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_NE(r.found.fixes_blocked.find("is computed"), std::string::npos) << r.found.fixes_blocked;
  EXPECT_EQ(lint_file(linter, json.string(), {}).found.fixes_blocked, "");

  test::RunResult both = test::run_cli({"lint", "--no-config", tf.string(), json.string()});
  EXPECT_NE(both.err.find("\n2 fixable with --fix\n"
                          "1 finding has a fix that --fix cannot verify in its file (an error to fix first, "
                          "or a computed part)\n"),
            std::string::npos)
      << both.err;
  test::RunResult alone = test::run_cli({"lint", "--no-config", tf.string()});
  EXPECT_EQ(alone.err.find("fixable with --fix"), std::string::npos) << alone.err;
  EXPECT_NE(alone.err.find("1 finding has a fix that --fix cannot verify"), std::string::npos) << alone.err;
  test::RunResult fixed = test::run_cli({"lint", "--no-config", "--fix", tf.string()});
  EXPECT_EQ(test::read_file(tf), kComputedTf);
  EXPECT_NE(fixed.err.find("skipped: the fix cannot be verified"), std::string::npos) << fixed.err;
  std::filesystem::remove_all(dir);
}

TEST(LintFix, CloudFormationYamlBlockSequence) {
  const std::string text = R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ReadPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - s3:GetObject
              - s3:Get*
            Resource: arn:aws:s3:::reports/*
)";
  Fixed f = fix_text("template.yaml", text, FixLevel::Safe);
  EXPECT_EQ(f.result.applied, 1u) << ::testing::PrintToString(f.result.skipped);
  EXPECT_NE(f.result.text.find("            Action:\n              - s3:Get*\n            Resource"), std::string::npos)
      << f.result.text;
}

TEST(LintFix, NoFixWhereAnEditWouldLoseAComment) {
  const std::string text = R"(data "aws_iam_policy_document" "read" {
  statement {
    actions = [
      "s3:GetObject", # the report job
      "s3:Get*",
    ]
    resources = ["arn:aws:s3:::reports/*"]
  }
}
)";
  Fixed f = fix_text("main.tf", text, FixLevel::Safe);
  bool fired = false;
  for (const Finding& x : f.before) {
    if (x.diagnostic.code != "IAM105") continue;
    fired = true;
    EXPECT_TRUE(x.fixes.empty());
  }
  EXPECT_TRUE(fired);
  EXPECT_EQ(f.result.applied, 0u);
  EXPECT_EQ(f.result.text, text);
}

// A "Safe" fix that would change the grant is refused by the check, not trusted.
TEST(LintFix, SafeFixThatChangesTheGrantIsRefused) {
  const std::string text = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]})";
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string("p.json", text));
  Linter linter = test::make_linter();
  std::size_t at = text.find("s3:GetObject");
  Finding f;
  f.file = file;
  f.diagnostic.code = "IAM105";
  f.diagnostic.span = file->span(static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + 12));
  f.fixes.push_back({FixSafety::Safe, "widen", f.diagnostic.span, "s3:*"});
  // Deleting the closing quote: the file would no longer be JSON.
  std::uint32_t quote = static_cast<std::uint32_t>(at + 12);
  Finding g = f;
  g.fixes = {Fix{FixSafety::Safe, "break", file->span(quote, quote + 1), ""}};
  FixResult r = apply_fixes(linter.catalog(), file, {f, g}, FixLevel::Unsafe);
  EXPECT_EQ(r.applied, 0u);
  EXPECT_EQ(r.text, text);
  ASSERT_EQ(r.skipped.size(), 2u);
  std::string all = r.skipped[0] + "\n" + r.skipped[1];
  EXPECT_NE(all.find("widen: skipped: it would change what the policy grants (newly allows s3:"), std::string::npos)
      << all;
  EXPECT_NE(all.find("break: skipped: the edited file would not read"), std::string::npos) << all;
}

// Removing the last two items of a list: the two edits share the separator
// between them, so one waits for the next run.
TEST(LintFix, OverlappingFixesWaitForTheNextRun) {
  const std::string text = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["s3:Get*", "s3:GetObject", "s3:GetObjectTagging"], "Resource": "*"}]})";
  Fixed first = fix_text("p.json", text, FixLevel::Safe);
  EXPECT_EQ(first.result.applied, 1u);
  ASSERT_EQ(first.result.skipped.size(), 1u);
  EXPECT_NE(first.result.skipped[0].find("overlaps another fix (run --fix again)"), std::string::npos);
  Fixed second = fix_text("p.json", first.result.text, FixLevel::Safe);
  EXPECT_EQ(second.result.applied, 1u);
  EXPECT_NE(second.result.text.find(R"("Action": ["s3:Get*"], "Resource")"), std::string::npos) << second.result.text;
}

// A rule's file states its fix safety (fix.safety); every fix its check
// offers on the bad example carries exactly that.
TEST(LintFix, FixesMatchTheSafetyTheRuleDocumentStates) {
  for (const RuleInfo& rule : lint_rules()) {
    Linter linter = test::make_linter(rule.example_kind);
    std::string name = rule.code + "-bad" + (rule.example_file.empty() ? ".json" : rule.example_file.substr(rule.example_file.find('.')));
    for (const Finding& f : test::lint_text(linter, name, rule.bad_example))
      for (const Fix& fix : f.fixes) {
        const RuleInfo* owner = find_rule(f.diagnostic.code);
        ASSERT_NE(owner, nullptr);
        EXPECT_EQ(fix.safety, lint::stated_fix_safety(owner->code))
            << f.diagnostic.code << " offers a " << to_string(fix.safety) << " fix; its rule file says "
            << to_string(lint::stated_fix_safety(owner->code));
      }
  }
}

// Every fix lint offers on AWS's own policies and the IaC corpus applies
// and keeps the grant (Safe) or at least re-reads (Unsafe): a skip other
// than an overlap means a check built a wrong edit.
TEST(LintFix, CorpusFixesAllApply) {
  IAMTRIM_REQUIRE_CORPUS(corpus, ".");
  std::size_t applied = 0, files = 0;
  for (const char* sub : {"aws-managed", "terraform", "cloudformation"})
    for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus / sub)) {
      if (!entry.is_regular_file() || !is_source_file_name(entry.path().filename().string())) continue;
      Fixed f = fix_text(entry.path().string(), test::read_file(entry.path()), FixLevel::Unsafe);
      for (const std::string& skipped : f.result.skipped)
        EXPECT_NE(skipped.find("overlaps another fix"), std::string::npos) << entry.path() << ": " << skipped;
      applied += f.result.applied;
      files += f.result.applied > 0;
    }
  std::cout << "[ corpus   ] " << applied << " fixes applied in " << files << " files\n";
  EXPECT_GT(applied, 50u);
}

TEST(LintFix, CliFixesInPlaceKeepsModeAndReportsWhatIsLeft) {
  auto dir = std::filesystem::temp_directory_path() / ("iamtrim-fix-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "policy.json";
  std::string text = std::string(kRedundantJson);
  text.replace(text.find("arn:aws:s3:::reports/*"), 22, "*");
  test::write_file(path, text);
  ::chmod(path.c_str(), 0640);

  test::RunResult check = test::run_cli({"lint", "--no-config", path.string()});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.err.find("2 fixable with --fix"), std::string::npos) << check.err;
  EXPECT_EQ(test::read_file(path), text);  // lint alone never writes

  test::RunResult fixed = test::run_cli({"lint", "--no-config", "--fix", path.string()});
  EXPECT_NE(fixed.err.find("fixed IAM105"), std::string::npos) << fixed.err;
  EXPECT_NE(fixed.err.find("2 fixed"), std::string::npos) << fixed.err;
  EXPECT_EQ(fixed.out.find("IAM105"), std::string::npos) << fixed.out;
  std::string after = test::read_file(path);
  EXPECT_EQ(after.find("s3:GetObjectTagging"), std::string::npos);
  EXPECT_NE(after.find("\"s3:Get*\""), std::string::npos);
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);

  test::RunResult usage = test::run_cli({"lint", "--no-config", "--unsafe-fixes", path.string()});
  EXPECT_EQ(usage.exit_code, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iamtrim
