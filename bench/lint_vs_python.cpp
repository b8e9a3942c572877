// `iamtrim lint --format json` of a whole folder (default: the AWS managed
// policies of the corpus) side by side with CPython's json.load of the same
// files, through the same harness, many rounds in alternation:
//
//   lint_vs_python [ROUNDS] [DIR] [JOBS...]
//
// JOBS (e.g. 1 2 4) runs the lint once per thread count with --jobs N, for
// the per-core scaling; a binary without --jobs runs single-threaded and the
// program says so. Issue-11 target: the lint within 0.5x the json.load wall
// time on the 2-core machine.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "process_bench.hpp"

namespace fs = std::filesystem;
using namespace iamtrim::bench;

namespace {

// Whether `iamtrim lint --help` lists a --jobs option.
bool has_jobs_option(const std::string& bin, const fs::path& scratch) {
  const fs::path help = scratch / "lint-help.txt";
  run_once({"help", {bin, "lint", "--help"}, scratch.string(), help.string()});
  std::ifstream in(help);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str().find("--jobs") != std::string::npos;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
  const fs::path dir = fs::absolute(argc > 2 ? fs::path(argv[2]) : fs::path(corpus_folder("aws-managed")));
  std::vector<int> jobs;
  for (int i = 3; i < argc; ++i) jobs.push_back(std::max(1, std::atoi(argv[i])));
  if (!fs::is_directory(dir)) {
    std::fprintf(stderr, "lint_vs_python: %s is not a folder\n", dir.string().c_str());
    return 2;
  }
  const fs::path scratch = fs::temp_directory_path() / ("iamtrim-lint-bench-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  const std::string bin = iamtrim_binary();
  // Run from the folder's parent with a relative path, as a user in a repository would.
  const std::string cwd = dir.parent_path().string(), target = dir.filename().string();
  std::vector<Command> commands = {
      {"python3 json.load (same files)", {python_interpreter(), std::string(IAMTRIM_SOURCE_DIR) + "/bench/json_load.py", target}, cwd, ""},
  };
  commands[0].ok_codes = {0};
  std::vector<std::string> lint = {bin, "lint", "--no-config", "--format", "json", target};
  if (jobs.empty()) {
    commands.push_back({"iamtrim lint --format json", lint, cwd, ""});
  } else if (!has_jobs_option(bin, scratch)) {
    std::printf("note: this iamtrim has no --jobs option; the lint runs single-threaded once\n");
    commands.push_back({"iamtrim lint --format json", lint, cwd, ""});
  } else {
    for (int n : jobs) {
      std::vector<std::string> argv_n = lint;
      argv_n.insert(argv_n.begin() + 2, {"--jobs", std::to_string(n)});
      commands.push_back({"iamtrim lint --format json --jobs " + std::to_string(n), argv_n, cwd, ""});
    }
  }
  std::printf("%s, %d rounds, binary %s, %u cores, python %s\n", dir.string().c_str(), rounds, bin.c_str(),
              std::thread::hardware_concurrency(), python_interpreter().c_str());
  auto series = run_side_by_side(commands, rounds);
  print_series(series, 0);
  for (std::size_t i = 1; i < series.size(); ++i)
    std::printf("%s / json.load (median): %.2fx (target: at most 0.5x)\n", series[i].command.label.c_str(),
                series[i].median_wall() / series[0].median_wall());
  fs::remove_all(scratch);
  return 0;
}
