// The pre-commit hook end to end: a scratch git repository with a local hook
// running the built binary refuses a commit with a bad policy (showing the
// finding) and accepts a good one. Needs git and Debian's pre-commit; skips
// visibly without them. No network: the hook is `repo: local`, `language:
// system`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

struct Shell {
  int code = -1;
  std::string output;
};

// Runs `command` in `dir` through the shell, capturing stdout and stderr.
Shell sh(const fs::path& dir, const std::string& command) {
  std::string full = "cd '" + dir.string() + "' && (" + command + ") 2>&1";
  Shell r;
  FILE* p = popen(full.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool on_path(const std::string& tool) { return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0; }

class PreCommit : public testing::Test {
 protected:
  void SetUp() override {
    if (!on_path("git")) GTEST_SKIP() << "git is not installed";
    if (!on_path("pre-commit")) GTEST_SKIP() << "pre-commit is not installed (Debian: apt-get install pre-commit)";
    dir_ = fs::temp_directory_path() / ("iamtrim-precommit-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The hook as shipped in .pre-commit-hooks.yaml, with the entry pointing
    // at the binary under test instead of one on PATH.
    test::write_file(dir_ / ".pre-commit-config.yaml",
                     "repos:\n"
                     "  - repo: local\n"
                     "    hooks:\n"
                     "      - id: iamtrim-lint\n"
                     "        name: iamtrim lint\n"
                     "        entry: \"'" IAMTRIM_CLI_PATH "' lint\"\n"
                     "        language: system\n"
                     "        files: \\.(json|tf|tpl|ya?ml|template)$\n"
                     "        pass_filenames: true\n");
    Shell init = sh(dir_,
                    "git init -q . && git config user.email t@example.com && git config user.name test && "
                    "git config commit.gpgsign false && git add .pre-commit-config.yaml && "
                    "git commit -q -m config && PRE_COMMIT_HOME='" + (dir_ / ".cache").string() +
                        "' pre-commit install");
    ASSERT_EQ(init.code, 0) << init.output;
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  Shell commit(const std::string& file, const std::string& content) {
    test::write_file(dir_ / file, content);
    return sh(dir_, "git add '" + file + "' && PRE_COMMIT_HOME='" + (dir_ / ".cache").string() +
                        "' git commit -m 'add " + file + "'");
  }
  fs::path dir_;
};

TEST_F(PreCommit, RefusesABadPolicyAndShowsTheFinding) {
  Shell r = commit("bad.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})");
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("bad.json:1:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("IAM501"), std::string::npos) << r.output;
  EXPECT_NE(sh(dir_, "git log --oneline").output.find("config"), std::string::npos);
  EXPECT_EQ(sh(dir_, "git log --oneline").output.find("bad.json"), std::string::npos);
}

TEST_F(PreCommit, AcceptsAGoodPolicy) {
  Shell r = commit("good.json",
                   R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]})");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(sh(dir_, "git log --oneline").output.find("add good.json"), std::string::npos);
}

}  // namespace
}  // namespace iamtrim
