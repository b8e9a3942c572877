# The worker service's role, as the module exports it: an inline policy in
# jsonencode and a managed policy rendered by aws_iam_policy_document.
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "worker" {
  name = "worker"
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "Objects"
        Effect = "Allow"
        Action = [
          "s3:GetObject",
          "s3:PutObject",
        ]
        Resource = "${aws_s3_bucket.data.arn}/$${aws:PrincipalTag/team}/*"
      },
      {
        Sid    = "Bucket"
        Effect = "Allow"
        Action = [
          "s3:ListBucket",
          "s3:PutBucketPolicy", # one-off setup, done by Terraform now
        ]
        Resource = aws_s3_bucket.data.arn
      },
    ]
  })
}

data "aws_iam_policy_document" "queue" {
  statement {
    sid       = "Jobs"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.jobs.arn]
  }

  statement {
    sid       = "LegacyTable"
    actions   = ["dynamodb:GetItem", "dynamodb:Query"]
    resources = ["arn:aws:dynamodb:*:*:table/legacy-jobs"]
  }
}

resource "aws_iam_policy" "queue" {
  name   = "worker-queue"
  policy = data.aws_iam_policy_document.queue.json
}

resource "aws_iam_role_policy_attachment" "queue" {
  role       = aws_iam_role.worker.name
  policy_arn = aws_iam_policy.queue.arn
}
