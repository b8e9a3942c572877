// `iamtrim lint`, `explain` and `rules` end to end through the built binary:
// whole outputs against golden files, exit codes, configuration discovery,
// baselines and input errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;
using test::run_cli;
using test::RunResult;

fs::path project() { return test::testdata("cli/project"); }

std::string without_version(std::string text) {
  std::string v = IAMTRIM_VERSION;
  for (std::size_t at = text.find(v); at != std::string::npos; at = text.find(v, at)) text.replace(at, v.size(), "VERSION");
  return text;
}

void expect_golden(const std::string& name, const std::string& actual) {
  EXPECT_EQ(test::check_golden(test::testdata("cli/" + name), without_version(actual)), "") << actual;
}

// A scratch copy of the project, for tests that edit files.
class Scratch {
 public:
  Scratch() : dir_(fs::temp_directory_path() / ("iamtrim-cli-" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::copy(project(), dir_, fs::copy_options::recursive);
  }
  ~Scratch() { fs::remove_all(dir_); }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

TEST(LintCli, TextWalksTheProject) {
  RunResult r = run_cli({"lint"}, "", project());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  expect_golden("project.txt", r.out);
  expect_golden("project.stderr", r.err);
}

TEST(LintCli, Json) {
  RunResult r = run_cli({"lint", "--format", "json", "."}, "", project());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  expect_golden("project.json", r.out);
}

TEST(LintCli, Sarif) {
  RunResult r = run_cli({"lint", "--format", "sarif"}, "", project());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  expect_golden("project.sarif", r.out);
}

TEST(LintCli, GithubAnnotations) {
  RunResult r = run_cli({"lint", "--format", "github", "policies"}, "", project());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  expect_golden("project.github", r.out);
}

TEST(LintCli, FailOnThreshold) {
  EXPECT_EQ(run_cli({"lint", "--fail-on", "none"}, "", project()).exit_code, 0);
  EXPECT_EQ(run_cli({"lint", "--fail-on", "error", "policies/readonly.json"}, "", project()).exit_code, 0);
  EXPECT_EQ(run_cli({"lint", "--fail-on", "sometimes"}, "", project()).exit_code, 2);
}

TEST(LintCli, CleanFileAndStdin) {
  std::string good = test::read_file(project() / "policies/readonly.json");
  RunResult file = run_cli({"lint", "policies/readonly.json"}, "", project());
  EXPECT_EQ(file.exit_code, 0) << file.out << file.err;
  EXPECT_EQ(file.out, "");
  EXPECT_EQ(file.err, "no findings in 1 policy from 1 file\n");
  RunResult in = run_cli({"lint", "-"}, good, project());
  EXPECT_EQ(in.exit_code, 0) << in.out << in.err;
  EXPECT_EQ(in.err, "no findings in 1 policy from 1 file\n");
}

TEST(LintCli, PolicyKindAndSelection) {
  RunResult r = run_cli({"lint", "--select", "IAM501", "policies"}, "", project());
  EXPECT_EQ(r.exit_code, 1);
  expect_golden("select.txt", r.out);
  RunResult none = run_cli({"lint", "--ignore", "IAM501,unknown-action", "--select", "IAM501,IAM104", "policies"}, "",
                           project());
  EXPECT_EQ(none.exit_code, 0) << none.out;
  RunResult bad = run_cli({"lint", "--select", "IAM999"}, "", project());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "iamtrim: --select: unknown rule 'IAM999' (did you mean IAM009?) (see `iamtrim rules`)\n");
  RunResult kind = run_cli({"lint", "--policy-kind", "group"}, "", project());
  EXPECT_EQ(kind.exit_code, 2);
  EXPECT_EQ(kind.err, "iamtrim: --policy-kind: unknown kind 'group' (identity, resource, trust, scp, boundary)\n");
}

TEST(LintCli, InputErrorsExitTwoAfterLintingTheRest) {
  RunResult r = run_cli({"lint", "missing.json", "policies/admin.json", "notes.txt"}, "", project());
  EXPECT_EQ(r.exit_code, 2);
  expect_golden("input-errors.txt", r.out);
  expect_golden("input-errors.stderr", r.err);
}

TEST(LintCli, ConfigurationErrorsArePositioned) {
  Scratch s;
  test::write_file(s.dir() / ".iamtrim.yaml", "rules:\n  IAM104: off\n  IAM104: on\n");
  RunResult r = run_cli({"lint"}, "", s.dir());
  EXPECT_EQ(r.exit_code, 2);
  // Named relative to the working directory, like the files linted.
  EXPECT_EQ(r.err, "iamtrim: .iamtrim.yaml:3:3: duplicate key 'IAM104' in rules\n");
  fs::create_directories(s.dir() / "sub");
  RunResult below = run_cli({"lint"}, "", s.dir() / "sub");
  EXPECT_EQ(below.err, "iamtrim: " + (s.dir() / ".iamtrim.yaml").generic_string() +
                           ":3:3: duplicate key 'IAM104' in rules\n");
  // --no-config skips it; --config names another one.
  EXPECT_EQ(run_cli({"lint", "--no-config", "policies/readonly.json"}, "", s.dir()).exit_code, 0);
  test::write_file(s.dir() / "other.yaml", "fail-on: none\n");
  EXPECT_EQ(run_cli({"lint", "--config", "other.yaml"}, "", s.dir()).exit_code, 0);
}

TEST(LintCli, BaselineSuppressesKnownFindingsAcrossEdits) {
  Scratch s;
  RunResult w = run_cli({"lint", "--write-baseline", "baseline.json"}, "", s.dir());
  EXPECT_EQ(w.exit_code, 0) << w.err;
  expect_golden("baseline.json", test::read_file(s.dir() / "baseline.json"));
  // Unrelated edit: a statement above the old findings moves them down.
  std::string admin = test::read_file(s.dir() / "policies/admin.json");
  std::string added = R"(
        {
            "Sid": "Queue",
            "Effect": "Allow",
            "Action": "sqs:SendMesage",
            "Resource": "*"
        },)";
  admin.insert(admin.find("[") + 1, added);
  test::write_file(s.dir() / "policies/admin.json", admin);
  RunResult r = run_cli({"lint", "--baseline", "baseline.json"}, "", s.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  expect_golden("baseline-new.txt", r.out);
  expect_golden("baseline-new.stderr", r.err);
  // Fixing an old finding reports it as fixed.
  test::write_file(s.dir() / "aws/deployer-policy.json", test::read_file(project() / "policies/readonly.json"));
  RunResult fixed = run_cli({"lint", "--baseline", "baseline.json", "--fail-on", "none"}, "", s.dir());
  expect_golden("baseline-fixed.stderr", fixed.err);
  // --quiet leaves findings and errors only: neither that note nor the summary.
  RunResult quiet = run_cli({"lint", "--baseline", "baseline.json", "--fail-on", "none", "--quiet"}, "", s.dir());
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.out, fixed.out);
  EXPECT_EQ(quiet.err, "");
}

TEST(LintCli, Explain) {
  RunResult r = run_cli({"explain", "IAM104"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("IAM104 unknown-action (", 0), 0u) << r.out;
  EXPECT_EQ(run_cli({"explain", "unknown-action"}).out, r.out);
  RunResult bad = run_cli({"explain", "IAM999"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "iamtrim: unknown rule or decision reason 'IAM999' (did you mean IAM009, IAM019, IAM090?); `iamtrim rules` "
            "and `iamtrim explain reasons` list them all\n");
}

TEST(LintCli, Rules) {
  RunResult r = run_cli({"rules"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_golden("rules.txt", r.out);
}

// A configuration's custom rules come first in `rules`, marked custom in the
// JSON; the built-in list follows unchanged, and --no-config drops them.
TEST(LintCli, RulesListTheConfigurationsCustomRules) {
  fs::path examples = fs::path(IAMTRIM_SOURCE_DIR) / "examples/custom-rules";
  RunResult builtin = run_cli({"rules"});
  RunResult r = run_cli({"rules"}, "", examples);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Code columns widen to fit ACME001; otherwise the built-in list is as it was.
  auto squeezed = [](const std::string& text) {
    std::string out;
    for (char c : text)
      if (c != ' ' || out.empty() || out.back() != ' ') out += c;
    return out;
  };
  EXPECT_EQ(squeezed(r.out),
            squeezed("ACME001 s3-wildcard-outside-acme-buckets security Every S3 action is allowed on a resource "
                     "outside the buckets named acme-*.\n"
                     "ACME002 foreign-trust-without-external-id security A role trusts an AWS principal outside "
                     "ACME's accounts without sts:ExternalId.\n"
                     "ACME003 kms-write-on-every-key error KMS write or permissions-management access on "
                     "\"Resource\": \"*\".\n" +
                     builtin.out));
  EXPECT_NE(r.out.find("\nIAM001   invalid-json "), std::string::npos) << r.out;
  EXPECT_EQ(run_cli({"rules", "--no-config"}, "", examples).out, builtin.out);
  auto json = nlohmann::json::parse(run_cli({"rules", "--format", "json"}, "", examples).out);
  std::vector<std::string> custom;
  for (const auto& rule : json)
    if (rule.value("custom", false)) custom.push_back(rule["code"].get<std::string>() + " " + rule["category"].get<std::string>());
  EXPECT_EQ(custom, (std::vector<std::string>{"ACME001 custom", "ACME002 custom", "ACME003 custom"}));
  EXPECT_EQ(json[1]["applies_to"], nlohmann::json({"trust"}));
}

}  // namespace
}  // namespace iamtrim

namespace iamtrim::test {
namespace {

// `iamtrim explain` also explains narrow's decision reasons (docs/evidence.md).
TEST(ExplainCli, DecisionReasons) {
  RunResult r = run_cli({"explain", "kept:permission-only"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("kept:permission-only (narrow decision reason)\n"
                        "kept: the permission is checked without an API call of its own service\n",
                        0),
            0u)
      << r.out;
  EXPECT_NE(r.out.find("evidence.remove_permission_only"), std::string::npos);
  EXPECT_EQ(run_cli({"explain", "window-after-report"}).exit_code, 0);
  EXPECT_EQ(run_cli({"explain", "removable:service-not-accessed"}).exit_code, 0);
  EXPECT_EQ(run_cli({"explain", "removable:permission-only"}).exit_code, 2);  // the prefix must be true
  RunResult all = run_cli({"explain", "reasons"});
  EXPECT_EQ(all.exit_code, 0);
  EXPECT_EQ(std::count(all.out.begin(), all.out.end(), '\n'), 16);
  EXPECT_NE(all.out.find("removable:action-not-accessed"), std::string::npos);
}

}  // namespace
}  // namespace iamtrim::test
