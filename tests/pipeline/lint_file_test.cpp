// The lint pipeline (lint_file.hpp) on real inputs: the files of the CLI's
// test project against the findings and fingerprints of its JSON golden,
// a file with safe fixes (the fixed text as a value, nothing written), a
// file that holds no policy, inputs that cannot be read, and several
// threads sharing one Linter.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "iamtrim/lint_file.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

Linter default_linter() { return Linter(Catalog::embedded(), LintConfig{}); }

// "CODE line:col pointer fingerprint", one per finding, sorted.
std::vector<std::string> rows(const FileFindings& f) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < f.findings.size(); ++i) {
    const Diagnostic& d = f.findings[i].diagnostic;
    out.push_back(d.code + " " + std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column) + " " +
                  d.pointer + " " + f.fingerprints[i]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The same rows from the CLI's golden JSON report of the project, for one file.
std::vector<std::string> golden_rows(const std::string& rel) {
  nlohmann::json report = nlohmann::json::parse(read_file(testdata("cli/project.json")));
  std::vector<std::string> out;
  for (const auto& f : report["findings"])
    if (f["file"] == rel)
      out.push_back(f["code"].get<std::string>() + " " + std::to_string(f["line"].get<int>()) + ":" +
                    std::to_string(f["column"].get<int>()) + " " + f["pointer"].get<std::string>() + " " +
                    f["fingerprint"].get<std::string>());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LintFile, ProjectFilesGiveTheFindingsAndFingerprintsOfTheCliReport) {
  const Linter linter = default_linter();
  for (const std::string rel : {"aws/deployer-policy.json", "policies/admin.json", "policies/readonly.json"}) {
    SCOPED_TRACE(rel);
    LintFileSettings s;
    s.relative_path = rel;
    LintedFile r = lint_file(linter, testdata("cli/project/" + rel).string(), s);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_TRUE(r.found.recognised);
    EXPECT_EQ(r.found.policies, 1u);
    EXPECT_EQ(rows(r.found), golden_rows(rel));
    EXPECT_FALSE(r.fix.has_value());  // not asked
    // In file order.
    for (std::size_t i = 1; i < r.found.findings.size(); ++i)
      EXPECT_LE(r.found.findings[i - 1].diagnostic.span.begin.offset, r.found.findings[i].diagnostic.span.begin.offset);
  }
  // The admin policy has findings; the golden is not empty for it.
  EXPECT_FALSE(golden_rows("policies/admin.json").empty());
}

TEST(LintFile, IgnoredRulesOfThePathAreDropped) {
  const Linter linter = default_linter();
  LintFileSettings s;
  s.relative_path = "policies/admin.json";
  LintedFile all = lint_file(linter, testdata("cli/project/policies/admin.json").string(), s);
  ASSERT_FALSE(all.found.findings.empty());
  const std::string code = all.found.findings.front().diagnostic.code;
  s.ignore_rules = {code};
  LintedFile some = lint_file(linter, testdata("cli/project/policies/admin.json").string(), s);
  std::vector<std::string> expected;
  for (const std::string& row : rows(all.found))
    if (row.rfind(code + " ", 0) != 0) expected.push_back(row);
  EXPECT_EQ(rows(some.found), expected);
}

const char* kRedundant = R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Reports",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:Get*", "s3:GetObjectTagging"],
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)";

TEST(LintFile, SafeFixesGiveTheFixedTextAndWhatIsLeftWithoutWriting) {
  TempDir dir("lint-file");
  const std::string path = (dir / "reports.json").string();
  write_file(path, kRedundant);
  const Linter linter = default_linter();
  LintFileSettings s;
  s.relative_path = "reports.json";
  s.fix = FixLevel::Safe;
  LintedFile r = lint_file(linter, path, s);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(read_file(path), kRedundant);  // nothing written
  ASSERT_TRUE(r.fix.has_value());
  EXPECT_EQ(r.fix->applied, 2u) << ::testing::PrintToString(r.fix->skipped);
  EXPECT_EQ(r.fix->applied_descriptions.size(), 2u);
  const auto has_iam105 = [](const FileFindings& f) {
    return std::any_of(f.findings.begin(), f.findings.end(),
                       [](const Finding& x) { return x.diagnostic.code == "IAM105"; });
  };
  EXPECT_TRUE(has_iam105(r.found));
  EXPECT_NE(r.fix->text.find("\"Action\": [\"s3:Get*\"]"), std::string::npos) << r.fix->text;
  // What is left is what linting the fixed text gives, fingerprints included.
  EXPECT_FALSE(has_iam105(r.fixed));
  write_file(path, r.fix->text);
  s.fix.reset();
  LintedFile again = lint_file(linter, path, s);
  EXPECT_EQ(rows(r.fixed), rows(again.found));
  EXPECT_EQ(r.fixed.policies, 1u);
}

TEST(LintFile, AFileWithoutAPolicyYieldsNothing) {
  const Linter linter = default_linter();
  LintFileSettings s;
  s.fix = FixLevel::Unsafe;
  auto file = std::make_shared<const SourceFile>(
      SourceFile::from_string("package.json", R"({"name": "app", "version": "1.0.0", "scripts": {}})"));
  LintedFile r = lint_file(linter, file, s);
  EXPECT_TRUE(r.ok());
  EXPECT_FALSE(r.found.recognised);
  EXPECT_FALSE(r.found.not_a_policy.empty());
  EXPECT_TRUE(r.found.findings.empty());
  EXPECT_EQ(r.found.policies, 0u);
  EXPECT_FALSE(r.fix.has_value());  // nothing to fix in it
}

TEST(LintFile, AnUnreadableInputIsAnErrorValue) {
  const Linter linter = default_linter();
  TempDir dir("lint-file");
  const std::string missing = (dir / "missing.json").string();
  LintedFile r = lint_file(linter, missing, {});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error.rfind("cannot read " + missing + ": ", 0), 0u) << r.error;
  EXPECT_FALSE(r.found.recognised);
  EXPECT_EQ(r.file, nullptr);
  LintedFile folder = lint_file(linter, dir.path().string(), {});
  EXPECT_FALSE(folder.ok());
  EXPECT_EQ(folder.error.rfind("cannot read " + dir.path().string() + ": ", 0), 0u) << folder.error;
}

TEST(LintFile, ThreadsSharingOneLinterGetTheSerialResults) {
  const Linter linter = default_linter();
  const std::vector<std::string> rels = {"aws/deployer-policy.json", "policies/admin.json", "policies/readonly.json",
                                         "scp/deny-leave.json"};
  const auto run = [&](std::size_t i) {
    LintFileSettings s;
    s.relative_path = rels[i];
    return rows(lint_file(linter, testdata("cli/project/" + rels[i]).string(), s).found);
  };
  std::vector<std::vector<std::string>> serial;
  for (std::size_t i = 0; i < rels.size(); ++i) serial.push_back(run(i));
  std::vector<std::vector<std::string>> parallel(rels.size() * 4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < parallel.size(); ++t)
    threads.emplace_back([&, t] { parallel[t] = run(t % rels.size()); });
  for (std::thread& t : threads) t.join();
  for (std::size_t t = 0; t < parallel.size(); ++t) EXPECT_EQ(parallel[t], serial[t % rels.size()]) << rels[t % rels.size()];
}

}  // namespace
}  // namespace iamtrim::test
