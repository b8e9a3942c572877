#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

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


// glob_path works plain paths out on the string; everything must come out as
// std::filesystem's lexical operations make it (the reference below, the
// formula glob_path used before it had a fast path).
std::string glob_path_reference(const std::string& path, const std::filesystem::path& base,
                                const std::filesystem::path& cwd) {
  namespace fs = std::filesystem;
  fs::path p(path);
  fs::path abs = (p.is_absolute() ? p : cwd / p).lexically_normal();
  fs::path rel = abs.lexically_relative(base.lexically_normal());
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return p.lexically_normal().generic_string();
}

TEST(GlobPath, AgreesWithFilesystemLexicalOperationsOnEveryShape) {
  // Every path of up to three components drawn from these parts, relative and
  // absolute, against bases inside, equal to, above and beside the working
  // directory, plain or not.
  const std::vector<std::string> parts = {"a", "b", "ab", ".", "..", "", "policy.json", ".hidden", "a b"};
  const std::vector<std::string> dirs = {"/", "/a", "/a/b", "/ab", "/a/b/", "/a/./b", "/a/../a/b", "//a", "/x/y/z"};
  std::vector<std::string> paths;
  for (const std::string& x : parts) {
    paths.push_back(x);
    for (const std::string& y : parts) {
      paths.push_back(x + "/" + y);
      for (const std::string& z : parts) paths.push_back(x + "/" + y + "/" + z);
    }
  }
  std::size_t n = paths.size();
  for (std::size_t i = 0; i < n; ++i) paths.push_back("/" + paths[i]);
  std::size_t checked = 0, plain_inside = 0;
  for (const std::string& cwd : dirs)
    for (const std::string& base : dirs)
      for (const std::string& path : paths) {
        std::string got = iamtrim::config::glob_path(path, base, cwd);
        ASSERT_EQ(got, glob_path_reference(path, base, cwd)) << "path '" << path << "' base " << base << " cwd " << cwd;
        ++checked;
        if (path == "b/policy.json" && base == "/a" && cwd == "/a/b" && got == "b/b/policy.json") ++plain_inside;
      }
  // Four components with "..": names cancelled in the middle, at the root
  // and past the working directory, as `lint /repo/../elsewhere/x.json` or
  // `lint ../../x.json` gives them.
  const std::vector<std::string> up = {"a", "..", "b", "policy.json"};
  for (const std::string& w : up)
    for (const std::string& x : up)
      for (const std::string& y : up)
        for (const std::string& z : up)
          for (const std::string& lead : {std::string(), std::string("/")}) {
            std::string path = lead + w + "/" + x + "/" + y + "/" + z;
            for (const std::string& cwd : dirs)
              for (const std::string& base : dirs) {
                ASSERT_EQ(iamtrim::config::glob_path(path, base, cwd), glob_path_reference(path, base, cwd))
                    << "path '" << path << "' base " << base << " cwd " << cwd;
                ++checked;
              }
          }
  EXPECT_GT(checked, 70000u);
  EXPECT_EQ(plain_inside, 1u);  // the shape a walk yields, worked out on the string
}

TEST(GlobPath, PlainPathsRelativeToTheBase) {
  using iamtrim::config::glob_path;
  EXPECT_EQ(glob_path("iam/role.json", "/repo", "/repo"), "iam/role.json");
  EXPECT_EQ(glob_path("/repo/iam/role.json", "/repo", "/elsewhere"), "iam/role.json");
  EXPECT_EQ(glob_path("/repo", "/repo", "/repo"), ".");
  EXPECT_EQ(glob_path("/other/role.json", "/repo", "/repo"), "/other/role.json");
  EXPECT_EQ(glob_path("role.json", "/repo", "/repo/iam"), "iam/role.json");
  EXPECT_EQ(glob_path("../role.json", "/repo/iam", "/repo/iam"), "../role.json");
  EXPECT_EQ(glob_path("./iam/../iam/role.json", "/repo", "/repo"), "iam/role.json");
}

}  // namespace
}  // namespace iamtrim::config
