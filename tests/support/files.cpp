#include "support/files.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace iamtrim::test {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> non_empty_lines(const fs::path& path) {
  std::vector<std::string> out;
  if (!fs::exists(path)) return out;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

void write_file(const fs::path& path, const std::string& text) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

fs::path fresh_dir(const std::string& prefix) {
  const fs::path dir = fs::temp_directory_path() /
                       (prefix + "-" + std::to_string(::getpid()) + "-" +
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path testdata(const std::string& sub) { return fs::path(IAMTRIM_SOURCE_DIR) / "testdata" / sub; }

std::string check_golden(const fs::path& golden, const std::string& actual) {
  const char* update = std::getenv("IAMTRIM_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    write_file(golden, actual);
    return "";
  }
  if (!fs::exists(golden)) return "golden file " + golden.string() + " is missing (IAMTRIM_UPDATE_GOLDEN=1 writes it)";
  std::string expected = read_file(golden);
  if (expected == actual) return "";
  // Point at the first differing line; the test prints both texts.
  std::istringstream a(expected), b(actual);
  std::string la, lb;
  int line = 1;
  while (true) {
    bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
    if (!ga && !gb) break;
    if (!ga || !gb || la != lb)
      return golden.string() + ": first difference at line " + std::to_string(line) + "\n  expected: " +
             (ga ? la : "<end>") + "\n  actual:   " + (gb ? lb : "<end>");
    ++line;
  }
  return golden.string() + ": differs";
}

namespace {
std::string drain(int fd) {
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}
}  // namespace

RunResult run_cli(const std::vector<std::string>& args, const std::string& input, const fs::path& cwd) {
  // Output goes to temporary files, not pipes, so a large output cannot
  // deadlock against a large input.
  char out_name[] = "/tmp/iamtrim-test-outXXXXXX";
  char err_name[] = "/tmp/iamtrim-test-errXXXXXX";
  char in_name[] = "/tmp/iamtrim-test-inXXXXXX";
  int out_fd = mkstemp(out_name), err_fd = mkstemp(err_name), in_fd = mkstemp(in_name);
  if (write(in_fd, input.data(), input.size()) != static_cast<ssize_t>(input.size())) return {};
  lseek(in_fd, 0, SEEK_SET);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    if (chdir((cwd.empty() ? fs::path(IAMTRIM_SOURCE_DIR) : cwd).c_str()) != 0) _exit(127);
    std::vector<char*> argv;
    std::string exe = IAMTRIM_CLI_PATH;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  lseek(out_fd, 0, SEEK_SET);
  lseek(err_fd, 0, SEEK_SET);
  r.out = drain(out_fd);
  r.err = drain(err_fd);
  close(out_fd);
  close(err_fd);
  close(in_fd);
  unlink(out_name);
  unlink(err_name);
  unlink(in_name);
  return r;
}

}  // namespace iamtrim::test
