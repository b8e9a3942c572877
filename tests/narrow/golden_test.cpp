// End-to-end golden cases for `iamtrim narrow`. Each case is a set of sidecar
// files in testdata/narrow/ named after the case:
//   CASE.policy.json          the input policy
//   CASE.evidence*.json       last-accessed reports (CASE.evidence*.request.json: their sidecars)
//   CASE.args                 further arguments, one per line
//   CASE.expected.json        golden: standard output (the new policy)
//   CASE.stderr.txt           golden: standard error and the exit code
//   CASE.report.md            golden: the --report Markdown
// IAMTRIM_UPDATE_GOLDEN=1 rewrites the golden files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(testdata("narrow"))) {
    std::string name = e.path().filename().string();
    if (ends_with(name, ".policy.json")) out.push_back(name.substr(0, name.size() - 12));
  }
  std::sort(out.begin(), out.end());
  return out;
}

class Golden : public testing::TestWithParam<std::string> {};

TEST_P(Golden, Narrow) {
  const std::string name = GetParam();
  const fs::path dir = testdata("narrow");
  const std::string rel = "testdata/narrow/" + name;
  std::vector<std::string> evidence;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string f = e.path().filename().string();
    if (f.rfind(name + ".evidence", 0) == 0 && ends_with(f, ".json") && !ends_with(f, ".request.json"))
      evidence.push_back("testdata/narrow/" + f);
  }
  std::sort(evidence.begin(), evidence.end());
  ASSERT_FALSE(evidence.empty()) << name;
  fs::path report = fs::temp_directory_path() / ("iamtrim-narrow-" + name + ".report.md");
  std::vector<std::string> args = {"narrow", rel + ".policy.json", "--report", report.string()};
  for (const std::string& a : non_empty_lines(dir / (name + ".args"))) args.push_back(a);
  args.push_back("--evidence");
  args.insert(args.end(), evidence.begin(), evidence.end());
  RunResult r = run_cli(args);
  EXPECT_EQ(check_golden(dir / (name + ".expected.json"), r.out), "");
  EXPECT_EQ(check_golden(dir / (name + ".stderr.txt"), r.err + "exit " + std::to_string(r.exit_code) + "\n"), "");
  EXPECT_EQ(check_golden(dir / (name + ".report.md"), fs::exists(report) ? read_file(report) : "<no report>\n"), "");
  fs::remove(report);
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<std::string>& i) {
                           std::string n = i.param;
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace iamtrim::test
