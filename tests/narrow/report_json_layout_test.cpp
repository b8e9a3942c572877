// The JSON narrowing report writes each policy's removed and kept actions
// by hand (an account's detail files are about a million of them): the text
// must be exactly what one dump(2) of the whole document writes, with names
// and sentences that need escaping too.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "iamtrim/evidence.hpp"
#include "iamtrim/narrow.hpp"

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
  }
}

}  // namespace
}  // namespace iamtrim::test
