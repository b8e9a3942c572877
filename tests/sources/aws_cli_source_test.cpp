// AWS CLI outputs: which documents are found, how they are attributed, and
// that positions inside decoded (URL-encoded or string) documents point at
// the right bytes of the original file.
#include <gtest/gtest.h>

#include <sstream>

#include "iamtrim/policy.hpp"
#include "iamtrim/sources.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

using test::read_file;
using test::testdata;

std::shared_ptr<const SourceFile> load(const std::string& name) {
  return std::make_shared<const SourceFile>(
      SourceFile::from_string(name, read_file(testdata("sources/" + name))));
}

std::string_view attachment_name(Attachment a) {
  switch (a) {
    case Attachment::Unknown: return "-";
    case Attachment::Managed: return "managed";
    case Attachment::InlineUser: return "inline-user";
    case Attachment::InlineGroup: return "inline-group";
    case Attachment::InlineRole: return "inline-role";
  }
  return "?";
}

std::string pos(const Span& s) {
  return std::to_string(s.begin.line) + ":" + std::to_string(s.begin.column) + "-" + std::to_string(s.end.line) +
         ":" + std::to_string(s.end.column);
}

// Everything a later stage relies on, one line per fact.
std::string dump(const SourceResult& r) {
  std::ostringstream out;
  for (const Diagnostic& d : r.diagnostics)
    out << "diagnostic " << d.code << " " << pos(d.span) << " " << d.pointer << " " << d.message << "\n";
  for (const FoundPolicy& p : r.policies) {
    out << "policy " << p.pointer << "\n  format " << to_string(p.format) << "\n  owner " << p.owner << "\n  name " << p.name
        << "\n  kind " << to_string(p.kind) << "\n  attachment " << attachment_name(p.attachment)
        << "\n  version " << (p.version_id.empty() ? "-" : p.version_id) << (p.default_version ? " default" : " not-default")
        << "\n  rewritable " << (p.rewritable ? "yes " + pos(p.expression) : std::string("no")) << "\n";
    PolicyResult ast = parse_policy(p.document, p.pointer);
    for (const Diagnostic& d : ast.diagnostics) out << "  policy-diagnostic " << d.code << " " << d.message << "\n";
    for (const Statement& s : ast.policy.statements) {
      out << "  statement " << s.pointer << " " << pos(s.span) << "\n";
      if (const ItemList* actions = s.actions())
        for (const Item& it : actions->items) out << "    action " << it.text << " " << pos(it.span) << "\n";
    }
  }
  return out.str();
}

class AwsCliSource : public testing::TestWithParam<std::string> {};

TEST_P(AwsCliSource, MatchesGolden) {
  auto file = load(GetParam() + ".json");
  SourceResult r = read_source(file);
  EXPECT_FALSE(r.unrecognised);
  std::string problem = test::check_golden(testdata("sources/" + GetParam() + ".expected"), dump(r));
  EXPECT_EQ(problem, "") << dump(r);
}

INSTANTIATE_TEST_SUITE_P(Outputs, AwsCliSource,
                         testing::Values("get-policy-version", "get-role", "get-role-policy", "get-user-policy",
                                         "get-group-policy", "get-account-authorization-details",
                                         "get-role-policy-broken"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

// The decoded action string starts at the '%22' that encodes its opening quote.
TEST(AwsCliSource, UrlEncodedPositionsPointAtTheEscapes) {
  auto file = load("get-role-policy.json");
  SourceResult r = read_source(file);
  ASSERT_EQ(r.policies.size(), 1u);
  PolicyResult ast = parse_policy(r.policies[0].document, r.policies[0].pointer);
  ASSERT_EQ(ast.policy.statements.size(), 1u);
  const Item& action = ast.policy.statements[0].action->items.at(0);
  EXPECT_EQ(action.text, "cloudwatch:PutMetricData");
  const std::string& text = file->text();
  std::size_t expected = text.find("%22cloudwatch");
  ASSERT_NE(expected, std::string::npos);
  EXPECT_EQ(action.span.begin.offset, expected);
  EXPECT_EQ(action.span.begin.line, 4u);
  EXPECT_EQ(text.substr(action.span.end.offset - 3, 3), "%22");
}

TEST(AwsCliSource, PlainPoliciesAreLeftToTheJsonReader) {
  auto file = std::make_shared<const SourceFile>(
      SourceFile::from_string("p.json", R"({"Version": "2012-10-17", "Statement": []})"));
  EXPECT_FALSE(read_aws_cli_source(file, {}).has_value());
  SourceResult r = read_source(file);
  ASSERT_EQ(r.policies.size(), 1u);
  EXPECT_EQ(r.policies[0].format, SourceFormat::Json);
  EXPECT_EQ(r.policies[0].pointer, "");
}

TEST(AwsCliSource, NotJsonIsLeftToTheJsonReader) {
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string("p.json", "{\"PolicyVersion\": "));
  EXPECT_FALSE(read_aws_cli_source(file, {}).has_value());
  SourceResult r = read_source(file);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "IAM001");
}

TEST(AwsCliSource, DefaultFileNames) {
  EXPECT_TRUE(is_source_file_name("policy.json"));
  EXPECT_TRUE(is_source_file_name("POLICY.JSON"));
  EXPECT_FALSE(is_source_file_name(".json"));
  EXPECT_TRUE(is_source_file_name("main.tf"));
  EXPECT_TRUE(is_source_file_name("template.yml"));
  EXPECT_FALSE(is_source_file_name("notes.txt"));
}

}  // namespace
}  // namespace iamtrim
