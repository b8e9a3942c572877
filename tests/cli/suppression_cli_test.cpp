// Inline "# iamtrim:ignore CODE reason" comments silence exactly the finding
// they name, on their line or block, and nothing else.
#include <gtest/gtest.h>

#include "support/files.hpp"

namespace iamtrim {
namespace {

TEST(LintCliSuppression, CommentSilencesTheNamedCodeOnly) {
  auto r = test::run_cli({"lint", "--no-config", "testdata/cli/suppression/main.tf"});
  EXPECT_EQ(r.exit_code, 1);
  // The block-level comment above aws_iam_policy.ci's policy covers it; the
  // line comment on aws_iam_policy.deploy names another code, so IAM505 stays.
  EXPECT_EQ(r.out,
            "testdata/cli/suppression/main.tf:23:21: security IAM505 iam:PassRole on \"*\" without an "
            "iam:PassedToService condition lets the holder hand any role to any service [aws_iam_policy.deploy]\n");
}

}  // namespace
}  // namespace iamtrim
