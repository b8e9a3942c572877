// iamtrim/system.hpp - the few things iamtrim asks of the operating system,
// done so that no input can hang it or make it read what it should not.
//
//   FileRead r = read_regular_file("policy.json", 64 << 20);
//   if (!r.text) std::cerr << r.error;     // "not a regular file", ...
//
// read_regular_file() opens without blocking and checks what it opened, so a
// FIFO, a device (/dev/zero) or a directory is an error instead of a hang or
// unbounded memory; the size cap is checked before reading and again while
// reading (a file that grows is cut off, not followed).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace iamtrim {

struct FileRead {
  std::optional<std::string> text;  // absent on failure
  std::string error;                // why: "no such file", "not a regular file", "larger than 1048576 bytes", ...
};
FileRead read_regular_file(const std::string& path, std::size_t max_bytes);

// What a command names as its input: a regular file as above, or a stream
// (a pipe such as bash's <(...), a FIFO, a character device such as
// /dev/stdin) read to its end, and "-" for standard input. A stream is cut
// at `max_bytes` too: /dev/zero is "larger than ... bytes", not unbounded
// memory. Directories, sockets and block devices are refused.
FileRead read_input_file(const std::string& path, std::size_t max_bytes);

// The cap the command line puts on one input file: far above any IAM
// document (a 5,000-role get-account-authorization-details is 18 MiB).
inline constexpr std::size_t kMaxInputFile = std::size_t{512} << 20;

// The nearest directory at or above `dir` that holds a `.git` entry (a
// directory, or a file as in worktrees and submodules), as an absolute,
// lexically normal path; nullopt outside a git work tree.
std::optional<std::string> repository_root(const std::string& dir);

struct ProcessResult {
  int status = -1;  // exit status; -1 when it could not run
  std::string out, err;
};
// Runs argv[0] (found on PATH) with no shell in `cwd` ("" for the current
// directory), standard input from /dev/null, and collects both outputs.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd = "");

}  // namespace iamtrim
