// Which files `iamtrim lint` reads: the paths given, with directories walked
// recursively in sorted order (hidden files and directories, .git included,
// are skipped), filtered by --include / --exclude and the configuration's
// ignore list.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace iamtrim::cli {

struct FileFilter {
  std::vector<std::string> include;  // empty: whatever read_source reads
  std::vector<std::string> exclude;
  const config::Config* config = nullptr;
};

struct FileList {
  std::vector<std::string> files;     // as they will be shown ("-" for stdin)
  // Per file: named on the command line (an unknown format is an error) or
  // found by walking a directory (an unknown format is skipped: a YAML file
  // that is no CloudFormation template is not a mistake).
  std::vector<bool> named;
  std::vector<std::string> problems;  // paths that do not exist, unreadable directories
};

FileList collect_files(const std::vector<std::string>& paths, const FileFilter& filter);

// The path globs are matched against: relative to the configuration's
// directory when inside it, else relative to the working directory.
std::string glob_path(const std::string& path, const config::Config* config);

}  // namespace iamtrim::cli
