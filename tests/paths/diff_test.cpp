// `iamtrim diff --account`: the escalation paths a change creates, in a
// scratch git repository holding the policy files of an account.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "iamtrim/diff.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

namespace fs = std::filesystem;

class Repo {
 public:
  explicit Repo(const std::string& name) : dir_(fs::temp_directory_path() / ("iamtrim-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "iam");
    fs::copy_file(testdata("paths/change/authorization-details.json"), dir_ / "authorization-details.json");
  }
  ~Repo() { fs::remove_all(dir_); }
  bool has_git() { return git({"--version"}).status == 0; }
  ProcessResult git(std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-c", "user.name=t", "-c", "user.email=t@example.com"});
    return run_process(args, dir_.string());
  }
  void commit() {
    ASSERT_EQ(git({"init", "-q"}).status, 0);
    ASSERT_EQ(git({"add", "-A"}).status, 0);
    ASSERT_EQ(git({"commit", "-qm", "base"}).status, 0);
  }
  void put(const std::string& rel, const std::string& text) { write_file(dir_ / rel, text); }
  RunResult iamtrim(std::vector<std::string> args) { return run_cli(args, "", dir_); }

 private:
  fs::path dir_;
};

std::string fixture_text(const std::string& name) { return read_file(testdata("paths/change/" + name)); }

TEST(PathsDiff, AChangeThatCreatesAPathFailsAndPointsAtTheChangedStatement) {
  Repo repo("paths-diff");
  if (!repo.has_git()) GTEST_SKIP() << "git is not installed";
  repo.put("iam/Deploy.json", fixture_text("Deploy.before.json"));
  repo.commit();
  // Nothing changed yet: no new path.
  RunResult clean = repo.iamtrim({"diff", "--git", "HEAD", "--account", "authorization-details.json"});
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_NE(clean.out.find("no new escalation paths to admin in account 111122223333"), std::string::npos) << clean.out;

  repo.put("iam/Deploy.json", fixture_text("Deploy.after.json"));
  RunResult text = repo.iamtrim({"diff", "--git", "HEAD", "--account", "authorization-details.json"});
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_EQ(text.err, "");
  EXPECT_EQ(check_golden(testdata("paths/change/expected-diff.txt"), text.out), "");
  RunResult sarif =
      repo.iamtrim({"diff", "--git", "HEAD", "--account", "authorization-details.json", "--format", "sarif"});
  EXPECT_EQ(sarif.exit_code, 1);
  EXPECT_EQ(check_golden(testdata("paths/change/expected-diff.sarif"), sarif.out), "");
  RunResult json = repo.iamtrim({"diff", "--git", "HEAD", "--account", "authorization-details.json", "--format", "json"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_NE(json.out.find("\"escalation\": {"), std::string::npos);
  EXPECT_NE(json.out.find("\"gate\": {"), std::string::npos);
  RunResult never = repo.iamtrim({"diff", "--git", "HEAD", "--account", "authorization-details.json", "--fail-on", "never"});
  EXPECT_EQ(never.exit_code, 0);
}

TEST(PathsDiff, RemovingTheGrantReportsNoNewPath) {
  Repo repo("paths-diff-remove");
  if (!repo.has_git()) GTEST_SKIP() << "git is not installed";
  repo.put("iam/Deploy.json", fixture_text("Deploy.after.json"));
  repo.commit();
  repo.put("iam/Deploy.json", fixture_text("Deploy.before.json"));
  RunResult r = repo.iamtrim({"diff", "--git", "HEAD", "--account", "authorization-details.json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("no new escalation paths"), std::string::npos) << r.out;
}

TEST(PathsDiff, TerraformPoliciesMapByNameAndConfigurationMapsTheRest) {
  Repo repo("paths-diff-tf");
  if (!repo.has_git()) GTEST_SKIP() << "git is not installed";
  const std::string tf_before =
      "resource \"aws_iam_role_policy\" \"deploy\" {\n"
      "  name = \"Deploy\"\n"
      "  role = aws_iam_role.deployer.id\n"
      "  policy = jsonencode({\n"
      "    Version = \"2012-10-17\"\n"
      "    Statement = [{ Sid = \"Functions\", Effect = \"Allow\", Action = [\"lambda:CreateFunction\", "
      "\"lambda:InvokeFunction\"], Resource = \"arn:aws:lambda:*:111122223333:function:*\" }]\n"
      "  })\n"
      "}\n";
  repo.put("main.tf", tf_before);
  repo.put("policies/ci.json",
           "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", "
           "\"Resource\": \"arn:aws:iam::111122223333:role/Deployer\"}]}\n");
  repo.put(".iamtrim.yaml", "escalation:\n  map:\n    - file: policies/ci.json\n      policy: user/ci:CiDeploy\n");
  repo.commit();
  std::string tf_after = tf_before;
  tf_after.replace(tf_after.find("}]"), 2,
                   "}, { Sid = \"PassOps\", Effect = \"Allow\", Action = \"iam:PassRole\", Resource = "
                   "\"arn:aws:iam::111122223333:role/Ops\" }]");
  repo.put("main.tf", tf_after);
  repo.put("policies/ci.json", fixture_text("Unrelated.json"));
  RunResult r = repo.iamtrim({"diff", "--git", "HEAD", "--account", "authorization-details.json"});
  // The same change takes sts:AssumeRole away from ci's own policy (mapped by
  // the configuration onto user/ci:CiDeploy): only role/Deployer's path is new.
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("role/Deployer reaches admin in 1 step"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("iam:PassRole: role/Deployer inline policy Deploy, statement 1 \"PassOps\" (main.tf:6:"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("user/ci reaches"), std::string::npos) << r.out;
}

TEST(PathsDiff, UnmappedFilesAreNamedNotIgnored) {
  Repo repo("paths-diff-unmapped");
  if (!repo.has_git()) GTEST_SKIP() << "git is not installed";
  repo.put("iam/Unrelated.json", fixture_text("Unrelated.json"));
  repo.commit();
  repo.put("iam/Unrelated.json", fixture_text("Deploy.after.json"));
  RunResult r = repo.iamtrim({"diff", "--git", "HEAD", "--account", "authorization-details.json"});
  EXPECT_EQ(r.err,
            "iamtrim: warning: iam/Unrelated.json (Unrelated): not mapped to the account: no customer-managed or "
            "inline policy named 'Unrelated' in the account; add an escalation.map entry to .iamtrim.yaml\n");
}

TEST(PathsDiff, FilePairsWithoutGit) {
  RunResult r = run_cli({"diff", "testdata/paths/change/Deploy.before.json", "testdata/paths/change/Deploy.after.json",
                         "--account", "testdata/paths/change/authorization-details.json"});
  // The file name decides the mapping: Deploy.after.json is "Deploy.after", which names nothing.
  EXPECT_EQ(r.exit_code, 1);  // the gate itself fails: iam:PassRole is new
  EXPECT_NE(r.err.find("Deploy.after.json (Deploy.after): not mapped to the account"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace iamtrim::test
