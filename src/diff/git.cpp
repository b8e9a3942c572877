// Asking git what changed. git runs through fork/exec with an argument
// vector, never a shell, so a revision or path cannot inject commands.
#include <algorithm>
#include <set>
#include <sstream>

#include "iamtrim/diff.hpp"

namespace iamtrim {

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// git's -z output: NUL-terminated names, never quoted (a name git would
// quote, with a tab or non-ASCII bytes, comes through as it is).
std::vector<std::string> nul_separated(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string first_line(const std::string& text) {
  auto l = lines(text);
  return l.empty() ? "" : l.front();
}

// In a shallow clone (CI checkouts fetch one commit by default) a base that
// is missing is usually just not fetched: say how to fetch it. Only the
// base commit itself is needed (git diff compares two trees), so depth 1
// suffices. Empty when the repository is not shallow.
std::string shallow_clone_hint(const std::string& base, const std::string& cwd) {
  ProcessResult shallow = run_process({"git", "rev-parse", "--is-shallow-repository"}, cwd);
  if (shallow.status != 0 || first_line(shallow.out) != "true") return "";
  std::string fetch;
  std::size_t slash = base.find('/');
  ProcessResult remotes = run_process({"git", "remote"}, cwd);
  std::vector<std::string> names = lines(remotes.out);
  if (base.find_first_of("~^@") != std::string::npos) {
    // Relative to a commit this clone has: deepen the history instead.
    fetch = "git fetch --deepen=<N>  (or git fetch --unshallow)";
  } else if (slash != std::string::npos && std::find(names.begin(), names.end(), base.substr(0, slash)) != names.end()) {
    // remote/branch: fetching the branch from that remote updates the
    // remote-tracking ref.
    fetch = "git fetch --depth=1 " + base.substr(0, slash) + " " + base.substr(slash + 1) + ":refs/remotes/" + base;
  } else {
    fetch = "git fetch --depth=1 " + std::string(names.empty() ? "origin" : names.front()) + " " + base;
  }
  return "git revision \"" + base + "\" is not in this shallow clone; fetch it first:\n  " + fetch +
         "\n(with actions/checkout, `fetch-depth: 0` fetches the whole history)";
}

}  // namespace

GitChanges git_changed_files(const std::string& base, const std::string& cwd) {
  GitChanges r;
  if (base.empty() || base[0] == '-') {
    r.error = "invalid revision \"" + base + "\"";
    return r;
  }
  // --end-of-options keeps a revision from being read as an option.
  ProcessResult verify = run_process({"git", "rev-parse", "--verify", "--quiet", "--end-of-options", base + "^{commit}"}, cwd);
  if ((verify.status == -1 || verify.status == 127) && verify.err.empty() && verify.out.empty()) {
    r.error = "cannot run git";
    return r;
  }
  if (verify.status != 0) {
    r.error = "unknown git revision \"" + base + "\"";
    if (std::string why = first_line(verify.err); !why.empty()) r.error += ": " + why;
    if (std::string hint = shallow_clone_hint(base, cwd); !hint.empty()) r.error = hint;
    return r;
  }
  std::string commit = first_line(verify.out);
  // --relative: paths relative to the current directory, like the user's own.
  ProcessResult diff = run_process({"git", "diff", "--name-only", "-z", "--no-renames", "--relative", commit, "--"}, cwd);
  if (diff.status != 0) {
    r.error = "git diff failed: " + first_line(diff.err);
    return r;
  }
  ProcessResult untracked = run_process({"git", "ls-files", "-z", "--others", "--exclude-standard"}, cwd);
  if (untracked.status != 0) {
    r.error = "git ls-files failed: " + first_line(untracked.err);
    return r;
  }
  std::set<std::string> paths;
  for (auto& p : nul_separated(diff.out)) paths.insert(p);
  for (auto& p : nul_separated(untracked.out)) paths.insert(p);
  for (const std::string& p : paths) {
    ChangedFile f;
    f.path = p;
    // "./" makes git read the path relative to the current directory.
    ProcessResult show = run_process({"git", "show", commit + ":./" + p}, cwd);
    if (show.status == 0) f.base_text = std::move(show.out);
    r.files.push_back(std::move(f));
  }
  return r;
}

}  // namespace iamtrim
