// State shared by the subcommands: the global options and the catalog they
// resolve to. The CLI only wires stages together; anything with logic lives
// in the library.
#pragma once

#include <iostream>
#include <memory>
#include <optional>
#include <type_traits>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/baseline.hpp"

namespace CLI {
class App;
}

namespace iamtrim {
struct GateReport;
}

namespace iamtrim::cli {

// Exit codes (README "Exit codes").
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

struct Context {
  std::string catalog_dir;  // --catalog DIR; empty for the embedded catalog
  std::string color = "auto";  // --color auto|always|never
  bool quiet = false;          // --quiet: findings and errors only, no summaries or notes
  int exit_code = kExitClean;

  // Whether output to the file descriptor (1 or 2) is coloured: --color
  // always/never decide; with auto, FORCE_COLOR (set, not empty, not "0")
  // turns colour on, NO_COLOR (set, not empty) turns it off, and otherwise
  // a terminal (not TERM=dumb) gets colour.
  bool color_for(int fd) const;

  // The catalog in force, or nullptr after printing why it could not be loaded.
  const Catalog* catalog();

 private:
  std::optional<Catalog> catalog_;
};

// With --quiet: drops the "iamtrim: note: ..." lines every command writes to
// standard error, for the rest of the run. Findings, warnings and errors stay.
void silence_notes();

// The configuration in force: `file` when given, none with `no_config`,
// else the nearest .iamtrim.yaml from the working directory up. nullopt
// after printing why it is invalid.
std::optional<config::Config> load_configuration(const std::string& file, bool no_config);

// Appends Markdown to the file $GITHUB_STEP_SUMMARY names, when it is set
// (GitHub Actions shows it on the run's summary page); says why on failure.
void append_step_summary(const std::string& markdown);

// Prints the report of `diff` or `check` in `format` (text, json, markdown,
// sarif, github, junit, gitlab).
void print_gate_report(const Context& ctx, const Catalog& catalog, const GateReport& report,
                       const std::string& format);

// Keeps `value` until the process ends instead of destroying it: the kernel
// takes a process's memory back at once, while freeing a document tree and
// a policy of tens of thousands of statements node by node is ~8% of the
// instructions of `expand` of the corpus's patterns. For what a command
// holds until it returns; it stays reachable, so leak checkers are silent.
template <typename T>
void keep_until_exit(T&& value) {
  static auto* kept = new std::vector<std::shared_ptr<void>>();  // never freed, on purpose
  kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

// Reads a file, or standard input for "-". Prints the reason on `err` and
// returns nullopt on failure.
std::optional<std::string> read_input(const std::string& path, std::ostream& err = std::cerr);

// Writes `text` to `path`; prints the reason and returns false on failure.
bool write_output(const std::string& path, const std::string& text);

// Reads a baseline file (iamtrim/baseline.hpp) and matches its entries with
// `fingerprints`: which of them it accepts, and its entries that matched
// nothing. Prints the reason and returns nullopt on failure.
struct BaselineMatch {
  std::vector<bool> accepted;
  std::vector<std::string> gone;  // messages of entries that matched nothing
  std::vector<baseline::BaselineEntry> fixed;  // those entries themselves
};
std::optional<BaselineMatch> match_baseline_file(const std::string& path, const std::vector<std::string>& fingerprints);

// One registration function per subcommand (one file each).
void add_expand_command(CLI::App& app, Context& ctx);
void add_catalog_command(CLI::App& app, Context& ctx);
void add_lint_command(CLI::App& app, Context& ctx);
void add_explain_command(CLI::App& app, Context& ctx);
void add_rules_command(CLI::App& app, Context& ctx);
void add_diff_command(CLI::App& app, Context& ctx);
void add_check_command(CLI::App& app, Context& ctx);
void add_narrow_command(CLI::App& app, Context& ctx);
// Hidden: `completions bash|zsh|fish` and `man`, generated from `app`
// itself (the build installs their output).
void add_completions_command(CLI::App& app, Context& ctx);
void add_collect_command(CLI::App& app, Context& ctx);
void add_paths_command(CLI::App& app, Context& ctx);

}  // namespace iamtrim::cli
