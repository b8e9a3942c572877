// `iamtrim diff --git BASE` in a scratch repository: a committed policy is
// edited, another is added untracked, a non-policy JSON file changes too.
#include <gtest/gtest.h>

#include <filesystem>

#include "iamtrim/diff.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

namespace fs = std::filesystem;

class ScratchRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iamtrim-git-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "policies");
    ASSERT_EQ(git({"init", "-q"}), 0);
  }
  void TearDown() override { fs::remove_all(dir_); }

  int git(std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-c", "user.name=iamtrim", "-c", "user.email=iamtrim@example.com", "-c",
                               "commit.gpgsign=false"});
    return run_process(args, dir_.string()).status;
  }
  void copy(const std::string& fixture, const std::string& to) {
    write_file(dir_ / to, read_file(testdata("diff/" + fixture)));
  }

  fs::path dir_;
};

TEST_F(ScratchRepo, ComparesChangedAndUntrackedPolicies) {
  copy("trust-opened.old.json", "policies/trust.json");
  copy("wildcard-added.old.json", "policies/artifacts.json");
  write_file(dir_ / "package.json", "{\"name\": \"infra\"}\n");
  ASSERT_EQ(git({"add", "-A"}), 0);
  ASSERT_EQ(git({"commit", "-q", "-m", "base"}), 0);

  copy("trust-opened.new.json", "policies/trust.json");
  copy("equivalent-rewrite.new.json", "policies/queues.json");  // untracked
  write_file(dir_ / "package.json", "{\"name\": \"infra\", \"version\": \"2\"}\n");

  RunResult r = run_cli({"diff", "--git", "HEAD"}, "", dir_);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(check_golden(testdata("diff/git.expected.txt"), r.out), "");

  // Limited to a path that did not change: nothing to report.
  RunResult limited = run_cli({"diff", "--git", "HEAD", "policies/artifacts.json"}, "", dir_);
  EXPECT_EQ(limited.exit_code, 0) << limited.err;
  EXPECT_EQ(limited.out, "no new access\n");
}

TEST_F(ScratchRepo, UnknownRevisionIsAnInputError) {
  copy("trust-opened.old.json", "trust.json");
  ASSERT_EQ(git({"add", "-A"}), 0);
  ASSERT_EQ(git({"commit", "-q", "-m", "base"}), 0);
  RunResult r = run_cli({"diff", "--git", "no-such-branch"}, "", dir_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "iamtrim: unknown git revision \"no-such-branch\"\n");
  RunResult option = run_cli({"diff", "--git=--output=x"}, "", dir_);
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_EQ(option.err, "iamtrim: invalid revision \"--output=x\"\n");
}

// git quotes these names in its default output ("pol\303\255cy.json",
// "tab\tname.json"); read as -z output they are compared like any other.
TEST_F(ScratchRepo, NamesGitQuotesAreCompared) {
  const std::string narrow = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})";
  const std::string star = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})";
  for (const char* name : {"pol\xC3\xAD" "cy.json", "tab\tname.json", "line\nbreak.json", "quote\"d.json"}) {
    write_file(dir_ / "policies" / name, narrow);
  }
  ASSERT_EQ(git({"add", "-A"}), 0);
  ASSERT_EQ(git({"commit", "-q", "-m", "base"}), 0);
  for (const char* name : {"pol\xC3\xAD" "cy.json", "tab\tname.json", "line\nbreak.json", "quote\"d.json"}) {
    write_file(dir_ / "policies" / name, star);
    RunResult r = run_cli({"diff", "--git", "HEAD"}, "", dir_);
    EXPECT_EQ(r.exit_code, 1) << name << "\n" << r.out << r.err;
    EXPECT_NE(r.out.find(std::string("policies/") + name), std::string::npos) << r.out;
    write_file(dir_ / "policies" / name, narrow);
  }
  // An untracked file with such a name is compared too.
  write_file(dir_ / "policies/n\xC3\xA9w.json", star);
  RunResult r = run_cli({"diff", "--git", "HEAD"}, "", dir_);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("policies/n\xC3\xA9w.json"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace iamtrim::test
