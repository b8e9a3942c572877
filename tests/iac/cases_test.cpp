// Golden cases, one per value form and tricky case: testdata/iac/cases/NAME
// (any extension) is read with read_source() and its detailed listing -
// every leaf of every policy with its line:col in the original file - is
// compared with NAME.expected.
#include <gtest/gtest.h>

#include <algorithm>

#include "iac/listing.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

std::vector<std::filesystem::path> cases() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(testdata("iac/cases"))) {
    // Files a case reads through file()/templatefile() live in subfolders.
    if (e.is_regular_file() && e.path().extension() != ".expected") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class IacCase : public ::testing::TestWithParam<std::filesystem::path> {};

// Every node's span lies inside the file and does not end before it begins;
// where the document is written as such (not rendered from
// aws_iam_policy_document blocks), each value follows its key.
void expect_sane_spans(const Value& v, std::size_t size, const std::string& where, bool written) {
  if (v.span.known()) {
    EXPECT_LE(v.span.begin.offset, v.span.end.offset) << where;
    EXPECT_LE(v.span.end.offset, size) << where;
  }
  for (std::size_t i = 0; i < v.items.size(); ++i)
    expect_sane_spans(v.items[i], size, where + "/" + std::to_string(i), written);
  for (const Member& m : v.members) {
    if (written && m.key_span.known() && m.value.span.known())
      EXPECT_LE(m.key_span.end.offset, m.value.span.begin.offset) << where << "/" << m.key << ": value before its key";
    expect_sane_spans(m.value, size, where + "/" + m.key, written);
  }
}

TEST_P(IacCase, MatchesGolden) {
  const std::filesystem::path& path = GetParam();
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path.string(), read_file(path)));
  SourceResult result = read_source(file);
  for (const FoundPolicy& p : result.policies)
    if (p.file == file)
      expect_sane_spans(p.document, file->text().size(), p.pointer, p.format != SourceFormat::TerraformPolicyDocument);
  std::string listing = detailed_listing(path.filename().string(), result);
  std::filesystem::path golden = path;
  golden += ".expected";
  EXPECT_EQ(check_golden(golden, listing), "");
}

std::string case_name(const ::testing::TestParamInfo<std::filesystem::path>& info) {
  std::string name = info.param.filename().string();
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, IacCase, ::testing::ValuesIn(cases()), case_name);

// The case folder must not be empty, or the suite above would pass vacuously.
TEST(IacCases, Present) { EXPECT_GE(cases().size(), 10u); }

}  // namespace
}  // namespace iamtrim::test
