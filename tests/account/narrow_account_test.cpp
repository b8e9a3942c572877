// Whose evidence judges each policy of an account, and what that does to it.
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace iamtrim::test {
namespace {

const std::string kShared = arn_of("policy", "Shared");
const std::string kOld = "2020-01-01T00:00:00Z";

std::vector<DecisionReason> reasons(const AccountPolicyResult& p) {
  std::vector<DecisionReason> out;
  for (const ActionOutcome& o : p.narrowed->result.kept) out.push_back(o.decision.reason);
  return out;
}

// Two roles and a user share one policy; only role A used EC2.
Account shared_by_three(bool user_has_policy = true) {
  return Details()
      .principal("user", "c", kOld, {}, user_has_policy ? std::vector<std::string>{kShared} : std::vector<std::string>{})
      .principal("role", "a", kOld, {}, {kShared})
      .principal("role", "b", kOld, {}, {kShared})
      .managed(kShared, allow({"ec2:DescribeInstances", "sns:Publish"}))
      .read();
}

TEST(NarrowAccount, ASharedPolicyLosesOnlyWhatNoPrincipalUsed) {
  AccountNarrowResult r = narrow(shared_by_three(), {service_report(arn_of("role", "a"), {"ec2"}, {"sns"}),
                                                     service_report(arn_of("role", "b"), {}, {"ec2", "sns"}),
                                                     service_report(arn_of("user", "c"), {}, {"ec2", "sns"})});
  ASSERT_TRUE(r.ok());
  const AccountPolicyResult& p = find(r, "policy/Shared", "Shared");
  EXPECT_EQ(p.outcome, AccountOutcome::Narrowed);
  EXPECT_EQ(text_of(p),
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeInstances"],"Resource":"*"}]})");
  EXPECT_EQ(p.narrowed->principals, (std::vector<std::string>{arn_of("user", "c"), arn_of("role", "a"), arn_of("role", "b")}));
  EXPECT_EQ(p.principals, (std::vector<std::string>{"user/c", "role/a", "role/b"}));
  EXPECT_EQ(std::tie(p.granted, p.removed, p.kept), std::make_tuple(std::size_t{2}, std::size_t{1}, std::size_t{1}));
  EXPECT_EQ(p.out_path, "policy/Shared.json");
  EXPECT_EQ(p.kind(), "managed");
  EXPECT_EQ(p.note(), "");
}

TEST(NarrowAccount, APrincipalWithoutEvidenceKeepsTheSharedPolicy) {
  AccountNarrowResult r = narrow(shared_by_three(), {service_report(arn_of("role", "a"), {"ec2"}, {"sns"}),
                                                     service_report(arn_of("role", "b"), {}, {"ec2", "sns"})});
  const AccountPolicyResult& p = find(r, "policy/Shared", "Shared");
  EXPECT_EQ(p.outcome, AccountOutcome::KeptNoEvidence);
  EXPECT_FALSE(p.rewrite_due());
  EXPECT_EQ(p.without_evidence, (std::vector<std::string>{"user/c"}));
  EXPECT_EQ(reasons(p), (std::vector<DecisionReason>{DecisionReason::Used, DecisionReason::IncompleteCoverage}));
  EXPECT_EQ(r.without_evidence, (std::vector<std::string>{"user/c"}));
}

TEST(NarrowAccount, APrincipalWithNoEvidenceAtAllKeepsItsInlinePolicy) {
  Account a = Details().principal("role", "lonely", kOld, {{"Own", allow({"sns:Publish"})}}).read();
  AccountNarrowResult r = narrow(a, {});
  const AccountPolicyResult& p = find(r, "role/lonely", "Own");
  EXPECT_EQ(p.outcome, AccountOutcome::KeptNoEvidence);
  EXPECT_EQ(p.kind(), "inline");
  EXPECT_EQ(p.note(), "");
  EXPECT_EQ(reasons(p), (std::vector<DecisionReason>{DecisionReason::IncompleteCoverage}));
  EXPECT_EQ(p.narrowed->result.kept.front().decision.detail, "no report covers role/lonely, who use the policy");
}

TEST(NarrowAccount, InlinePoliciesAreJudgedOnTheirOwnersEvidenceOnly) {
  Account a = Details()
                  .principal("role", "a", kOld, {{"A", allow({"sns:Publish", "sqs:SendMessage"})}})
                  .principal("role", "b", kOld, {{"B", allow({"sns:Publish", "sqs:SendMessage"})}})
                  .read();
  AccountNarrowResult r = narrow(a, {service_report(arn_of("role", "a"), {"sns"}, {"sqs"}),
                                     service_report(arn_of("role", "b"), {"sqs"}, {"sns"})});
  EXPECT_EQ(text_of(find(r, "role/a", "A")),
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sns:Publish"],"Resource":"*"}]})");
  EXPECT_EQ(text_of(find(r, "role/b", "B")),
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:SendMessage"],"Resource":"*"}]})");
  EXPECT_EQ(find(r, "role/a", "A").out_path, "role/a/inline/A.json");
}

TEST(NarrowAccount, AGroupPolicyIsJudgedOnEveryMembersEvidence) {
  Account a = Details()
                  .principal("user", "u1", kOld, {}, {}, {"Devs"})
                  .principal("user", "u2", kOld, {}, {}, {"devs"})  // group names are case-insensitive
                  .principal("user", "outsider", kOld, {})
                  .principal("group", "Devs", kOld, {{"DevTools", allow({"sqs:SendMessage", "sns:Publish"})}}, {kShared})
                  .managed(kShared, allow({"sqs:ReceiveMessage", "sns:Subscribe"}))
                  .read();
  AccountNarrowResult r = narrow(a, {service_report(arn_of("user", "u1"), {"sqs"}, {"sns"}),
                                     service_report(arn_of("user", "u2"), {}, {"sqs", "sns"})});
  const AccountPolicyResult& g = find(r, "group/Devs", "DevTools");
  EXPECT_EQ(text_of(g),
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:SendMessage"],"Resource":"*"}]})");
  EXPECT_EQ(g.narrowed->principals, (std::vector<std::string>{arn_of("user", "u1"), arn_of("user", "u2")}));
  EXPECT_EQ(g.principals, (std::vector<std::string>{"group/Devs (through its members)"}));
  // A managed policy attached to the group: the same members decide.
  EXPECT_EQ(text_of(find(r, "policy/Shared", "Shared")),
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage"],"Resource":"*"}]})");
  EXPECT_EQ(r.without_evidence, (std::vector<std::string>{"user/outsider"}));
}

TEST(NarrowAccount, AGroupsOwnReportStandsForItsMembers) {
  Account a = Details()
                  .principal("user", "u1", kOld, {}, {}, {"Devs"})
                  .principal("group", "Devs", kOld, {{"DevTools", allow({"sqs:SendMessage", "sns:Publish"})}})
                  .read();
  AccountNarrowResult r = narrow(a, {service_report(arn_of("group", "Devs"), {"sqs"}, {"sns"})});
  const AccountPolicyResult& g = find(r, "group/Devs", "DevTools");
  EXPECT_EQ(g.outcome, AccountOutcome::Narrowed);
  EXPECT_EQ(g.narrowed->principals, (std::vector<std::string>{arn_of("group", "Devs")}));
}

TEST(NarrowAccount, APolicyLevelReportDecidesForEveryoneAttached) {
  // user c has no evidence of its own, but the policy's report covers it.
  AccountNarrowResult r = narrow(shared_by_three(), {service_report(kShared, {"ec2"}, {"sns"})});
  const AccountPolicyResult& p = find(r, "policy/Shared", "Shared");
  EXPECT_EQ(p.outcome, AccountOutcome::Narrowed);
  EXPECT_TRUE(p.without_evidence.empty());
  EXPECT_EQ(p.narrowed->principals, (std::vector<std::string>{kShared}));
  EXPECT_EQ(text_of(p),
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeInstances"],"Resource":"*"}]})");
}

TEST(NarrowAccount, TheYoungestPrincipalLimitsWhatTheEvidenceProves) {
  Account a = Details()
                  .principal("role", "old", kOld, {}, {kShared})
                  .principal("role", "new", "2024-06-10T00:00:00Z", {{"Own", allow({"sns:Publish"})}}, {kShared})
                  .managed(kShared, allow({"sns:Publish"}))
                  .read();
  AccountNarrowResult r = narrow(a, {service_report(arn_of("role", "old"), {}, {"sns"}),
                                     service_report(arn_of("role", "new"), {}, {"sns"})});
  for (const char* owner : {"role/new", "policy/Shared"}) {
    const AccountPolicyResult& p = find(r, owner, owner == std::string("role/new") ? "Own" : "Shared");
    EXPECT_EQ(p.outcome, AccountOutcome::Unchanged) << owner;
    EXPECT_EQ(reasons(p), (std::vector<DecisionReason>{DecisionReason::SubjectTooYoung})) << owner;
  }
  // Without the young role the same evidence removes it.
  AccountNarrowResult alone = narrow(a, {service_report(arn_of("role", "old"), {}, {"sns"}),
                                         service_report(arn_of("role", "new"), {}, {"sns"})}, 10);
  EXPECT_EQ(find(alone, "policy/Shared", "Shared").outcome, AccountOutcome::Detach);
}

TEST(NarrowAccount, AwsManagedAndTrustPoliciesAreNeverRewritten) {
  const std::string aws = "arn:aws:iam::aws:policy/AmazonSNSFullAccess";
  const std::string unlisted = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  Account a = Details().principal("role", "r", kOld, {}, {aws, unlisted}).managed(aws, allow({"sns:*"})).read();
  AccountNarrowResult r = narrow(a, {service_report(arn_of("role", "r"), {}, {"sns"}), service_report(aws, {}, {"sns"})});
  ASSERT_EQ(r.policies.size(), 2u);  // no trust policy among them
  for (const AccountPolicyResult& p : r.policies) {
    EXPECT_EQ(p.outcome, AccountOutcome::AwsManaged) << p.arn;
    EXPECT_EQ(p.kind(), "aws-managed");
    EXPECT_EQ(p.note().substr(0, 37), "AWS owns this policy, so it cannot be");
    EXPECT_FALSE(p.narrowed.has_value());
    EXPECT_TRUE(p.out_path.empty());
  }
  EXPECT_EQ(r.policies[0].arn, aws);
  EXPECT_GT(r.policies[0].granted, 0u);
  EXPECT_EQ(r.policies[1].arn, unlisted);
  ASSERT_EQ(r.unmatched.size(), 1u);
  EXPECT_EQ(r.unmatched[0].reason, "an AWS-managed policy cannot be narrowed");
  EXPECT_FALSE(r.rewrite_due());
}

}  // namespace
}  // namespace iamtrim::test

namespace iamtrim::test {
namespace {

// Without --report, decide() skips every sentence; the reasons, and so the
// rewrites, must be exactly the same as with them.
TEST(NarrowAccount, DroppingTheDetailsChangesNoDecision) {
  Account a = Details()
                  .principal("user", "u", kOld, {{"Own", allow({"sns:Publish", "sqs:SendMessage", "iam:PassRole"})}}, {kShared})
                  .principal("role", "young", "2024-06-10T00:00:00Z", {{"Y", allow({"sns:Publish"})}})
                  .principal("role", "none", kOld, {{"N", allow({"sns:Publish"})}}, {kShared})
                  .principal("role", "used", kOld, {{"U", allow({"ec2:Describe*", "sns:Publish"})}}, {kShared})
                  .managed(kShared, allow({"sns:Publish", "ec2:DescribeInstances"}))
                  .read();
  std::vector<Report> reports = {service_report(arn_of("user", "u"), {"sqs"}, {"sns", "iam"}),
                                 service_report(arn_of("role", "young"), {}, {"sns"}),
                                 service_report(arn_of("role", "used"), {"ec2"}, {"sns"})};
  AccountOptions with, without;
  without.keep_details = false;
  AccountNarrowResult full = narrow_account(Catalog::embedded(), a, reports, TrackingRules::embedded(), with);
  AccountNarrowResult brief = narrow_account(Catalog::embedded(), a, reports, TrackingRules::embedded(), without);
  ASSERT_EQ(full.policies.size(), brief.policies.size());
  for (std::size_t i = 0; i < full.policies.size(); ++i) {
    const AccountPolicyResult &f = full.policies[i], &b = brief.policies[i];
    EXPECT_EQ(std::tie(f.owner, f.name, f.outcome, f.granted, f.removed, f.kept),
              std::tie(b.owner, b.name, b.outcome, b.granted, b.removed, b.kept));
    EXPECT_EQ(text_of(f), text_of(b)) << f.owner;
    EXPECT_FALSE(f.narrowed->result.kept.empty()) << f.owner;
    EXPECT_TRUE(b.narrowed->result.kept.empty() && b.narrowed->result.removed.empty()) << b.owner;
  }
  // The outcomes cover every path: narrowed, too young, no evidence, shared.
  std::vector<std::string> outcomes;
  for (const AccountPolicyResult& p : brief.policies) outcomes.push_back(p.owner + " " + std::string(to_string(p.outcome)));
  EXPECT_EQ(outcomes, (std::vector<std::string>{"user/u narrowed", "role/young unchanged", "role/none kept-no-evidence",
                                                "role/used narrowed", "policy/Shared kept-no-evidence"}));
}

// Handing the account over releases each document once judged; the results,
// the progress reports and their order are those of the account kept whole.
TEST(NarrowAccount, HandingTheAccountOverChangesNothing) {
  Details d;
  std::vector<Report> reports;
  for (int i = 0; i < 24; ++i) {
    const std::string name = "app" + std::to_string(i);
    d.principal("role", name, kOld, {{"Own", allow({"sns:Publish", "sqs:SendMessage", "ec2:Describe*"})}}, {kShared});
    if (i % 5) reports.push_back(service_report(arn_of("role", name), i % 2 ? std::vector<std::string>{"sqs"} : std::vector<std::string>{}, {"sns", "ec2"}));
  }
  d.managed(kShared, allow({"sns:Publish", "ec2:DescribeInstances"}));
  const Account kept = d.read();
  Account given = kept;
  std::vector<std::size_t> seen_kept, seen_given;
  AccountOptions options;
  options.progress = [&](const AccountProgress& p) { seen_kept.push_back(p.policies_done * 1000 + p.principals_done); };
  AccountNarrowResult whole = narrow_account(Catalog::embedded(), kept, reports, TrackingRules::embedded(), options);
  options.progress = [&](const AccountProgress& p) { seen_given.push_back(p.policies_done * 1000 + p.principals_done); };
  AccountNarrowResult consumed = narrow_account(Catalog::embedded(), std::move(given), reports, TrackingRules::embedded(), options);
  EXPECT_EQ(seen_kept, seen_given);
  ASSERT_EQ(whole.policies.size(), consumed.policies.size());
  ASSERT_GT(whole.policies.size(), 24u);
  for (std::size_t i = 0; i < whole.policies.size(); ++i) {
    const AccountPolicyResult &w = whole.policies[i], &c = consumed.policies[i];
    EXPECT_EQ(std::tie(w.owner, w.name, w.outcome, w.granted, w.removed, w.kept),
              std::tie(c.owner, c.name, c.outcome, c.granted, c.removed, c.kept));
    EXPECT_EQ(text_of(w), text_of(c)) << w.owner;
    EXPECT_EQ(reasons(w), reasons(c)) << w.owner;
  }
  EXPECT_EQ(account_report_json(Catalog::embedded(), whole, {}), account_report_json(Catalog::embedded(), consumed, {}));
}

TEST(AccountSummary, LongPrincipalListsAreShortened) {
  Details d;
  std::vector<Report> reports;
  for (const char* n : {"a", "b", "c", "d", "e"}) {
    d.principal("role", n, kOld, {}, {kShared});
    reports.push_back(service_report(arn_of("role", n), {}, {"sns"}));
  }
  AccountNarrowResult r = narrow(d.managed(kShared, allow({"sns:Publish"})).read(), reports);
  EXPECT_EQ(account_summary_table(r),
            "OWNER          POLICY  KIND     GRANTED  REMOVED  KEPT  OUTCOME  USED BY                            NO EVIDENCE\n"
            "policy/Shared  Shared  managed        1        1     0  detach   role/a, role/b, role/c and 2 more  -\n"
            "1 policies, 1 to rewrite; evidence as of 2024-06-30\n"
            "actions: 1 granted, 1 removed, 0 kept\n");
  // Ninety columns: who uses the policy gives way first, cut in the middle;
  // the numbers, kind and outcome never.
  EXPECT_EQ(account_summary_table(r, {.max_width = 90}),
            "OWNER          POLICY  KIND     GRANTED  REMOVED  KEPT  OUTCOME  USED BY       NO EVIDENCE\n"
            "policy/Shared  Shared  managed        1        1     0  detach   role/a\u2026 more  -\n"
            "1 policies, 1 to rewrite; evidence as of 2024-06-30\n"
            "actions: 1 granted, 1 removed, 0 kept\n"
            "names cut to fit 90 columns: --wide shows all\n");
  // Seventy: even at their headings' width those two do not fit, so they
  // are left out and the owner and policy stay whole.
  EXPECT_EQ(account_summary_table(r, {.max_width = 70}),
            "OWNER          POLICY  KIND     GRANTED  REMOVED  KEPT  OUTCOME\n"
            "policy/Shared  Shared  managed        1        1     0  detach\n"
            "1 policies, 1 to rewrite; evidence as of 2024-06-30\n"
            "actions: 1 granted, 1 removed, 0 kept\n"
            "USED BY and NO EVIDENCE left out to fit 70 columns: --wide shows all\n");
}

TEST(AccountSummary, DisplayWidthCountsWhatATerminalShows) {
  EXPECT_EQ(display_width("role/App"), 8u);
  EXPECT_EQ(display_width("データ"), 6u);     // katakana: two columns each
  EXPECT_EQ(display_width("été"), 3u);          // a combining accent takes none
  EXPECT_EQ(display_width("\xff\xfe"), 2u);              // invalid bytes: one each
}

}  // namespace
}  // namespace iamtrim::test
