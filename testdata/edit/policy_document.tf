data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "app" {
  # Reads and writes the queue.
  statement {
    sid = "Queue"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:PurgeQueue", # unused
    ]
    resources = [aws_sqs_queue.jobs.arn]
  }

  statement {
    effect      = "Allow"
    not_actions = ["iam:*", "sts:*", "organizations:*"]
    resources   = ["*"]
  }

  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:username"
      values   = ["$${aws:username}"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}
