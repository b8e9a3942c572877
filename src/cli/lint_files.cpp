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

bool hidden(const fs::path& p) {
  std::string name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

bool excluded(const std::string& path, const FileFilter& f) {
  std::string rel = glob_path(path, f.config);
  if (any_match(f.exclude, rel)) return true;
  return f.config && config::is_ignored(*f.config, rel);
}

bool included(const std::string& path, const FileFilter& f) {
  if (f.include.empty()) return is_source_file_name(fs::path(path).filename().string());
  return any_match(f.include, glob_path(path, f.config));
}

void walk(const fs::path& dir, const FileFilter& filter, FileList& out) {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  if (ec) {
    out.problems.push_back(dir.generic_string() + ": cannot read the directory: " + ec.message());
    return;
  }
  std::sort(entries.begin(), entries.end());
  for (const fs::path& p : entries) {
    if (hidden(p)) continue;
    std::string shown = p.lexically_normal().generic_string();
    if (excluded(shown, filter)) continue;
    if (fs::is_directory(p, ec)) walk(p, filter, out);
    else if (fs::is_regular_file(p, ec) && included(shown, filter)) {
      out.files.push_back(shown);
      out.named.push_back(false);
    }
  }
}

}  // namespace

std::string glob_path(const std::string& path, const config::Config* config) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec).lexically_normal();
  fs::path base = config && !config->base.empty() ? fs::absolute(config->base, ec) : fs::current_path(ec);
  fs::path rel = abs.lexically_relative(base.lexically_normal());
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return fs::path(path).lexically_normal().generic_string();
}

FileList collect_files(const std::vector<std::string>& paths, const FileFilter& filter) {
  FileList out;
  for (const std::string& path : paths) {
    if (path == "-") {
      out.files.push_back(path);
      out.named.push_back(true);
      continue;
    }
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      out.problems.push_back(path + ": no such file or directory");
    } else if (fs::is_directory(st)) {
      walk(path, filter, out);
    } else if (!excluded(path, filter)) {
      // A file named on the command line is read whatever its extension.
      out.files.push_back(fs::path(path).lexically_normal().generic_string());
      out.named.push_back(true);
    }
  }
  return out;
}

}  // namespace iamtrim::cli
