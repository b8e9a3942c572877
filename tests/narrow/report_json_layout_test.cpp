// The JSON narrowing report writes each policy's removed and kept actions
// by hand (an account's detail files are about a million of them): the text
// must be exactly what one dump(2) of the whole document writes, with names
// and sentences that need escaping too.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "iamtrim/evidence.hpp"
#include "iamtrim/narrow.hpp"
#include "iamtrim/policy.hpp"
#include "iamtrim/json.hpp"

namespace iamtrim::test {
namespace {

using Json = nlohmann::ordered_json;

ActionOutcome outcome(const std::string& action, std::size_t statement, DecisionReason reason, const std::string& file,
                      const std::string& last_accessed, const std::string& kept_by) {
  ActionOutcome o;
  o.statement = statement;
  o.action = *Catalog::embedded().find_action(action);
  o.decision.reason = reason;
  o.decision.evidence.report =
      std::make_shared<const ReportFacts>(ReportFacts{file, "arn:aws:iam::123456789012:role/r\xc3\xa9le", "2024-06-30"});
  if (!last_accessed.empty()) o.decision.evidence.last_accessed_at = parse_timestamp(last_accessed);
  o.decision.evidence.tracking = std::make_shared<const TrackingFacts>(TrackingFacts{"2023-04-01", "action-level tracking"});
  o.decision.evidence.window_days = -7;
  o.decision.detail = "tab\there, \"quoted\", back\\slash, control \x01, DEL \x7f, invalid \xff\xfe, C1 \xc2\x85, emoji \xf0\x9f\x99\x82";
  o.kept_by = kept_by;
  return o;
}

TEST(NarrowReportJson, OutcomesAreWhatOneDumpOfTheDocumentWrites) {
  NarrowedPolicy a, b, c;
  a.file = "policy.json";
  a.owner = "role/app";
  a.result.removed = {outcome("s3:GetObject", 0, DecisionReason::ActionNotAccessed, "ev/a.json", "", ""),
                      outcome("sns:Publish", 3, DecisionReason::ActionNotAccessed, "ev/\"odd\"\\.json", "", "")};
  a.result.kept = {outcome("ec2:DescribeInstances", 0, DecisionReason::Used, "ev/a.json", "2024-06-29T10:00:00Z", ""),
                   outcome("s3:ListBucket", 1, DecisionReason::LowRiskWildcard, "ev/a.json", "", "s3:List*")};
  // Every member a policy can have, with text that needs escaping.
  const std::string odd = "tab\t \"q\" back\\ \x01 \x7f \xff \xc3\xa9 \xe2\x80\xa8";
  a.pointer = "/Policies/0/Document~1" + odd;
  a.name = "name " + odd;
  a.principals = {"arn:aws:iam::123456789012:role/app", odd};
  a.notes = {"note " + odd, ""};
  a.result.changed = true;
  a.result.verification = {false, {"violation " + odd}};
  a.result.size = {"0.1", true, 7000, std::nullopt, "managed", false, {{0, 2}, {1}}, "message " + odd};
  a.result.parts = {parse_policy(parse_json(SourceFile::from_string(
                                     "p.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
 "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]})"))
                                     .value)
                        .policy};
  StatementChange first, second;
  first.index = 0, first.new_index = 0, first.sid = "Sid" + odd, first.outcome = StatementOutcome::Narrowed;
  first.replaced_items = {"s3:*", odd};
  first.low_risk = {{"s3:List*", 12}, {odd, 0}};
  first.granted = 140, first.removed = 120;
  second.index = 1, second.outcome = StatementOutcome::Dropped, second.was_not_action = true;
  a.result.statements = {first, second};
  c.result.changed = true;
  c.result.size = {"0.1", false, 100, 6144, "managed", true, {}, "fits"};
  b.file = "empty.json";  // nothing judged: both lists empty
  c.file = "kept-only.json";
  c.result.kept = {outcome("sqs:SendMessage", 0, DecisionReason::Used, "ev/c\x7f.json", "2024-06-01T00:00:00Z", "")};
  for (const std::vector<NarrowedPolicy>& policies :
       {std::vector<NarrowedPolicy>{a}, std::vector<NarrowedPolicy>{a, b, c}, std::vector<NarrowedPolicy>{b}}) {
    const std::string text = narrow_report_json(Catalog::embedded(), policies, "2024-06-30");
    const Json parsed = Json::parse(text);
    EXPECT_EQ(text, parsed.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
    ASSERT_EQ(parsed["policies"].size(), policies.size());
    const Json& first = parsed["policies"][0]["removed"];
    if (policies.front().result.removed.empty()) continue;
    EXPECT_EQ(first.size(), 2u);
    EXPECT_EQ(first[1]["action"], "sns:Publish");
    EXPECT_EQ(first[1]["statement"], 3);
    EXPECT_EQ(first[1]["evidence"], "ev/\"odd\"\\.json");
    EXPECT_EQ(first[1]["window_days"], -7);
    EXPECT_TRUE(first[0]["last_accessed"].is_null());
    EXPECT_EQ(parsed["policies"][0]["kept"][1]["kept_by"], "s3:List*");
    EXPECT_FALSE(parsed["policies"][0]["kept"][0].contains("kept_by"));
    const Json& head = parsed["policies"][0];
    EXPECT_EQ(head["parts"].size(), 1u);
    EXPECT_TRUE(head["size"]["quota"].is_null());
    EXPECT_EQ(head["statements"][0]["low_risk_wildcards"][0]["unused"], 12);
    EXPECT_TRUE(head["statements"][1]["new_index"].is_null());
    EXPECT_EQ(head["violations"].size(), 1u);
  }
}

}  // namespace
}  // namespace iamtrim::test
