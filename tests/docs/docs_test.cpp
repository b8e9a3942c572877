// Every command shown in the linting and gate documentation is run, and its
// output must be what the page shows: the docs and the binary never
// disagree.
//
// A page shows a session as a ```console block after a marker naming the
// folder (relative to the repository) it runs in:
//
//   <!-- run in: examples/custom-rules -->
//   ```console
//   $ iamtrim lint
//   policies/keys.json:14:19: error ACME003 ...
//   ```
//
// The folder is copied to a scratch directory first, so commands may write
// files; "." is the repository itself, used as it is (read-only commands). A command is `iamtrim ARGS` (NAME=value prefixes set the
// environment), `echo $?` (the previous exit status) or `cat FILE`; its
// output is standard output and standard error as a terminal interleaves
// them. IAMTRIM_UPDATE_GOLDEN=1 rewrites the blocks from the real output
// (read the diff before committing it). In the pages checked here, every
// console block must carry a marker.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

const char* kPages[] = {"docs/lint-usage.md", "docs/custom-rules.md", "docs/gate.md", "README.md"};
const std::string kMarker = "<!-- run in: ";

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Shell-like words: spaces separate, '...' and "..." quote.
std::vector<std::string> words(const std::string& command) {
  std::vector<std::string> out;
  std::string cur;
  bool any = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (c == '\'' || c == '"') {
      std::size_t close = command.find(c, i + 1);
      if (close == std::string::npos) close = command.size();
      cur += command.substr(i + 1, close - i - 1);
      any = true;
      i = close;
    } else if (c == ' ') {
      if (any) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur += c;
      any = true;
    }
  }
  if (any) out.push_back(cur);
  return out;
}

struct Block {
  std::size_t first = 0, last = 0;  // lines of the content, [first, last)
  std::string dir;
};

// Where a block runs: a scratch copy of its folder, or the repository itself.
class Scratch {
 public:
  explicit Scratch(const fs::path& from) {
    if (from == fs::path(IAMTRIM_SOURCE_DIR) / ".") dir_ = IAMTRIM_SOURCE_DIR;
    else copy_ = std::make_unique<test::TempDir>(from);
  }
  const fs::path& dir() const { return copy_ ? copy_->dir() : dir_; }

 private:
  fs::path dir_;
  std::unique_ptr<test::TempDir> copy_;
};

// The block as it should read: each command with its real output.
std::string run_block(const std::vector<std::string>& lines, const Block& b, std::string& problems) {
  Scratch scratch(fs::path(IAMTRIM_SOURCE_DIR) / b.dir);
  std::string out;
  int last_status = 0;
  for (std::size_t i = b.first; i < b.last; ++i) {
    if (lines[i].rfind("$ ", 0) != 0) continue;
    std::string command = lines[i].substr(2);
    out += lines[i] + "\n";
    std::vector<std::string> w = words(command);
    std::vector<std::string> env;
    while (!w.empty() && w.front().find('=') != std::string::npos && std::isupper(static_cast<unsigned char>(w.front()[0]))) {
      env.push_back(w.front());
      w.erase(w.begin());
    }
    if (w.size() == 2 && w[0] == "echo" && w[1] == "$?") {
      out += std::to_string(last_status) + "\n";
    } else if (w.size() == 2 && w[0] == "cat") {
      out += test::read_file(scratch.dir() / w[1]);
    } else if (!w.empty() && w[0] == "iamtrim") {
      w.erase(w.begin());
      test::RunResult r = test::run_cli_merged(w, scratch.dir(), env);
      last_status = r.exit_code;
      out += r.out;
    } else {
      problems += "cannot run: " + command + "\n";
    }
  }
  return out;
}

TEST(Docs, EveryConsoleSessionIsTheBinarysOutput) {
  bool update = std::getenv("IAMTRIM_UPDATE_GOLDEN") && std::string(std::getenv("IAMTRIM_UPDATE_GOLDEN")) == "1";
  int sessions = 0;
  for (const char* page : kPages) {
    fs::path path = fs::path(IAMTRIM_SOURCE_DIR) / page;
    std::vector<std::string> lines = split_lines(test::read_file(path));
    std::vector<Block> blocks;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i] != "```console") continue;
      std::size_t prev = i;
      while (prev > 0 && lines[prev - 1].empty()) --prev;
      std::string marker = prev > 0 ? lines[prev - 1] : "";
      Block b;
      b.first = i + 1;
      b.last = b.first;
      while (b.last < lines.size() && lines[b.last] != "```") ++b.last;
      if (marker.rfind(kMarker, 0) == 0) {
        b.dir = marker.substr(kMarker.size(), marker.size() - kMarker.size() - 4);
        blocks.push_back(b);
      } else if (std::string(page) != "README.md") {
        ADD_FAILURE() << page << ":" << i + 1 << ": a console block without a \"<!-- run in: DIR -->\" marker";
      }
      i = b.last;
    }
    // Later blocks first, so that rewriting one keeps the lines of the others.
    for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
      const Block& b = *it;
      ++sessions;
      std::string problems;
      std::string actual = run_block(lines, b, problems);
      EXPECT_EQ(problems, "") << page << ":" << b.first;
      std::string shown;
      for (std::size_t k = b.first; k < b.last; ++k) shown += lines[k] + "\n";
      if (update) {
        std::vector<std::string> replaced = split_lines(actual);
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(b.first), lines.begin() + static_cast<std::ptrdiff_t>(b.last));
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(b.first), replaced.begin(), replaced.end());
      } else {
        EXPECT_EQ(shown, actual) << page << ":" << b.first << " (run in " << b.dir
                                 << "); IAMTRIM_UPDATE_GOLDEN=1 rewrites it";
      }
    }
    if (update) {
      std::string text;
      for (const std::string& l : lines) text += l + "\n";
      test::write_file(path, text);
    }
  }
  EXPECT_GT(sessions, 10);
}

// The first fenced block of a page after the line `after` (the line itself
// when it opens a block's content), or "".
std::string block_after(const std::vector<std::string>& lines, const std::string& after) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] != after) continue;
    std::size_t open = i;
    if (i > 0 && lines[i - 1].rfind("```", 0) == 0) open = i - 1;  // the block's first line
    while (open < lines.size() && lines[open].rfind("```", 0) != 0) ++open;
    std::string out;
    for (std::size_t k = open + 1; k < lines.size() && lines[k] != "```"; ++k) out += lines[k] + "\n";
    return out;
  }
  return "";
}

// The synopsis at the top of lint-usage.md: every option it shows is an
// option of the command it is shown for (global options of iamtrim itself).
TEST(Docs, TheLintSynopsisNamesRealOptions) {
  std::vector<std::string> lines = split_lines(test::read_file(fs::path(IAMTRIM_SOURCE_DIR) / "docs/lint-usage.md"));
  std::string synopsis = block_after(lines, "# Linting policies: `iamtrim lint`");
  ASSERT_NE(synopsis, "");
  std::string command;
  int checked = 0;
  std::map<std::string, std::string> help;
  auto help_of = [&](const std::string& cmd) -> const std::string& {
    if (!help.count(cmd)) help[cmd] = test::run_cli(cmd.empty() ? std::vector<std::string>{"--help"}
                                                                : std::vector<std::string>{cmd, "--help"})
                                          .out;
    return help[cmd];
  };
  for (const std::string& line : split_lines(synopsis)) {
    std::vector<std::string> w = words(line);
    bool global = false;
    if (!w.empty() && w[0] == "iamtrim") {
      global = true;
      command.clear();
    }
    for (std::string word : w) {
      while (!word.empty() && (word.front() == '[' || word.front() == '(')) word.erase(word.begin());
      if (word.rfind("--", 0) != 0) {
        bool name = !word.empty() && word != "iamtrim" &&
                    word.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
        if (global && command.empty() && name) command = word;  // the first plain word after "iamtrim"
        continue;
      }
      std::size_t end = word.find_first_not_of("abcdefghijklmnopqrstuvwxyz-", 2);
      std::string option = word.substr(0, end);
      const std::string& text = help_of(command.empty() ? "" : command);
      // "  --format TEXT", "-q,--quiet  ": the whole name, not a prefix of another.
      bool listed = false;
      for (std::size_t at = text.find(option); at != std::string::npos && !listed; at = text.find(option, at + 1)) {
        char before = at ? text[at - 1] : '\n', after = at + option.size() < text.size() ? text[at + option.size()] : '\n';
        listed = (before == ' ' || before == ',') && (after == ' ' || after == '\n');
      }
      EXPECT_TRUE(listed)
          << "docs/lint-usage.md shows " << option << " for `iamtrim " << command << "`";
      ++checked;
    }
  }
  EXPECT_GT(checked, 20);
}

// The configuration sample of lint-usage.md (every key) is a valid
// configuration: the binary reads it.
TEST(Docs, TheConfigurationSampleIsValid) {
  std::vector<std::string> lines = split_lines(test::read_file(fs::path(IAMTRIM_SOURCE_DIR) / "docs/lint-usage.md"));
  std::string sample = block_after(lines, "# .iamtrim.yaml");
  ASSERT_NE(sample, "");
  test::TempDir t;
  test::write_file(t.dir() / ".iamtrim.yaml", sample);
  fs::create_directories(t.dir() / "iam-rules");
  fs::create_directories(t.dir() / "catalog");
  test::RunResult r = test::run_cli({"rules"}, "", t.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

// The commands of the CI recipes and pre-commit hooks (```yaml and ```sh
// blocks: lines that run `iamtrim lint|diff|check ...`, synopses aside) run
// as a pipeline would run them, in a git checkout of testdata/docs/ci whose
// origin/main lacks a widened grant: each takes its options (exit 0 or 1,
// never 2), writes the file its --output names, and the gate sees the new
// access.
TEST(Docs, TheCiRecipesRun) {
  if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
  test::TempDir t(fs::path(IAMTRIM_SOURCE_DIR) / "testdata/docs/ci");
  const fs::path& dir = t.dir();
  std::string git = "cd '" + dir.string() + "' && git -c user.name=t -c user.email=t@example.com ";
  ASSERT_EQ(std::system((git + "init -q -b main . && " + git + "add -A && " + git + "commit -qm base && " + git +
                         "update-ref refs/remotes/origin/main HEAD")
                            .c_str()),
            0);
  test::write_file(dir / "policies/readonly.json", R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})");
  int checked = 0;
  for (const char* page : {"docs/lint-usage.md", "docs/gate.md", "README.md"}) {
    std::vector<std::string> lines = split_lines(test::read_file(fs::path(IAMTRIM_SOURCE_DIR) / page));
    bool open = false, recipe = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string& line = lines[i];
      if (line.rfind("```", 0) == 0) {
        std::string lang = line.substr(3);
        recipe = !open && (lang == "yaml" || lang == "sh" || lang.empty());
        open = !open;
        continue;
      }
      if (!recipe) continue;
      std::size_t at = line.find("iamtrim ");
      if (at == std::string::npos) continue;
      std::string before = line.substr(0, at);
      while (!before.empty() && before.back() == ' ') before.pop_back();
      while (!before.empty() && before.front() == ' ') before.erase(before.begin());
      if (!(before.empty() || before == "$" || before == "-" || before == "run:" || before == "entry:")) continue;
      std::string command = line.substr(at);
      if (command.find('[') != std::string::npos || command.find('|') != std::string::npos) continue;  // a synopsis
      std::size_t expr = command.find("${{ github.base_ref }}");
      if (expr != std::string::npos) command.replace(expr, 22, "main");
      for (const char* cut : {" #", " >"}) command = command.substr(0, command.find(cut));
      std::vector<std::string> w = words(command);
      w.erase(w.begin());
      if (w.empty() || (w[0] != "lint" && w[0] != "diff" && w[0] != "check")) continue;
      if (w.size() > 1 && w[1] != "--" && std::isupper(static_cast<unsigned char>(w[1][0]))) continue;  // OLD NEW
      std::string where = std::string(page) + ":" + std::to_string(i + 1) + ": " + command;
      std::string output;
      for (std::size_t k = 0; k + 1 < w.size(); ++k)
        if (w[k] == "--output") output = w[k + 1];
      if (!output.empty()) fs::remove(dir / output);
      test::RunResult r = test::run_cli(w, "", dir);
      EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << where << "\nexit " << r.exit_code << "\n" << r.err;
      if (w[0] == "diff") EXPECT_EQ(r.exit_code, 1) << where << ": the gate missed s3:* in policies/readonly.json";
      if (!output.empty())
        EXPECT_GT(fs::exists(dir / output) ? fs::file_size(dir / output) : 0, 0u) << where << ": no " << output;
      ++checked;
    }
  }
  EXPECT_GE(checked, 10);
}

}  // namespace
}  // namespace iamtrim
