// Every AWS managed policy in the corpus: no error-severity finding (the
// files are AWS's own, so one would be an iamtrim bug). The README's table
// of findings per rule is checked by rules_doc_test.cpp.
#include <gtest/gtest.h>


#include "lint_support.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

TEST(LintManagedCorpus, NoErrorFindingsOnAwsManagedPolicies) {
  IAMTRIM_REQUIRE_CORPUS(dir, "aws-managed");
  Linter linter = test::make_linter();
  std::string errors;
  std::size_t files = 0;
  for (const auto& path : test::files_in(dir, ".json")) {
    ++files;
    auto findings = test::lint_text(linter, path.filename().string(), test::read_file(path));
    for (const Finding& f : findings) {
      if (f.severity == Severity::Error)
        errors += path.filename().string() + ":" + test::format_findings({f});
    }
  }
  EXPECT_GT(files, 1000u);
  EXPECT_EQ(errors, "");
}

}  // namespace
}  // namespace iamtrim
