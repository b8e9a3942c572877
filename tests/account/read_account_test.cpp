// Reading get-account-authorization-details: what is kept, and every way a
// file is refused (with the message a person sees).
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace iamtrim::test {
namespace {

std::vector<std::string> errors_of(const std::string& text) {
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string("details.json", text));
  AccountResult r = read_account(file);
  EXPECT_EQ(r.ok(), r.account.has_value());
  std::vector<std::string> out;
  for (const EvidenceError& e : r.errors) out.push_back(format_error(e));
  return out;
}

TEST(ReadAccount, KeepsPrincipalsMembershipAttachmentsAndDates) {
  Account a = Details()
                  .principal("user", "alice", "2021-02-01T09:00:00Z", {}, {arn_of("policy", "P")}, {"Devs"})
                  .principal("role", "App", "2020-03-01T09:00:00Z", {{"Own", allow({"sns:Publish"})}}, {}, {}, "/svc/")
                  .managed(arn_of("policy", "P"), allow({"sqs:SendMessage"}))
                  .managed("arn:aws:iam::aws:policy/ReadOnlyAccess", allow({"s3:Get*"}))
                  .read();
  ASSERT_EQ(a.principals.size(), 2u);
  EXPECT_EQ(a.principals[0].owner(), "user/alice");
  EXPECT_EQ(a.principals[0].groups, (std::vector<std::string>{"Devs"}));
  EXPECT_EQ(a.principals[0].managed, (std::vector<std::string>{arn_of("policy", "P")}));
  EXPECT_EQ(a.principals[0].created, at(2021, 2, 1) + 9 * 3'600'000);
  EXPECT_EQ(a.principals[1].arn, "arn:aws:iam::123456789012:role/svc/App");
  EXPECT_EQ(a.principals[1].pointer, "/RoleDetailList/0");
  ASSERT_EQ(a.managed.size(), 2u);
  EXPECT_FALSE(a.managed[0].aws_managed);
  EXPECT_TRUE(a.managed[1].aws_managed);
  // Documents: the role's trust and inline policy, and both managed policies.
  ASSERT_EQ(a.policies.size(), 4u);
  EXPECT_EQ(a.policies[0].kind, PolicyKind::Trust);
  EXPECT_EQ(a.policies[1].pointer, "/RoleDetailList/0/RolePolicyList/0/PolicyDocument");
}

TEST(ReadAccount, RefusesWhatItCannotRelyOn) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> table = {
      {"{", {"details.json:1:2: invalid JSON: expected a quoted member name, found end of input"}},
      {R"({"Statement": []})",
       {"details.json:1:1: not a get-account-authorization-details output: expected UserDetailList, "
        "GroupDetailList, RoleDetailList or Policies at the top level"}},
      {R"({"RoleDetailList": [{"Arn": "arn:aws:iam::1:role/A"}]})", {"details.json:1:21: missing RoleName"}},
      {R"({"RoleDetailList": [{"RoleName": "A", "Arn": "arn:aws:iam::1:role/A", "CreateDate": "2020-01-01"}]})",
       {"details.json:1:85: CreateDate: '2020-01-01' is not a timestamp (expected ISO 8601 with a zone, e.g. "
        "2019-10-01T03:50:35Z, or epoch seconds)"}},
      {R"({"RoleDetailList": [{"RoleName": "A", "Arn": "x"}, {"RoleName": "A", "Arn": "x"}]})",
       {"details.json: principal 'x' is listed twice (at /RoleDetailList/1)"}},
      {R"({"UserDetailList": [], "IsTruncated": true})",
       {"details.json:1:39: the output is truncated: fetch every page (the AWS CLI does unless --max-items is given) "
        "and pass one merged file"}},
      {R"({"RoleDetailList": [{"RoleName": "A", "Arn": "x", "RolePolicyList": [{"PolicyName": "P", "PolicyDocument": "%7B"}]}]})",
       {"details.json:1:110: in URL-encoded policy document: invalid JSON: expected a quoted member name, found end of "
        "input"}},
  };
  for (const auto& [text, expected] : table) {
    std::vector<std::string> errors = errors_of(text);
    EXPECT_EQ(errors, expected) << text;
  }
}

}  // namespace
}  // namespace iamtrim::test
