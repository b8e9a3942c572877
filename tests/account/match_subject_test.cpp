// Evidence subjects name principals in many spellings; each must find its
// principal, and nothing else may.
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace iamtrim::test {
namespace {

Account sample() {
  return Details()
      .principal("user", "alice", "2020-01-01T00:00:00Z", {})
      .principal("group", "Auditors", "2020-01-01T00:00:00Z", {})
      .principal("role", "Reporter", "2020-01-01T00:00:00Z", {}, {}, {}, "/reporting/")
      .principal("role", "App", "2020-01-01T00:00:00Z", {})
      .managed(arn_of("policy", "Shared"), allow({"sns:Publish"}))
      .read();
}

// What a subject resolves to: "principal N", "policy N" or "none".
std::string resolve(const Account& a, const std::string& subject) {
  SubjectMatch m = match_subject(a, subject);
  if (m.principal) return "principal " + a.principals[*m.principal].owner();
  if (m.policy) return "policy " + a.managed[*m.policy].name;
  return "none";
}

TEST(MatchSubject, EverySpellingOfAPrincipalFindsIt) {
  const Account a = sample();
  const std::vector<std::pair<std::string, std::string>> table = {
      {"arn:aws:iam::123456789012:user/alice", "principal user/alice"},
      {"arn:aws:iam::123456789012:group/Auditors", "principal group/Auditors"},
      {"arn:aws:iam::123456789012:role/reporting/Reporter", "principal role/Reporter"},
      {"arn:aws:iam::123456789012:role/Reporter", "principal role/Reporter"},           // path left out
      {"arn:aws:iam::123456789012:role/other/path/Reporter", "principal role/Reporter"},  // IAM names ignore paths
      {"ARN:AWS:IAM::123456789012:ROLE/app", "principal role/App"},                     // IAM names ignore case
      {"  arn:aws:iam::123456789012:role/App\n", "principal role/App"},                 // pasted with blanks
      {"arn:aws:sts::123456789012:assumed-role/App/session-1", "principal role/App"},   // the role's session
      {"arn:aws:iam::123456789012:policy/Shared", "policy Shared"},
      {"arn:aws:iam::999999999999:role/App", "none"},   // another account
      {"arn:aws-cn:iam::123456789012:role/App", "none"},  // another partition
      {"arn:aws:iam::123456789012:user/App", "none"},   // a role is not a user
      {"arn:aws:iam::123456789012:role/Ap", "none"},
      {"arn:aws:s3:::App", "none"},
      {"arn:aws:iam::123456789012:role/", "none"},
      {"arn:aws:sts::123456789012:assumed-role/App", "none"},  // no session: malformed
      {"role/App", "none"},
      {"o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111", "none"},
      {"", "none"},
  };
  for (const auto& [subject, expected] : table) EXPECT_EQ(resolve(a, subject), expected) << subject;
}

TEST(MatchSubject, ReportsAreRewrittenToTheAccountsArnAndTheRestIsListed) {
  const Account a = sample();
  Report without_subject = service_report("arn:aws:iam::123456789012:role/App", {}, {"sns"});
  without_subject.subject.clear();
  AccountNarrowResult r = narrow(a, {service_report("arn:aws:iam::123456789012:role/Reporter", {}, {"sns"}),
                                     service_report("arn:aws:iam::999999999999:role/App", {}, {"sns"}),
                                     without_subject});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.unmatched.size(), 2u);
  EXPECT_EQ(r.unmatched[0].subject, "arn:aws:iam::999999999999:role/App");
  EXPECT_EQ(r.unmatched[0].reason, "names no principal or managed policy of the account");
  EXPECT_EQ(r.unmatched[1].reason, "the report does not name its subject: add a FILE.request.json sidecar");
  // Reporter's report counted (its path was left out), so only the others lack evidence.
  EXPECT_EQ(r.without_evidence, (std::vector<std::string>{"user/alice", "group/Auditors", "role/App"}));
}

}  // namespace
}  // namespace iamtrim::test

namespace iamtrim::test {
namespace {

// Jobs a script starts for a whole account can share their dates; they are
// still separate jobs, not pages of one.
TEST(MergePages, ReportsAboutDifferentSubjectsAreNeverPagesOfOneJob) {
  Report a = service_report(arn_of("role", "a"), {"sns"}, {});
  Report b = service_report(arn_of("role", "b"), {"sns"}, {});
  Report page2 = service_report("", {"sqs"}, {});  // a second page without its own sidecar
  a.truncated = true;
  a.marker = "m1";
  page2.files = {"a.p2.json"};
  EvidenceResult r = merge_pages({a, b, page2});
  ASSERT_TRUE(r.ok()) << format_error(r.errors.front());
  ASSERT_EQ(r.reports.size(), 2u);
  EXPECT_EQ(r.reports[0].subject, arn_of("role", "a"));
  EXPECT_EQ(r.reports[0].files, (std::vector<std::string>{"role/a.json", "a.p2.json"}));
  EXPECT_EQ(r.reports[0].services.size(), 2u);
  EXPECT_EQ(r.reports[1].subject, arn_of("role", "b"));
}

}  // namespace
}  // namespace iamtrim::test
