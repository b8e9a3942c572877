// Every Terraform and CloudFormation file of ../shared/corpus, and every AWS
// managed policy file, edited in place: with evidence that removes nothing, nothing changes; with evidence
// that removes half the granted services, each file is edited only inside
// its edit ranges, reads back (with iamtrim's readers) as exactly the
// narrowed policies, and is accepted by an independent parser (HashiCorp's
// HCL for .tf, nlohmann / yaml-cpp for CloudFormation).
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "helpers.hpp"
#include "oracle.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> iac_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const char* ext : {".tf", ".tpl", ".json", ".yaml", ".yml", ".template"})
    for (const fs::path& p : files_in(dir, ext)) out.push_back(p);
  std::sort(out.begin(), out.end());
  return out;
}

bool any(const FoundPolicy&) { return true; }

void no_op(const fs::path& dir) {
  Catalog catalog = Catalog::embedded();
  std::size_t policies = 0;
  for (const fs::path& path : iac_files(dir)) {
    std::string text = read_file(path);
    EditedFile edited = edit_file(
        catalog, path.filename().string(), text, [](const Policy&) { return Decisions{}; }, any);
    EXPECT_TRUE(edited.edits.empty()) << path;
    EXPECT_EQ(edited.text, text) << path;
    policies += edited.expected.size() + static_cast<std::size_t>(std::count(edited.log.begin(), edited.log.end(), '\n'));
  }
  EXPECT_GT(policies, 0u) << "the corpus folder holds policies";
}

void half(const fs::path& dir, std::size_t min_edited) {
  Catalog catalog = Catalog::embedded();
  std::size_t files = 0, edited_files = 0, edited_policies = 0, compared = 0, oracle_files = 0;
  std::vector<FmtFile> terraform_files;
  for (const fs::path& path : iac_files(dir)) {
    ++files;
    std::string name = path.filename().string();
    std::string text = read_file(path);
    EditedFile edited = edit_file(
        catalog, name, text, [&](const Policy& p) { return half_the_services(catalog, p); }, any);
    EXPECT_TRUE(edited.plan_errors.empty()) << ::testing::PrintToString(edited.plan_errors);
    EXPECT_TRUE(edited.problems.empty()) << name << "\n" << edited.log;
    if (edited.edits.empty() || !edited.problems.empty()) continue;
    ++edited_files;
    // IAMTRIM_EDIT_DUMP=DIR: the edited files, for a reviewer's diff.
    if (const char* dump = std::getenv("IAMTRIM_EDIT_DUMP")) write_file(fs::path(dump) / name, edited.text);
    edited_policies += edited.expected.size();
    EXPECT_NE(edited.text, text) << name;
    EXPECT_EQ(outside_edits_identical(text, edited.text, edited.edits), "") << name;
    if (path.extension() == ".tf") terraform_files.push_back({name, text, edited.text});
    OracleResult oracle = oracle_check(name, edited.text, edited.expected);
    EXPECT_TRUE(oracle.problems.empty()) << ::testing::PrintToString(oracle.problems);
    // Every edited policy of a file the independent parser reads is compared:
    // an edit it cannot see is an edit nobody checked.
    if (oracle.ran) EXPECT_EQ(oracle.compared, edited.expected.size()) << name << ": some edited policies were not compared";
    oracle_files += oracle.ran;
    compared += oracle.compared;
  }
  std::cout << "[ corpus   ] " << dir.filename().string() << ": " << files << " files, " << edited_files
            << " edited (" << edited_policies << " policies), " << compared << " policies compared in "
            << oracle_files << " files by an independent parser\n";
  EXPECT_GE(edited_files, min_edited) << "the generated evidence must edit a good share of the corpus";
  // HashiCorp's formatter: an edited file that was formatted stays formatted.
  if (!terraform_files.empty()) {
    auto fmt = terraform_fmt_regressions(terraform_files);
    if (!fmt) std::cout << kNoTerraform;
    else EXPECT_TRUE(fmt->empty()) << "terraform fmt -check fails after the edit: " << ::testing::PrintToString(*fmt);
    if (fmt) std::cout << "[ corpus   ] terraform fmt -check on " << terraform_files.size() << " edited .tf files\n";
  }
  if (oracle_files == 0) std::cout << "[  SKIPPED ] independent parser checks (hcl-check not built)\n";
  else EXPECT_GT(compared, 0u);
}

TEST(EditCorpus, TerraformNoOpLeavesEveryFileAlone) {
  IAMTRIM_REQUIRE_CORPUS(dir, "terraform");
  no_op(dir);
}

TEST(EditCorpus, CloudFormationNoOpLeavesEveryFileAlone) {
  IAMTRIM_REQUIRE_CORPUS(dir, "cloudformation");
  no_op(dir);
}

TEST(EditCorpus, TerraformHalfTheServicesRemoved) {
  IAMTRIM_REQUIRE_CORPUS(dir, "terraform");
  half(dir, 10);
}

TEST(EditCorpus, CloudFormationHalfTheServicesRemoved) {
  IAMTRIM_REQUIRE_CORPUS(dir, "cloudformation");
  half(dir, 5);
}

// Plain policy files (what `narrow POLICY.json` edits in place): every AWS
// managed policy, in AWS's own layout.
TEST(EditCorpus, ManagedPoliciesHalfTheServicesRemoved) {
  IAMTRIM_REQUIRE_CORPUS(dir, "aws-managed");
  half(dir, 500);
}

}  // namespace
}  // namespace iamtrim::test
