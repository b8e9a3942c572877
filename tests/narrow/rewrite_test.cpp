// The rewrite rules, one per test, each on a whole policy compared as text.
#include <gtest/gtest.h>

#include "helpers.hpp"
#include "iamtrim/narrow.hpp"

namespace iamtrim {
namespace {

using test::decisions_from;
using test::policy_from;
using test::text;
constexpr auto Removable = DecisionReason::ActionNotAccessed;
constexpr auto Unused = DecisionReason::ServiceNotAccessed;
constexpr auto Used = DecisionReason::Used;

struct Case {
  const char* name;
  const char* input;
  std::vector<std::pair<std::string, DecisionReason>> decisions;
  const char* expected;
  bool compress = false;
  bool strict = false;  // the low-risk wildcard rule off
};

class Rewrite : public testing::TestWithParam<Case> {};

TEST_P(Rewrite, WholePolicy) {
  const Case& c = GetParam();
  Catalog catalog = Catalog::embedded();
  NarrowOptions options;
  options.compress = c.compress;
  options.low_risk.enabled = !c.strict;
  NarrowResult r = narrow_policy(catalog, policy_from(c.input), decisions_from(catalog, c.decisions), options);
  EXPECT_TRUE(r.verification.ok) << testing::PrintToString(r.verification.violations);
  EXPECT_EQ(text(r.policy), c.expected);
}

const Case kCases[] = {
    {"kept_items_stay_as_written",
     R"({"Version":"2012-10-17","Statement":[{"Sid":"Rw","Effect":"Allow",
        "Action":["S3:get*","s3:PutObject","s3:DeleteBucket"],"Resource":"arn:aws:s3:::b/*",
        "Condition":{"Bool":{"aws:SecureTransport":"true"}}}]})",
     {{"s3:DeleteBucket", Removable}, {"s3:PutObject", Used}},
     R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Rw",
            "Effect": "Allow",
            "Action": [
                "S3:get*",
                "s3:PutObject"
            ],
            "Resource": "arn:aws:s3:::b/*",
            "Condition": {
                "Bool": {
                    "aws:SecureTransport": "true"
                }
            }
        }
    ]
}
)"},
    {"wildcard_losing_some_becomes_sorted_names_without_duplicates",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
        "Action":["dynamodb:UpdateItem","dynamodb:Update*"],"Resource":"*"}})",
     {{"dynamodb:UpdateGlobalTable*", Removable}, {"dynamodb:UpdateAbacStatus", Removable}},
     R"({
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": [
            "dynamodb:UpdateItem",
            "dynamodb:UpdateContinuousBackups",
            "dynamodb:UpdateContributorInsights",
            "dynamodb:UpdateKinesisStreamingDestination",
            "dynamodb:UpdateTable",
            "dynamodb:UpdateTableReplicaAutoScaling",
            "dynamodb:UpdateTimeToLive"
        ],
        "Resource": "*"
    }
}
)"},
    {"not_action_becomes_explicit_with_whole_services",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],
        "Resource":"*"}]})",
     {{"*", Unused}, {"ec2:*", Used}, {"s3:*", Used}, {"sts:GetCallerIdentity", Used},
      {"iam:PassRole", DecisionReason::NotTracked}, {"sqs:*", DecisionReason::TrackingTooRecent},
      {"sqs:DeleteQueue", Removable}},
     R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:*",
                "s3:*",
                "sqs:AddPermission",
                "sqs:CancelMessageMoveTask",
                "sqs:ChangeMessageVisibility",
                "sqs:CreateQueue",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl",
                "sqs:ListDeadLetterSourceQueues",
                "sqs:ListMessageMoveTasks",
                "sqs:ListQueues",
                "sqs:ListQueueTags",
                "sqs:PurgeQueue",
                "sqs:ReceiveMessage",
                "sqs:RemovePermission",
                "sqs:SendMessage",
                "sqs:SetQueueAttributes",
                "sqs:StartMessageMoveTask",
                "sqs:TagQueue",
                "sqs:UntagQueue",
                "sts:GetCallerIdentity"
            ],
            "Resource": "*"
        }
    ]
}
)"},
    {"deny_untouched_and_empty_allow_dropped",
     R"({"Version":"2012-10-17","Statement":[
        {"Sid":"Gone","Effect":"Allow","Action":"s3:DeleteBucket","Resource":"*"},
        {"Sid":"Guard","Effect":"Deny","Action":["s3:DeleteBucket","S3:delete*"],"Resource":"*"}]})",
     {{"s3:*", Unused}},
     R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Guard",
            "Effect": "Deny",
            "Action": [
                "s3:DeleteBucket",
                "S3:delete*"
            ],
            "Resource": "*"
        }
    ]
}
)"},
    {"unknown_item_kept_as_written",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
        "Action":["s3:DeleteBucket","s3:FutureAction"],"NotResource":"arn:aws:s3:::logs/*"}]})",
     {{"s3:DeleteBucket", Removable}},
     R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:FutureAction"
            ],
            "NotResource": "arn:aws:s3:::logs/*"
        }
    ]
}
)"},
    {"compress_covers_what_is_kept_with_verb_families",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}]})",
     {{"dynamodb:Describe*", Removable}, {"dynamodb:List*", Removable}},
     R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "dynamodb:AssociateTableReplica",
                "dynamodb:Batch*",
                "dynamodb:ConditionCheckItem",
                "dynamodb:Create*",
                "dynamodb:Delete*",
                "dynamodb:DisableKinesisStreamingDestination",
                "dynamodb:EnableKinesisStreamingDestination",
                "dynamodb:ExportTableToPointInTime",
                "dynamodb:Get*",
                "dynamodb:ImportTable",
                "dynamodb:InjectError",
                "dynamodb:PartiQL*",
                "dynamodb:PurchaseReservedCapacityOfferings",
                "dynamodb:Put*",
                "dynamodb:Query",
                "dynamodb:ReadDataForReplication",
                "dynamodb:ReplicateSettings",
                "dynamodb:RestoreTable*",
                "dynamodb:Scan",
                "dynamodb:SearchVectors",
                "dynamodb:StartAwsBackupJob",
                "dynamodb:TagResource",
                "dynamodb:UntagResource",
                "dynamodb:Update*",
                "dynamodb:WriteDataForReplication"
            ],
            "Resource": "*"
        }
    ]
}
)",
     true, true},
    // The issue's example: two unused reads do not turn one line into 190 names.
    {"wildcard_losing_only_reads_is_kept",
     R"({"Version":"2012-10-17","Statement":[{"Sid":"Look","Effect":"Allow","Action":["ec2:Describe*","ec2:RunInstances"],
        "Resource":"*"}]})",
     {{"ec2:*", Used}, {"ec2:DescribeVpcs", Removable}, {"ec2:DescribeVpcEndpoints", Removable}},
     R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Look",
            "Effect": "Allow",
            "Action": [
                "ec2:Describe*",
                "ec2:RunInstances"
            ],
            "Resource": "*"
        }
    ]
}
)"},
    // A wildcard that would lose a Write action is narrowed, its unused reads included.
    {"wildcard_losing_a_write_is_narrowed_whole",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]})",
     {{"sqs:*", Unused}, {"sqs:SendMessage", Used}, {"sqs:GetQueueUrl", Used}},
     R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "sqs:GetQueueUrl",
                "sqs:SendMessage"
            ],
            "Resource": "*"
        }
    ]
}
)"},
    // Reading secrets is never low-risk (rules/risk-actions.yaml), whatever its access level.
    {"sensitive_reads_are_not_low_risk",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:Get*","secretsmanager:List*"],"Resource":"*"}]})",
     {{"secretsmanager:*", Unused}, {"secretsmanager:GetResourcePolicy", Used}},
     R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "secretsmanager:GetResourcePolicy",
                "secretsmanager:List*"
            ],
            "Resource": "*"
        }
    ]
}
)"},
    // Literal names are never "low-risk wildcards", and --strict removes the reads.
    {"literal_reads_are_removed",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeVpcs","ec2:Describe*"],"Resource":"*"}]})",
     {{"ec2:*", Used}, {"ec2:Describe*", Removable}, {"ec2:DescribeInstances", Used}, {"ec2:DescribeImages", Used}},
     R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:DescribeImages",
                "ec2:DescribeInstances"
            ],
            "Resource": "*"
        }
    ]
}
)",
     false, true},
};

INSTANTIATE_TEST_SUITE_P(Narrow, Rewrite, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

TEST(Narrow, NothingRemovableChangesNothing) {
  Catalog catalog = Catalog::embedded();
  Policy p = policy_from(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
    {"Effect":"Deny","Action":"s3:*","Resource":"*"}]})");
  NarrowResult r = narrow_policy(catalog, p, decisions_from(catalog, {{"iam:*", Unused}, {"ec2:*", Used}}));
  EXPECT_FALSE(r.changed);
  EXPECT_FALSE(r.detach);
  EXPECT_TRUE(r.removed.empty());
  EXPECT_EQ(text(r.policy), text(p));
  ASSERT_EQ(r.statements.size(), 2u);
  EXPECT_EQ(r.statements[0].outcome, StatementOutcome::Unchanged);
  EXPECT_EQ(r.statements[1].outcome, StatementOutcome::Deny);
}

TEST(Narrow, PolicyThatGrantsNothingAfterwardsIsDetach) {
  Catalog catalog = Catalog::embedded();
  Policy p = policy_from(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Delete*","Resource":"*"}]})");
  NarrowResult r = narrow_policy(catalog, p, decisions_from(catalog, {{"s3:*", Unused}}));
  EXPECT_TRUE(r.changed);
  EXPECT_TRUE(r.detach);
  EXPECT_TRUE(r.verification.ok);
  EXPECT_TRUE(r.kept.empty());
  EXPECT_EQ(r.removed.size(), expand_pattern(catalog, "s3:Delete*").actions.count());
  EXPECT_EQ(r.statements[0].outcome, StatementOutcome::Dropped);
  EXPECT_EQ(r.statements[0].replaced_items, std::vector<std::string>{"s3:Delete*"});
}

// The verifier pairs each statement of the result with the one it stands
// for. A statement of items the catalog does not know grants no known
// action; after a dropped statement it still stands for itself, not for the
// dropped one (which would make its unknown item look new). Found by fuzz_edit.
TEST(Narrow, AStatementOfUnknownItemsAfterADroppedOneVerifies) {
  Catalog catalog = Catalog::embedded();
  Policy p = policy_from(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"},
    {"Effect":"Allow","Action":["ec1:DescribeVpc*"],"Resource":"*"}]})");
  NarrowResult r = narrow_policy(catalog, p, decisions_from(catalog, {{"sqs:*", Unused}}));
  EXPECT_TRUE(r.changed);
  EXPECT_TRUE(r.verification.ok) << testing::PrintToString(r.verification.violations);
  ASSERT_EQ(r.policy.statements.size(), 1u);
  EXPECT_EQ(r.policy.statements[0].action->items[0].text, "ec1:DescribeVpc*");
  // A result whose unknown item the input does not hold stands for no statement.
  Policy forged = r.policy;
  forged.statements[0].action->items[0].text = "ec9:DescribeVpc*";
  Verification v = verify_narrowing(catalog, p, forged, decisions_from(catalog, {{"sqs:*", Unused}}));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.violations, std::vector<std::string>{"the result has a statement the input did not: "
                                                   "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ec9:DescribeVpc*\"],\"Resource\":\"*\"}]}"});
}

TEST(Narrow, ComputedItemsLeaveTheStatementAlone) {
  Catalog catalog = Catalog::embedded();
  Policy p = policy_from(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:DeleteBucket","x"],"Resource":"*"}]})");
  p.statements[0].action->items[1] = Item{"${var.actions}", {}, ValueKind::Opaque};
  NarrowResult r = narrow_policy(catalog, p, decisions_from(catalog, {{"s3:*", Unused}}));
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.statements[0].outcome, StatementOutcome::Computed);
  EXPECT_EQ(text(r.policy), text(p));
  EXPECT_TRUE(r.verification.ok);
}

// Action next to a computed NotAction (a module's try(var.not_actions,
// null)): which of them grants is known only once evaluated, so the
// statement is left as written, as a computed action list is.
TEST(Narrow, ActionNextToAComputedNotActionLeavesTheStatementAlone) {
  Catalog catalog = Catalog::embedded();
  Policy p = policy_from(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:DeleteBucket","s3:GetObject"],"Resource":"*"}]})");
  ItemList computed;
  computed.single = computed.opaque = true;
  computed.items.push_back(Item{"try(var.not_actions, null)", {}, ValueKind::Opaque});
  p.statements[0].not_action = computed;
  p.statements[0].order.push_back("NotAction");
  NarrowResult r = narrow_policy(catalog, p, decisions_from(catalog, {{"s3:*", Unused}}));
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.statements[0].outcome, StatementOutcome::Computed);
  EXPECT_TRUE(r.removed.empty());
  EXPECT_EQ(text(r.policy), text(p));
  EXPECT_TRUE(r.verification.ok);
}

TEST(Narrow, ReportsEveryRemovalAndKeepWithItsDecision) {
  Catalog catalog = Catalog::embedded();
  Policy p = policy_from(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:DeleteBucket","s3:PutObject"],"Resource":"*"}]})");
  Decisions d = decisions_from(catalog, {{"s3:DeleteBucket", Removable}, {"s3:GetObject", DecisionReason::NotTracked}});
  NarrowResult r = narrow_policy(catalog, p, d);
  std::vector<std::string> removed, kept;
  for (const ActionOutcome& o : r.removed) removed.push_back(catalog.full_name(o.action) + " " + std::string(to_string(o.decision.reason)));
  for (const ActionOutcome& o : r.kept) kept.push_back(catalog.full_name(o.action) + " " + std::string(to_string(o.decision.reason)));
  EXPECT_EQ(removed, std::vector<std::string>{"s3:DeleteBucket " + std::string(to_string(Removable))});
  EXPECT_EQ(kept, (std::vector<std::string>{"s3:GetObject " + std::string(to_string(DecisionReason::NotTracked)),
                                             "s3:PutObject " + std::string(to_string(DecisionReason::NoEvidence))}));
}

}  // namespace
}  // namespace iamtrim
