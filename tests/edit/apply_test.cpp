// apply_edits() and verify_edit() on their own: ordering, overlap,
// duplicates, and a verification that catches an edit gone wrong.
#include <gtest/gtest.h>

#include <memory>

#include "iamtrim/edit.hpp"

namespace iamtrim {
namespace {

SourceEdit edit(const SourceFile& f, std::uint32_t begin, std::uint32_t end, std::string text) {
  return {f.span(begin, end), std::move(text)};
}

TEST(ApplyEdits, SplicesInAnyOrderAndCountsDuplicatesOnce) {
  SourceFile f = SourceFile::from_string("x", "0123456789");
  EditResult r = apply_edits(f.text(), {edit(f, 7, 9, "ab"), edit(f, 1, 3, ""), edit(f, 5, 5, "+"), edit(f, 7, 9, "ab")});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, "034+56ab9");
}

TEST(ApplyEdits, OverlappingDeletionsDeleteTheirUnion) {
  SourceFile f = SourceFile::from_string("x", "a\n\nb\n\nc\n");
  EditResult r = apply_edits(f.text(), {edit(f, 0, 3, ""), edit(f, 2, 6, "")});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, "c\n");
}

TEST(ApplyEdits, RefusesOverlapsAndRangesPastTheEnd) {
  SourceFile f = SourceFile::from_string("x", "line one\nline two\n");
  EditResult overlap = apply_edits(f.text(), {edit(f, 0, 6, "a"), edit(f, 5, 8, "b")});
  EXPECT_EQ(overlap.error, "edits overlap at 1:6");
  EXPECT_EQ(overlap.text, "");
  EditResult same_start = apply_edits(f.text(), {edit(f, 2, 2, "a"), edit(f, 2, 4, "b")});
  EXPECT_EQ(same_start.error, "edits overlap at 1:3");
  SourceEdit past = edit(f, 0, 1, "");
  past.range.end.offset = 99;
  EXPECT_EQ(apply_edits(f.text(), {past}).error, "edit at 1:1 is outside the file");
}

const char* kTf = R"(resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "*" }]
  })
}
)";

TEST(VerifyInPlace, AcceptsTheNarrowedPolicyAndNamesAWrongOne) {
  SourceFile f = SourceFile::from_string("main.tf", kTf);
  std::string text = f.text();
  std::size_t at = text.find(R"(, "s3:PutObject")");
  std::string good = text;
  good.erase(at, std::string(R"(, "s3:PutObject")").size());
  std::string bad = text;
  bad.replace(text.find("s3:GetObject"), 12, "s3:GetObjectAcl");

  auto narrowed_file = std::make_shared<const SourceFile>(SourceFile::from_string("main.tf", good));
  SourceResult src = read_source(narrowed_file);
  ASSERT_EQ(src.policies.size(), 1u);
  Policy want = parse_policy(src.policies[0].document).policy;

  EXPECT_TRUE(verify_edit(Catalog::embedded(), f, good, {EditContract::Subset, {{"aws_iam_policy.p.policy", want}}, {}}).empty());
  EXPECT_EQ(verify_edit(Catalog::embedded(), f, bad, {EditContract::Subset, {{"aws_iam_policy.p.policy", want}}, {}}),
            std::vector<std::string>{"aws_iam_policy.p (aws_iam_policy.p.policy): the edited policy differs from the narrowed policy"});
  // An edit that breaks the syntax loses the policy, with the reader's reason.
  std::vector<std::string> broken = verify_edit(Catalog::embedded(), f, good.substr(0, good.size() - 3), {EditContract::Subset, {{"aws_iam_policy.p.policy", want}}, {}});
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(broken[0].rfind("the edited file holds 0 policies instead of 1: invalid HCL", 0), 0u) << broken[0];
}

// `p` narrowed with one action judged unused, as narrow would.
NarrowResult narrowed_without(const FoundPolicy& p, const char* action, DecisionReason reason) {
  const Catalog& catalog = Catalog::embedded();
  Decisions d;
  d.as_of = "2024-06-30";
  d.by_action[*catalog.find_action(action)] = {reason, {}, ""};
  return narrow_policy(catalog, parse_policy(p.document, p.pointer).policy, d, {});
}

// Found by fuzz_edit: a file that declares one resource twice. Terraform
// refuses it; iamtrim lints both copies, names the repeat, and edits neither
// (an edit found again by its pointer could land in the other copy).
TEST(PlanInPlace, RefusesAResourceDeclaredTwice) {
  const std::string twice = std::string(kTf) + "\n" + kTf;
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string("main.tf", twice));
  SourceResult src = read_source(file);
  ASSERT_EQ(src.policies.size(), 2u);
  ASSERT_EQ(src.diagnostics.size(), 1u);
  EXPECT_EQ(src.diagnostics[0].code, "IAM002");
  EXPECT_EQ(src.diagnostics[0].message,
            "duplicate resource aws_iam_policy.p (first at line 1): Terraform refuses this configuration");
  EXPECT_EQ(src.diagnostics[0].span.begin.line, 7u);
  for (const FoundPolicy& p : src.policies) {
    EXPECT_FALSE(p.unique_pointer);
    EXPECT_FALSE(editable_in_place(p));
    NarrowResult narrowed = narrowed_without(p, "s3:PutObject", DecisionReason::ActionNotAccessed);
    ASSERT_TRUE(narrowed.changed);
    EditPlan plan = plan_in_place(p, narrowed);
    EXPECT_FALSE(plan.ok());
    EXPECT_EQ(plan.error, "the file declares aws_iam_policy.p.policy more than once (Terraform refuses such a configuration)");
  }
  // One copy alone is edited as usual.
  auto once = std::make_shared<const SourceFile>(SourceFile::from_string("main.tf", kTf));
  SourceResult single = read_source(once);
  ASSERT_EQ(single.policies.size(), 1u);
  EXPECT_TRUE(single.diagnostics.empty());
  EXPECT_TRUE(single.policies[0].unique_pointer);
  EXPECT_TRUE(editable_in_place(single.policies[0]));
}

// Found by fuzz_edit: a statement whose last value is empty (`NumericLessThan:`
// and nothing after it). yaml-cpp marks that empty value at the next token,
// lines below, so the statement seemed to end at the next key, and deleting
// it took that key's indentation along (`Bucket.ArnType: ...`).
TEST(PlanInPlace, AStatementEndingInAnEmptyYamlValueIsDeletedWithoutItsNeighbours) {
  const std::string text = R"(Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: '*'
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: '*'
                Condition:
                  NumericLessThan:
  Queue:
    Type: AWS::SQS::Queue
)";
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string("stack.yaml", text));
  SourceResult src = read_source(file);
  ASSERT_EQ(src.policies.size(), 1u);
  const FoundPolicy& p = src.policies[0];
  NarrowResult narrowed = narrowed_without(p, "sqs:SendMessage", DecisionReason::ServiceNotAccessed);
  ASSERT_TRUE(narrowed.changed);
  EditPlan plan = plan_in_place(p, narrowed);
  ASSERT_TRUE(plan.ok()) << plan.error;
  EditResult applied = apply_edits(text, plan.edits);
  ASSERT_TRUE(applied.ok()) << applied.error;
  EXPECT_EQ(applied.text, R"(Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: '*'
  Queue:
    Type: AWS::SQS::Queue
)");
  EXPECT_TRUE(verify_edit(Catalog::embedded(), *file, applied.text, {EditContract::Subset, {{p.pointer, narrowed.policy}}, {}}).empty());
}

}  // namespace
}  // namespace iamtrim
