// The JSON --report of account mode is written in pieces (one policy at a
// time, then the account summary joined on) rather than dumped from one
// tree. It must read as one document formatted exactly as a single dump(2)
// of it would be, with the keys in their documented order.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

using Json = nlohmann::ordered_json;

std::string canonical(const std::string& text) {
  return Json::parse(text).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
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
    EXPECT_EQ(text, canonical(text)) << dir.filename();
    const Json j = Json::parse(text);
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    EXPECT_EQ(keys, (std::vector<std::string>{"catalog", "catalog_date", "as_of", "policies", "account"})) << dir.filename();
    with_policies += !j.at("policies").empty();
  }
  EXPECT_GE(with_policies, 1u);
}

// No policy judged (only an AWS-managed one): "policies" is empty and the
// account summary still joins on.
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
  EXPECT_EQ(text, canonical(text));
  const Json j = Json::parse(text);
  EXPECT_TRUE(j.at("policies").empty());
  EXPECT_EQ(j.at("account").at("summary").at(0).at("kind"), "aws-managed");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iamtrim::test
