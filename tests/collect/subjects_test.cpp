// Whom collect asks about and where each report goes: file names that are
// safe, collision-free and never mistaken for sidecars; entity paths;
// shell quoting that a real shell reads back word for word.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "iamtrim/catalog.hpp"
#include "iamtrim/collect.hpp"

namespace iamtrim::test {
namespace {

Account account_of(const std::string& json) {
  AccountResult r = read_account(std::make_shared<const SourceFile>(SourceFile::from_string("details.json", json)));
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : format_error(r.errors.front()));
  return r.ok() ? *r.account : Account{};
}

const char* kDetails = R"({
  "UserDetailList": [
    {"UserName": "x.request", "Arn": "arn:aws:iam::123456789012:user/x.request", "Path": "/"},
    {"UserName": "alice", "Arn": "arn:aws:iam::123456789012:user/engineering/alice", "Path": "/engineering/",
     "GroupList": ["Admins"]}
  ],
  "GroupDetailList": [
    {"GroupName": "Admins", "Arn": "arn:aws:iam::123456789012:group/Admins", "Path": "/"}
  ],
  "RoleDetailList": [
    {"RoleName": "App", "Arn": "arn:aws:iam::123456789012:role/a/b/App", "Path": "/a/b/"},
    {"RoleName": "AWSServiceRoleForSupport", "Path": "/aws-service-role/support.amazonaws.com/",
     "Arn": "arn:aws:iam::123456789012:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport"}
  ],
  "Policies": [
    {"PolicyName": "App", "Arn": "arn:aws:iam::123456789012:policy/team/App", "Path": "/team/",
     "DefaultVersionId": "v1", "PolicyVersionList": []},
    {"PolicyName": "ReadOnlyAccess", "Arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "Path": "/",
     "DefaultVersionId": "v1", "PolicyVersionList": []}
  ]
})";

TEST(CollectSubjects, EveryPrincipalInFileOrderWithItsKindAndFullArn) {
  Account a = account_of(kDetails);
  std::vector<CollectSubject> s = account_subjects(a);
  ASSERT_EQ(s.size(), 5u);
  std::vector<std::string> files, ids;
  for (const CollectSubject& x : s) {
    files.push_back(x.file);
    ids.push_back(x.id);
  }
  EXPECT_EQ(files, (std::vector<std::string>{"user/x%2Erequest", "user/alice", "group/Admins", "role/App",
                                             "role/AWSServiceRoleForSupport"}));
  EXPECT_EQ(ids[1], "arn:aws:iam::123456789012:user/engineering/alice");  // the path stays in the ARN
  EXPECT_EQ(ids[3], "arn:aws:iam::123456789012:role/a/b/App");
  EXPECT_EQ(s[3].label(), "role/App");
}

TEST(CollectSubjects, PoliciesAreCustomerManagedOnlyAndDoNotClashWithARoleOfTheSameName) {
  std::vector<CollectSubject> s = account_subjects(account_of(kDetails), {.policies = true});
  ASSERT_EQ(s.size(), 6u);  // ReadOnlyAccess is AWS's: narrow never rewrites it
  EXPECT_EQ(s[5].kind, SubjectKind::Policy);
  EXPECT_EQ(s[5].file, "policy/App");
  EXPECT_EQ(s[5].id, "arn:aws:iam::123456789012:policy/team/App");
  EXPECT_EQ(s[3].file, "role/App");
}

TEST(CollectSubjects, NamesDifferingOnlyInCaseGetDistinctFiles) {
  // IAM forbids this; a hand-made input must still not make two subjects share a file.
  Account a = account_of(R"({"RoleDetailList": [
      {"RoleName": "App", "Arn": "arn:aws:iam::1:role/App"},
      {"RoleName": "APP", "Arn": "arn:aws:iam::1:role/x/APP"}]})");
  std::vector<CollectSubject> s = account_subjects(a);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].file, "role/App");
  EXPECT_EQ(s[1].file, "role/APP~2");
}

TEST(CollectSubjects, FileNamesKeepIamNamesAndEscapeEverythingElse) {
  EXPECT_EQ(safe_file_name("Build-Role_1+=,.@"), "Build-Role_1+=,.@");
  EXPECT_EQ(safe_file_name("a/b"), "a%2Fb");
  EXPECT_EQ(safe_file_name("a b"), "a%20b");
  EXPECT_EQ(safe_file_name("caf\xC3\xA9"), "caf%C3%A9");
  EXPECT_EQ(safe_file_name("100%"), "100%25");
  EXPECT_EQ(safe_file_name(""), "%00");
  EXPECT_EQ(safe_file_name(".."), "..");  // becomes "...json": a file, not a way out
  // X.request.json would be read as the sidecar of X.json.
  EXPECT_EQ(safe_file_name("x.request"), "x%2Erequest");
  EXPECT_EQ(safe_file_name("X.Request"), "X%2ERequest");
  EXPECT_EQ(safe_file_name("x.requests"), "x.requests");
  EXPECT_EQ(safe_file_name("a.request.b"), "a.request.b");
}

TEST(CollectSubjects, LongNamesAreCutButStayDistinct) {
  std::string a(300, 'a'), b = a;
  b.back() = 'b';
  EXPECT_LE(safe_file_name(a).size(), 200u);
  EXPECT_NE(safe_file_name(a), safe_file_name(b));
}

TEST(CollectSubjects, FileNamesAreInjectiveCaseInsensitively) {
  // Random names over IAM's alphabet plus characters that need escaping:
  // distinct names (ignoring case, as IAM and some file systems do) never
  // share a file, and no file name is a sidecar's.
  const std::string alphabet = "aB0+=,.@_-/% \xC3\xA9";
  std::mt19937 gen(13);
  std::set<std::string> names;
  std::map<std::string, std::string> by_file;
  for (int i = 0; i < 20000; ++i) {
    std::string n;
    const int len = 1 + static_cast<int>(gen() % 9);
    for (int k = 0; k < len; ++k) n += alphabet[gen() % alphabet.size()];
    if (gen() % 10 == 0) n += ".request";
    if (!names.insert(to_lower(n)).second) continue;
    const std::string f = to_lower(safe_file_name(n));
    EXPECT_FALSE(f.size() >= 8 && f.compare(f.size() - 8, 8, ".request") == 0) << n;
    auto [it, fresh] = by_file.emplace(f, n);
    EXPECT_TRUE(fresh) << "'" << n << "' and '" << it->second << "' share " << f;
  }
}

TEST(CollectSubjects, OrganizationsEntityPaths) {
  std::string error;
  CollectSubject s = organizations_subject("o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111", error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(s.kind, SubjectKind::Organizations);
  EXPECT_EQ(s.id, "o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111");
  EXPECT_EQ(s.file, "organizations/o-a1b2c3d4e5_r-f6g7_ou-f6g7-11111111");
  EXPECT_EQ(organizations_subject("o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111/123456789012", error).file,
            "organizations/o-a1b2c3d4e5_r-f6g7_ou-f6g7-11111111_123456789012");
  for (const char* bad : {"o-short/r-f6g7", "o-a1b2c3d4e5", "o-a1b2c3d4e5/r-f6", "o-A1B2C3D4E5/r-f6g7",
                          "o-a1b2c3d4e5/r-f6g7/../x", "arn:aws:iam::1:role/App", ""}) {
    organizations_subject(bad, error);
    EXPECT_NE(error, "") << bad;
  }
}

TEST(CollectSubjects, ShellQuotingReadsBackWordForWordInARealShell) {
  const std::vector<std::string> words = {"aws", "iam", "--arn", "arn:aws:iam::1:role/a b", "it's", "$HOME", "*",
                                          "", "a\nb", "x;rm -rf /", "--marker", "AbC+/9==", "\\"};
  const std::string line = shell_quote(words);
  EXPECT_EQ(line.substr(0, 42), "aws iam --arn 'arn:aws:iam::1:role/a b' 'i");
  ProcessRunner sh;
  CommandResult r = sh.run({"sh", "-c", "printf '%s\\0' " + line});
  ASSERT_TRUE(r.ok()) << r.err;
  std::vector<std::string> back;
  for (std::size_t start = 0, nul; (nul = r.out.find('\0', start)) != std::string::npos; start = nul + 1)
    back.push_back(r.out.substr(start, nul - start));
  EXPECT_EQ(back, words);
}

}  // namespace
}  // namespace iamtrim::test
