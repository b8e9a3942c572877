#include "cli/lint_files.hpp"

#include <algorithm>
#include <system_error>

#include "config/glob.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim::cli {
namespace fs = std::filesystem;
namespace {

bool any_match(const std::vector<std::string>& globs, const std::string& path) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return config::glob_match(g, path); });
}

// The working directory does not change during a run: asked once.
const fs::path& working_directory() {
  static const fs::path cwd = [] {
    std::error_code ec;
    return fs::current_path(ec);
  }();
  return cwd;
}

}  // namespace

std::string glob_path(const std::string& path, const config::Config* config) {
  const fs::path& cwd = working_directory();
  if (!config || config->base.empty()) return config::glob_path(path, cwd, cwd);
  if (config->base.is_absolute()) return config::glob_path(path, config->base, cwd);
  std::error_code ec;
  return config::glob_path(path, fs::absolute(config->base, ec), cwd);
}

FileList collect_files(const std::vector<std::string>& paths, const FileFilter& filter) {
  WalkOptions o;
  o.gitignore = filter.gitignore;
  o.default_excludes = filter.default_excludes;
  o.follow_symlinks = filter.follow_symlinks;
  o.exclude = [&](const std::string& path, bool) {
    // Nothing to match (no --exclude, no configured ignore): no path to work out.
    if (filter.exclude.empty() && (!filter.config || filter.config->ignore.empty())) return false;
    std::string rel = glob_path(path, filter.config);
    if (any_match(filter.exclude, rel)) return true;
    return filter.config && config::is_ignored(*filter.config, rel);
  };
  o.wanted = [&](const std::string& path, std::string_view name) {
    if (filter.include.empty()) return is_source_file_name(name);
    return any_match(filter.include, glob_path(path, filter.config));
  };
  WalkResult walked = walk_paths(paths, o);
  FileList out;
  for (WalkedFile& f : walked.files) {
    out.files.push_back(std::move(f.path));
    out.named.push_back(f.named);
  }
  out.problems = std::move(walked.problems);
  out.skipped = std::move(walked.skipped);
  return out;
}

}  // namespace iamtrim::cli
