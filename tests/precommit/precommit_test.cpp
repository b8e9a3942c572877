// iamtrim in a real repository, end to end: the fixture under
// testdata/repo (application code, package.json, tsconfig.json, a workflow,
// Terraform, CloudFormation, policies, node_modules, a .gitignore'd folder
// with a bad policy, and symlink loops made here) linted with `lint .`, and
// committed through the real pre-commit framework with the hook installed
// the way docs/lint-usage.md says: the repository's .pre-commit-hooks.yaml
// from a git repository, pinned to a commit SHA. Full outputs are compared
// with reviewed goldens under testdata/precommit/, and the docs must show
// the same text. Needs git and Debian's pre-commit for the hook tests (they
// skip visibly without them); no network: the hook repository is local.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

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

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

void expect_golden(const std::string& name, const std::string& actual) {
  EXPECT_EQ(test::check_golden(test::testdata("precommit/" + name), actual), "") << actual;
}

// The docs show this output: it must be there, byte for byte.
void expect_in_docs(const std::string& golden) {
  std::string docs = test::read_file(fs::path(IAMTRIM_SOURCE_DIR) / "docs/lint-usage.md");
  std::string text = test::read_file(test::testdata("precommit/" + golden));
  EXPECT_NE(docs.find(text), std::string::npos) << "docs/lint-usage.md does not show testdata/precommit/" << golden;
}

// A scratch copy of the fixture repository, with what git cannot hold in
// this repository: its .gitignore (it would hide the ignored folder here)
// and symlink loops.
class Fixture {
 public:
  Fixture() {
    fs::copy(test::testdata("repo"), dir_.path() / "work", fs::copy_options::recursive);
    fs::rename(work() / ".gitignore.fixture", work() / ".gitignore");
    fs::create_directory_symlink(".", work() / "loop");
    fs::create_directory_symlink("..", work() / "infra/up");
  }
  fs::path work() const { return dir_.path() / "work"; }
  const fs::path& root() const { return dir_.path(); }

 private:
  test::TempDir dir_{"fixture-repo"};
};

TEST(FixtureRepository, LintDotFindsOnlyWhatIsInThePolicies) {
  Fixture f;
  test::RunResult r = test::run_cli({"lint", "."}, "", f.work());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  expect_golden("lint.txt", r.out);
  expect_golden("lint.stderr", r.err);
  // With the repository's baseline, as its pre-commit hook runs.
  test::RunResult b = test::run_cli({"lint", "--baseline", ".iamtrim-baseline.json", "."}, "", f.work());
  EXPECT_EQ(b.exit_code, 0) << b.out << b.err;
  EXPECT_EQ(b.out, "");
  expect_golden("lint-baseline.stderr", b.err);
  // --verbose says what was passed over, and why; as a terminal shows it
  // (standard error as it comes, the findings when standard output is flushed).
  test::RunResult v = test::run_cli({"lint", "--verbose"}, "", f.work());
  EXPECT_EQ(v.out, r.out);
  std::size_t notes_end = v.err.rfind("iamtrim: skipped ");
  notes_end = notes_end == std::string::npos ? 0 : v.err.find('\n', notes_end) + 1;
  expect_golden("lint-verbose.terminal", v.err.substr(0, notes_end) + v.out + v.err.substr(notes_end));
  expect_in_docs("lint-verbose.terminal");
}

class PreCommit : public testing::Test {
 protected:
  void SetUp() override {
    if (!on_path("git")) GTEST_SKIP() << "git is not installed";
    if (!on_path("pre-commit")) GTEST_SKIP() << "pre-commit is not installed (Debian: apt-get install pre-commit)";
    // The hook repository: this repository's .pre-commit-hooks.yaml, as a
    // user's clone of iamtrim would serve it.
    hooks_ = f_.root() / "iamtrim";
    test::write_file(hooks_ / ".pre-commit-hooks.yaml",
                     test::read_file(fs::path(IAMTRIM_SOURCE_DIR) / ".pre-commit-hooks.yaml"));
    ASSERT_EQ(git(hooks_, "init -q && git add -A && git commit -q -m hooks").code, 0);
    std::string sha = head(hooks_);
    // .pre-commit-config.yaml exactly as the docs show it, pointed at that clone.
    test::write_file(f_.work() / ".pre-commit-config.yaml", docs_config(hooks_.string(), sha));
    Shell init = git(f_.work(), "init -q") ;
    ASSERT_EQ(init.code, 0) << init.output;
    Shell install = run(f_.work(), "pre-commit install && pre-commit install-hooks");
    ASSERT_EQ(install.code, 0) << install.output;
  }

  // The pre-commit configuration block of docs/lint-usage.md (the one
  // after "<!-- pre-commit-config -->"), with the placeholder URL and SHA
  // replaced.
  static std::string docs_config(const std::string& repo, const std::string& sha) {
    std::string docs = test::read_file(fs::path(IAMTRIM_SOURCE_DIR) / "docs/lint-usage.md");
    std::size_t marker = docs.find("<!-- pre-commit-config -->");
    EXPECT_NE(marker, std::string::npos) << "docs/lint-usage.md lost its pre-commit configuration";
    std::size_t begin = docs.find("```yaml\n", marker) + 8;
    std::string block = docs.substr(begin, docs.find("```\n", begin) - begin);
    std::string readme = test::read_file(fs::path(IAMTRIM_SOURCE_DIR) / "README.md");
    EXPECT_NE(readme.find("```yaml\n" + block + "```\n"), std::string::npos) << "README.md shows another configuration";
    block = replace_all(block, "https://github.com/YOUR-ORG/iamtrim", repo);
    return std::regex_replace(block, std::regex("rev: [0-9a-f]{40}"), "rev: " + sha);
  }

  Shell git(const fs::path& dir, const std::string& args) {
    return sh(dir, "git -c user.email=t@example.com -c user.name=test -c commit.gpgsign=false " + args);
  }
  std::string head(const fs::path& dir) {
    std::string out = sh(dir, "git rev-parse HEAD").output;
    return out.substr(0, out.find('\n'));
  }
  // With the built iamtrim first on PATH (the hook is `language: system`).
  Shell run(const fs::path& dir, const std::string& command) {
    std::string bin = fs::path(IAMTRIM_CLI_PATH).parent_path().string();
    return sh(dir, "export PATH='" + bin + "':\"$PATH\" PRE_COMMIT_HOME='" + (f_.root() / "cache").string() +
                       "' PRE_COMMIT_COLOR=never GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=t@example.com "
                       "GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=t@example.com; " + command);
  }
  Shell commit(const std::string& message) {
    return run(f_.work(), "git add -A && git -c commit.gpgsign=false commit -q -m '" + message + "'");
  }
  std::string committed() { return sh(f_.work(), "git log --format=%s").output; }

  Fixture f_;
  fs::path hooks_;
};

TEST_F(PreCommit, TheFixtureRepositoryCommitsAndABadPolicyIsRefused) {
  Shell first = commit("fixture");
  EXPECT_EQ(first.code, 0) << first.output;
  expect_golden("commit-fixture.txt", first.output);
  std::string files = sh(f_.work(), "git ls-files").output;
  for (const char* path : {"package.json", "tsconfig.json", ".github/workflows/deploy.yml", ".pre-commit-config.yaml",
                           ".iamtrim.yaml", ".iamtrim-baseline.json", "node_modules/left-pad/package.json"})
    EXPECT_NE(files.find(std::string(path) + "\n"), std::string::npos) << path;
  EXPECT_EQ(files.find("build/"), std::string::npos);

  // Unrelated changes: a version bump, compiler options, the workflow, the
  // configuration and the baseline themselves.
  sh(f_.work(), "sed -i 's/2.4.1/2.5.0/' package.json package-lock.json && sed -i 's/es2022/es2023/' tsconfig.json && "
                "echo '      - run: npm test' >> .github/workflows/deploy.yml && echo '# reviewed' >> .iamtrim.yaml && "
                "sed -i 's/\"owner\": \"\"/\"owner\": \"\" /' .iamtrim-baseline.json && echo 'x' >> src/handler.ts && "
                "sed -i 's/replicas: 2/replicas: 3/' infra/k8s/deployment.yaml && sed -i 's/30/45/' src/settings.json");
  Shell unrelated = commit("unrelated");
  EXPECT_EQ(unrelated.code, 0) << unrelated.output;
  expect_golden("commit-unrelated.txt", unrelated.output);

  // A policy that grants everything is refused, with the finding.
  test::write_file(f_.work() / "policies/break-glass.json",
                   "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"*\", "
                   "\"Resource\": \"*\"}\n  ]\n}\n");
  Shell bad = commit("break glass");
  EXPECT_NE(bad.code, 0) << bad.output;
  expect_golden("commit-refused.txt", bad.output);
  expect_in_docs("commit-refused.txt");
  EXPECT_EQ(committed(), "unrelated\nfixture\n");
}

TEST_F(PreCommit, AutoupdateMovesThePinnedCommit) {
  ASSERT_EQ(commit("fixture").code, 0);
  std::string before = head(hooks_);
  ASSERT_EQ(git(hooks_, "commit -q --allow-empty -m next").code, 0);
  std::string after = head(hooks_);
  ASSERT_NE(before, after);
  Shell update = run(f_.work(), "pre-commit autoupdate");
  EXPECT_EQ(update.code, 0) << update.output;
  std::string config = test::read_file(f_.work() / ".pre-commit-config.yaml");
  EXPECT_NE(config.find("rev: " + after), std::string::npos) << config;
  Shell all = run(f_.work(), "git add .pre-commit-config.yaml && pre-commit run --all-files");
  EXPECT_EQ(all.code, 0) << all.output;
}

}  // namespace
}  // namespace iamtrim
