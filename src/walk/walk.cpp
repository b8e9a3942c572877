// The directory walk: readdir with the entry types the kernel reports, the
// ignore files of the repository, no symlinked directories unless asked.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <unordered_set>

#include "iamtrim/sources.hpp"
#include "iamtrim/system.hpp"
#include "iamtrim/walk.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

// Ignore files larger than this are not read (git itself has no limit;
// a real one is a few KB).
constexpr std::size_t kMaxIgnoreFile = 4u << 20;

enum class Kind { File, Dir, Other, Missing };

struct Entry {
  std::string name;
  unsigned char type;  // DT_*
};

Kind kind_of(const struct stat& st) {
  if (S_ISREG(st.st_mode)) return Kind::File;
  if (S_ISDIR(st.st_mode)) return Kind::Dir;
  return Kind::Other;
}

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir == ".") return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

// "./a//b/" -> "a/b"; "." stays ".".
std::string normalise(const std::string& path) {
  std::string n = fs::path(path).lexically_normal().generic_string();
  while (n.size() > 1 && n.back() == '/') n.pop_back();
  return n.empty() ? "." : n;
}

std::optional<IgnoreFile> load_ignore_file(const std::string& path, std::string base, std::string origin) {
  FileRead r = read_regular_file(path, kMaxIgnoreFile);
  if (!r.text) return std::nullopt;
  return IgnoreFile::parse(*r.text, std::move(base), std::move(origin));
}

// The git directory of a work tree: `.git` itself, or where a `.git` file
// ("gitdir: PATH") points; worktrees keep info/ in the common directory.
std::string git_common_dir(const std::string& root) {
  std::string dot_git = root + "/.git";
  struct stat st {};
  if (::stat(dot_git.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return dot_git;
  FileRead f = read_regular_file(dot_git, 64 * 1024);
  if (!f.text || f.text->rfind("gitdir:", 0) != 0) return dot_git;
  std::string dir = f.text->substr(7);
  dir.erase(0, dir.find_first_not_of(" \t"));
  while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r' || dir.back() == ' ')) dir.pop_back();
  fs::path git_dir = fs::path(dir).is_absolute() ? fs::path(dir) : fs::path(root) / dir;
  FileRead common = read_regular_file((git_dir / "commondir").string(), 64 * 1024);
  if (common.text) {
    std::string c = *common.text;
    while (!c.empty() && (c.back() == '\n' || c.back() == '\r')) c.pop_back();
    return (fs::path(c).is_absolute() ? fs::path(c) : git_dir / c).lexically_normal().string();
  }
  return git_dir.lexically_normal().string();
}

// git's global excludes file: core.excludesFile as git reads it (any
// config file, `~` expanded), else $XDG_CONFIG_HOME/git/ignore, else
// $HOME/.config/git/ignore.
std::optional<std::string> global_excludes_file(const std::string& repo) {
  ProcessResult r = run_process({"git", "config", "--path", "--get", "core.excludesFile"}, repo);
  if (r.status == 0) {
    std::string path = r.out;
    while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
    if (!path.empty()) return fs::path(path).is_absolute() ? path : (fs::path(repo) / path).string();
  }
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/git/ignore";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.config/git/ignore";
  return std::nullopt;
}

// The ignore rules of one git work tree (or of a walked tree outside any).
struct IgnoreContext {
  IgnoreStack stack;
  std::string rel;  // the current directory relative to the context's root ("" at the root)
};

IgnoreContext repository_context(const std::string& repo) {
  IgnoreContext c;
  if (auto info = load_ignore_file(git_common_dir(repo) + "/info/exclude", "", ".git/info/exclude"))
    c.stack.add_fallback(std::move(*info));
  if (auto global = global_excludes_file(repo))
    if (auto g = load_ignore_file(*global, "", *global)) c.stack.add_fallback(std::move(*g));
  return c;
}

class Walker {
 public:
  Walker(const WalkOptions& o, WalkResult& out) : o_(o), out_(out) {}

  void argument(const std::string& arg) {
    if (arg == "-") return add(arg, true);
    struct stat st {};
    if (::stat(arg.c_str(), &st) != 0) {
      out_.problems.push_back(arg + ": no such file or directory");
      return;
    }
    std::string shown = normalise(arg);
    if (!S_ISDIR(st.st_mode)) {
      // A file named on the command line is read whatever its name, and
      // even when an ignore file lists it; the caller's exclusions apply.
      if (o_.exclude && o_.exclude(shown, false)) return;
      return add(shown, true);
    }
    IgnoreContext ctx;
    if (o_.gitignore) ctx = root_context(arg);
    if (o_.follow_symlinks) visited_.insert({st.st_dev, st.st_ino});
    directory(shown == "." ? "" : shown, arg, ctx);
  }

 private:
  // For a walk that starts inside a repository: the repository's own
  // excludes and the .gitignore of every directory above the start.
  IgnoreContext root_context(const std::string& arg) {
    std::optional<std::string> repo = repository_root(arg);
    if (!repo) return {};
    IgnoreContext ctx = repository_context(*repo);
    std::error_code ec;
    fs::path start = fs::absolute(arg, ec).lexically_normal();
    fs::path rel = start.lexically_relative(*repo);
    std::string at;
    std::string dir = *repo;
    for (const fs::path& part : rel) {
      std::string name = part.generic_string();
      if (name.empty() || name == ".") continue;
      if (auto f = load_ignore_file(dir + "/.gitignore", at, at + ".gitignore")) ctx.stack.push(std::move(*f));
      at += name + "/";
      dir += "/" + name;
    }
    ctx.rel = at.empty() ? "" : at.substr(0, at.size() - 1);
    return ctx;
  }

  void add(const std::string& path, bool named) {
    if (!seen_.insert(path).second) return;
    out_.files.push_back({path, named});
  }

  void skip(const std::string& path, bool dir, std::string reason) {
    out_.skipped.push_back({dir ? path + "/" : path, std::move(reason)});
  }

  bool wanted(const std::string& path, std::string_view name) const {
    return o_.wanted ? o_.wanted(path, name) : is_source_file_name(name);
  }

  // Whether an ignore file or the caller's exclusions leave this entry
  // out (noted for --verbose). `rel`: relative to the ignore context's root.
  bool left_out(const IgnoreContext& c, const std::string& rel, const std::string& path, bool dir) {
    if (o_.gitignore) {
      IgnoreStack::Decision g = c.stack.decide(rel, dir);
      if (g.ignored) {
        skip(path, dir, g.reason);
        return true;
      }
    }
    if (o_.exclude && o_.exclude(path, dir)) {
      skip(path, dir, "excluded");
      return true;
    }
    return false;
  }

  static bool is_default_excluded(std::string_view name) {
    return std::find(kDefaultExcludedDirs.begin(), kDefaultExcludedDirs.end(), name) != kDefaultExcludedDirs.end();
  }

  // `shown`: the directory as reported ("" for "."); `real`: a path that opens it.
  void directory(const std::string& shown, const std::string& real, IgnoreContext& ctx) {
    DIR* d = ::opendir(real.c_str());
    if (!d) {
      out_.problems.push_back((shown.empty() ? "." : shown) + ": cannot read the directory: " + std::strerror(errno));
      return;
    }
    std::vector<Entry> entries;
    bool has_git = false, has_gitignore = false;
    while (struct dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      if (name == ".git") has_git = true;
      if (name == ".gitignore") has_gitignore = true;
      entries.push_back({std::move(name), e->d_type});
    }
    ::closedir(d);
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });

    // A repository nested in the walked tree has its own rules; outside any
    // repository, the walked tree's .gitignore files still apply.
    IgnoreContext nested;
    IgnoreContext* c = &ctx;
    if (o_.gitignore && has_git && !ctx.rel.empty()) {
      nested = repository_context(real);
      c = &nested;
    }
    std::string prefix = c->rel.empty() ? "" : c->rel + "/";
    bool pushed = false;
    if (o_.gitignore && has_gitignore)
      if (auto f = load_ignore_file(join(real, ".gitignore"), prefix, prefix + ".gitignore")) {
        c->stack.push(std::move(*f));
        pushed = true;
      }

    for (const Entry& e : entries) {
      if (e.name == ".git") continue;
      std::string path = join(shown, e.name);
      std::string open = join(real, e.name);
      Kind kind = e.type == DT_REG ? Kind::File : e.type == DT_DIR ? Kind::Dir : Kind::Other;
      bool link = e.type == DT_LNK;
      if (e.type == DT_UNKNOWN) {  // file systems without d_type
        struct stat st {};
        if (::lstat(open.c_str(), &st) != 0) continue;
        link = S_ISLNK(st.st_mode);
        kind = kind_of(st);
      }
      struct stat target {};
      if (link) {
        if (::stat(open.c_str(), &target) != 0) {
          if (wanted(path, e.name)) skip(path, false, "broken symlink");
          continue;
        }
        kind = kind_of(target);
      }
      bool hidden = e.name[0] == '.';
      if (kind == Kind::Dir) {
        if (o_.default_excludes && hidden) {
          skip(path, true, "hidden folder");
          continue;
        }
        if (o_.default_excludes && is_default_excluded(e.name)) {
          skip(path, true, "vendored folder");
          continue;
        }
        if (link && !o_.follow_symlinks) {
          skip(path, true, "symlinked folder (not followed)");
          continue;
        }
        std::string rel = prefix + e.name;
        if (left_out(*c, rel, path, true)) continue;
        if (o_.follow_symlinks) {
          // Each real directory once: ends `x -> .` and link cycles.
          struct stat st {};
          if (!link && ::stat(open.c_str(), &st) != 0) continue;
          const struct stat& s = link ? target : st;
          if (!visited_.insert({s.st_dev, s.st_ino}).second) {
            skip(path, true, "already walked (symlink cycle or second link)");
            continue;
          }
        }
        std::string saved = c->rel;
        c->rel = rel;
        directory(path, open, *c);
        c->rel = saved;
        continue;
      }
      if (!wanted(path, e.name)) continue;
      if (kind != Kind::File) {
        skip(path, false, "not a regular file");
        continue;
      }
      if (o_.default_excludes && hidden) {
        skip(path, false, "hidden file");
        continue;
      }
      if (left_out(*c, prefix + e.name, path, false)) continue;
      add(path, false);
    }
    if (pushed) c->stack.pop();
  }

  const WalkOptions& o_;
  WalkResult& out_;
  std::unordered_set<std::string> seen_;
  std::set<std::pair<dev_t, ino_t>> visited_;
};

}  // namespace

WalkResult walk_paths(const std::vector<std::string>& paths, const WalkOptions& options) {
  WalkResult out;
  Walker w(options, out);
  for (const std::string& p : paths) w.argument(p);
  return out;
}

}  // namespace iamtrim
