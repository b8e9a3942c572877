data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "permissions" {
  policy_id = "app"
  version   = "2012-10-17"

  statement {
    sid         = "Read"
    effect      = "Allow"
    not_actions = ["iam:*"]
    resources   = ["arn:aws:s3:::${var.bucket}/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["data"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
    not_principals {
      type        = "*"
      identifiers = ["*"]
    }
  }

  statement {
    effect        = "Deny"
    actions       = var.denied_actions
    not_resources = ["arn:aws:s3:::keep"]
  }

  dynamic "statement" {
    for_each = var.extra
    content {
      actions   = statement.value.actions
      resources = ["*"]
    }
  }

  source_policy_documents = [data.aws_iam_policy_document.trust.json]
}

data "aws_iam_policy_document" "unused" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_policy" "app" {
  name   = "app"
  policy = data.aws_iam_policy_document.permissions.json
}

resource "aws_iam_policy" "elsewhere" {
  policy = data.aws_iam_policy_document.in_another_file.json
}
