// Shared by the side-by-side benchmark programs: runs a command as a child
// process (no shell), measures its wall time from spawn to exit and reads its
// resource usage from wait4() (peak RSS, CPU time, page faults). Commands
// are run in alternation, round after round, so that machine load falls on
// all of them alike; each is summarised by its best and median round.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

extern char** environ;

namespace iamtrim::bench {

struct Command {
  std::string label;
  std::vector<std::string> argv;
  std::string cwd;          // empty: the current directory
  std::string stdout_path;  // empty: /dev/null
  std::function<void()> prepare = {};  // run before each round, not timed (e.g. clear an output folder)
  std::vector<int> ok_codes = {0, 1};  // exit codes of a run that did its work (iamtrim: 1 = findings)
};

struct Sample {
  double wall_ms = 0;
  double cpu_ms = 0;     // user + system
  double sys_ms = 0;     // system alone: the kernel's part (creating files, page faults)
  long max_rss_kib = 0;  // the child's peak resident set
  long minor_faults = 0;
  int exit_code = -1;
};

// Runs `c` once. Exits the program when the command cannot be started.
inline Sample run_once(const Command& c) {
  if (c.prepare) c.prepare();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string out = c.stdout_path.empty() ? "/dev/null" : c.stdout_path;
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  if (!c.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, c.cwd.c_str());
  std::vector<char*> argv;
  for (const std::string& a : c.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::cerr << "bench: cannot start " << c.argv[0] << ": " << std::strerror(rc) << "\n";
    std::exit(2);
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
  }
  const auto end = std::chrono::steady_clock::now();
  Sample s;
  s.wall_ms = std::chrono::duration<double, std::milli>(end - start).count();
  auto ms = [](const timeval& t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
  s.cpu_ms = ms(usage.ru_utime) + ms(usage.ru_stime);
  s.sys_ms = ms(usage.ru_stime);
  s.max_rss_kib = usage.ru_maxrss;
  s.minor_faults = usage.ru_minflt;
  s.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return s;
}

struct Series {
  Command command;
  std::vector<Sample> samples;

  template <typename F>
  double best(F field) const {
    double b = 1e300;
    for (const Sample& s : samples) b = std::min(b, static_cast<double>(field(s)));
    return b;
  }
  template <typename F>
  double median(F field) const {
    std::vector<double> v;
    for (const Sample& s : samples) v.push_back(static_cast<double>(field(s)));
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
  }
  double best_wall() const { return best([](const Sample& s) { return s.wall_ms; }); }
  double median_wall() const { return median([](const Sample& s) { return s.wall_ms; }); }
  double peak_rss_mib() const {
    double m = 0;
    for (const Sample& s : samples) m = std::max(m, s.max_rss_kib / 1024.0);
    return m;
  }
};

// Runs every command `rounds` times, in alternation, after one unmeasured
// warm-up round (page cache, dynamic loader cache). A command that exits
// with a code outside its `ok_codes` stops the program: a benchmark of a
// failing run measures nothing.
inline std::vector<Series> run_side_by_side(const std::vector<Command>& commands, int rounds) {
  std::vector<Series> out;
  for (const Command& c : commands) out.push_back({c, {}});
  for (int r = -1; r < rounds; ++r)
    for (Series& s : out) {
      Sample sample = run_once(s.command);
      const auto& ok = s.command.ok_codes;
      if (std::find(ok.begin(), ok.end(), sample.exit_code) == ok.end()) {
        std::cerr << "bench: '" << s.command.label << "' exited with " << sample.exit_code << "\n";
        std::exit(2);
      }
      if (r >= 0) s.samples.push_back(sample);
    }
  return out;
}

// One line per series: best and median wall time, CPU (user + system) and
// its system part, peak RSS, faults, and the ratio of best and median wall
// time to the reference series. A run that creates thousands of files can
// spend more time in the kernel than in the program: the system column
// tells the two apart.
inline void print_series(const std::vector<Series>& all, std::size_t reference) {
  std::printf("%-44s %9s %9s %9s %9s %9s %8s %8s %8s\n", "command", "best ms", "median ms", "cpu ms", "sys ms",
              "rss MiB", "faults", "x best", "x median");
  const Series& ref = all[reference];
  for (const Series& s : all) {
    std::printf("%-44s %9.2f %9.2f %9.2f %9.2f %9.1f %8.0f %8.2f %8.2f\n", s.command.label.c_str(), s.best_wall(),
                s.median_wall(), s.median([](const Sample& x) { return x.cpu_ms; }),
                s.median([](const Sample& x) { return x.sys_ms; }), s.peak_rss_mib(),
                s.median([](const Sample& x) { return static_cast<double>(x.minor_faults); }),
                s.best_wall() / ref.best_wall(), s.median_wall() / ref.median_wall());
  }
}

// The iamtrim binary built with the benchmarks, or $IAMTRIM_BIN.
inline std::string iamtrim_binary() {
  if (const char* bin = std::getenv("IAMTRIM_BIN"); bin && *bin) return bin;
  return IAMTRIM_CLI_PATH;
}

// The CPython interpreter the comparison runs: $IAMTRIM_PYTHON, else the real
// executable behind `python3` on PATH (sys.executable). A version manager's
// shim (pyenv's is a shell script) costs ~0.4 s per start, which would be
// timed as part of the floor and flatter every ratio against it.
inline std::string python_interpreter() {
  if (const char* py = std::getenv("IAMTRIM_PYTHON"); py && *py) return py;
  static const std::string resolved = [] {
    std::string path;
    if (FILE* p = popen("python3 -c 'import sys; print(sys.executable)' 2>/dev/null", "r")) {
      char buf[4096];
      if (std::fgets(buf, sizeof buf, p)) path = buf;
      pclose(p);
    }
    while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
    return path.empty() ? std::string("python3") : path;
  }();
  return resolved;
}

// The corpus folder `sub`: $IAMTRIM_CORPUS/sub, else ../shared/corpus/sub
// from the source tree, as the tests find it (tests/support/corpus.hpp).
inline std::string corpus_folder(const std::string& sub) {
  namespace fs = std::filesystem;
  if (const char* c = std::getenv("IAMTRIM_CORPUS"); c && *c) return (fs::path(c) / sub).string();
  if (const char* s = std::getenv("IAMTRIM_SHARED"); s && *s) return (fs::path(s) / "corpus" / sub).string();
  return (fs::path(IAMTRIM_SOURCE_DIR).parent_path() / "shared" / "corpus" / sub).string();
}

}  // namespace iamtrim::bench
