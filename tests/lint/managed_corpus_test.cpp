// Every AWS managed policy in the corpus: no error-severity finding (the
// files are AWS's own, so one would be an iamtrim bug), and a table of
// findings per rule on stdout for the README.
#include <gtest/gtest.h>

#include <iostream>
#include <map>

#include "lint_support.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

TEST(LintManagedCorpus, NoErrorFindingsOnAwsManagedPolicies) {
  IAMTRIM_REQUIRE_CORPUS(dir, "aws-managed");
  Linter linter = test::make_linter();
  std::map<std::string, std::map<Severity, int>> counts;
  std::string errors;
  std::size_t files = 0;
  for (const auto& path : test::files_in(dir, ".json")) {
    ++files;
    auto findings = test::lint_text(linter, path.filename().string(), test::read_file(path));
    for (const Finding& f : findings) {
      ++counts[f.diagnostic.code][f.severity];
      if (f.severity == Severity::Error)
        errors += path.filename().string() + ":" + test::format_findings({f});
    }
  }
  EXPECT_GT(files, 1000u);
  EXPECT_EQ(errors, "");
  std::cout << "| rule | slug | findings | severities |\n|---|---|---:|---|\n";
  for (const auto& [code, by] : counts) {
    int total = 0;
    std::string sev;
    for (const auto& [s, n] : by) {
      total += n;
      sev += (sev.empty() ? "" : ", ") + std::string(to_string(s)) + " " + std::to_string(n);
    }
    const RuleInfo* rule = find_rule(code);
    std::cout << "| " << code << " | " << (rule ? rule->slug : "") << " | " << total << " | " << sev << " |\n";
  }
  std::cout << "(" << files << " policies)\n";
}

}  // namespace
}  // namespace iamtrim
