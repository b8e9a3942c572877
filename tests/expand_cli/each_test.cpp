// `expand --each` and `--from`: each pattern of a list on its own, as a
// user who has a list of patterns (from a spreadsheet, a log, a policy)
// asks what each one grants.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "iamtrim/catalog.hpp"
#include "iamtrim/policy.hpp"
#include "iamtrim/sources.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

using test::run_cli;
using Json = nlohmann::json;

TEST(ExpandEach, ListsEachPatternOnItsOwnInTheOrderGiven) {
  auto r = run_cli({"expand", "--each", "s3:?etObject", "IAM:pass*", "s3:GetObjet", "s3:?etObject", "s3:Get(*"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "s3:?etObject (1)\n"
            "  s3:GetObject\n"
            "IAM:pass* (1)\n"
            "  iam:PassRole\n"
            "s3:GetObjet (0)\n"
            "s3:?etObject (1)\n"
            "  s3:GetObject\n"
            "s3:Get(* (0)\n");
  EXPECT_EQ(r.err,
            "iamtrim: s3:GetObjet: unknown action (did you mean s3:GetObject?)\n"
            "iamtrim: s3:Get(*: matches no action\n");
  auto ok = run_cli({"expand", "--each", "iam:PassRole"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "iam:PassRole (1)\n  iam:PassRole\n");
}

TEST(ExpandEach, JsonHasOneEntryAPatternWithItsStatusAndSuggestions) {
  auto r = run_cli({"expand", "--each", "--format", "json", "s3:GetObjectT*", "lamda:InvokeFunction", "s3*:Get", "s3:Get(*"});
  EXPECT_EQ(r.exit_code, 1);
  const Json j = Json::parse(r.out);
  EXPECT_EQ(j["catalog"], std::string(Catalog::embedded().version()));
  const Json& p = j["patterns"];
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0], Json({{"pattern", "s3:GetObjectT*"},
                        {"status", "matched"},
                        {"count", 2},
                        {"actions", {"s3:GetObjectTagging", "s3:GetObjectTorrent"}},
                        {"suggestions", Json::array()}}));
  EXPECT_EQ(p[1]["status"], "unknown service");
  EXPECT_EQ(p[1]["suggestions"], Json({"lambda:InvokeFunction"}));
  EXPECT_EQ(p[1]["actions"], Json::array());
  EXPECT_EQ(p[1]["count"], 0);
  EXPECT_EQ(p[2]["status"], "malformed");
  EXPECT_EQ(p[3]["status"], "matches no action");
  // The layout is a tree's dump(2), as every JSON output of expand.
  EXPECT_EQ(r.out, nlohmann::ordered_json::parse(r.out).dump(2) + "\n");
}

TEST(ExpandEach, FromReadsOnePatternALineAfterTheArguments) {
  test::TempDir dir("expand-from");
  // CRLF, blanks around a pattern, empty and blank lines, no final newline.
  test::write_file(dir / "list.txt", "s3:?etObject\r\n\r\n   IAM:passrole \t\n\n  \nec2:DescribeInstances");
  const std::string list = (dir / "list.txt").string();
  auto each = run_cli({"expand", "--each", "--from", list, "kms:Decrypt"});
  EXPECT_EQ(each.exit_code, 0) << each.err;
  EXPECT_EQ(each.out,
            "kms:Decrypt (1)\n  kms:Decrypt\n"
            "s3:?etObject (1)\n  s3:GetObject\n"
            "IAM:passrole (1)\n  iam:PassRole\n"
            "ec2:DescribeInstances (1)\n  ec2:DescribeInstances\n");
  // Standard input, and the union (no --each) as with the same arguments.
  auto piped = run_cli({"expand", "--from", "-"}, test::read_file(dir / "list.txt"));
  auto named = run_cli({"expand", "s3:?etObject", "IAM:passrole", "ec2:DescribeInstances"});
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out, named.out);
  EXPECT_EQ(piped.out, "ec2:DescribeInstances\niam:PassRole\ns3:GetObject\n");
  auto json = run_cli({"expand", "--from", list, "--format", "json"});
  EXPECT_EQ(Json::parse(json.out)["patterns"], Json({"s3:?etObject", "IAM:passrole", "ec2:DescribeInstances"}));
}

TEST(ExpandEach, WhatCannotBeDoneIsAUsageErrorThatSaysWhy) {
  test::TempDir dir("expand-from");
  test::write_file(dir / "empty.txt", "\n  \r\n");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"expand", "--each", "--policy", "testdata/expand/power-user.json"}, "--each expands patterns"},
      {{"expand", "--each", "--not", "iam:*"}, "--not takes the complement of the patterns' union"},
      {{"expand", "--from", "no/such/list.txt"}, "iamtrim: no/such/list.txt: "},
      {{"expand", "--from", "testdata/expand"}, "iamtrim: testdata/expand: "},
      {{"expand", "--each", "--from", (dir / "empty.txt").string()}, "empty.txt: no patterns in it"},
      {{"expand", "--from", (dir / "empty.txt").string(), "--policy", "testdata/expand/power-user.json"}, "not both"},
      {{"expand", "--each"}, "give either action patterns, --from FILE or --policy FILE"},
  };
  for (const auto& [args, says] : cases) {
    auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args.back();
    EXPECT_NE(r.err.find(says), std::string::npos) << args.back() << ": " << r.err;
    EXPECT_EQ(r.out, "") << args.back();
  }
}

// Each pattern's actions under --each are the actions of a statement with
// that one pattern under --policy (a different route through the code:
// the policy grammar and expand_statement), for every distinct pattern of
// the AWS managed policies, in one run of each.
TEST(ExpandEach, AgreesWithThePolicyRouteOnEveryPatternOfTheManagedPolicies) {
  IAMTRIM_REQUIRE_CORPUS(dir, "aws-managed");
  std::vector<std::string> patterns;
  std::set<std::string> seen;
  for (const auto& path : test::files_in(dir, ".json")) {
    auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path.string(), test::read_file(path)));
    for (const FoundPolicy& found : read_source(file).policies)
      for (const Statement& s : parse_policy(found.document, found.pointer).policy.statements)
        if (const ItemList* list = s.actions())
          for (const Item& item : list->items)
            if (item.kind == ValueKind::String && seen.insert(item.text).second) patterns.push_back(item.text);
  }
  ASSERT_GT(patterns.size(), 10000u);
  test::TempDir scratch("expand-each");
  std::string lines;
  nlohmann::ordered_json statements = nlohmann::ordered_json::array();
  for (const std::string& p : patterns) {
    lines += p + "\n";
    statements.push_back({{"Effect", "Allow"}, {"Action", p}, {"Resource", "*"}});
  }
  test::write_file(scratch / "patterns.txt", lines);
  test::write_file(scratch / "policy.json", nlohmann::ordered_json{{"Statement", statements}}.dump(1));
  auto each = run_cli({"expand", "--each", "--from", (scratch / "patterns.txt").string(), "--format", "json"});
  auto policy = run_cli({"expand", "--policy", (scratch / "policy.json").string(), "--format", "json", "--list"});
  ASSERT_EQ(policy.exit_code, 0) << policy.err.substr(0, 2000);
  EXPECT_EQ(each.exit_code, 1) << "the managed policies name some actions the catalog does not know";
  const Json e = Json::parse(each.out)["patterns"];
  const Json s = Json::parse(policy.out)["policies"][0]["statements"];
  ASSERT_EQ(e.size(), patterns.size());
  ASSERT_EQ(s.size(), patterns.size());
  std::size_t unmatched = 0, problems = 0;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    ASSERT_EQ(e[i]["pattern"], patterns[i]);
    EXPECT_EQ(e[i]["actions"], s[i]["actions"]) << patterns[i];
    EXPECT_EQ(e[i]["count"], e[i]["actions"].size()) << patterns[i];
    if (e[i]["status"] != "matched") ++unmatched;
  }
  for (char ch : each.err) problems += ch == '\n';
  EXPECT_GT(unmatched, 0u);
  EXPECT_EQ(problems, unmatched) << "one line on standard error per pattern that matched nothing";
}

}  // namespace
}  // namespace iamtrim
