# An aws_iam_policy_document whose statements Terraform works out when it
# applies: a dynamic statement block, a merged document, a dynamic condition
# block. The written statement (line 5) is read; the rest is computed.
data "aws_iam_policy_document" "this" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["*"]
    dynamic "condition" {
      for_each = var.vpce == null ? [] : [var.vpce]
      content {
        test     = "StringEquals"
        variable = "aws:SourceVpce"
        values   = [condition.value]
      }
    }
  }
  dynamic "statement" {
    for_each = var.extra ? [1] : []
    content {
      actions   = ["iam:*"]
      resources = ["*"]
    }
  }
  source_policy_documents = [var.more]
}

data "aws_iam_policy_document" "only_dynamic" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.this.json
}

resource "aws_iam_policy" "q" {
  policy = data.aws_iam_policy_document.only_dynamic.json
}
