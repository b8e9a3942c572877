#include "cli/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace iamtrim::cli {
namespace {

std::string os_error(const std::string& what) { return what + ": " + std::strerror(errno); }

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::string atomic_write(const std::string& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::path target = std::filesystem::canonical(path, ec);
  if (ec) return "cannot resolve " + path + ": " + ec.message();
  struct stat original {};
  if (::stat(target.c_str(), &original) != 0) return os_error("cannot stat " + path);
  std::string tmpl = (target.parent_path() / ("." + target.filename().string() + ".iamtrim-XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return os_error("cannot create a temporary file beside " + path);
  std::string error;
  if (!write_all(fd, text)) error = os_error("cannot write " + std::string(name.data()));
  else if (::fchmod(fd, original.st_mode & 07777) != 0) error = os_error("cannot set the mode of the new file");
  // Only root can give a file away; for anyone else the owner is already theirs.
  else if ((original.st_uid != ::geteuid() || original.st_gid != ::getegid()) &&
           ::fchown(fd, original.st_uid, original.st_gid) != 0)
    error = os_error("cannot keep the owner of " + path);
  else if (::fsync(fd) != 0) error = os_error("cannot flush the new file");
  if (::close(fd) != 0 && error.empty()) error = os_error("cannot close the new file");
  if (error.empty() && ::rename(name.data(), target.c_str()) != 0) error = os_error("cannot replace " + path);
  if (!error.empty()) {
    ::unlink(name.data());
    return error;
  }
  // Make the rename itself durable.
  int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return "";
}

}  // namespace iamtrim::cli
