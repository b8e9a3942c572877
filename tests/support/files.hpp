// File helpers for tests: read fixtures, compare with golden files, run the CLI.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace iamtrim::test {

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);
// The non-empty lines of a file (a fixture's `args`, one argument a line);
// empty when the file does not exist.
std::vector<std::string> non_empty_lines(const std::filesystem::path& path);

// A new, empty folder for the running test: TEMP/PREFIX-PID-TESTNAME.
std::filesystem::path fresh_dir(const std::string& prefix);

// A path under the repo's testdata/ folder.
std::filesystem::path testdata(const std::string& sub);

// Compares `actual` with the golden file; with IAMTRIM_UPDATE_GOLDEN=1 in
// the environment, rewrites the golden file instead (read it before
// committing it). Returns an empty string on a match, else a description.
std::string check_golden(const std::filesystem::path& golden, const std::string& actual);

// The text of `doc` (relative to the source tree) between the line `begin`
// and `end` must be `generated`; with IAMTRIM_UPDATE_GOLDEN=1 in the
// environment it is rewritten instead. Returns an empty string on a match,
// else a description. For examples in README.md and docs/ that a test runs.
std::string check_doc_block(const std::string& doc, const std::string& begin, const std::string& end,
                            const std::string& generated);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the built iamtrim binary with `args` (no shell involved), optionally
// feeding `input` on stdin, from the working directory `cwd` (repo root when empty).
RunResult run_cli(const std::vector<std::string>& args, const std::string& input = "",
                  const std::filesystem::path& cwd = {});

// A run as documentation shows it: "$ iamtrim ARGS", then standard error
// and standard output.
std::string console_session(const std::vector<std::string>& args, const RunResult& r);

}  // namespace iamtrim::test
