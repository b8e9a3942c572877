// iamtrim/walk.hpp - which files a directory walk hands to the readers.
//
// `iamtrim lint DIR` (and `diff`/`check` on directories) must be safe to run
// at the top of any repository: it reads what the repository's own
// ignore files leave in, never enters vendored or tool folders, never
// follows a symlinked directory unless asked, and never reads a file twice.
//
//   WalkResult r = walk_paths({"."});
//   for (const WalkedFile& f : r.files) ...    // sorted, each path once
//   for (const WalkSkip& s : r.skipped) ...    // what was left out, and why
//
// Defaults, each with its override in WalkOptions:
//  - Ignore files, with git's semantics (gitignore(5)): every .gitignore from
//    the repository root down, `.git/info/exclude` and git's global excludes
//    file (core.excludesFile, else $XDG_CONFIG_HOME/git/ignore, else
//    ~/.config/git/ignore). Outside a git repository only the .gitignore
//    files of the walked tree apply. A path named on the command line is
//    read even when ignored (as pre-commit passes staged files).
//  - Hidden entries (a name starting with '.': .git, .terraform,
//    .terragrunt-cache, .venv, ...) and the folders in kDefaultExcludedDirs
//    are not entered. `.git` is never entered.
//  - Symlinks: a link to a regular file is listed under its own path; a link
//    to a directory is not entered. With follow_symlinks, linked directories
//    are entered, each real directory at most once (so `x -> .` and link
//    cycles end).
//  - Only regular files are listed (no FIFOs, sockets or devices).
//  - File kinds come from the directory entries (d_type): a regular file or
//    directory costs no stat; only symlinks and file systems that do not
//    report entry types are stat'ed, once.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iamtrim {

// ---- gitignore patterns -----------------------------------------------------

// The patterns of one ignore file (gitignore(5)): blank lines and `#`
// comments are skipped, trailing spaces are dropped unless escaped, `!`
// re-includes, a trailing `/` matches directories only, a pattern with a
// `/` before its end is anchored at the file's directory (else it matches a
// name at any depth), `*` `?` and `[...]` (ranges, `!`/`^` negation,
// `[:alpha:]`-style classes) never match `/`, `**/` matches any number of
// leading directories, `/**` everything inside, `/**/` zero or more
// directories, a backslash escapes the next character. Matching is
// case-sensitive, as git's default on Linux.
class IgnoreFile {
 public:
  // `base`: the directory the file applies to, relative to the root paths
  // are matched from, '/'-separated, "" for the root. `origin` names the file
  // in reasons (".gitignore", "sub/.gitignore", ".git/info/exclude").
  static IgnoreFile parse(std::string_view text, std::string base, std::string origin);

  enum class Verdict { None, Ignored, Included };
  struct Match {
    Verdict verdict = Verdict::None;
    std::size_t line = 0;  // 1-based line of the deciding pattern
  };
  // The last pattern that matches `path` (relative to the same root as
  // `base`, '/'-separated, no trailing '/').
  Match match(std::string_view path, bool is_dir) const;

  const std::string& origin() const { return origin_; }
  const std::string& base() const { return base_; }
  std::size_t size() const;  // patterns read

  struct Pattern;  // compiled; defined in the implementation
  IgnoreFile();
  ~IgnoreFile();
  IgnoreFile(IgnoreFile&&) noexcept;
  IgnoreFile& operator=(IgnoreFile&&) noexcept;

 private:
  std::string base_, origin_;
  std::vector<Pattern> patterns_;
};

// Ignore files in precedence order, as git applies them: the deepest
// .gitignore first, up to the root's, then .git/info/exclude, then the
// global excludes file. The first file with a matching pattern decides.
class IgnoreStack {
 public:
  void push(IgnoreFile file);  // a deeper .gitignore: takes precedence over all pushed before
  void pop();
  void add_fallback(IgnoreFile file);  // info/exclude, global: below every .gitignore, in the order added
  struct Decision {
    bool ignored = false;
    std::string reason;  // "ignored by .gitignore:3", empty when not ignored
  };
  Decision decide(std::string_view path, bool is_dir) const;
  bool empty() const { return pushed_.empty() && fallback_.empty(); }

 private:
  std::vector<IgnoreFile> pushed_;
  std::vector<IgnoreFile> fallback_;
};

// Whether `name` matches a gitignore-style pattern (one path component,
// `*` `?` `[...]` and escapes; no '/' handling beyond "wildcards never
// match '/'"). Exposed for tests and for callers with one-off patterns.
bool wildmatch(std::string_view pattern, std::string_view text);

// ---- the walk -------------------------------------------------------------------

// Folders a walk never enters by default: package managers' and tools'
// vendored trees. Hidden folders (".terraform", ".git") are left out by the
// hidden-entry rule.
inline constexpr std::array<std::string_view, 7> kDefaultExcludedDirs = {
    "node_modules", "bower_components", "jspm_packages", "vendor", "venv", "__pycache__", "site-packages"};

struct WalkOptions {
  bool gitignore = true;          // honour .gitignore, .git/info/exclude, global excludes
  bool default_excludes = true;   // skip hidden entries and kDefaultExcludedDirs
  bool follow_symlinks = false;   // enter symlinked directories (each real directory once)
  // The caller's own exclusions (--exclude, configuration): `path` as the
  // walk shows it (the argument joined with the names below it).
  std::function<bool(const std::string& path, bool is_dir)> exclude;
  // Which file names a directory walk lists; default: is_source_file_name.
  std::function<bool(const std::string& path, std::string_view name)> wanted;
};

struct WalkedFile {
  std::string path;    // the argument as given (normalised) joined with the names below it
  bool named = false;  // given on the command line itself (or "-")
};

struct WalkSkip {
  std::string path;    // a directory ends in '/'
  std::string reason;  // "ignored by .gitignore:3", "vendored folder", "symlinked directory (not followed)", ...
};

struct WalkResult {
  std::vector<WalkedFile> files;      // each path once, in argument order, each directory sorted by name
  std::vector<std::string> problems;  // "PATH: no such file or directory", unreadable directories
  std::vector<WalkSkip> skipped;      // entries left out that a reader might have taken, for --verbose
};

WalkResult walk_paths(const std::vector<std::string>& paths, const WalkOptions& options = {});

}  // namespace iamtrim
