// State shared by the subcommands: the global options and the catalog they
// resolve to. The CLI only wires stages together; anything with logic lives
// in the library.
#pragma once

#include <iostream>
#include <optional>
#include <string>

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

}  // namespace iamtrim::cli
