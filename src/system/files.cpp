// Reading one file without trusting what it is, and finding the top of the
// git work tree a path is in.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "iamtrim/system.hpp"

namespace iamtrim {

namespace {

// Reads `fd` to its end into `text` (which holds the size fstat gave, and
// one byte more), up to max_bytes; an error sets r.error. For a regular file
// (`regular`), a read that fills less than it was given is the end of the
// file: a file that has not changed since fstat costs one read.
void read_to_end(int fd, std::string text, std::size_t max_bytes, bool regular, FileRead& r) {
  std::size_t have = 0;
  for (;;) {
    ssize_t n = 0;
    if (have < text.size()) {
      n = ::read(fd, text.data() + have, text.size() - have);
    } else {
      // Full: the file grew since fstat, or a stream's buffer. Ask for more through
      // a small buffer first, so that a file read whole costs no larger
      // buffer (for a stream, the next read usually says end of file).
      char more[4096];
      n = ::read(fd, more, sizeof more);
      if (n > 0) {
        if (text.size() > max_bytes) break;  // past the cap: the file grew, or a stream is endless
        text.append(more, static_cast<std::size_t>(n));
        have = text.size();
        // Room for the rest (doubling: a stream costs amortised linear time), never far past the cap.
        text.resize(std::min<std::size_t>(max_bytes + 1, std::max<std::size_t>(text.size() * 2, 65536)));
        if (have > max_bytes) break;
        continue;
      }
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      r.error = std::strerror(errno);
      return;
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
    if (regular && have < text.size()) break;
  }
  if (have > max_bytes) {
    r.error = "larger than " + std::to_string(max_bytes) + " bytes";
    return;
  }
  text.resize(have);
  r.text = std::move(text);
}

// Reads what `fd` is: a regular file, and with `streams` a pipe, FIFO or
// character device too.
FileRead read_fd(int fd, std::size_t max_bytes, bool streams) {
  FileRead r;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    r.error = std::strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    r.error = "is a directory";
  } else if (S_ISREG(st.st_mode)) {
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
      r.error = "larger than " + std::to_string(max_bytes) + " bytes";
    else
      read_to_end(fd, std::string(static_cast<std::size_t>(st.st_size) + 1, '\0'), max_bytes, true, r);
  } else if (streams && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
    // A pipe, a FIFO, standard input or a device: read as cat would, blocking.
    int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK)) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    read_to_end(fd, std::string(), max_bytes, false, r);
  } else {
    r.error = "not a regular file";
  }
  return r;
}

FileRead read_path(const std::string& path, std::size_t max_bytes, bool streams) {
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of
  // waiting; fstat then tells what was opened. A stream named as input is
  // a FIFO opened as cat opens one, waiting for its writer: opened without
  // blocking, a FIFO whose writer has not come yet would read as empty.
  struct stat named {};
  bool fifo = streams && ::stat(path.c_str(), &named) == 0 && S_ISFIFO(named.st_mode);
  int fd = ::open(path.c_str(), O_RDONLY | (fifo ? 0 : O_NONBLOCK) | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    FileRead r;
    r.error = errno == ENOENT ? "no such file" : std::strerror(errno);
    return r;
  }
  FileRead r = read_fd(fd, max_bytes, streams);
  ::close(fd);
  return r;
}

}  // namespace

FileRead read_regular_file(const std::string& path, std::size_t max_bytes) { return read_path(path, max_bytes, false); }

FileRead read_input_file(const std::string& path, std::size_t max_bytes) {
  if (path == "-") return read_fd(STDIN_FILENO, max_bytes, true);
  return read_path(path, max_bytes, true);
}

std::optional<std::string> repository_root(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path at = fs::absolute(dir.empty() ? "." : dir, ec).lexically_normal();
  if (ec) return std::nullopt;
  if (!at.has_filename() && at != at.root_path()) at = at.parent_path();  // "a/b/" -> "a/b"
  for (;;) {
    struct stat st {};
    if (::lstat((at / ".git").c_str(), &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
      return at.generic_string();
    if (at == at.root_path() || at.parent_path() == at) return std::nullopt;
    at = at.parent_path();
  }
}

}  // namespace iamtrim
