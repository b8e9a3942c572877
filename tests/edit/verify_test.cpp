// verify_edit(), the one verifier of lint fixes and narrow rewrites, on
// hand-made edits that break each contract: a "safe" fix that widens or
// narrows a grant or touches a Resource (EqualGrant), and narrowing edits
// that add an action, add a statement, touch bytes outside the policy or
// drop a used action (Subset). Honest edits of the same files pass.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "iamtrim/edit.hpp"
#include "iamtrim/verify.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

const Catalog& catalog() {
  static const Catalog c = Catalog::embedded();
  return c;
}

std::string replaced(std::string text, const std::string& what, const std::string& with) {
  const std::size_t at = text.find(what);
  EXPECT_NE(at, std::string::npos) << what;
  if (at != std::string::npos) text.replace(at, what.size(), with);
  return text;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += s + "\n";
  return out;
}

const char* kJson = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::reports/*"},
  {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]})";

std::vector<std::string> check(const std::string& edited, EditContract contract) {
  SourceFile f = SourceFile::from_string("p.json", kJson);
  return verify_edit(catalog(), f, edited, {contract, {}, {}});
}

TEST(VerifyEqualGrant, AcceptsRemovingACoveredItem) {
  EXPECT_EQ(joined(check(replaced(kJson, R"( "s3:GetObject",)", ""), EditContract::EqualGrant)), "");
  EXPECT_EQ(joined(check(kJson, EditContract::EqualGrant)), "");
}

TEST(VerifyEqualGrant, RefusesAFixThatWidensTheGrant) {
  const std::string widened = replaced(kJson, R"("s3:ListBucket")", R"("s3:*")");
  std::vector<std::string> p = check(widened, EditContract::EqualGrant);
  ASSERT_EQ(p.size(), 1u) << joined(p);
  EXPECT_EQ(p[0].rfind("it would change what the policy grants (newly allows s3:", 0), 0u) << p[0];
  EXPECT_NE(p[0].find("in statement 0)"), std::string::npos) << p[0];
  // Reads (unsafe fixes) lets the grant change on purpose.
  EXPECT_EQ(joined(check(widened, EditContract::Reads)), "");
}

TEST(VerifyEqualGrant, RefusesAFixThatNarrowsOrTouchesAnythingButActions) {
  std::vector<std::string> lost = check(replaced(kJson, R"(, "s3:ListBucket")", ""), EditContract::EqualGrant);
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0], "it would change what the policy grants (no longer allows s3:ListBucket in statement 0)");
  std::vector<std::string> deny = check(replaced(kJson, "s3:DeleteObject", "s3:DeleteObject*"), EditContract::EqualGrant);
  ASSERT_EQ(deny.size(), 1u);
  EXPECT_NE(deny[0].find("newly denies s3:DeleteObject"), std::string::npos) << deny[0];
  std::vector<std::string> resource = check(replaced(kJson, "reports/*", "*"), EditContract::EqualGrant);
  ASSERT_EQ(resource.size(), 1u);
  EXPECT_EQ(resource[0], "it would change what the policy grants (statement 0 changes outside its action items)");
}

TEST(VerifyEqualGrant, RefusesAnEditThatBreaksTheFile) {
  const std::string broken = replaced(kJson, R"("s3:ListBucket")", R"("s3:ListBucket)");
  for (EditContract c : {EditContract::EqualGrant, EditContract::Reads}) {
    std::vector<std::string> p = check(broken, c);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].rfind("the edited file would not read: ", 0), 0u) << p[0];
  }
  EXPECT_EQ(breaking_problem(SourceFile::from_string("p.json", broken)).empty(), false);
  EXPECT_EQ(breaking_problem(SourceFile::from_string("p.json", kJson)), "");
}

// A Terraform module: a narrowed policy, and bytes around it that are not the policy's.
const char* kTf = R"(# the uploader's policy
resource "aws_iam_policy" "p" {
  name = "uploader"
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "*" },
      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" },
    ]
  })
}
)";

const char* kPointer = "aws_iam_policy.p.policy";

Policy policy_of(const std::string& text) {
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string("main.tf", text));
  SourceResult src = read_source(file);
  EXPECT_EQ(src.policies.size(), 1u);
  if (src.policies.empty()) return {};
  return parse_policy(src.policies[0].document, src.policies[0].pointer).policy;
}

// The edited text verified as a narrowing whose result it claims to hold.
std::vector<std::string> subset(const std::string& edited, const Decisions* decisions = nullptr) {
  SourceFile f = SourceFile::from_string("main.tf", kTf);
  return verify_edit(catalog(), f, edited, {EditContract::Subset, {{kPointer, policy_of(edited), decisions, {}}}, {}});
}

TEST(VerifySubset, AcceptsAnHonestNarrowing) {
  EXPECT_EQ(joined(subset(replaced(kTf, R"(, "s3:PutObject")", ""))), "");
  // A dropped statement is narrowing too.
  EXPECT_EQ(joined(subset(replaced(kTf, "      { Effect = \"Allow\", Action = [\"sqs:SendMessage\"], Resource = \"*\" },\n", ""))),
            "");
}

// A statement of items the catalog does not know grants no known action, so
// it must not be taken for a narrowed form of an earlier statement: when the
// one before it is dropped, it stands for itself. Found by fuzz_edit.
TEST(VerifySubset, AStatementOfUnknownItemsStandsForItselfAfterADroppedOne) {
  const std::string tf = replaced(kTf, R"(      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" },
)", R"(      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" },
      { Effect = "Allow", Action = ["ec1:DescribeVpc*"], Resource = "*" },
)");
  SourceFile f = SourceFile::from_string("main.tf", tf);
  const std::string dropped = replaced(tf, R"(      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" },
)", "");
  EXPECT_EQ(joined(verify_edit(catalog(), f, dropped, {EditContract::Subset, {{kPointer, policy_of(dropped)}}, {}})), "");
  // An unknown item the original does not hold is a statement that grants more.
  const std::string added = replaced(tf, "ec1:DescribeVpc*", "ec9:DescribeVpc*");
  std::vector<std::string> p = verify_edit(catalog(), f, added, {EditContract::Subset, {{kPointer, policy_of(added)}}, {}});
  EXPECT_EQ(p, (std::vector<std::string>{"aws_iam_policy.p (aws_iam_policy.p.policy): it has a statement the original "
                                         "did not, or one that grants more: statement 2"}));
}

TEST(VerifySubset, RefusesAnEditThatAddsAnAction) {
  // The expectation is forged to match, so only the grant check can tell.
  std::vector<std::string> p = subset(replaced(kTf, R"("s3:PutObject")", R"("s3:PutObject", "s3:DeleteObject")"));
  // It stands for no statement of the original, and neither does the one after it.
  EXPECT_EQ(p, (std::vector<std::string>{
                   "aws_iam_policy.p (aws_iam_policy.p.policy): it has a statement the original did not, or one that "
                   "grants more: statement 0",
                   "aws_iam_policy.p (aws_iam_policy.p.policy): it has a statement the original did not, or one that "
                   "grants more: statement 1"}));
  std::vector<std::string> added =
      subset(replaced(kTf, "    ]\n", "      { Effect = \"Allow\", Action = [\"iam:PassRole\"], Resource = \"*\" },\n    ]\n"));
  ASSERT_EQ(added.size(), 1u) << joined(added);
  EXPECT_NE(added[0].find("it has a statement the original did not, or one that grants more: statement 2"),
            std::string::npos)
      << added[0];
}

TEST(VerifySubset, RefusesAnEditThatTouchesAByteOutsideThePolicy) {
  const std::string narrowed = replaced(kTf, R"(, "s3:PutObject")", "");
  for (const auto& [what, with] : std::vector<std::pair<std::string, std::string>>{
           {"# the uploader's policy", "# the uploaders policy"}, {"}\n", "}\n\n"}, {"  name", "  # a note\n  name"}}) {
    std::vector<std::string> p = subset(replaced(narrowed, what, with));
    ASSERT_EQ(p.size(), 1u) << what << "\n" << joined(p);
    EXPECT_EQ(p[0], "the edit changed bytes outside the narrowed policies");
  }
  // Renaming the resource's policy moves it: refused as well.
  EXPECT_NE(joined(subset(replaced(narrowed, R"("uploader")", R"("uploader2")"))).find("not found at its place"),
            std::string::npos);
}

TEST(VerifySubset, WithItsDecisionsRefusesDroppingAUsedAction) {
  const Catalog& c = catalog();
  Decisions d;
  d.as_of = "2024-06-30";
  d.by_action[*c.find_action("s3:PutObject")] = {DecisionReason::ActionNotAccessed, {}, ""};
  d.by_action[*c.find_action("s3:GetObject")] = {DecisionReason::Used, {}, ""};
  EXPECT_EQ(joined(subset(replaced(kTf, R"(, "s3:PutObject")", ""), &d)), "");
  std::vector<std::string> p = subset(replaced(kTf, R"("s3:GetObject", )", ""), &d);
  ASSERT_FALSE(p.empty());
  EXPECT_NE(joined(p).find("no longer grants used actions: s3:GetObject"), std::string::npos) << joined(p);
  // Left unnarrowed, it still grants what the evidence removes.
  std::vector<std::string> again = subset(kTf, &d);
  EXPECT_NE(joined(again).find("still grants removable actions: s3:PutObject"), std::string::npos) << joined(again);
}


// A computed statement is not read, so no comparison could see an edit of
// it: --fix leaves a file with one alone (breaking_problem), and any other
// edit is held to the statement's text byte for byte.
TEST(VerifyEqualGrant, AFileWithAComputedStatementCannotBeVerified) {
  // P: a statement computed whole (line 17); Q: the Statement list computed whole (line 23).
  const std::string kComputedStatements = test::read_file(test::testdata("sources/computed-statements.yaml"));
  EXPECT_EQ(breaking_problem(SourceFile::from_string("t.yaml", kComputedStatements)),
            "a statement, its Principal or its Condition is computed (not evaluated), so what it grants is unknown");
  // An edit is held to the computed statement's text, byte for byte, though
  // the statement is not read: narrowing the literal statement of P passes,
  // touching the computed one does not.
  const SourceFile original = SourceFile::from_string("t.yaml", kComputedStatements);
  auto verify = [&](const std::string& edited) {
    EditCheck check;
    check.contract = EditContract::Reads;
    return verify_edit(Catalog::embedded(), original, edited, check);
  };
  const std::string literal = replaced(kComputedStatements, "Action: logs:PutLogEvents", "Action: logs:CreateLogStream");
  EXPECT_EQ(verify(literal), std::vector<std::string>{});
  const std::string computed = replaced(kComputedStatements, "Action: 's3:*'", "Action: 's3:Get*'");
  EXPECT_EQ(verify(computed), std::vector<std::string>{"P (/Resources/P/Properties/PolicyDocument): a computed statement or Condition changed"});
}

}  // namespace
}  // namespace iamtrim
