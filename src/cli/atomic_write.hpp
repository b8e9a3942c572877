// Writing files so that nothing a user has is lost:
//  - a rewrite of an input (`narrow --write`, `lint --fix`) replaces the file
//    atomically (a reader sees the old or the new contents, never a mix; a
//    failure leaves the original untouched), keeps its mode and owner,
//    refuses a read-only file unless forced, and refuses when the file
//    changed since it was read (size, modification time, content hash),
//    checked just before the rename;
//  - an output (`--report`, `--output`, account `--out`) is written through a
//    temporary file and a rename as well, never over one of the command's
//    inputs (compared by device and inode, so symbolic links and `../`
//    spellings count), and for account `--out` never through a symbolic link
//    inside the output folder.
// The window between the last check and the rename is a few system calls;
// only a lock the editor honours could close it, and editors take none.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace iamtrim::cli {

// What a file was when it was read.
struct FileSnapshot {
  bool known = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t hash = 0;  // of the bytes read
};

// The file at `path` as it is now, with the hash of `text_read` (the bytes
// the caller read from it). Unknown when the file cannot be examined.
FileSnapshot snapshot_file(const std::string& path, const std::string& text_read);

// Replaces the existing file `path` (the target of a symbolic link, not the
// link) with `text`: refuses when it has no write permission bits unless
// `force`, and when it differs from `read` (another program wrote it since)
// just before the atomic rename. Returns "" on success, else the reason
// (the file is then untouched and no temporary file is left).
std::string replace_file(const std::string& path, std::string_view text, const FileSnapshot& read, bool force);

// The files a command reads, so that no output overwrites one of them.
class InputFiles {
 public:
  void add(const std::string& path);  // ignored when it does not exist (or is "-")
  // Why `output` may not be written ("" when it may): it is one of the inputs.
  std::string conflict(const std::string& output) const;

 private:
  struct Id {
    dev_t device;
    ino_t inode;
    std::string path;
  };
  std::vector<Id> ids_;
};

struct OutputOptions {
  // Refuse when `path`, or a folder between `inside` and it, is a symbolic
  // link (account --out writes below a folder the user may share).
  std::string inside;
  // False: the file is not flushed to disk one by one (a batch of new files
  // under one folder, flushed together by sync_tree() when all are written).
  // The rename is still atomic: no reader ever sees half a file.
  bool sync = true;
};

// Writes an output file atomically (temporary file + rename; the mode of a
// file it replaces is kept, a new file gets 0666 less the umask), creating
// missing folders. Returns "" on success, else the reason. Several threads
// may write different paths at once, in the same folders too (the umask is
// read once at start-up, never set again).
std::string write_atomic(const std::string& path, const std::string& text, const OutputOptions& options = {});

// The new files of account --out below one output folder, written by several
// threads at once. Each folder between the root and a file is made (0777 less
// the umask) or checked (a folder, not a symbolic link) once per run and
// remembered, so a file costs one lstat, one open, one write, one close and
// one rename: a temporary file beside it, created with 0666 less the umask,
// renamed into place only if nothing is there by then (RENAME_NOREPLACE).
// In a folder this run made the lstat is left out (nothing was there; the
// rename still refuses what another process puts there meanwhile), and a
// folder mkdir makes is not examined.
// Files are not flushed one by one: call sync_tree() when all are written.
// A folder replaced by a link after it was checked is not noticed; the
// output folder is the user's, as with any tool that writes into it.
class OutputFolder {
 public:
  explicit OutputFolder(std::string root) : root_(std::move(root)) {}
  const std::string& root() const { return root_; }

  // "" when `root` can be the output folder: missing (it is made when the
  // first file is written) or a folder, or a link to one (the user named
  // it); otherwise why not. Checked before any work, so that a regular
  // file named as --out is one error up front, not one per policy at the end.
  static std::string usable(const std::string& root);

  enum class NewFile {
    Written,  // the file did not exist and now holds the text
    Exists,   // something is already at the path: nothing was written
    Failed,   // nothing was written; `error` says why
  };
  // Writes `text` as the new file `relative` (below the root).
  NewFile write_new(const std::string& relative, std::string_view text, std::string& error);

  // write_new in two steps, for files to be written as they are made but
  // put in place only later (an account's detail files, once the whole
  // account is verified). stage() writes `text` to a temporary file beside
  // `relative` (its folders made or checked as for write_new; a name no
  // other thread or run uses, "." + name + ".iamtrim-PID-N"); false, with
  // `error`, when nothing could be written (nothing is left). Thread-safe.
  struct Staged {
    std::string temp;    // the temporary file
    std::string target;  // where it goes: root/relative
  };
  bool stage(const std::string& relative, std::string_view text, Staged& staged, std::string& error);
  // Puts a staged file in place if nothing is at its target by then
  // (RENAME_NOREPLACE): Written; Exists (nothing was replaced, the
  // temporary file is left to the caller: discard it); Failed (`error`
  // says why, the temporary file is removed). Thread-safe.
  NewFile commit(const Staged& staged, std::string& error);
  // Puts a staged file in place of the file at its target (after commit()
  // said Exists, and after the caller's own checks: not an input, no link
  // on the way): only a regular file is replaced, only a writable one
  // unless `force`, keeping its mode and owner, and only if it is still the
  // file examined here just before the rename. "" on success (the temporary
  // file is the file now), else why (the temporary file is left: discard
  // it). Not flushed one by one either: sync_tree() at the end.
  std::string replace(const Staged& staged, bool force);
  // Removes a staged file that is not to be put in place.
  static void discard(const Staged& staged);
  // Removes the folders this run made that are empty, deepest first (the
  // root and the folders above it too when this run made them): after every staged file was
  // discarded, a run that puts nothing in place leaves nothing behind.
  void remove_made_folders();

 private:
  // stage() once the folders are ready.
  bool write_temp_beside(const std::filesystem::path& target, std::string_view text, Staged& staged,
                         std::string& error);
  // "" when every folder of `relative_folder` (below the root) is ready.
  std::string ready(const std::string& relative_folder);
  bool known(const std::string& folder);
  bool made(const std::string& folder);  // made by this run (not found there)
  void remember(const std::string& folder, bool made);

  std::string root_;
  std::vector<std::string> made_above_;  // the root and the folders above it this run made, deepest first
  std::mutex mutex_;
  std::unordered_map<std::string, bool> ready_;  // relative folders made (true) or checked, "" for the root
};

// Flushes to disk everything written on the file system of `folder` (one
// syncfs instead of two fsyncs per file of a batch); false on failure.
bool sync_tree(const std::string& folder);

// Why `path` may not be written inside `folder` ("" when it may): it, or a
// folder between `folder` and it, is a symbolic link.
std::string link_below(const std::string& path, const std::string& folder);

// write_atomic() for --report/--output: refuses an input, prints the reason.
bool write_output_checked(const std::string& option, const std::string& path, const std::string& text,
                          const InputFiles& inputs);

}  // namespace iamtrim::cli
