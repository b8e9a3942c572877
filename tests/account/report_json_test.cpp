// The JSON --report of account mode is a summary written by hand: indented,
// each principal and each policy on one line. It must read as one document
// with the keys in their documented order, and hold one entry a line.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "iamtrim/account.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

using Json = nlohmann::ordered_json;

const std::vector<std::string> kKeys = {"catalog",    "catalog_date", "as_of",    "totals",
                                       "details",    "removed_by_service", "principals", "policies",
                                       "unmatched_evidence", "principals_without_evidence"};

// Every principal and every policy is one line of the text, which parses
// back to the entry itself.
void expect_entry_lines(const std::string& text, const Json& j) {
  for (const char* key : {"principals", "policies"})
    for (const Json& entry : j.at(key)) {
      const std::string line = "    " + entry.dump(-1, ' ', false, Json::error_handler_t::replace);
      EXPECT_NE(text.find("\n" + line + ",\n") != std::string::npos ? 0 : text.find("\n" + line + "\n"), std::string::npos)
          << key << ": " << line;
    }
}

TEST(AccountReportJson, EveryCaseIsOneDocumentAsASingleDumpWouldWriteIt) {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(testdata("narrow/account")))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  ASSERT_FALSE(dirs.empty());
  std::size_t with_policies = 0;
  for (const fs::path& dir : dirs) {
    const std::string rel = "testdata/narrow/account/" + dir.filename().string();
    const fs::path report = fs::temp_directory_path() / ("iamtrim-account-report-" + dir.filename().string() + ".json");
    fs::remove(report);
    std::vector<std::string> args = {"narrow", "--account", rel + "/authorization-details.json", "--evidence",
                                     rel + "/evidence", "--report", report.string()};
    for (const std::string& a : non_empty_lines(dir / "args")) args.push_back(a);
    RunResult r = run_cli(args);
    if (!fs::exists(report)) continue;  // a case that stops before reporting
    const std::string text = read_file(report);
    fs::remove(report);
    const Json j = Json::parse(text);
    expect_entry_lines(text, j);
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    EXPECT_EQ(keys, kKeys) << dir.filename();
    with_policies += !j.at("policies").empty();
  }
  EXPECT_GE(with_policies, 1u);
}

// No policy judged (only an AWS-managed one): the summary lists it, with
// no detail file.
TEST(AccountReportJson, NoPolicyJudged) {
  const fs::path dir = fs::temp_directory_path() / ("iamtrim-account-report-empty-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "evidence");
  write_file(dir / "authorization-details.json",
             R"({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [{"Path": "/", "RoleName": "r",
 "Arn": "arn:aws:iam::123456789012:role/r", "CreateDate": "2020-01-01T00:00:00Z", "RolePolicyList": [],
 "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]}],
 "Policies": []})");
  RunResult r = run_cli({"narrow", "--account", (dir / "authorization-details.json").string(), "--evidence",
                         (dir / "evidence").string(), "--report", (dir / "report.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = read_file(dir / "report.json");
  const Json j = Json::parse(text);
  expect_entry_lines(text, j);
  EXPECT_TRUE(j.at("principals").empty());
  ASSERT_EQ(j.at("policies").size(), 1u);
  EXPECT_EQ(j.at("policies").at(0).at("kind"), "aws-managed");
  EXPECT_EQ(j.at("policies").at(0).at("note"), std::string(AccountPolicyResult{.outcome = AccountOutcome::AwsManaged}.note()));
  EXPECT_EQ(j.at("policies").at(0).at("details"), nullptr);
  EXPECT_EQ(j.at("totals").at("to_rewrite"), 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iamtrim::test
