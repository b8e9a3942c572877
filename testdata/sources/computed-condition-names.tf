# Condition blocks whose operator or key Terraform works out: `test` and
# `variable` set from variables. Each is a computed operator (IAM091), not an
# operator or condition key named by the expression's text; the written
# condition block (line 18) is read as it is.
data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::reports/*"]
    condition {
      test     = var.condition_test
      variable = "aws:SourceVpce"
      values   = [var.vpce]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/${var.tag_key}"
      values   = ["reports"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}

resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.this.json
}
