// Reading one file without trusting what it is, and finding the top of the
// git work tree a path is in.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "iamtrim/system.hpp"

namespace iamtrim {

FileRead read_regular_file(const std::string& path, std::size_t max_bytes) {
  FileRead r;
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of
  // waiting; the fstat below then refuses it.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    r.error = errno == ENOENT ? "no such file" : std::strerror(errno);
    return r;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    r.error = std::strerror(errno);
  } else if (!S_ISREG(st.st_mode)) {
    r.error = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file";
  } else if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    r.error = "larger than " + std::to_string(max_bytes) + " bytes";
  } else {
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t have = 0;
    for (;;) {
      if (have == text.size()) {
        // The file may have grown since fstat: read on, up to the cap.
        if (text.size() >= max_bytes + 1) break;
        text.resize(std::min<std::size_t>(max_bytes + 1, text.size() + 65536));
      }
      ssize_t n = ::read(fd, text.data() + have, text.size() - have);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        r.error = std::strerror(errno);
        break;
      }
      if (n == 0) break;
      have += static_cast<std::size_t>(n);
    }
    if (r.error.empty() && have > max_bytes) r.error = "larger than " + std::to_string(max_bytes) + " bytes";
    if (r.error.empty()) {
      text.resize(have);
      r.text = std::move(text);
    }
  }
  ::close(fd);
  return r;
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
