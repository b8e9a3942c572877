// Every Terraform and CloudFormation file of the shared corpus is scanned;
// the golden listing names each policy found, its owner, kind, format and
// position, and every diagnostic (the deliberately invalid .tf included).
#include <gtest/gtest.h>

#include <algorithm>

#include "iac/listing.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

std::string scan(const std::filesystem::path& dir) {
  std::string out;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename() != "SOURCES.tsv") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path.string(), read_file(path)));
    out += summary_listing(path.filename().string(), read_source(file));
  }
  return out;
}

TEST(IacCorpus, Terraform) {
  IAMTRIM_REQUIRE_CORPUS(dir, "terraform");
  EXPECT_EQ(check_golden(testdata("iac/corpus-terraform.expected"), scan(dir)), "");
}

TEST(IacCorpus, CloudFormation) {
  IAMTRIM_REQUIRE_CORPUS(dir, "cloudformation");
  EXPECT_EQ(check_golden(testdata("iac/corpus-cloudformation.expected"), scan(dir)), "");
}

}  // namespace
}  // namespace iamtrim::test

namespace iamtrim::test {
namespace {

// Every reader on every cut of every corpus file: a result, never a crash.
TEST(IacCorpus, TruncatedFilesNeverCrash) {
  IAMTRIM_REQUIRE_CORPUS(tf, "terraform");
  IAMTRIM_REQUIRE_CORPUS(cfn, "cloudformation");
  std::size_t reads = 0;
  for (const auto& dir : {tf, cfn}) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().filename() == "SOURCES.tsv") continue;
      std::string text = read_file(entry.path());
      for (std::size_t cut = 0; cut < text.size(); cut += 1499) {
        auto file = std::make_shared<const SourceFile>(SourceFile::from_string(entry.path().string(), text.substr(0, cut)));
        SourceResult r = read_source(file);
        for (const Diagnostic& d : r.diagnostics) ASSERT_TRUE(d.span.known()) << entry.path() << " cut at " << cut << ": " << d.message;
        ++reads;
      }
    }
  }
  EXPECT_GT(reads, 500u);
}

}  // namespace
}  // namespace iamtrim::test
