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

// A fresh, empty directory under the system's temporary folder, removed
// with everything in it when the object goes away; `copy_of` fills it with
// a copy of that folder's contents first.
class TempDir {
 public:
  explicit TempDir(const std::string& tag = "tmp");
  explicit TempDir(const char* tag);
  explicit TempDir(const std::filesystem::path& copy_of);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  const std::filesystem::path& dir() const { return path_; }
  std::filesystem::path operator/(const std::string& sub) const { return path_ / sub; }

 private:
  std::filesystem::path path_;
};

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
// feeding `input` on stdin, from the working directory `cwd` (repo root when
// empty). The variables that change iamtrim's output (GITHUB_STEP_SUMMARY,
// NO_COLOR, FORCE_COLOR, GITHUB_ACTIONS) are removed from the environment so
// a test behaves the same in CI; `env` then sets ("NAME=value") or removes
// ("NAME") variables for this run.
RunResult run_cli(const std::vector<std::string>& args, const std::string& input = "",
                  const std::filesystem::path& cwd = {}, const std::vector<std::string>& env = {});
// The same with standard error written into `out` as a terminal shows it
// (interleaved in the order of the writes); `err` stays empty.
RunResult run_cli_merged(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                         const std::vector<std::string>& env = {});

// A run as documentation shows it: "$ iamtrim ARGS", then standard error
// and standard output.
std::string console_session(const std::vector<std::string>& args, const RunResult& r);

}  // namespace iamtrim::test
