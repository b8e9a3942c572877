// Hostile and oversized input through the real CLI (issue 10), each run
// side by side with a comparison process on the same input: the time and
// peak memory of `iamtrim lint` next to CPython merely loading the JSON, and
// the walk of a repository full of node_modules next to `git ls-files`.
//
//   ./build/bench/hostile_input ./build/iamtrim [work-dir]
//
// Inputs are generated in work-dir (default: a temporary folder, removed):
// a policy with a 100 MB Resource ARN, a policy of 10^6 statements, a
// 469-byte YAML "billion laughs", and a repository of 2,000 policies beside
// 20,000 node_modules packages and two `x -> .` symlink loops.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "process_bench.hpp"

namespace fs = std::filesystem;

namespace {

struct Run {
  double seconds = 0;
  long peak_mib = 0;
  int status = -1;
};

// Runs argv in `cwd` with output discarded; wall time and the child's peak RSS.
Run run(const std::vector<std::string>& argv, const fs::path& cwd) {
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(127);
    std::FILE* null = std::fopen("/dev/null", "w");
    dup2(fileno(null), 1);
    dup2(fileno(null), 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Run r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.peak_mib = usage.ru_maxrss / 1024;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

void row(const char* what, const Run& ours, const char* other_name, const Run& other) {
  std::printf("| %s | %.2f s, %ld MiB (exit %d) | %s: %.2f s, %ld MiB | %.1fx |\n", what, ours.seconds, ours.peak_mib,
              ours.status, other_name, other.seconds, other.peak_mib, ours.seconds / std::max(other.seconds, 1e-3));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: hostile_input IAMTRIM [WORK-DIR]\n");
    return 2;
  }
  std::string iamtrim = fs::absolute(argv[1]).string();
  bool temporary = argc < 3;
  fs::path dir = temporary ? fs::temp_directory_path() / ("iamtrim-hostile-" + std::to_string(getpid())) : fs::path(argv[2]);
  fs::create_directories(dir);
  const std::vector<std::string> python = {iamtrim::bench::python_interpreter(), "-c", "import json, sys; json.load(open(sys.argv[1]))"};
  auto py = [&](const std::string& file) {
    std::vector<std::string> a = python;
    a.push_back(file);
    return run(a, dir);
  };

  std::printf("| input | iamtrim lint | comparison | ratio |\n| --- | --- | --- | --- |\n");

  std::string arn = "arn:aws:s3:::" + std::string(100u << 20, 'a');
  write(dir / "arn.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ")" +
                              arn + "\"}]}");
  arn.clear();
  arn.shrink_to_fit();
  row("100 MB Resource ARN", run({iamtrim, "lint", "--no-config", "arn.json"}, dir), "python3 json.load", py("arn.json"));

  {
    std::string text = R"({"Version": "2012-10-17", "Statement": [)";
    for (int i = 0; i < 1000000; ++i)
      text += std::string(i ? "," : "") + R"({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b)" +
              std::to_string(i) + "/*\"}";
    text += "]}";
    write(dir / "statements.json", text);
  }
  row("10^6 statements (85 MB)", run({iamtrim, "lint", "--no-config", "statements.json"}, dir), "python3 json.load",
      py("statements.json"));

  {
    std::string text = "AWSTemplateFormatVersion: '2010-09-09'\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char level = 'b'; level <= 'i'; ++level) {
      text += std::string(1, level) + ": &" + level + " [";
      for (int i = 0; i < 9; ++i) text += std::string(i ? ",*" : "*") + static_cast<char>(level - 1);
      text += "]\n";
    }
    text += "Resources: {X: {Type: AWS::IAM::Policy, Properties: {PolicyDocument: {Statement: *i}}}}\n";
    write(dir / "laughs.yaml", text);
  }
  row("469-byte billion laughs", run({iamtrim, "lint", "--no-config", "laughs.yaml"}, dir), "/bin/true",
      run({"true"}, dir));

  fs::path repo = dir / "repo";
  if (!fs::exists(repo / ".git")) {
    const std::string policy = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})";
    for (int i = 0; i < 2000; ++i) write(repo / ("policies/p" + std::to_string(i % 40) + "/" + std::to_string(i) + ".json"), policy);
    for (int i = 0; i < 20000; ++i)
      write(repo / ("node_modules/pkg" + std::to_string(i) + "/package.json"), R"({"name": "pkg", "version": "1.0.0"})");
    write(repo / ".gitignore", "node_modules/\n");
    fs::create_directory_symlink(".", repo / "x");
    fs::create_directory_symlink(".", repo / "y");
    run({"git", "init", "-q"}, repo);
  }
  row("repository: 2,000 policies, 20,000 node_modules packages, 2 loops", run({iamtrim, "lint", "--no-config", "."}, repo),
      "git ls-files -o --exclude-standard", run({"git", "ls-files", "--others", "--exclude-standard"}, repo));
  if (temporary) fs::remove_all(dir);
  return 0;
}
