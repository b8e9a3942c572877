// The shared string helpers (iamtrim/text.hpp): the local copies they
// replaced differed in small ways (which characters a trim removes, the
// separator of a join), so the edges are pinned here.
#include <gtest/gtest.h>

#include "iamtrim/text.hpp"

namespace iamtrim {
namespace {

TEST(Text, CaseInsensitiveComparisonIsAsciiOnly) {
  EXPECT_TRUE(iequals("s3:GetObject", "S3:getobject"));
  EXPECT_FALSE(iequals("s3:GetObject", "s3:GetObjects"));
  EXPECT_FALSE(iequals("\xC3\x89", "\xC3\xA9"));  // É and é: not ASCII, compared as bytes
  EXPECT_LT(icompare("iam:Get", "IAM:list"), 0);
  EXPECT_GT(icompare("b", "A"), 0);
  EXPECT_EQ(icompare("Abc", "aBC"), 0);
  EXPECT_LT(icompare("ab", "ABC"), 0);  // a prefix sorts first
  EXPECT_EQ(to_lower("AWS:SourceIp"), "aws:sourceip");
  EXPECT_TRUE(istarts_with("ec2:DescribeInstances", "EC2:describe"));
  EXPECT_FALSE(istarts_with("ec2", "ec2:"));
}

TEST(Text, TrimRemovesOnlyTheGivenCharactersAtTheEnds) {
  EXPECT_EQ(trim("  a b \r\n"), "a b");
  EXPECT_EQ(trim("\t\f\v x \v"), "x");
  EXPECT_EQ(trim(" \t\r\n"), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" a \r", " \t"), "a \r");       // what suppression comments trim
  EXPECT_EQ(trim(" \"IAM101\"\r", " \"\r"), "IAM101");  // what the rule index trims
}

TEST(Text, JoinPutsTheSeparatorBetweenItemsOnly) {
  EXPECT_EQ(join({}), "");
  EXPECT_EQ(join({"a"}), "a");
  EXPECT_EQ(join({"a", "b", "c"}), "a, b, c");
  EXPECT_EQ(join({"a", "b"}, "; "), "a; b");
  EXPECT_EQ(join({"a", "", "b"}, "|"), "a||b");
}

TEST(Text, OneLineQuotesAnExcerptOnOneLine) {
  // A multi-line CloudFormation !If as the YAML reader quotes it.
  EXPECT_EQ(one_line("!If\n  - Restrict\n  - StringEquals:\r\n      k: v"), "!If - Restrict - StringEquals: k: v");
  // White space within a line is kept as written.
  EXPECT_EQ(one_line("try(var.a,  null)\t"), "try(var.a,  null)\t");
  EXPECT_EQ(one_line(""), "");
  // Cut after `limit` code points, never inside one: "é" is two bytes.
  EXPECT_EQ(one_line("abcdef", 6), "abcdef");
  EXPECT_EQ(one_line("abcdefg", 6), "abcdef...");
  EXPECT_EQ(one_line("ab\u00e9\u00e9\u00e9x", 4), "ab\u00e9\u00e9...");
  EXPECT_EQ(one_line("a\n\n\nb", 3), "a b");
  EXPECT_EQ(one_line(std::string(500, 'x')).size(), 123u);
}

TEST(Text, CodePointsAreTheCharactersAwsCounts) {
  EXPECT_EQ(code_points(""), 0u);
  EXPECT_EQ(code_points("abc"), 3u);
  EXPECT_EQ(code_points("\xC3\xA9"), 1u);          // é
  EXPECT_EQ(code_points("\xE2\x82\xAC" "1"), 2u);  // €1
  EXPECT_EQ(code_points("\xF0\x9F\x94\x92"), 1u);  // one astral character
}

}  // namespace
}  // namespace iamtrim
