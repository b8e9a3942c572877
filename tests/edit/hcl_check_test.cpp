// tools/hcl-check itself: the oracle must see syntax errors (with their
// position) and evaluate the policy forms the edit tests compare.
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace iamtrim::test {
namespace {

TEST(HclCheck, ReportsSyntaxErrorsWithPositions) {
  std::optional<HclCheck> r = hcl_check("resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({\n    Action = [\"s3:GetObject\",, ]\n  })\n}\n");
  if (!r) GTEST_SKIP() << "tools/hcl-check not built (needs go and golang-github-hashicorp-hcl-v2-dev)";
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_NE(r->output.find(".tf:3:"), std::string::npos) << r->output;
  EXPECT_TRUE(r->values.empty());
}

TEST(HclCheck, EvaluatesPoliciesWithUnknownReferences) {
  std::optional<HclCheck> r = hcl_check(R"(locals {
  actions = ["sqs:SendMessage"]
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = local.actions, Resource = "${var.arn}/$${aws:username}" }]
  })
}
resource "aws_iam_role_policy" "h" {
  policy = <<-EOF
    {"Statement": [{"Effect": "Allow", "NotAction": "iam:*"}]}
  EOF
}
data "aws_iam_policy_document" "d" {
  statement {
    actions = ["s3:GetObject"]
  }
}
)");
  if (!r) GTEST_SKIP() << "tools/hcl-check not built (needs go and golang-github-hashicorp-hcl-v2-dev)";
  EXPECT_EQ(r->exit_code, 0) << r->output;
  EXPECT_EQ(r->values["aws_iam_policy.p.policy"].dump(),
            R"J({"Statement":[{"Action":["sqs:SendMessage"],"Effect":"Allow","Resource":"(unknown)"}]})J");
  EXPECT_EQ(r->values["aws_iam_role_policy.h.policy"].dump(), R"({"Statement":[{"Effect":"Allow","NotAction":"iam:*"}]})");
  EXPECT_EQ(r->values["data.aws_iam_policy_document.d"].dump(), R"({"statement":[{"actions":["s3:GetObject"]}]})");
}

}  // namespace
}  // namespace iamtrim::test
