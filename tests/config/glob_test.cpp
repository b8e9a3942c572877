#include <gtest/gtest.h>

#include "config/glob.hpp"

namespace iamtrim::config {
namespace {

struct Case {
  const char* pattern;
  const char* path;
  bool match;
};

TEST(Glob, Table) {
  const Case cases[] = {
      {"*.json", "a.json", true},
      {"*.json", "dir/sub/a.json", true},  // no '/': any depth
      {"*.json", "a.json.bak", false},
      {"a?.json", "ab.json", true},
      {"a?.json", "a/.json", false},
      {"policies/*.json", "policies/a.json", true},
      {"policies/*.json", "policies/x/a.json", false},
      {"policies/**/*.json", "policies/a.json", true},
      {"policies/**/*.json", "policies/x/y/a.json", true},
      {"policies/**", "policies/x/y/a.json", true},
      {"**/vendor/**", "a/vendor/b.json", true},
      {"**/vendor/**", "vendor/b.json", true},
      {"vendor", "vendor/b.json", true},  // a matched directory covers its files
      {"vendor", "myvendor/b.json", false},
      {"/top.json", "top.json", true},
      {"/top.json", "x/top.json", false},
      {"scp/*", "scp/deny.json", true},
      {"SCP/*", "scp/deny.json", false},  // case-sensitive
      {"a*b*c", "aXbYc", true},
      {"a*b*c", "a/b/c", false},
      {"*.json", "./a.json", true},
      {"[ab].json", "[ab].json", true},  // no character classes: literal
  };
  for (const Case& c : cases) EXPECT_EQ(glob_match(c.pattern, c.path), c.match) << c.pattern << " vs " << c.path;
}

// A configuration's glob is user input: a run of a hundred '*' (found by
// fuzz_config) is answered at once, not by an exponential backtrack that
// never ends.
TEST(Glob, RunsOfStarsTakeLinearlyManySteps) {
  const std::string stars = "polic" + std::string(100, '*') + "i** trust";
  EXPECT_FALSE(glob_match(stars, "policies/" + std::string(200, 'p') + "/a.json"));
  EXPECT_TRUE(glob_match("a" + std::string(100, '*') + "b", "aXXXXb"));
  EXPECT_TRUE(glob_match("a" + std::string(100, '*') + "b", "aXX/XXb"));  // "**" crosses folders
  EXPECT_TRUE(glob_match(std::string(50, '*') + "/" + std::string(50, '*') + ".json", "x/y/z.json"));
}

}  // namespace
}  // namespace iamtrim::config
