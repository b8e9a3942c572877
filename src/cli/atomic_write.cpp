#include "cli/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

namespace iamtrim::cli {
namespace {

namespace fs = std::filesystem;

std::string os_error(const std::string& what) { return what + ": " + std::strerror(errno); }

bool write_all(int fd, std::string_view text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// FNV-1a: a change detector, not a defence against someone forging a collision.
std::uint64_t hash_of(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::int64_t mtime_of(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

bool read_all(const std::string& path, std::string& out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

// The umask can only be read by setting it, and while it is 0 a folder or
// file another thread creates would get the wrong mode: so it is read once,
// while the program starts and no other thread runs yet.
mode_t read_umask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}
const mode_t kUmask = read_umask();

mode_t default_mode() { return 0666 & ~kUmask; }

std::string octal(mode_t mode) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
  return buffer;
}

// A temporary file beside `target` holding `text`, with `mode` (and the
// owner of `owner` when given), flushed to disk. Sets `temp` to its name.
std::string write_temp(const fs::path& target, std::string_view text, mode_t mode, const struct stat* owner,
                       std::string& temp, bool sync = true) {
  std::string tmpl = (target.parent_path() / ("." + target.filename().string() + ".iamtrim-XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return os_error("cannot create a temporary file beside " + target.string());
  temp = name.data();
  std::string error;
  if (!write_all(fd, text)) error = os_error("cannot write " + temp);
  else if (::fchmod(fd, mode & 07777) != 0) error = os_error("cannot set the mode of the new file");
  // Only root can give a file away; for anyone else the owner is already theirs.
  else if (owner && (owner->st_uid != ::geteuid() || owner->st_gid != ::getegid()) &&
           ::fchown(fd, owner->st_uid, owner->st_gid) != 0)
    error = os_error("cannot keep the owner of " + target.string());
  else if (sync && ::fsync(fd) != 0) error = os_error("cannot flush the new file");
  if (::close(fd) != 0 && error.empty()) error = os_error("cannot close the new file");
  if (!error.empty()) ::unlink(temp.c_str());
  return error;
}

// Renames the temporary file over `target` and makes the rename durable.
std::string commit(const std::string& temp, const fs::path& target, const std::string& shown, bool sync = true) {
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    std::string error = os_error("cannot replace " + shown);
    ::unlink(temp.c_str());
    return error;
  }
  if (!sync) return "";
  int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return "";
}

// What differs between the file now and what was read, or "" when nothing does.
std::string changed_since(const fs::path& target, const FileSnapshot& read) {
  struct stat now {};
  if (::stat(target.c_str(), &now) != 0) return "it is gone";
  if (now.st_dev != read.device || now.st_ino != read.inode) return "it was replaced by another file";
  if (now.st_size != read.size) return "its size changed";
  if (mtime_of(now) != read.mtime_ns) return "its modification time changed";
  std::string text;
  if (!read_all(target.string(), text)) return "it cannot be read again";
  if (hash_of(text) != read.hash) return "its contents changed";
  return "";
}

}  // namespace

FileSnapshot snapshot_file(const std::string& path, const std::string& text_read) {
  FileSnapshot s;
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0) return s;
  s.known = true;
  s.device = st.st_dev;
  s.inode = st.st_ino;
  s.size = st.st_size;
  s.mtime_ns = mtime_of(st);
  s.hash = hash_of(text_read);
  return s;
}

std::string replace_file(const std::string& path, std::string_view text, const FileSnapshot& read, bool force) {
  std::error_code ec;
  fs::path target = fs::canonical(path, ec);
  if (ec) return "cannot resolve " + path + ": " + ec.message();
  struct stat original {};
  if (::stat(target.c_str(), &original) != 0) return os_error("cannot stat " + path);
  if (!force && (original.st_mode & 0222) == 0)
    return path + " is read-only (mode " + octal(original.st_mode) +
           "): not rewritten; --force rewrites it anyway, keeping the mode";
  if (!read.known) return "cannot tell whether " + path + " changed since it was read: not rewritten";
  std::string temp;
  if (std::string error = write_temp(target, text, original.st_mode, &original, temp); !error.empty()) return error;
  // Just before the rename: is the file still what was read?
  if (std::string why = changed_since(target, read); !why.empty()) {
    ::unlink(temp.c_str());
    return path + " changed since iamtrim read it (" + why + "): not rewritten, so nothing written there is lost; "
                  "run iamtrim again on the new contents";
  }
  return commit(temp, target, path);
}

void InputFiles::add(const std::string& path) {
  struct stat st {};
  if (path.empty() || path == "-" || ::stat(path.c_str(), &st) != 0) return;
  ids_.push_back({st.st_dev, st.st_ino, path});
}

std::string InputFiles::conflict(const std::string& output) const {
  struct stat st {};
  if (output.empty() || output == "-" || ::stat(output.c_str(), &st) != 0) return "";
  for (const Id& id : ids_)
    if (id.device == st.st_dev && id.inode == st.st_ino)
      return output + " is " + (id.path == output ? std::string("an input of this command") : "the input " + id.path) +
             ": not overwritten";
  return "";
}

std::string link_below(const std::string& path, const std::string& folder) {
  // Every folder below `folder` and the file itself: never a symbolic link.
  fs::path at(folder);
  for (const fs::path& part : fs::path(path).lexically_relative(folder)) {
    at /= part;
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0) continue;
    if (S_ISLNK(st.st_mode)) return at.string() + " is a symbolic link: not written through";
  }
  return "";
}

std::string write_atomic(const std::string& path, const std::string& text, const OutputOptions& options) {
  fs::path target(path);
  std::error_code ec;
  if (!options.inside.empty())
    if (std::string why = link_below(path, options.inside); !why.empty()) return why;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) return "cannot create " + target.parent_path().string() + ": " + ec.message();
  }
  // An existing file keeps its mode; a link (outside --out folders) is
  // followed. Below `inside` there is none to follow (link_below refused it).
  if (options.inside.empty())
    if (fs::path real = fs::canonical(target, ec); !ec) target = real;
  struct stat existing {};
  mode_t mode = default_mode();
  if (::stat(target.c_str(), &existing) == 0) {
    if (S_ISCHR(existing.st_mode) || S_ISFIFO(existing.st_mode)) {
      // A terminal, /dev/stdout or a pipe: there is nothing to replace, so write through.
      std::ofstream out(target, std::ios::binary);
      out << text;
      out.close();
      return out ? "" : "cannot write " + path;
    }
    if (!S_ISREG(existing.st_mode)) return path + " exists and is not a regular file";
    mode = existing.st_mode;
  }
  if (!target.has_parent_path()) target = fs::path(".") / target;
  std::string temp;
  if (std::string error = write_temp(target, text, mode, nullptr, temp, options.sync); !error.empty()) return error;
  return commit(temp, target, path, options.sync);
}

bool OutputFolder::known(const std::string& folder) {
  std::lock_guard<std::mutex> lock(mutex_);
  return ready_.count(folder) > 0;
}

bool OutputFolder::made(const std::string& folder) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = ready_.find(folder);
  return it != ready_.end() && it->second;
}

void OutputFolder::remember(const std::string& folder, bool made) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Two threads may meet at a new folder: the one whose mkdir failed
  // (EEXIST) must not hide that this run made it.
  auto [it, added] = ready_.emplace(folder, made);
  if (!added && made) it->second = true;
}

std::string OutputFolder::usable(const std::string& root) {
  struct stat st {};
  if (::stat(root.c_str(), &st) != 0) {
    if (errno == ENOENT) return "";
    return os_error("cannot examine " + root);
  }
  if (!S_ISDIR(st.st_mode)) return root + " exists and is not a folder";
  return "";
}

std::string OutputFolder::ready(const std::string& relative_folder) {
  if (!known("")) {
    // The root itself may be a link (the user named it); it is made when missing.
    std::error_code ec;
    // The root and the folders above it that are missing, deepest first.
    std::vector<std::string> missing;
    for (fs::path at = fs::path(root_).lexically_normal(); !at.empty() && !fs::exists(fs::symlink_status(at, ec));
         at = at.parent_path()) {
      missing.push_back(at.string());
      if (at == at.parent_path()) break;
    }
    fs::create_directories(root_, ec);
    if (ec) return "cannot create " + root_ + ": " + ec.message();
    if (std::string why = usable(root_); !why.empty()) return why;
    std::lock_guard<std::mutex> lock(mutex_);
    ready_.emplace("", false);
    // Another thread may have seen fewer of them missing: the union, deepest first.
    for (std::string& m : missing)
      if (std::find(made_above_.begin(), made_above_.end(), m) == made_above_.end()) made_above_.push_back(std::move(m));
    std::sort(made_above_.begin(), made_above_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }
  if (relative_folder.empty() || known(relative_folder)) return "";
  // Each folder from the top down: made when missing (another thread may
  // make it at the same time), and never a symbolic link.
  std::string relative;
  for (const fs::path& part : fs::path(relative_folder)) {
    relative = relative.empty() ? part.string() : relative + "/" + part.string();
    if (known(relative)) continue;
    const std::string at = (fs::path(root_) / relative).string();
    // Made here: a new, empty folder, nothing to examine (creating folders
    // is most of the system time of a large account's --out).
    if (::mkdir(at.c_str(), 0777) == 0) {
      remember(relative, true);
      continue;
    }
    const int not_made = errno;
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0) {
      if (not_made != EEXIST) errno = not_made;
      return os_error((not_made == EEXIST ? "cannot examine " : "cannot create ") + at);
    }
    if (S_ISLNK(st.st_mode)) return at + " is a symbolic link: not written through";
    if (!S_ISDIR(st.st_mode)) return at + " exists and is not a folder";
    remember(relative, false);
  }
  return "";
}

OutputFolder::NewFile OutputFolder::write_new(const std::string& relative, std::string_view text, std::string& error) {
  const fs::path target = fs::path(root_) / relative;
  const std::string folder = fs::path(relative).parent_path().string();
  // Every folder on the way made, or checked to be a folder and not a link.
  if (error = ready(folder); !error.empty()) return NewFile::Failed;
  struct stat st {};
  // In a folder this run made, nothing was there before: the rename below
  // (RENAME_NOREPLACE) is the check, for anything another process puts
  // there since. Elsewhere an existing file is found before any writing.
  if (!made(folder)) {
    if (::lstat(target.c_str(), &st) == 0) return NewFile::Exists;
    if (errno != ENOENT) {
      error = os_error("cannot examine " + target.string());
      return NewFile::Failed;
    }
  }
  Staged staged;
  if (!write_temp_beside(target, text, staged, error)) return NewFile::Failed;
  const NewFile done = commit(staged, error);
  if (done == NewFile::Exists) discard(staged);
  return done;
}

bool OutputFolder::stage(const std::string& relative, std::string_view text, Staged& staged, std::string& error) {
  if (error = ready(fs::path(relative).parent_path().string()); !error.empty()) return false;
  return write_temp_beside(fs::path(root_) / relative, text, staged, error);
}

bool OutputFolder::write_temp_beside(const fs::path& target, std::string_view text, Staged& staged,
                                     std::string& error) {
  // The temporary file: a name no other thread or run uses, created with
  // the final mode (0666 less the umask), never through a link.
  static std::atomic<unsigned long> serial{0};
  static const std::string pid = std::to_string(::getpid());
  const std::string prefix =
      (target.parent_path() / ("." + target.filename().string() + ".iamtrim-")).string() + pid + "-";
  std::string temp;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    temp = prefix + std::to_string(serial.fetch_add(1));
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    error = os_error("cannot create a temporary file beside " + target.string());
    return false;
  }
  if (!write_all(fd, text)) error = os_error("cannot write " + temp);
  if (::close(fd) != 0 && error.empty()) error = os_error("cannot close " + temp);
  if (!error.empty()) {
    ::unlink(temp.c_str());
    return false;
  }
  staged = {std::move(temp), target.string()};
  return true;
}

OutputFolder::NewFile OutputFolder::commit(const Staged& staged, std::string& error) {
  // Into place only if the path is still free: a file that is there (or
  // appeared since write_new's lstat) is replaced with the checks of an
  // existing file instead.
  int renamed = ::renameat2(AT_FDCWD, staged.temp.c_str(), AT_FDCWD, staged.target.c_str(), RENAME_NOREPLACE);
  if (renamed != 0 && (errno == EINVAL || errno == ENOSYS)) {
    // A file system without RENAME_NOREPLACE: an lstat just before is the check.
    struct stat st {};
    if (::lstat(staged.target.c_str(), &st) != 0 && errno == ENOENT) renamed = ::rename(staged.temp.c_str(), staged.target.c_str());
    else errno = EEXIST;
  }
  if (renamed == 0) return NewFile::Written;
  if (errno == EEXIST) return NewFile::Exists;
  error = os_error("cannot create " + staged.target);
  ::unlink(staged.temp.c_str());
  return NewFile::Failed;
}

std::string OutputFolder::replace(const Staged& staged, bool force) {
  const std::string& path = staged.target;
  struct stat before {};
  if (::lstat(path.c_str(), &before) != 0) return os_error("cannot examine " + path);
  if (S_ISLNK(before.st_mode)) return path + " is a symbolic link: not written through";
  if (!S_ISREG(before.st_mode)) return path + " exists and is not a regular file: not replaced";
  if (!force && (before.st_mode & 0222) == 0)
    return path + " is read-only (mode " + octal(before.st_mode) +
           "): not rewritten; --force rewrites it anyway, keeping the mode";
  if (::chmod(staged.temp.c_str(), before.st_mode & 07777) != 0) return os_error("cannot set the mode of the new file");
  // Only root can give a file away; for anyone else the owner is already theirs.
  if ((before.st_uid != ::geteuid() || before.st_gid != ::getegid()) &&
      ::lchown(staged.temp.c_str(), before.st_uid, before.st_gid) != 0)
    return os_error("cannot keep the owner of " + path);
  // Just before the rename: is it still the file examined above?
  struct stat now {};
  if (::lstat(path.c_str(), &now) != 0 || now.st_dev != before.st_dev || now.st_ino != before.st_ino ||
      now.st_size != before.st_size || mtime_of(now) != mtime_of(before))
    return path + " changed while iamtrim was replacing it: not replaced, so nothing written there is lost";
  if (::rename(staged.temp.c_str(), path.c_str()) != 0) return os_error("cannot replace " + path);
  return "";
}

void OutputFolder::discard(const Staged& staged) { ::unlink(staged.temp.c_str()); }

void OutputFolder::remove_made_folders() {
  std::vector<std::string> made;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [folder, was_made] : ready_)
      if (was_made) made.push_back(folder);
  }
  // Deepest first: a folder's path is longer than its parent's.
  std::sort(made.begin(), made.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& folder : made) ::rmdir((fs::path(root_) / folder).c_str());
  for (const std::string& folder : made_above_) ::rmdir(folder.c_str());
  std::lock_guard<std::mutex> lock(mutex_);
  ready_.clear();
  made_above_.clear();
}

bool sync_tree(const std::string& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::syncfs(fd) == 0;
  ::close(fd);
  return ok;
}

bool write_output_checked(const std::string& option, const std::string& path, const std::string& text,
                          const InputFiles& inputs) {
  std::string error = inputs.conflict(path);
  if (error.empty()) error = write_atomic(path, text);
  if (!error.empty()) std::cerr << "iamtrim: " << option << " " << path << ": " << error << "\n";
  return error.empty();
}

}  // namespace iamtrim::cli
