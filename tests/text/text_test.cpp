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

TEST(Text, CodePointsAreTheCharactersAwsCounts) {
  EXPECT_EQ(code_points(""), 0u);
  EXPECT_EQ(code_points("abc"), 3u);
  EXPECT_EQ(code_points("\xC3\xA9"), 1u);          // é
  EXPECT_EQ(code_points("\xE2\x82\xAC" "1"), 2u);  // €1
  EXPECT_EQ(code_points("\xF0\x9F\x94\x92"), 1u);  // one astral character
}

}  // namespace
}  // namespace iamtrim
