// End-to-end: the expand and catalog commands as a user runs them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "iamtrim/catalog.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

using test::run_cli;

TEST(ExpandCli, PrintsCanonicalNamesOnePerLine) {
  auto r = run_cli({"expand", "s3:?etObject", "IAM:passrole"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "iam:PassRole\ns3:GetObject\n");
  EXPECT_EQ(r.err, "");
}

TEST(ExpandCli, UnmatchedPatternsGoToStderrWithSuggestionsAndExitOne) {
  auto r = run_cli({"expand", "s3:GetObjet", "lamda:InvokeFunction", "s3:Get(*", "s3:GetObject"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "s3:GetObject\n");
  EXPECT_EQ(r.err,
            "iamtrim: s3:GetObjet: unknown action (did you mean s3:GetObject?)\n"
            "iamtrim: lamda:InvokeFunction: unknown service (did you mean lambda:InvokeFunction?)\n"
            "iamtrim: s3:Get(*: matches no action\n");
}

TEST(ExpandCli, NotPrintsTheComplement) {
  auto all = run_cli({"expand", "*"});
  auto rest = run_cli({"expand", "--not", "iam:*"});
  auto iam = run_cli({"expand", "iam:*"});
  ASSERT_EQ(all.exit_code, 0);
  auto lines = [](const std::string& s) { return std::count(s.begin(), s.end(), '\n'); };
  EXPECT_EQ(lines(rest.out) + lines(iam.out), lines(all.out));
  EXPECT_EQ(rest.out.find("iam:"), std::string::npos);
  EXPECT_EQ(static_cast<std::size_t>(lines(all.out)), Catalog::embedded().action_count());
}

TEST(ExpandCli, JsonFormat) {
  auto r = run_cli({"expand", "--format", "json", "s3:GetObjectT*", "nope:x"});
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["catalog"], std::string(Catalog::embedded().version()));
  EXPECT_EQ(j["actions"], nlohmann::json({"s3:GetObjectTagging", "s3:GetObjectTorrent"}));
  EXPECT_EQ(j["count"], 2);
  EXPECT_EQ(j["problems"][0]["pattern"], "nope:x");
  EXPECT_EQ(j["problems"][0]["status"], "unknown service");
}

TEST(ExpandCli, PolicySummaryPerStatement) {
  auto r = run_cli({"expand", "--policy", "testdata/expand/power-user.json", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const auto& st = j["policies"][0]["statements"];
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0]["sid"], "PowerUser");
  EXPECT_TRUE(st[0]["not_action"].get<bool>());
  EXPECT_FALSE(st[0]["services"].contains("iam"));
  EXPECT_TRUE(st[0]["services"].contains("ec2"));
  EXPECT_EQ(st[1]["actions"], nlohmann::json({"iam:GetRole", "iam:ListRoles", "iam:PassRole"}));
  EXPECT_EQ(st[1]["services"]["iam"], nlohmann::json({{"List", 1}, {"Read", 1}, {"Write", 1}, {"total", 3}}));
  EXPECT_EQ(st[2]["effect"], "Deny");
  EXPECT_EQ(j["policies"][0]["denied"]["count"], st[2]["count"]);
}

TEST(ExpandCli, PolicyTextReport) {
  auto r = run_cli({"expand", "--policy", "testdata/expand/power-user.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("testdata/expand/power-user.json:10: statement 1 (ReadIamRoles): Allow, 3 actions\n"
                       "  iam: 3 (List 1, Read 1, Write 1)\n"),
            std::string::npos)
      << r.out;
}

TEST(ExpandCli, BadInputIsAUsageErrorNotACrash) {
  EXPECT_EQ(run_cli({"expand"}).exit_code, 2);
  EXPECT_EQ(run_cli({"expand", "--policy", "no/such/file.json"}).exit_code, 2);
  auto r = run_cli({"expand", "--policy", "-"}, "{\"Statement\": [");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("-:1:16: invalid JSON: unexpected end of input"), std::string::npos) << r.err;
  EXPECT_EQ(run_cli({"expand", "--format", "xml", "s3:*"}).exit_code, 2);
  EXPECT_EQ(run_cli({"nosuchcommand"}).exit_code, 2);
}

// `expand --policy` writes statements on several threads in chunks; the
// bytes must be those of one thread. The first statements are slow (each
// pattern an unknown name, whose suggestions search the whole catalog) and
// the later ones fast, so later chunks finish first.
TEST(ExpandCli, PolicyOutputIsTheSameForEveryJobs) {
  nlohmann::ordered_json statements = nlohmann::ordered_json::array();
  const std::size_t slow = 150, all = 700;
  for (std::size_t i = 0; i < all; ++i) {
    nlohmann::ordered_json st = {{"Sid", "S\"" + std::to_string(i)}, {"Effect", i % 7 == 3 ? "Deny" : "Allow"}};
    nlohmann::ordered_json actions = nlohmann::ordered_json::array();
    if (i < slow) {
      for (int k = 0; k < 6; ++k) actions.push_back("s3:GetObjec" + std::to_string(i * 6 + k));
    } else {
      actions.push_back(i % 2 ? "s3:Get*" : "iam:PassRole");
    }
    st[i % 11 == 5 ? "NotAction" : "Action"] = actions;
    st["Resource"] = "*";
    statements.push_back(st);
  }
  test::TempDir dir("expand-jobs");
  test::write_file(dir / "many.json",
                   nlohmann::ordered_json{{"Version", "2012-10-17"}, {"Statement", statements}}.dump(2));
  const std::string file = (dir / "many.json").string();
  for (const std::vector<std::string>& format :
       {std::vector<std::string>{"--format", "json"}, std::vector<std::string>{"--list"}}) {
    std::vector<std::string> args = {"expand", "--policy", file};
    args.insert(args.end(), format.begin(), format.end());
    auto with_jobs = [&](const std::string& jobs) {
      std::vector<std::string> a = args;
      a.insert(a.end(), {"--jobs", jobs});
      return run_cli(a);
    };
    const auto one = with_jobs("1");
    EXPECT_EQ(one.exit_code, 0) << one.err;  // unknown names in a policy are reported, not failed
    // Every unknown name is reported, in the order of the file.
    EXPECT_EQ(std::count(one.err.begin(), one.err.end(), '\n'), static_cast<std::ptrdiff_t>(slow * 6));
    EXPECT_LT(one.err.find("s3:GetObjec0:"), one.err.find("s3:GetObjec" + std::to_string(slow * 6 - 1) + ":"));
    if (format[0] == "--format") {
      const auto j = nlohmann::json::parse(one.out);
      ASSERT_EQ(j["policies"][0]["statements"].size(), all);
      // The layout is a tree's dump(2), whatever the chunks.
      EXPECT_EQ(one.out, nlohmann::ordered_json::parse(one.out).dump(2) + "\n");
      EXPECT_EQ(j["policies"][0]["statements"][all - 1]["index"], all - 1);
    }
    for (const std::string jobs : {"2", "4", "16"}) {
      SCOPED_TRACE(format[0] + " --jobs " + jobs);
      const auto many = with_jobs(jobs);
      EXPECT_EQ(many.exit_code, one.exit_code);
      EXPECT_EQ(many.err, one.err);
      EXPECT_EQ(many.out, one.out);
    }
  }
}

TEST(CatalogCli, InfoShowSearch) {
  auto info = run_cli({"catalog", "info", "--format", "json"});
  ASSERT_EQ(info.exit_code, 0);
  auto j = nlohmann::json::parse(info.out);
  EXPECT_EQ(j["actions"], Catalog::embedded().action_count());
  auto show = run_cli({"catalog", "show", "S3:GETOBJECT"});
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_EQ(show.out.substr(0, show.out.find('\n')), "s3:GetObject");
  EXPECT_NE(show.out.find("  access level: Read\n"), std::string::npos);
  EXPECT_NE(show.out.find("    object  arn:${Partition}:s3:::${BucketName}/${ObjectName}\n"), std::string::npos);
  auto typo = run_cli({"catalog", "show", "s3:GetObjet"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_EQ(typo.err, "iamtrim: s3:GetObjet: unknown action (did you mean s3:GetObject?)\n");
  auto search = run_cli({"catalog", "search", "passrole"});
  EXPECT_EQ(search.exit_code, 0);
  EXPECT_NE(search.out.find("iam:PassRole  (Write)\n"), std::string::npos);
  EXPECT_EQ(run_cli({"catalog", "search", "zzzznothing"}).exit_code, 1);
}

TEST(Cli, VersionNamesToolAndCatalog) {
  auto r = run_cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "iamtrim " IAMTRIM_VERSION "\ncatalog " + std::string(Catalog::embedded().version()) + " (" +
                       std::string(Catalog::embedded().date()) + ")\n");
}

TEST(Cli, CatalogOverrideFromDirectory) {
  auto dir = std::filesystem::temp_directory_path() / "iamtrim-catalog-override";
  std::filesystem::create_directories(dir);
  test::write_file(dir / "catalog.tsv",
                   "iamtrim-catalog\t1\nversion\tcustom-1\ndate\t2030-01-01\nsource\ttest\nS\tzz\tZ\nA\tDoIt\tW\t\t\t-\n");
  auto r = run_cli({"--catalog", dir.string(), "expand", "zz:*"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "zz:DoIt\n");
  test::write_file(dir / "catalog.tsv", "garbage\n");
  auto bad = run_cli({"--catalog", dir.string(), "expand", "zz:*"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("cannot load catalog"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iamtrim
