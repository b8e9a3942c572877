// A CLI that helps: "did you mean" for every kind of mistyped name, --quiet
// and --color (with NO_COLOR and FORCE_COLOR) in every command, and shell
// completions and a man page that cover every command and option of the
// CLI, checked against what `--help` lists and read by the real shells.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;
using test::run_cli;
using test::RunResult;

fs::path repo() { return IAMTRIM_SOURCE_DIR; }

TEST(CliHelp, DidYouMean) {
  struct Case {
    std::vector<std::string> args;
    std::string err;
  } cases[] = {
      {{"lnt"}, "iamtrim: unknown command 'lnt' (did you mean lint?)\nRun iamtrim --help for the commands.\n"},
      {{"--quiet", "difff", "a", "b"},
       "iamtrim: unknown command 'difff' (did you mean diff?)\nRun iamtrim --help for the commands.\n"},
      {{"catalog", "shw", "s3:GetObject"},
       "iamtrim catalog: unknown command 'shw' (did you mean show?)\nRun iamtrim catalog --help for the commands.\n"},
      {{"lint", "--formt", "json"},
       "iamtrim lint: unknown option '--formt' (did you mean --format?)\nRun iamtrim lint --help for its options.\n"},
      {{"diff", "--fail-onn=any", "a", "b"},
       "iamtrim diff: unknown option '--fail-onn' (did you mean --fail-on?)\nRun iamtrim diff --help for its "
       "options.\n"},
      {{"lint", "--quite"},
       "iamtrim lint: unknown option '--quite' (did you mean --quiet?)\nRun iamtrim lint --help for its options.\n"},
      {{"explain", "pass-role"},
       "iamtrim: unknown rule or decision reason 'pass-role' (did you mean pass-role-on-star?); `iamtrim rules` and `iamtrim explain reasons` list them all\n"},
      {{"explain", "IAM5O5"},
       "iamtrim: unknown rule or decision reason 'IAM5O5' (did you mean IAM505, IAM005, IAM015?); `iamtrim rules` and `iamtrim explain reasons` list them all\n"},
      {{"lint", "--ignore", "unknown-actoin"},
       "iamtrim: --ignore: unknown rule 'unknown-actoin' (did you mean unknown-action?) (see `iamtrim rules`)\n"},
  };
  for (const Case& c : cases) {
    RunResult r = run_cli(c.args, "", repo() / "testdata/cli/project");
    EXPECT_EQ(r.exit_code, 2) << c.args[0];
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, c.err);
  }
  // Custom rules take part (examples/custom-rules/.iamtrim.yaml).
  RunResult custom = run_cli({"explain", "kms-write"}, "", repo() / "examples/custom-rules");
  EXPECT_EQ(custom.err,
            "iamtrim: unknown rule or decision reason 'kms-write' (did you mean kms-write-on-every-key?); `iamtrim rules` and `iamtrim explain reasons` list them all\n");
}

TEST(CliHelp, QuietKeepsFindingsAndErrorsOnly) {
  fs::path project = repo() / "testdata/cli/project";
  RunResult loud = run_cli({"lint", "policies"}, "", project);
  RunResult quiet = run_cli({"lint", "policies", "--quiet"}, "", project);
  EXPECT_EQ(quiet.exit_code, loud.exit_code);
  EXPECT_EQ(quiet.out, loud.out);
  EXPECT_NE(loud.err, "");
  EXPECT_EQ(quiet.err, "");
  RunResult error = run_cli({"-q", "lint", "missing.json"}, "", project);
  EXPECT_EQ(error.err, "iamtrim: missing.json: no such file or directory\n");
  RunResult diff = run_cli({"-q", "diff", "testdata/diff/trust-opened.old.json", "testdata/diff/trust-opened.new.json"});
  EXPECT_EQ(diff.out,
            "testdata/diff/trust-opened.new.json:7:7: principal-newly-trusted: statement 0 (CiDeployer): newly trusts AWS "
            "arn:aws:iam::444455556666:root with sts:AssumeRole on *\n");
  RunResult check = run_cli({"check", "-q", "--not-granted", "s3:PutObject", "testdata/diff/check-deployer.json"});
  EXPECT_EQ(check.exit_code, 0);
  EXPECT_EQ(check.out, "");
  // narrow's notes (a trust policy left alone) go too.
  fs::path module = repo() / "examples/terraform-module";
  RunResult narrow = run_cli({"narrow", "main.tf", "--evidence", "evidence.json"}, "", module);
  RunResult narrow_quiet = run_cli({"narrow", "main.tf", "--evidence", "evidence.json", "--quiet"}, "", module);
  EXPECT_NE(narrow.err.find("iamtrim: note: "), std::string::npos) << narrow.err;
  EXPECT_EQ(narrow_quiet.err, "");
  EXPECT_EQ(narrow_quiet.out, narrow.out);
  // paths' summary line on standard error goes too.
  std::vector<std::string> paths = {"paths", "--account", "testdata/paths/worked-example/authorization-details.json",
                                    "--no-config", "--format", "json"};
  RunResult paths_loud = run_cli(paths);
  paths.push_back("--quiet");
  RunResult paths_quiet = run_cli(paths);
  EXPECT_NE(paths_loud.err, "");
  EXPECT_EQ(paths_quiet.err, "");
  EXPECT_EQ(paths_quiet.out, paths_loud.out);
  EXPECT_EQ(paths_quiet.exit_code, paths_loud.exit_code);
}

bool coloured(const std::string& s) { return s.find("\033[") != std::string::npos; }

TEST(CliHelp, ColourFollowsTheFlagThenFORCE_COLORThenNO_COLOR) {
  std::vector<std::vector<std::string>> commands = {
      {"lint", "--no-config", "testdata/cli/project/policies/admin.json"},
      {"diff", "testdata/diff/trust-opened.old.json", "testdata/diff/trust-opened.new.json"},
      {"check", "--not-granted", "iam:PassRole", "testdata/diff/check-deployer.json"},
      {"explain", "IAM505"},
      {"rules"},
  };
  struct Setting {
    std::vector<std::string> flag, env;
    bool colour;
  } settings[] = {
      {{}, {}, false},  // not a terminal
      {{"--color", "always"}, {}, true},
      {{"--color", "always"}, {"NO_COLOR=1"}, true},
      {{"--color", "never"}, {"FORCE_COLOR=1"}, false},
      {{}, {"FORCE_COLOR=1"}, true},
      {{}, {"FORCE_COLOR=0"}, false},
      {{}, {"NO_COLOR=1"}, false},
      {{}, {"NO_COLOR=1", "FORCE_COLOR=1"}, true},
      {{"--color", "auto"}, {"NO_COLOR="}, false},
  };
  for (const auto& cmd : commands)
    for (const Setting& s : settings) {
      std::vector<std::string> args = s.flag;
      args.insert(args.end(), cmd.begin(), cmd.end());
      RunResult r = run_cli(args, "", repo(), s.env);
      EXPECT_EQ(coloured(r.out), s.colour) << cmd[0] << " " << (s.flag.empty() ? "" : s.flag[1]) << " "
                                           << (s.env.empty() ? "" : s.env[0]);
      // The same after the subcommand.
      std::vector<std::string> after = cmd;
      after.insert(after.end(), s.flag.begin(), s.flag.end());
      EXPECT_EQ(coloured(run_cli(after, "", repo(), s.env).out), s.colour) << cmd[0] << " (flag after)";
    }
  // Machine formats never carry colour.
  RunResult json = run_cli({"--color", "always", "lint", "--format", "json", "--no-config",
                            "testdata/cli/project/policies/admin.json"});
  EXPECT_FALSE(coloured(json.out));
}

// ---- completions and the man page ----------------------------------------

struct Cli {
  std::vector<std::string> commands;                       // "lint", "catalog show"
  std::map<std::string, std::vector<std::string>> options;  // per command ("" = global): "--format", "-q"
  std::map<std::string, std::vector<std::string>> choices;  // "lint --format" -> text, json, ...
};

// What `--help` says the CLI has, read from CLI11's help screens: the
// independent account the generated files are checked against.
void read_help(const std::string& command, Cli& cli) {
  std::vector<std::string> args;
  std::stringstream words(command);
  for (std::string w; words >> w;) args.push_back(w);
  args.push_back("--help");
  RunResult r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << command << r.err;
  std::stringstream in(r.out);
  std::string section;
  static const std::regex option_line(R"(^  (-[a-zA-Z],)?(--[a-z-]+)( (TEXT|INT|UINT|FLOAT|DIR)[^ ]*)?.*)");
  static const std::regex choice_list(R"(\{([^}]*)\})");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == ':' && line[0] != ' ') {
      section = line;
      continue;
    }
    std::smatch m;
    if (section == "Options:" && std::regex_match(line, m, option_line)) {
      std::string name = m[2];
      if (name == "--help" || name == "--version") continue;  // CLI11's own
      cli.options[command].push_back(name);
      if (m[1].matched) cli.options[command].push_back(std::string(m[1]).substr(0, 2));
      std::smatch c;
      if (std::regex_search(line, c, choice_list)) {
        std::stringstream list(c[1]);
        for (std::string v; std::getline(list, v, ',');) cli.choices[command + " " + name].push_back(v);
      }
    } else if (section == "Subcommands:" && line.size() > 2 && line[2] != ' ') {
      std::string sub = line.substr(2, line.find(' ', 2) - 2);
      std::string path = command.empty() ? sub : command + " " + sub;
      cli.commands.push_back(path);
      read_help(path, cli);
    }
  }
}

Cli cli_from_help() {
  Cli cli;
  read_help("", cli);
  return cli;
}

TEST(CliCompletions, EveryCommandOptionAndChoiceIsInEveryScriptAndTheManPage) {
  Cli cli = cli_from_help();
  ASSERT_GE(cli.commands.size(), 10u);  // expand, catalog (info, show, search), lint, explain, rules, diff, check, narrow
  for (const char* shell : {"bash", "zsh", "fish", "man"}) {
    RunResult r = std::string(shell) == "man" ? run_cli({"man"}) : run_cli({"completions", shell});
    ASSERT_EQ(r.exit_code, 0) << shell << r.err;
    std::string text = std::string(shell) == "man" ? std::regex_replace(r.out, std::regex(R"(\\-)"), "-") : r.out;
    for (const std::string& command : cli.commands) {
      std::string last = command.substr(command.rfind(' ') + 1);
      EXPECT_NE(text.find(last), std::string::npos) << shell << ": command " << command;
    }
    for (const auto& [command, options] : cli.options)
      for (const std::string& o : options) {
        // fish names options without dashes: `-l format`, `-s q`.
        std::string name = std::string(shell) == "fish" ? (o[1] == '-' ? "-l " + o.substr(2) : "-s " + o.substr(1)) : o;
        EXPECT_NE(text.find(name), std::string::npos) << shell << ": option " << o << " of '" << command << "'";
      }
    for (const auto& [where, values] : cli.choices)
      for (const std::string& v : values) EXPECT_NE(text.find(v), std::string::npos) << shell << ": " << where << " " << v;
    // The hidden commands stay out of what users are offered (comments aside).
    std::string code = std::regex_replace(text, std::regex("(^|\n)(#|\\.\\\\\")[^\n]*"), "$1");
    EXPECT_EQ(code.find("completions"), std::string::npos) << shell;
  }
}

TEST(CliCompletions, TheBuildInstallsWhatTheBinaryGenerates) {
  fs::path build = fs::path(IAMTRIM_CLI_PATH).parent_path();
  EXPECT_EQ(test::read_file(build / "completions/iamtrim.bash"), run_cli({"completions", "bash"}).out);
  EXPECT_EQ(test::read_file(build / "completions/_iamtrim"), run_cli({"completions", "zsh"}).out);
  EXPECT_EQ(test::read_file(build / "completions/iamtrim.fish"), run_cli({"completions", "fish"}).out);
  EXPECT_EQ(test::read_file(build / "man/iamtrim.1"), run_cli({"man"}).out);
  // --output writes the same.
  test::TempDir temp;
  fs::path out = temp.dir() / "iamtrim.fish";
  EXPECT_EQ(run_cli({"completions", "fish", "--output", out.string()}).exit_code, 0);
  EXPECT_EQ(test::read_file(out), run_cli({"completions", "fish"}).out);
}

bool have(const char* program) { return std::system(("command -v " + std::string(program) + " >/dev/null 2>&1").c_str()) == 0; }

// Runs a shell command line; returns its standard output.
std::string shell_output(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

// The generated files, written where the shells can read them.
class ScriptFiles {
 public:
  ScriptFiles() {
    for (const char* s : {"bash", "zsh", "fish"}) test::write_file(temp_.dir() / s, run_cli({"completions", s}).out);
    test::write_file(temp_.dir() / "iamtrim.1", run_cli({"man"}).out);
  }
  std::string path(const char* name) const { return (temp_.dir() / name).string(); }

 private:
  test::TempDir temp_;
};

TEST(CliCompletions, BashCompletesCommandsOptionsAndChoices) {
  if (!have("bash")) GTEST_SKIP() << "bash is not installed";
  ScriptFiles f;
  EXPECT_EQ(std::system(("bash -n '" + f.path("bash") + "'").c_str()), 0);
  auto complete = [&](const std::string& words, int cword) {
    return shell_output("bash -c 'source \"" + f.path("bash") + "\"; COMP_WORDS=(" + words + "); COMP_CWORD=" +
                        std::to_string(cword) + "; _iamtrim; echo \"${COMPREPLY[*]}\"'");
  };
  EXPECT_EQ(complete("iamtrim li", 1), "lint\n");
  EXPECT_EQ(complete("iamtrim lint --form", 2), "--format\n");
  EXPECT_EQ(complete("iamtrim lint --format \"\"", 3), "text json sarif github junit gitlab html\n");
  EXPECT_EQ(complete("iamtrim diff --format g", 3), "github gitlab\n");
  EXPECT_EQ(complete("iamtrim catalog s", 2), "show search\n");
  EXPECT_EQ(complete("iamtrim --color \"\"", 2), "auto always never\n");
  EXPECT_EQ(complete("iamtrim lint --col", 2), "--color\n");
}

TEST(CliCompletions, FishCompletesCommandsOptionsAndChoices) {
  if (!have("fish")) GTEST_SKIP() << "fish is not installed (Debian: fish)";
  ScriptFiles f;
  EXPECT_EQ(std::system(("fish -n '" + f.path("fish") + "'").c_str()), 0);
  auto complete = [&](const std::string& line) {
    std::string out = shell_output("fish -c 'source \"" + f.path("fish") + "\"; complete -C \"" + line + "\"'");
    std::string names;  // the candidates, without their descriptions
    std::stringstream in(out);
    for (std::string l; std::getline(in, l);) names += l.substr(0, l.find('\t')) + " ";
    return names;
  };
  EXPECT_EQ(complete("iamtrim li"), "lint ");
  EXPECT_EQ(complete("iamtrim lint --form"), "--format ");
  EXPECT_EQ(complete("iamtrim lint --format "), "github gitlab html json junit sarif text ");
  EXPECT_EQ(complete("iamtrim catalog s"), "search show ");
  EXPECT_EQ(complete("iamtrim check --not"), "--not-granted ");
}

TEST(CliCompletions, ZshAndManReadTheirFiles) {
  ScriptFiles f;
  if (have("zsh")) EXPECT_EQ(std::system(("zsh -n '" + f.path("zsh") + "'").c_str()), 0);
  else std::cout << "[  SKIPPED ] zsh is not installed (Debian: zsh)\n";
  if (!have("groff")) GTEST_SKIP() << "groff is not installed (Debian: groff-base)";
  // groff reads the page with every warning on and complains about nothing.
  std::string warnings = shell_output("groff -man -ww -z '" + f.path("iamtrim.1") + "' 2>&1");
  EXPECT_EQ(warnings, "");
  std::string page = shell_output("MANWIDTH=100 man -l '" + f.path("iamtrim.1") + "' 2>/dev/null");
  if (have("man")) {
    EXPECT_NE(page.find("iamtrim lint"), std::string::npos) << page.substr(0, 400);
    EXPECT_NE(page.find("--report-unused-ignores"), std::string::npos);
    EXPECT_NE(page.find("GITHUB_STEP_SUMMARY"), std::string::npos);
  }
}

// Inputs a command names may be streams (bash's <(...), /dev/stdin); a
// directory or a missing file says why it cannot be read.
TEST(CliInputs, StreamsAreReadAndUnreadableInputsSayWhy) {
  const std::string policy = test::read_file(repo() / "examples/deployer/policy.json");
  const std::string evidence = test::read_file(repo() / "examples/deployer/evidence.json");
  RunResult from_file = run_cli({"narrow", "examples/deployer/policy.json", "--evidence", "examples/deployer/evidence.json"});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  RunResult from_stream =
      run_cli({"narrow", "/dev/stdin", "--evidence", "examples/deployer/evidence.json"}, policy);
  EXPECT_EQ(from_stream.exit_code, 0) << from_stream.err;
  EXPECT_EQ(from_stream.out, from_file.out);
  RunResult evidence_stream =
      run_cli({"narrow", "examples/deployer/policy.json", "--evidence", "/dev/stdin"}, evidence);
  EXPECT_EQ(evidence_stream.out, from_file.out) << evidence_stream.err;
  RunResult lint_stream = run_cli({"lint", "--no-config", "/dev/stdin"}, policy);
  EXPECT_EQ(lint_stream.exit_code, run_cli({"lint", "--no-config", "examples/deployer/policy.json"}).exit_code);
  RunResult dir = run_cli({"narrow", "examples", "--evidence", "examples/deployer/evidence.json"});
  EXPECT_NE(dir.exit_code, 0);
  EXPECT_EQ(dir.err, "iamtrim: cannot read examples: is a directory\n");
  RunResult missing = run_cli({"narrow", "examples/deployer/policy.json", "--evidence", "no-such.json"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("no-such.json: cannot read the file (no such file)"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace iamtrim
