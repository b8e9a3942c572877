#include "support/terminal.hpp"

#include <fcntl.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace iamtrim::test {

TerminalRun run_cli_on_terminal(const std::vector<std::string>& args, bool stderr_to_file, unsigned short columns) {
  TerminalRun r;
  char err_name[] = "/tmp/iamtrim-test-ttyerrXXXXXX";
  const int err_fd = mkstemp(err_name);
  if (err_fd < 0) return r;
  struct winsize size = {};
  size.ws_row = 40;
  size.ws_col = columns;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) {
    close(err_fd);
    unlink(err_name);
    return r;
  }
  if (pid == 0) {
    if (stderr_to_file) dup2(err_fd, 2);
    if (chdir(IAMTRIM_SOURCE_DIR) != 0) _exit(127);
    for (const char* name : {"GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS"}) unsetenv(name);
    std::vector<std::string> copy = args;
    std::string exe = IAMTRIM_CLI_PATH;
    std::vector<char*> argv = {exe.data()};
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  // Read until the child has closed the terminal (EIO on Linux), so its
  // output cannot fill the terminal's buffer and stop it.
  char buf[65536];
  while (true) {
    const ssize_t n = read(master, buf, sizeof buf);
    if (n > 0) r.screen.append(buf, static_cast<std::size_t>(n));
    else if (n < 0 && errno == EINTR) continue;
    else break;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  lseek(err_fd, 0, SEEK_SET);
  ssize_t n;
  while ((n = read(err_fd, buf, sizeof buf)) > 0) r.err.append(buf, static_cast<std::size_t>(n));
  close(err_fd);
  unlink(err_name);
  return r;
}

}  // namespace iamtrim::test
