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
  // Whatever the order of the files.
  EvidenceResult reordered = merge_pages({page2, b, a});
  ASSERT_TRUE(reordered.ok()) << format_error(reordered.errors.front());
  ASSERT_EQ(reordered.reports.size(), 2u);
  EXPECT_EQ(reordered.reports[0].subject, arn_of("role", "a"));
  EXPECT_EQ(reordered.reports[0].files, (std::vector<std::string>{"a.p2.json", "role/a.json"}));
  EXPECT_EQ(reordered.reports[1].subject, arn_of("role", "b"));
}

// A page without a subject that either of two jobs with its dates could
// take is nobody's until its sidecar says: it is never guessed.
TEST(MergePages, APageSeveralJobsCouldTakeIsAnErrorNamingThem) {
  Report a = service_report(arn_of("role", "a"), {"sns"}, {});
  Report b = service_report(arn_of("role", "b"), {"sns"}, {});
  Report page2 = service_report("", {}, {"sqs"});
  page2.files = {"evidence/p2.json"};
  a.truncated = b.truncated = true;  // both jobs have more pages
  a.marker = "m1";
  b.marker = "m2";
  const std::string want = "evidence/p2.json: the page names no subject, and the jobs of several principals have its job "
                           "dates: " + arn_of("role", "a") + " (role/a.json), " + arn_of("role", "b") +
                           " (role/b.json); write evidence/p2.request.json with the Arn of the one it belongs to";
  EvidenceResult r = merge_pages({a, b, page2});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(format_error(r.errors.front()), want);
  EXPECT_TRUE(r.reports.empty());
  // A page that is not the last may belong to a job whose last page is
  // known too (its earlier pages): still both.
  b.truncated = false;
  page2.truncated = true;
  page2.marker = "m3";
  r = merge_pages({a, b, page2});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(format_error(r.errors.front()), want);
  // Named, it joins its job.
  page2.subject = arn_of("role", "b");
  page2.truncated = false;
  b.truncated = true;
  r = merge_pages({a, b, page2});
  ASSERT_FALSE(r.ok());  // a's job still lacks its last page
  EXPECT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors.front().message.find("has more pages"), std::string::npos) << r.errors.front().message;
  EXPECT_EQ(r.errors.front().file, "role/a.json");
}

}  // namespace
}  // namespace iamtrim::test
