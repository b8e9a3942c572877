// Asking git what changed. git runs through fork/exec with an argument
// vector, never a shell, so a revision or path cannot inject commands.
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <sstream>

#include "iamtrim/diff.hpp"

namespace iamtrim {

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd) {
  ProcessResult r;
  if (argv.empty()) return r;
  int out[2], err[2];
  if (pipe(out) != 0) return r;
  if (pipe(err) != 0) {
    close(out[0]);
    close(out[1]);
    return r;
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {out[0], out[1], err[0], err[1]}) close(fd);
    return r;
  }
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {out[0], out[1], err[0], err[1]}) close(fd);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  // Drain both pipes together: a child blocked on a full stderr pipe would
  // otherwise never close stdout.
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
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
  ProcessResult diff = run_process({"git", "diff", "--name-only", "--no-renames", "--relative", commit, "--"}, cwd);
  if (diff.status != 0) {
    r.error = "git diff failed: " + first_line(diff.err);
    return r;
  }
  ProcessResult untracked = run_process({"git", "ls-files", "--others", "--exclude-standard"}, cwd);
  if (untracked.status != 0) {
    r.error = "git ls-files failed: " + first_line(untracked.err);
    return r;
  }
  std::set<std::string> paths;
  for (auto& p : lines(diff.out)) paths.insert(p);
  for (auto& p : lines(untracked.out)) paths.insert(p);
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
