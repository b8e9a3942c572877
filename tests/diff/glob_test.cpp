// Wildcard containment and intersection, table-driven.
#include <gtest/gtest.h>

#include "iamtrim/diff.hpp"

namespace iamtrim {
namespace {

struct ContainCase {
  const char* outer;
  const char* inner;
  GlobVerdict expected;
};

TEST(GlobContains, Table) {
  const ContainCase cases[] = {
      {"*", "arn:aws:s3:::bucket/x", GlobVerdict::Yes},
      {"*", "*", GlobVerdict::Yes},
      {"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/x", GlobVerdict::Yes},
      {"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/incoming/*", GlobVerdict::Yes},
      {"arn:aws:s3:::bucket/incoming/*", "arn:aws:s3:::bucket/*", GlobVerdict::No},
      {"arn:aws:s3:::bucket/x", "arn:aws:s3:::bucket/*", GlobVerdict::No},
      {"arn:aws:s3:::bucket/x", "arn:aws:s3:::bucket/x", GlobVerdict::Yes},
      {"arn:aws:s3:::bucket/x", "arn:aws:s3:::bucket/y", GlobVerdict::No},
      // '?' is exactly one character: "a?" does not hold "a*" (which holds "a").
      {"a?", "a*", GlobVerdict::No},
      {"a*", "a?", GlobVerdict::Yes},
      {"a?c", "abc", GlobVerdict::Yes},
      {"a??", "a?", GlobVerdict::No},
      {"*?", "?*", GlobVerdict::Yes},
      {"?*", "*?", GlobVerdict::Yes},
      {"*", "", GlobVerdict::Yes},
      {"?*", "*", GlobVerdict::No},
      // Stars in the middle, across ARN fields.
      {"arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1",
       GlobVerdict::Yes},
      {"arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:*:*:instance/*", GlobVerdict::No},
      {"*:instance/*", "arn:aws:ec2:*:1:instance/*", GlobVerdict::Yes},
      {"a*b*c", "a*c", GlobVerdict::No},
      {"a*c", "a*b*c", GlobVerdict::Yes},
      {"a*a", "a*", GlobVerdict::No},
      {"*ab*", "*a?b*", GlobVerdict::No},
      {"*a*", "?a?", GlobVerdict::Yes},
      // Only '*' and '?' are special; other characters are literal.
      {"a.c", "abc", GlobVerdict::No},
      {"a[b]c", "a[b]c", GlobVerdict::Yes},
      {"${aws:username}/*", "${aws:username}/x", GlobVerdict::Yes},
      {"home/${aws:username}/*", "home/*", GlobVerdict::No},
  };
  for (const ContainCase& c : cases)
    EXPECT_EQ(glob_contains(c.outer, c.inner), c.expected) << c.outer << " contains " << c.inner;
}

struct IntersectCase {
  const char* a;
  const char* b;
  bool expected;
};

TEST(GlobIntersects, Table) {
  const IntersectCase cases[] = {
      {"*", "anything", true},
      {"arn:aws:s3:::a/*", "arn:aws:s3:::b/*", false},
      {"arn:aws:s3:::a*", "arn:aws:s3:::*b", true},
      {"a?", "a", false},
      {"a?", "ab", true},
      {"*x", "*y", false},
      {"x*", "*y", true},
      {"iam:create*", "iam:*role", true},
      {"iam:passrole", "iam:create*", false},
      {"", "*", true},
      {"", "?", false},
  };
  for (const IntersectCase& c : cases) {
    EXPECT_EQ(glob_intersects(c.a, c.b), c.expected) << c.a << " & " << c.b;
    EXPECT_EQ(glob_intersects(c.b, c.a), c.expected) << c.b << " & " << c.a;
  }
}

}  // namespace
}  // namespace iamtrim
