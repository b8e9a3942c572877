// Which lines an `# iamtrim:ignore` comment covers, in HCL and in YAML.
#include <gtest/gtest.h>

#include "iamtrim/sources.hpp"

namespace iamtrim::test {
namespace {

std::string covered(const std::string& path, const std::string& text) {
  std::string out;
  for (const Suppression& s : read_suppressions(SourceFile::from_string(path, text))) {
    for (const std::string& c : s.codes) out += c + ",";
    out += " lines " + std::to_string(s.first_line) + "-" + std::to_string(s.last_line) + " from " +
           std::to_string(s.comment_line) + " (" + s.reason + ")\n";
  }
  return out;
}

TEST(Suppression, Terraform) {
  std::string tf =
      "# iamtrim:ignore IAM104 the whole resource\n"  // 1
      "resource \"aws_iam_policy\" \"p\" {\n"         // 2
      "  policy = jsonencode({\n"                     // 3
      "    Statement = [{\n"                          // 4
      "      Action = \"*\" // iamtrim:ignore IAM101,wildcard-action break-glass role\n"  // 5
      "      Resource = \"}\"\n"                      // 6
      "    }]\n"                                      // 7
      "  })\n"                                        // 8
      "}\n"                                           // 9
      "  # iamtrim:ignore IAM201 next line only\n"    // 10
      "x = 1\n"                                       // 11
      "# iamtrim:ignore\n";                           // 12: no code, ignored
  EXPECT_EQ(covered("main.tf", tf),
            "IAM104, lines 2-9 from 1 (the whole resource)\n"
            "IAM101,wildcard-action, lines 5-5 from 5 (break-glass role)\n"
            "IAM201, lines 11-11 from 10 (next line only)\n");
  auto list = read_suppressions(SourceFile::from_string("main.tf", tf));
  EXPECT_TRUE(is_suppressed(list, "IAM104", "", 4));
  EXPECT_FALSE(is_suppressed(list, "IAM104", "", 10));
  EXPECT_TRUE(is_suppressed(list, "IAM999", "wildcard-action", 5));
  EXPECT_TRUE(is_suppressed(list, "iam101", "", 5));
  EXPECT_FALSE(is_suppressed(list, "IAM101", "", 6));
}

TEST(Suppression, Yaml) {
  std::string yaml =
      "Resources:\n"                                          // 1
      "  # iamtrim:ignore IAM401 trusted partner\n"           // 2
      "  Role:\n"                                             // 3
      "    Type: AWS::IAM::Role\n"                            // 4
      "    Properties:\n"                                     // 5
      "      Statement:\n"                                    // 6
      "        # iamtrim:ignore IAM101 one statement\n"       // 7
      "        - Effect: Allow\n"                             // 8
      "          Action: '*'\n"                               // 9
      "\n"                                                    // 10
      "        - Effect: Deny # iamtrim:ignore IAM5 same line\n"  // 11
      "  Other:\n";                                           // 12
  EXPECT_EQ(covered("t.yaml", yaml),
            "IAM401, lines 3-11 from 2 (trusted partner)\n"
            "IAM101, lines 8-9 from 7 (one statement)\n"
            "IAM5, lines 11-11 from 11 (same line)\n");
  // "//" is not a comment in YAML.
  EXPECT_EQ(covered("t.yaml", "a: b // iamtrim:ignore IAM1 x\n"), "");
}

}  // namespace
}  // namespace iamtrim::test
