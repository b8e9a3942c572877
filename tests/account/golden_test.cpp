// End-to-end golden cases for the account-wide modes of `iamtrim narrow`.
//
// testdata/narrow/account/CASE/:
//   authorization-details.json   get-account-authorization-details output
//   evidence/                    last-accessed reports with .request.json sidecars
//   args                         further arguments, one per line (optional)
//   stdout.txt, stderr.txt       golden: the summary table; warnings and the exit code
//   report.md                    golden: the --report Markdown
//   out.txt                      golden: every file --out wrote ("== PATH ==" then its text)
// testdata/narrow/organizations/CASE/:
//   access-report.json (+ .request.json), args
//   scp.json, stderr.txt, report.md   golden: stdout (the proposed SCP), stderr, --report
// IAMTRIM_UPDATE_GOLDEN=1 rewrites the golden files.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

std::vector<std::string> cases(const std::string& folder) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(testdata(folder)))
    if (e.is_directory()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Every file under `dir`, sorted, as one reviewable text.
std::string tree_text(const fs::path& dir) {
  if (!fs::exists(dir)) return "<nothing written>\n";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::string out;
  for (const fs::path& f : files) out += "== " + fs::relative(f, dir).string() + " ==\n" + read_file(f);
  return out;
}

std::string name_of(const testing::TestParamInfo<std::string>& i) {
  std::string n = i.param;
  for (char& c : n)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

class AccountGolden : public testing::TestWithParam<std::string> {};

TEST_P(AccountGolden, Narrow) {
  const std::string rel = "testdata/narrow/account/" + GetParam();
  const fs::path dir = testdata("narrow/account/" + GetParam());
  const fs::path tmp = fs::temp_directory_path() / ("iamtrim-account-" + GetParam());
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  std::vector<std::string> args = {"narrow", "--account", rel + "/authorization-details.json", "--evidence",
                                   rel + "/evidence", "--report", (tmp / "report.md").string(),
                                   "--out", (tmp / "out").string()};
  for (const std::string& a : non_empty_lines(dir / "args")) args.push_back(a);
  RunResult r = run_cli(args);
  EXPECT_EQ(check_golden(dir / "stdout.txt", r.out), "");
  EXPECT_EQ(check_golden(dir / "stderr.txt", r.err + "exit " + std::to_string(r.exit_code) + "\n"), "");
  // The report names the --out folder as given: the temporary one here.
  std::string report = fs::exists(tmp / "report.md") ? read_file(tmp / "report.md") : "<no report>\n";
  for (std::size_t at; (at = report.find(tmp.string())) != std::string::npos;) report.replace(at, tmp.string().size(), "TMP");
  EXPECT_EQ(check_golden(dir / "report.md", report), "");
  EXPECT_EQ(check_golden(dir / "out.txt", tree_text(tmp / "out")), "");
  fs::remove_all(tmp);
}

INSTANTIATE_TEST_SUITE_P(Cases, AccountGolden, testing::ValuesIn(cases("narrow/account")), name_of);

class OrganizationsGolden : public testing::TestWithParam<std::string> {};

TEST_P(OrganizationsGolden, ProposeScp) {
  const std::string rel = "testdata/narrow/organizations/" + GetParam();
  const fs::path dir = testdata("narrow/organizations/" + GetParam());
  const fs::path report = fs::temp_directory_path() / ("iamtrim-scp-" + GetParam() + ".md");
  fs::remove(report);
  std::vector<std::string> args = {"narrow", "--organizations", rel + "/access-report.json", "--report",
                                   report.string()};
  for (const std::string& a : non_empty_lines(dir / "args")) args.push_back(a);
  RunResult r = run_cli(args);
  EXPECT_EQ(check_golden(dir / "scp.json", r.out), "");
  EXPECT_EQ(check_golden(dir / "stderr.txt", r.err + "exit " + std::to_string(r.exit_code) + "\n"), "");
  EXPECT_EQ(check_golden(dir / "report.md", fs::exists(report) ? read_file(report) : "<no report>\n"), "");
  fs::remove(report);
}

INSTANTIATE_TEST_SUITE_P(Cases, OrganizationsGolden, testing::ValuesIn(cases("narrow/organizations")), name_of);

}  // namespace
}  // namespace iamtrim::test
