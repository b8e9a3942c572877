// Before/after fixtures (testdata/edit/NAME.EXT): NAME.remove says which
// actions the evidence removes; NAME.fixed.EXT is the file after an in-place
// narrow of its identity policies, NAME.log what happened to each policy.
// Regenerate with IAMTRIM_UPDATE_GOLDEN=1 and read the diff before committing.
#include <gtest/gtest.h>

#include <filesystem>

#include "helpers.hpp"
#include "oracle.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

namespace fs = std::filesystem;

// NAME.EXT -> {NAME, .EXT}; the extension is everything after the first dot.
std::pair<std::string, std::string> split(const fs::path& p) {
  std::string name = p.filename().string();
  std::size_t dot = name.find('.');
  return {name.substr(0, dot), name.substr(dot)};
}

std::vector<fs::path> inputs() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(testdata("edit"))) {
    if (!e.is_regular_file()) continue;
    auto [stem, ext] = split(e.path());
    if (ext == ".remove" || ext == ".log" || ext.rfind(".fixed", 0) == 0) continue;
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class EditGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(EditGolden, MatchesFixture) {
  const fs::path& input = GetParam();
  auto [stem, ext] = split(input);
  Catalog catalog = Catalog::embedded();
  std::string before = read_file(input);
  Decisions decisions = decisions_from_lines(catalog, read_file(testdata("edit/" + stem + ".remove")));
  EditedFile edited = edit_file(
      catalog, input.filename().string(), before, [&](const Policy&) { return decisions; },
      [](const FoundPolicy& p) { return p.kind == PolicyKind::Identity; });
  EXPECT_EQ(check_golden(testdata("edit/" + stem + ".fixed" + ext), edited.text), "");
  EXPECT_EQ(check_golden(testdata("edit/" + stem + ".log"), edited.log), "");
  EXPECT_TRUE(edited.plan_errors.empty()) << ::testing::PrintToString(edited.plan_errors);
  if (!edited.problems.empty()) {
    EXPECT_EQ(edited.text, before) << "a refused edit must leave the text alone";
    return;
  }
  EXPECT_EQ(outside_edits_identical(before, edited.text, edited.edits), "");
  // A fixture terraform fmt accepts stays accepted after the edit.
  if (ext == ".tf") {
    auto fmt = terraform_fmt_regressions({{input.filename().string(), before, edited.text}});
    if (!fmt) std::cout << kNoTerraform;
    else EXPECT_TRUE(fmt->empty()) << input << ": terraform fmt -check passes before the edit and fails after it";
  }
  OracleResult oracle = oracle_check(input.filename().string(), edited.text, edited.expected);
  EXPECT_TRUE(oracle.problems.empty()) << ::testing::PrintToString(oracle.problems);
  if (!oracle.ran) {
    std::cout << "[  SKIPPED ] no independent parser for " << input.filename() << " (hcl-check not built?)\n";
    return;
  }
  EXPECT_EQ(oracle.compared, edited.expected.size()) << "every edited policy is compared";
}

INSTANTIATE_TEST_SUITE_P(Fixtures, EditGolden, ::testing::ValuesIn(inputs()), [](const auto& info) {
  std::string name = info.param.filename().string();
  for (char& ch : name)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
});

}  // namespace
}  // namespace iamtrim::test
