// Runs the built iamtrim binary on a pseudo-terminal, to test what only a
// terminal gets (the progress line of long runs).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace iamtrim::test {

struct TerminalRun {
  int exit_code = -1;
  std::string screen;  // every byte the terminal received, in order (stdout, and stderr unless redirected)
  std::string err;     // standard error, when it went to a file instead
};

// Runs `iamtrim ARGS` from the repo root with its standard output (and,
// unless `stderr_to_file`, its standard error) on a new pseudo-terminal of
// `columns` columns; with `stderr_to_file`, standard error goes to a file
// whose text is returned in `err`.
TerminalRun run_cli_on_terminal(const std::vector<std::string>& args, bool stderr_to_file = false,
                                unsigned short columns = 100);

}  // namespace iamtrim::test
