// The policy reader: the full AST of valid policies and every structural
// problem with its code and position.
#include <gtest/gtest.h>

#include "iamtrim/json.hpp"
#include "iamtrim/policy.hpp"
#include "policy/ast_dump.hpp"

namespace iamtrim {
namespace {

struct Parsed {
  JsonResult json;
  PolicyResult policy;
};

Parsed read(const std::string& text) {
  static SourceFile file;
  file = SourceFile::from_string("p.json", text);
  Parsed p;
  p.json = parse_json(file);
  p.policy = parse_policy(p.json.value);
  return p;
}

std::string diags(const PolicyResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) {
    out += d.code + " " + std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column) + " " +
           d.pointer + " " + d.message;
    for (const auto& s : d.suggestions) out += " [" + s + "]";
    out += "\n";
  }
  return out;
}

TEST(PolicyReader, FullAstOfARichPolicy) {
  Parsed p = read(R"({
  "Version": "2012-10-17",
  "Id": "x",
  "Statement": [
    {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::c/*"],
     "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", "b"]}, "Bool": {"aws:SecureTransport": true},
                   "NumericLessThan": {"s3:max-keys": 10}}},
    {"Effect": "Deny", "NotAction": ["iam:*"], "NotResource": "*",
     "Principal": {"AWS": ["arn:aws:iam::111122223333:root"], "Service": "ec2.amazonaws.com"}},
    {"Effect": "Allow", "Action": "sts:AssumeRole", "NotPrincipal": "*"}
  ]
})");
  ASSERT_TRUE(p.policy.usable);
  EXPECT_EQ(diags(p.policy), "");
  EXPECT_EQ(test::dump(p.policy.policy),
            "Version 2012-10-17@2:14\n"
            "Id x\n"
            "Statement list\n"
            "  #0 /Statement/0@5:5 Sid=A Effect=Allow\n"
            "    Action s3:GetObject@5:47\n"
            "    Resource [arn:aws:s3:::b/*@5:76 arn:aws:s3:::c/*@5:96]\n"
            "    Condition ForAnyValue:StringLikeIfExists base=StringLike forany ifexists\n"
            "      aws:TagKeys = [a*@6:71 b@6:77]\n"
            "    Condition Bool base=Bool\n"
            "      aws:SecureTransport = boolean:true@6:116\n"
            "    Condition NumericLessThan base=NumericLessThan\n"
            "      s3:max-keys = number:10@7:55\n"
            "  #1 /Statement/1@8:5 Effect=Deny\n"
            "    Principal { AWS=[arn:aws:iam::111122223333:root@9:28] Service=ec2.amazonaws.com@9:74 }\n"
            "    NotAction [iam:*@8:38]\n"
            "    NotResource *@8:63\n"
            "  #2 /Statement/2@10:5 Effect=Allow\n"
            "    NotPrincipal *@10:69\n"
            "    Action sts:AssumeRole@10:35\n");
}

TEST(PolicyReader, SingleStatementObjectAndMemberOrderAreKept) {
  Parsed p = read(R"({"Statement": {"Resource": "*", "Action": "s3:*", "Effect": "Allow"}, "Version": "2012-10-17"})");
  EXPECT_EQ(diags(p.policy), "");
  EXPECT_TRUE(p.policy.policy.statement_single);
  EXPECT_EQ(p.policy.policy.order, (std::vector<std::string>{"Statement", "Version"}));
  EXPECT_EQ(p.policy.policy.statements[0].order, (std::vector<std::string>{"Resource", "Action", "Effect"}));
}

struct BadPolicy {
  const char* name;
  std::string text;
  std::string expected;
};

class PolicyErrors : public ::testing::TestWithParam<BadPolicy> {};

TEST_P(PolicyErrors, AreReportedWithCodeAndPosition) {
  Parsed p = read(GetParam().text);
  ASSERT_TRUE(p.json.ok());
  EXPECT_EQ(diags(p.policy), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Structure, PolicyErrors,
    ::testing::Values(
        BadPolicy{"action_as_object",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":{"s3":"Get"},"Resource":"*"}]})",
                  "IAM018 1:65 /Statement/0/Action Action must be a string or a list of strings, found object\n"},
        BadPolicy{"effect_as_number",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":1,"Action":"s3:*","Resource":"*"}]})",
                  "IAM018 1:48 /Statement/0/Effect Effect must be a string, found number\n"},
        BadPolicy{"action_item_number",
                  R"({"Statement":[{"Effect":"Allow","Action":["s3:*",7],"Resource":"*"}]})",
                  "IAM018 1:50 /Statement/0/Action/1 Action item must be a string, found number\n"},
        BadPolicy{"invalid_effect",
                  R"({"Statement":[{"Effect":"allow","Action":"s3:*","Resource":"*"}]})",
                  "IAM004 1:25 /Statement/0/Effect invalid Effect \"allow\": must be \"Allow\" or \"Deny\" [Allow]\n"},
        BadPolicy{"missing_effect", R"({"Statement":[{"Action":"s3:*","Resource":"*"}]})",
                  "IAM004 1:15 /Statement/0 statement has no Effect\n"},
        BadPolicy{"missing_action", R"({"Statement":[{"Effect":"Allow","Resource":"*"}]})",
                  "IAM005 1:15 /Statement/0 statement has neither Action nor NotAction\n"},
        BadPolicy{"action_and_notaction",
                  R"({"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"s3:*","Resource":"*"}})",
                  "IAM006 1:14 /Statement statement has both Action and NotAction\n"},
        BadPolicy{"resource_and_notresource",
                  R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}})",
                  "IAM007 1:14 /Statement statement has both Resource and NotResource\n"},
        BadPolicy{"principal_and_notprincipal",
                  R"({"Statement":{"Effect":"Allow","Action":"s3:*","Principal":"*","NotPrincipal":"*"}})",
                  "IAM008 1:14 /Statement statement has both Principal and NotPrincipal\n"},
        BadPolicy{"unknown_elements",
                  R"({"Statement":[{"Effect":"Allow","action":"s3:*","Action":"s3:*","Resources":"*"}],"Foo":1})",
                  "IAM003 1:33 /Statement/0/action unknown statement element \"action\" [Action]\n"
                  "IAM003 1:65 /Statement/0/Resources unknown statement element \"Resources\"\n"
                  "IAM003 1:83 /Foo unknown policy element \"Foo\"\n"},
        BadPolicy{"empty_statement", R"({"Version":"2012-10-17","Statement":[]})",
                  "IAM015 1:37 /Statement Statement is an empty list\n"},
        BadPolicy{"missing_statement", R"({"Version":"2012-10-17"})", "IAM019 1:1  policy has no Statement\n"},
        BadPolicy{"statement_string", R"({"Statement":"x"})",
                  "IAM018 1:14 /Statement Statement must be an object or a list of objects, found string\n"},
        BadPolicy{"statement_item_string", R"({"Statement":["x"]})",
                  "IAM018 1:15 /Statement/0 statement must be an object, found string\n"},
        BadPolicy{"invalid_version", R"({"Version":"2012-10-18","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})",
                  "IAM010 1:12 /Version invalid Version \"2012-10-18\": must be \"2012-10-17\" or \"2008-10-17\"\n"},
        BadPolicy{"empty_action_list", R"({"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}})",
                  "IAM015 1:41 /Statement/Action Action is an empty list\n"},
        BadPolicy{"principal_string", R"({"Statement":{"Effect":"Allow","Action":"s3:*","Principal":"arn:aws:iam::1:root"}})",
                  "IAM018 1:60 /Statement/Principal Principal must be \"*\" or an object such as {\"AWS\": ...}, found string\n"},
        BadPolicy{"condition_not_object", R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":[]}})",
                  "IAM018 1:75 /Statement/Condition Condition must be an object of operators, found array\n"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PolicyReader, NotAnObjectIsUnusable) {
  Parsed p = read("[1]");
  EXPECT_FALSE(p.policy.usable);
  EXPECT_EQ(diags(p.policy), "IAM018 1:1  a policy must be a JSON object, found array\n");
}

TEST(PolicyReader, PolicyVariables) {
  EXPECT_TRUE(has_policy_variable("arn:aws:s3:::b/${aws:username}/*"));
  EXPECT_FALSE(has_policy_variable("arn:aws:s3:::b/$aws:username/*"));
  EXPECT_FALSE(has_policy_variable("${"));
}

// A long Statement list is read on several threads in chunks; the policy
// and the diagnostics (codes, positions, pointers, order) are those of one
// thread. Problems are spread over the list, some in its last statements,
// and a policy-level problem (the Version) comes first in the file.
TEST(PolicyReader, ManyStatementsReadOnSeveralThreadsGiveTheSameResult) {
  std::string text = "{\"Version\": \"2013\", \"Statement\": [\n";
  const int n = 1500;
  for (int i = 0; i < n; ++i) {
    if (i) text += ",\n";
    if (i % 97 == 13) {
      text += "\"not a statement\"";
      continue;
    }
    text += "{\"Sid\": \"S" + std::to_string(i) + "\", ";
    text += i % 89 == 7 ? "\"Effect\": \"Alow\", " : "\"Effect\": \"Allow\", ";
    text += i % 101 == 50 ? "\"Action\": [], " : "\"Action\": [\"s3:GetObject\", \"iam:Pass*\"], ";
    text += i % 211 == 99 ? "\"Resources\": \"*\"}" : "\"Resource\": \"*\"}";
  }
  text += "]}";
  const SourceFile file = SourceFile::from_string("many.json", text);
  const JsonResult json = parse_json(file);
  ASSERT_TRUE(json.diagnostics.empty());
  const PolicyResult one = parse_policy(json.value, "/doc", 1);
  ASSERT_TRUE(one.usable);
  EXPECT_EQ(one.policy.statements.size(), static_cast<std::size_t>(n - (n - 13 + 96) / 97));
  EXPECT_EQ(one.policy.statements.back().index, static_cast<std::size_t>(n - 1));
  EXPECT_GT(one.diagnostics.size(), 40u);
  EXPECT_EQ(one.diagnostics.front().code, "IAM010");
  for (unsigned jobs : {2u, 3u, 8u}) {
    SCOPED_TRACE(jobs);
    const PolicyResult many = parse_policy(json.value, "/doc", jobs);
    EXPECT_EQ(test::dump(many.policy), test::dump(one.policy));
    EXPECT_EQ(diags(many), diags(one));
    ASSERT_EQ(many.policy.statements.size(), one.policy.statements.size());
    for (std::size_t i = 0; i < one.policy.statements.size(); ++i) {
      EXPECT_EQ(many.policy.statements[i].pointer, one.policy.statements[i].pointer);
      EXPECT_EQ(many.policy.statements[i].span, one.policy.statements[i].span);
    }
  }
}

}  // namespace
}  // namespace iamtrim
