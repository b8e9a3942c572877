// Lints every policy source file under a folder (JSON, Terraform,
// CloudFormation: what `iamtrim lint DIR` reads) in one process with every
// rule on, and prints wall time, time per policy and peak RSS. Not a test:
// run it on the aws-managed corpus to check the budget (under 100 ms on one
// core), and on the IaC corpus for the scan-and-lint figures.
//
//   lint_corpus DIR [REPEAT]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <vector>

#include "iamtrim/lint.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: lint_corpus DIR [REPEAT]\n";
    return 2;
  }
  int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  std::vector<std::shared_ptr<const iamtrim::SourceFile>> files;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(argv[1], ec)) {
    if (!e.is_regular_file() || !iamtrim::is_source_file_name(e.path().filename().string())) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    files.push_back(std::make_shared<const iamtrim::SourceFile>(
        iamtrim::SourceFile::from_string(e.path().string(), ss.str())));
  }
  if (ec || files.empty()) {
    std::cerr << "lint_corpus: no policy source files under " << argv[1] << (ec ? ": " + ec.message() : "") << "\n";
    return 2;
  }
  // Reading the files is not part of the budget; building the linter and
  // everything from parsing the text to the sorted findings is.
  auto start = std::chrono::steady_clock::now();
  iamtrim::Linter linter(iamtrim::Catalog::embedded(), iamtrim::LintConfig{});
  auto built = std::chrono::steady_clock::now();
  std::size_t findings = 0, policies = 0;
  for (int r = 0; r < repeat; ++r)
    for (const auto& file : files) {
      iamtrim::SourceResult source = iamtrim::read_source(file);
      findings += linter.lint_source_problems(file, source.diagnostics).size();
      for (const iamtrim::FoundPolicy& p : source.policies) {
        findings += linter.lint(p).size();
        ++policies;
      }
    }
  auto end = std::chrono::steady_clock::now();
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double per_run = ms(end - built) / repeat;
  std::cout << "files " << files.size() << ", policies " << policies / repeat << ", findings " << findings / repeat
            << "\nlinter setup " << ms(built - start) << " ms\nlint " << per_run << " ms per run ("
            << 1000.0 * per_run / static_cast<double>(policies / repeat) << " us per policy, " << repeat
            << " runs)\npeak RSS " << usage.ru_maxrss / 1024 << " MiB\n";
  return 0;
}
