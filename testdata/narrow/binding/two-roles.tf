# Two services' roles in one module. Each role's policy may only be narrowed
# with that role's own evidence; the shared policy needs both roles' evidence.
data "aws_iam_policy_document" "ec2" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = data.aws_iam_policy_document.ec2.json
}

resource "aws_iam_role" "writer" {
  name               = "writer"
  assume_role_policy = data.aws_iam_policy_document.ec2.json
}

resource "aws_iam_role_policy" "reader" {
  name = "read"
  role = aws_iam_role.reader.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:PutBucketPolicy"]
        Resource = "arn:aws:s3:::reports"
      },
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:Query"]
        Resource = "arn:aws:dynamodb:*:*:table/reports"
      },
    ]
  })
}

resource "aws_iam_role_policy" "writer" {
  name = "write"
  role = aws_iam_role.writer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:PutBucketPolicy"]
        Resource = "arn:aws:s3:::uploads"
      },
      {
        Effect   = "Allow"
        Action   = ["dynamodb:PutItem"]
        Resource = "arn:aws:dynamodb:*:*:table/uploads"
      },
    ]
  })
}

resource "aws_iam_policy" "queue" {
  name = "shared-queue"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:PurgeQueue"]
      Resource = "arn:aws:sqs:*:*:jobs"
    }]
  })
}

resource "aws_iam_policy_attachment" "queue" {
  name       = "shared-queue"
  roles      = [aws_iam_role.reader.name, aws_iam_role.writer.name]
  policy_arn = aws_iam_policy.queue.arn
}
