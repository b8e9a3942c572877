// Which files `iamtrim lint` reads: the paths given, with directories walked
// by the library's walk (iamtrim/walk.hpp: ignore files, hidden and vendored
// folders, symlinks), filtered by --include / --exclude and the
// configuration's ignore list.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "iamtrim/walk.hpp"

namespace iamtrim::cli {

struct FileFilter {
  std::vector<std::string> include;  // empty: whatever read_source reads
  std::vector<std::string> exclude;
  const config::Config* config = nullptr;
  bool gitignore = true;
  bool default_excludes = true;
  bool follow_symlinks = false;
};

struct FileList {
  std::vector<std::string> files;     // as they will be shown ("-" for stdin)
  // Per file: named on the command line (a file that holds no policy gets a
  // note) or found by walking a directory (such a file is skipped silently).
  std::vector<bool> named;
  std::vector<std::string> problems;  // paths that do not exist, unreadable directories
  std::vector<WalkSkip> skipped;      // what the walk left out, for --verbose
};

FileList collect_files(const std::vector<std::string>& paths, const FileFilter& filter);

// The path globs are matched against: relative to the configuration's
// directory when inside it, else relative to the working directory.
std::string glob_path(const std::string& path, const config::Config* config);

}  // namespace iamtrim::cli
