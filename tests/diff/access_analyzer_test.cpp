// Access Analyzer's CheckNoNewAccess and CheckAccessNotGranted examples from
// the corpus, reproduced through compare() and check_not_granted().
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "iamtrim/diff.hpp"
#include "iamtrim/json.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

GatePolicy from_json(const std::string& name, const nlohmann::json& doc) {
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(name, doc.dump(2)));
  LoadedFile loaded = load_policies(file);
  EXPECT_TRUE(loaded.errors.empty());
  EXPECT_EQ(loaded.policies.size(), 1u);
  return std::move(loaded.policies.at(0));
}

std::string summary(const Catalog& c, const std::vector<Change>& changes) {
  std::string out;
  for (const Change& ch : changes)
    out += std::string(to_string(ch.kind)) + " @" + std::to_string((ch.was ? *ch.was : ch.where).statement.value_or(99)) + " " +
           describe_actions(c, ch, 0) + "\n";
  return out;
}

TEST(AccessAnalyzer, CheckNoNewAccess) {
  IAMTRIM_REQUIRE_CORPUS(dir, "lint-cases");
  auto doc = nlohmann::json::parse(test::read_file(dir / "032-aa-check-no-new-access.json"));
  Catalog c = Catalog::embedded();
  GatePolicy reference = from_json("reference.json", doc["reference_policy"]);
  GatePolicy modified = from_json("policy.json", doc["policy"]);
  std::vector<Change> changes = compare(c, &reference, &modified);
  // Access Analyzer: "New access in the statement with index: 0."
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_TRUE(changes[0].new_access());
  EXPECT_FALSE(changes[1].new_access());
  EXPECT_EQ(summary(c, changes),
            "newly-allowed @0 ec2:AssignIpv6Addresses, ec2:AssignPrivateIpAddresses, "
            "ec2:AssignPrivateNatGatewayAddress\n"
            "no-longer-allowed @0 " + describe_actions(c, changes[1], 0) + "\n");
  EXPECT_EQ(changes[1].actions, expand_pattern(c, "ec2:Cancel*").actions);
  EXPECT_EQ(compare(c, &modified, &modified).size(), 0u);
}

TEST(AccessAnalyzer, CheckAccessNotGranted) {
  IAMTRIM_REQUIRE_CORPUS(dir, "lint-cases");
  auto doc = nlohmann::json::parse(test::read_file(dir / "033-aa-check-access-not-granted.json"));
  Catalog c = Catalog::embedded();
  GatePolicy policy = from_json("bucket.json", doc["policy"]);

  NotGrantedQuery list;
  list.actions = expand_pattern(c, "s3:ListBucket").actions;
  list.patterns = {"s3:listbucket"};
  // "One or more of the listed actions in the statement with index: 0."
  EXPECT_EQ(summary(c, check_not_granted(c, policy, list)), "grantable @0 s3:ListBucket\n");

  NotGrantedQuery put;
  put.actions = expand_pattern(c, "s3:PutObject").actions;
  put.patterns = {"s3:putobject"};
  put.resources = {"arn:aws:s3:::example"};
  EXPECT_EQ(summary(c, check_not_granted(c, policy, put)), "");
}

}  // namespace
}  // namespace iamtrim
