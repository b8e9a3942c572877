// Benchmark: read, parse and expand every policy in a folder (the AWS managed
// policies of the corpus), in one process on one thread. Prints wall time,
// time per policy and peak memory. Files are read into memory first so disk
// speed is not measured.
//
//   ./build/bench/parse_expand_corpus ../shared/corpus/aws-managed [rounds]
#include <cstdio>
#include <cstdlib>

#include "bench_util.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/policy.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [rounds]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  auto files = iamtrim::bench::load_files(argv[1], ".json");
  if (files.empty()) {
    std::fprintf(stderr, "no .json files under %s\n", argv[1]);
    return 2;
  }
  double t0 = iamtrim::bench::now_ms();
  iamtrim::Catalog catalog = iamtrim::Catalog::embedded();
  double load_ms = iamtrim::bench::now_ms() - t0;

  double best = 1e18;
  std::size_t statements = 0, patterns = 0, granted = 0;
  for (int r = 0; r < rounds; ++r) {
    statements = patterns = granted = 0;
    double start = iamtrim::bench::now_ms();
    for (const auto& [path, text] : files) {
      iamtrim::SourceFile file = iamtrim::SourceFile::from_string(path, text);
      iamtrim::JsonResult json = iamtrim::parse_json(file);
      iamtrim::PolicyResult p = iamtrim::parse_policy(json.value);
      for (const auto& st : p.policy.statements) {
        iamtrim::StatementActions a = iamtrim::expand_statement(catalog, st);
        ++statements;
        patterns += a.matches.size();
        granted += a.actions.count();
      }
    }
    best = std::min(best, iamtrim::bench::now_ms() - start);
  }
  std::printf("policies: %zu, statements: %zu, action patterns: %zu, granted actions (sum): %zu\n", files.size(),
              statements, patterns, granted);
  std::printf("catalog load: %.3f ms\n", load_ms);
  std::printf("parse + expand, best of %d: %.1f ms wall, %.1f us per policy\n", rounds, best,
              1000.0 * best / static_cast<double>(files.size()));
  std::printf("peak RSS: %.1f MiB\n", static_cast<double>(iamtrim::bench::peak_rss_kib()) / 1024.0);
  return 0;
}
