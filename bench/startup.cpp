// Start-up cost: `iamtrim lint` of one small policy, side by side with
// `/bin/true` through the same harness (spawn, wait4), many rounds in
// alternation. The issue-11 target: the lint run within 3x the wall time of
// /bin/true. `expand` and `narrow` of one small input are shown too.
//
//   startup [ROUNDS] [POLICY]
//
// POLICY defaults to the corpus's AmazonS3ReadOnlyAccess.json; the runs
// happen in a scratch folder without .iamtrim.yaml (no configuration is read).
#include <cstdio>
#include <filesystem>

#include "process_bench.hpp"

namespace fs = std::filesystem;
using namespace iamtrim::bench;

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
  std::string policy = argc > 2 ? argv[2] : corpus_folder("aws-managed") + "/AmazonS3ReadOnlyAccess.json";
  if (!fs::is_regular_file(policy)) {
    std::fprintf(stderr, "startup: %s not found (give a policy file)\n", policy.c_str());
    return 2;
  }
  policy = fs::absolute(policy).string();
  // A folder of its own, so that no .iamtrim.yaml of the caller is found.
  const fs::path scratch = fs::temp_directory_path() / ("iamtrim-startup-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  const std::string bin = iamtrim_binary();
  const std::string examples = std::string(IAMTRIM_SOURCE_DIR) + "/examples/deployer/";
  std::vector<Command> commands = {
      {"/bin/true", {"/bin/true"}, scratch.string(), ""},
      {"iamtrim lint POLICY", {bin, "lint", policy}, scratch.string(), ""},
      {"iamtrim expand s3:Get*", {bin, "expand", "s3:Get*"}, scratch.string(), ""},
      {"iamtrim narrow deployer example",
       {bin, "narrow", examples + "policy.json", "--evidence", examples + "evidence.json"}, scratch.string(), ""},
  };
  commands[0].ok_codes = {0};
  std::printf("%d rounds, binary %s, policy %s\n", rounds, bin.c_str(), policy.c_str());
  auto series = run_side_by_side(commands, rounds);
  print_series(series, 0);
  const double ratio = series[1].median_wall() / series[0].median_wall();
  std::printf("lint / true (median): %.2fx (target: at most 3x)\n", ratio);
  fs::remove_all(scratch);
  return 0;
}
