// gitignore semantics: the cases of gitignore(5) one by one, then git
// itself as the oracle: random ignore files over a random tree, the files
// the walk lists compared with `git ls-files --others --exclude-standard`.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "iamtrim/system.hpp"
#include "iamtrim/walk.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

// Whether `path` is ignored by one file of patterns at the root, checking
// its leading directories first as a walk does.
bool ignored(const std::string& patterns, const std::string& path, bool is_dir = false) {
  IgnoreStack stack;
  stack.push(IgnoreFile::parse(patterns, "", ".gitignore"));
  for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
    if (stack.decide(path.substr(0, slash), true).ignored) return true;
  return stack.decide(path, is_dir).ignored;
}

struct Case {
  const char* patterns;
  const char* path;
  bool is_dir;
  bool ignored;
};

TEST(Gitignore, ManualCases) {
  const Case cases[] = {
      // A pattern without '/' matches a name at any depth.
      {"*.log", "debug.log", false, true},
      {"*.log", "a/b/debug.log", false, true},
      {"*.log", "debug.log.txt", false, false},
      {"build", "build", true, true},
      {"build", "src/build", false, true},
      {"build", "src/build/x.json", false, true},  // inside an ignored directory
      // A trailing '/' matches directories only.
      {"build/", "build", false, false},
      {"build/", "build", true, true},
      {"build/", "a/build/x", false, true},
      // A '/' at the start or in the middle anchors at the file's directory.
      {"/todo", "todo", false, true},
      {"/todo", "a/todo", false, false},
      {"doc/frotz", "doc/frotz", false, true},
      {"doc/frotz", "a/doc/frotz", false, false},
      {"doc/*.txt", "doc/notes.txt", false, true},
      {"doc/*.txt", "doc/server/arch.txt", false, false},  // '*' never matches '/'
      // '**'
      {"**/foo", "foo", false, true},
      {"**/foo", "a/b/foo", false, true},
      {"**/foo/bar", "x/foo/bar", false, true},
      {"abc/**", "abc/x", false, true},
      {"abc/**", "abc/x/y", false, true},
      {"abc/**", "abc", true, false},
      {"a/**/b", "a/b", false, true},
      {"a/**/b", "a/x/b", false, true},
      {"a/**/b", "a/x/y/b", false, true},
      {"a/**/b", "a/xb", false, false},
      {"a**b", "axyb", false, true},  // other runs of '*' are one '*'
      {"a**b", "ax/yb", false, false},
      // '?' and brackets
      {"?.json", "a.json", false, true},
      {"?.json", "ab.json", false, false},
      {"[ab].json", "b.json", false, true},
      {"[ab].json", "c.json", false, false},
      {"[!ab].json", "c.json", false, true},
      {"[^ab].json", "a.json", false, false},
      {"[a-c]x", "bx", false, true},
      {"[a-c]x", "dx", false, false},
      {"[[:digit:]]*", "7up", false, true},
      {"[[:digit:]]*", "up7", false, false},
      {"[]]x", "]x", false, true},
      {"[a", "[a", false, false},  // an unterminated bracket never matches
      // Negation: the last matching pattern wins.
      {"*.json\n!keep.json", "keep.json", false, false},
      {"*.json\n!keep.json", "drop.json", false, true},
      {"!keep.json\n*.json", "keep.json", false, true},
      {"build/\n!build/keep.json", "build/keep.json", false, true},  // a parent stays excluded
      // Comments, blanks, escapes, trailing spaces, CRLF.
      {"# a comment\n\n", "# a comment", false, false},
      {"\\#hash", "#hash", false, true},
      {"\\!bang", "!bang", false, true},
      {"trail   ", "trail", false, true},
      {"space\\ ", "space ", false, true},
      {"space\\ ", "space", false, false},
      {"crlf\r\nnext", "crlf", false, true},
      {"\xEF\xBB\xBF" "bom", "bom", false, true},
      {"a\\*b", "a*b", false, true},
      {"a\\*b", "axb", false, false},
      // Case-sensitive, as git on Linux.
      {"*.JSON", "a.json", false, false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(ignored(c.patterns, c.path, c.is_dir), c.ignored)
        << "patterns: " << c.patterns << "\npath: " << c.path << (c.is_dir ? "/" : "");
}

TEST(Gitignore, NestedFilesTakePrecedenceAndApplyBelowThemselves) {
  IgnoreStack stack;
  stack.add_fallback(IgnoreFile::parse("*.tmp\n", "", ".git/info/exclude"));
  stack.push(IgnoreFile::parse("*.json\n", "", ".gitignore"));
  stack.push(IgnoreFile::parse("!keep.json\n!x.tmp\n", "sub/", "sub/.gitignore"));
  EXPECT_TRUE(stack.decide("a.json", false).ignored);
  EXPECT_EQ(stack.decide("a.json", false).reason, "ignored by .gitignore:1");
  EXPECT_FALSE(stack.decide("sub/keep.json", false).ignored);
  EXPECT_TRUE(stack.decide("sub/other.json", false).ignored);
  EXPECT_TRUE(stack.decide("keep.json", false).ignored);  // sub/.gitignore applies under sub/ only
  EXPECT_FALSE(stack.decide("sub/x.tmp", false).ignored);  // a .gitignore wins over info/exclude
  EXPECT_EQ(stack.decide("y.tmp", false).reason, "ignored by .git/info/exclude:1");
}

TEST(Gitignore, HostilePatternsStayCheap) {
  // Backtracking matchers take exponential time here; the table walk does not.
  std::string pattern;
  for (int i = 0; i < 40; ++i) pattern += "*a";
  std::string path(4000, 'a');
  EXPECT_FALSE(wildmatch(pattern + "b", path));
  EXPECT_TRUE(wildmatch(pattern, path));
}

// ---- git as the oracle ---------------------------------------------------------

bool have_git() { return run_process({"git", "--version"}).status == 0; }

int git(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  return run_process(args, dir.string()).status;
}

std::set<std::string> git_untracked(const fs::path& dir) {
  ProcessResult r = run_process({"git", "ls-files", "-z", "--others", "--exclude-standard"}, dir.string());
  std::set<std::string> out;
  std::size_t start = 0;
  while (start < r.out.size()) {
    std::size_t end = r.out.find('\0', start);
    out.insert(r.out.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::set<std::string> walked(const fs::path& dir) {
  WalkOptions o;
  o.default_excludes = false;  // hidden files are git's business here
  o.wanted = [](const std::string&, std::string_view) { return true; };
  WalkResult r = walk_paths({dir.string()}, o);
  std::set<std::string> out;
  std::string prefix = dir.generic_string() + "/";
  for (const WalkedFile& f : r.files) out.insert(f.path.substr(prefix.size()));
  return out;
}

std::string describe(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::string out;
  for (const std::string& p : a)
    if (!b.count(p)) out += "  only git lists " + p + "\n";
  for (const std::string& p : b)
    if (!a.count(p)) out += "  only iamtrim lists " + p + "\n";
  return out;
}

TEST(GitignoreOracle, RandomIgnoreFilesAgreeWithGit) {
  if (!have_git()) GTEST_SKIP() << "git is not installed: the oracle comparison is skipped";
  const std::vector<std::string> segments = {"a", "b", "*", "a*", "*b", "?", "**", "[ab]", "[!a]*", "a.b", "*.log", ".h*", "b?"};
  const std::vector<std::string> names = {"a", "b", "ab", "a.b", ".hid", "b.log", "ba"};
  std::mt19937 rng(20260927);
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  auto pattern = [&] {
    std::string p;
    if (rng() % 4 == 0) p += "!";
    if (rng() % 4 == 0) p += "/";
    int parts = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < parts; ++i) p += (i ? "/" : "") + pick(segments);
    if (rng() % 4 == 0) p += "/";
    return p;
  };
  for (int round = 0; round < 50; ++round) {
    test::TempDir dir("gitignore-oracle");
    ASSERT_EQ(git(dir.path(), {"init", "-q"}), 0);
    for (int i = 0; i < 30; ++i) {
      std::string path;
      int depth = 1 + static_cast<int>(rng() % 3);
      for (int d = 0; d < depth; ++d) path += (d ? "/" : "") + pick(names);
      std::error_code ec;
      if (fs::is_directory(dir / path, ec)) continue;
      bool clash = false;  // a file where a directory should go
      for (fs::path p = fs::path(path).parent_path(); !p.empty(); p = p.parent_path())
        clash = clash || fs::is_regular_file(dir / p.string(), ec);
      if (!clash) test::write_file(dir / path, "x");
    }
    std::string root, nested, info;
    for (int i = 0; i < 6; ++i) root += pattern() + "\n";
    for (int i = 0; i < 3; ++i) nested += pattern() + "\n";
    for (int i = 0; i < 2; ++i) info += pattern() + "\n";
    test::write_file(dir / ".gitignore", root);
    if (fs::is_directory(dir / "a")) test::write_file(dir / "a/.gitignore", nested);
    test::write_file(dir / ".git/info/exclude", info);
    std::set<std::string> expected = git_untracked(dir.path()), actual = walked(dir.path());
    EXPECT_EQ(expected, actual) << "round " << round << "\n.gitignore:\n"
                                << root << "a/.gitignore:\n"
                                << nested << ".git/info/exclude:\n"
                                << info << describe(expected, actual);
  }
}

TEST(GitignoreOracle, GlobalExcludesFileAsGitReadsIt) {
  if (!have_git()) GTEST_SKIP() << "git is not installed: the oracle comparison is skipped";
  test::TempDir dir("gitignore-global");
  test::write_file(dir / "repo/keep.json", "{}");
  test::write_file(dir / "repo/secret.json", "{}");
  test::write_file(dir / "repo/notes.log", "x");
  test::write_file(dir / "repo/sub/x.bak", "x");
  ASSERT_EQ(git(dir / "repo", {"init", "-q"}), 0);
  // core.excludesFile, as the repository's configuration sets it.
  test::write_file(dir / "excludes", "secret.json\n");
  ASSERT_EQ(git(dir / "repo", {"config", "core.excludesFile", (dir / "excludes").string()}), 0);
  EXPECT_EQ(git_untracked(dir / "repo"), walked(dir / "repo"));
  EXPECT_EQ(walked(dir / "repo").count("secret.json"), 0u);
  // Without core.excludesFile: $XDG_CONFIG_HOME/git/ignore.
  ASSERT_EQ(git(dir / "repo", {"config", "--unset", "core.excludesFile"}), 0);
  test::write_file(dir / "xdg/git/ignore", "*.log\n*.bak\n");
  const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
  std::string saved = old_xdg ? old_xdg : "";
  setenv("XDG_CONFIG_HOME", (dir / "xdg").c_str(), 1);
  std::set<std::string> expected = git_untracked(dir / "repo"), actual = walked(dir / "repo");
  if (old_xdg) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  else unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(expected, actual) << describe(expected, actual);
  EXPECT_EQ(actual.count("notes.log") + actual.count("sub/x.bak"), 0u);
}

}  // namespace
}  // namespace iamtrim
