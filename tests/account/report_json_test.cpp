// The JSON --report of account mode is a summary written by hand: indented,
// each principal and each policy on one line. It must read as one document
// with the keys in their documented order, and hold one entry a line.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
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

// The report as a tree's dump(2) writes it, nested lines re-indented,
// with each principal and each policy as one compact dump(-1) line: an
// oracle that shares nothing with the writer, which writes it directly.
std::string as_dumps_write(const Json& j) {
  constexpr auto kReplace = Json::error_handler_t::replace;
  std::string text = "{";
  bool first = true;
  for (const auto& [key, value] : j.items()) {
    text += first ? "\n  " : ",\n  ";
    first = false;
    text += Json(key).dump() + ": ";
    if ((key == "principals" || key == "policies") && !value.empty()) {
      text += "[";
      for (std::size_t i = 0; i < value.size(); ++i)
        text += (i ? ",\n    " : "\n    ") + value[i].dump(-1, ' ', false, kReplace);
      text += "\n  ]";
    } else {
      for (char ch : value.dump(2, ' ', false, kReplace)) text += ch == '\n' ? std::string("\n  ") : std::string(1, ch);
    }
  }
  return text + "\n}\n";
}

// The report of the account in `dir` (run with --report REPORT and `extra`).
std::string report_of(const fs::path& dir, const std::vector<std::string>& extra = {}) {
  const fs::path report = fs::temp_directory_path() / ("iamtrim-account-report-" + std::to_string(::getpid()) + ".json");
  fs::remove(report);
  std::vector<std::string> args = {"narrow", "--account", (dir / "authorization-details.json").string(), "--evidence",
                                   (dir / "evidence").string(), "--report", report.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string text = fs::exists(report) ? read_file(report) : "";
  fs::remove(report);
  return text;
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
    EXPECT_EQ(text, as_dumps_write(j)) << dir.filename();
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    EXPECT_EQ(keys, kKeys) << dir.filename();
    with_policies += !j.at("policies").empty();
  }
  EXPECT_GE(with_policies, 1u);
}

// Names with quotes, backslashes, control characters, a line separator and
// letters beyond ASCII (inline policy names are the account's own text) are
// escaped as a tree's dump escapes them, with and without --out; the
// account has unmatched evidence, a principal without evidence and an
// AWS-managed policy, so every part of the report has entries.
TEST(AccountReportJson, HostileNamesAreEscapedAsATreesDumpWould) {
  const fs::path dir = fs::temp_directory_path() / ("iamtrim-account-report-hostile-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(testdata("narrow/account/shared-ec2"), dir, fs::copy_options::recursive);
  Json account = Json::parse(read_file(dir / "authorization-details.json"));
  const std::map<std::string, std::string> renamed = {{"BuildArtifacts", "Build\"Art\\ifacts\u00e9\u0001\u007f\u2028"},
                                                      {"ReadMetrics", "Read\tMetrics/../x"}};
  std::size_t changed = 0;
  for (Json& role : account.at("RoleDetailList"))
    for (Json& policy : role.at("RolePolicyList"))
      if (auto it = renamed.find(policy.at("PolicyName").get<std::string>()); it != renamed.end())
        policy["PolicyName"] = it->second, ++changed;
  ASSERT_EQ(changed, renamed.size());
  write_file(dir / "authorization-details.json", account.dump(1));
  for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--out", (dir / "out").string()}}) {
    const std::string text = report_of(dir, extra);
    const Json j = Json::parse(text);
    EXPECT_EQ(text, as_dumps_write(j));
    expect_entry_lines(text, j);
    std::vector<std::string> names;
    for (const Json& p : j.at("policies")) names.push_back(p.at("name"));
    for (const auto& [from, to] : renamed) EXPECT_NE(std::find(names.begin(), names.end(), to), names.end()) << to;
    EXPECT_FALSE(j.at("unmatched_evidence").empty());
    EXPECT_FALSE(j.at("principals_without_evidence").empty());
    EXPECT_FALSE(j.at("removed_by_service").empty());
    EXPECT_EQ(text.find('\x01'), std::string::npos);  // escaped, never raw
    EXPECT_NE(text.find("\\u0001"), std::string::npos);
  }
  fs::remove_all(dir);
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
  EXPECT_EQ(text, as_dumps_write(j));
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
