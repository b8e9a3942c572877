// Running the AWS CLI: an argument vector handed to posix_spawnp (no shell),
// both output streams drained together so neither pipe can fill up and
// stall the child, and a time limit.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "iamtrim/collect.hpp"

extern char** environ;

namespace iamtrim {
namespace {

long long monotonic_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

// The parent's environment with AWS_PAGER empty: AWS CLI v2 pipes its output
// through a pager otherwise, which would wait for a terminal.
std::vector<std::string> child_environment() {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e)
    if (std::strncmp(*e, "AWS_PAGER=", 10) != 0) env.emplace_back(*e);
  env.emplace_back("AWS_PAGER=");
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& words) {
  std::vector<char*> out;
  for (std::string& w : words) out.push_back(w.data());
  out.push_back(nullptr);
  return out;
}

struct Pipe {
  int read = -1, write = -1;
  bool open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read = fds[0];
    write = fds[1];
    return true;
  }
  void close_read() {
    if (read >= 0) ::close(read);
    read = -1;
  }
  void close_write() {
    if (write >= 0) ::close(write);
    write = -1;
  }
  ~Pipe() {
    close_read();
    close_write();
  }
};

void wait_for(pid_t pid, CommandResult& r) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
}

}  // namespace

CommandResult ProcessRunner::run(const std::vector<std::string>& argv) {
  CommandResult r;
  if (argv.empty()) {
    r.spawn_error = "no command";
    return r;
  }
  Pipe out, err;
  if (!out.open() || !err.open()) {
    r.spawn_error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return r;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write, 1);
  posix_spawn_file_actions_adddup2(&actions, err.write, 2);
  std::vector<std::string> args = argv, env = child_environment();
  std::vector<char*> c_args = c_strings(args), c_env = c_strings(env);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, c_args.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    r.spawn_error = rc == ENOENT ? "'" + argv[0] + "' was not found on PATH"
                                 : "cannot run '" + argv[0] + "': " + std::strerror(rc);
    return r;
  }
  out.close_write();
  err.close_write();

  long long deadline = monotonic_ms() + timeout_ms_;
  bool term_sent = false;
  char buffer[65536];
  while (out.read >= 0 || err.read >= 0) {
    pollfd fds[2];
    nfds_t n = 0;
    if (out.read >= 0) fds[n++] = {out.read, POLLIN, 0};
    if (err.read >= 0) fds[n++] = {err.read, POLLIN, 0};
    const long long left = deadline - monotonic_ms();
    if (left <= 0) {
      // Too long: ask, then insist. Output that arrived stays in the result.
      r.timed_out = true;
      ::kill(pid, term_sent ? SIGKILL : SIGTERM);
      if (term_sent) break;
      term_sent = true;
      // Give it a couple of seconds to go.
      deadline = monotonic_ms() + 2000;
      continue;
    }
    int ready = ::poll(fds, n, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) {  // cannot watch it any more: do not leave it running
      ::kill(pid, SIGKILL);
      break;
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const bool is_out = out.read >= 0 && fds[i].fd == out.read;
      ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got <= 0) {
        (is_out ? out : err).close_read();
        continue;
      }
      (is_out ? r.out : r.err).append(buffer, static_cast<std::size_t>(got));
    }
  }
  wait_for(pid, r);
  return r;
}

std::string shell_quote(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& word : argv) {
    if (!line.empty()) line += ' ';
    bool plain = !word.empty();
    for (char c : word)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || (c != '\0' && std::strchr("_@%+=:,./-", c)))) plain = false;
    if (plain) {
      line += word;
      continue;
    }
    line += '\'';
    for (char c : word) {
      if (c == '\'') line += "'\\''";
      else line += c;
    }
    line += '\'';
  }
  return line;
}

}  // namespace iamtrim
