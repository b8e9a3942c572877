// State shared by the subcommands: the global options and the catalog they
// resolve to. The CLI only wires stages together; anything with logic lives
// in the library.
#pragma once

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "iamtrim/catalog.hpp"

namespace CLI {
class App;
}

namespace iamtrim::cli {

// Exit codes (README "Exit codes").
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

struct Context {
  std::string catalog_dir;  // --catalog DIR; empty for the embedded catalog
  int exit_code = kExitClean;

  // The catalog in force, or nullptr after printing why it could not be loaded.
  const Catalog* catalog();

 private:
  std::optional<Catalog> catalog_;
};

// Reads a file, or standard input for "-". Prints the reason on `err` and
// returns nullopt on failure.
std::optional<std::string> read_input(const std::string& path, std::ostream& err = std::cerr);

// Writes `text` to `path`; prints the reason and returns false on failure.
bool write_output(const std::string& path, const std::string& text);

// Reads a baseline file (report/baseline.hpp) and matches its entries with
// `fingerprints`: which of them it accepts, and its entries that matched
// nothing. Prints the reason and returns nullopt on failure.
struct BaselineMatch {
  std::vector<bool> accepted;
  std::vector<std::string> gone;  // messages of entries that matched nothing
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
void add_collect_command(CLI::App& app, Context& ctx);
void add_paths_command(CLI::App& app, Context& ctx);

}  // namespace iamtrim::cli
