resource "aws_iam_policy" "ci" {
  name = "ci"
  # iamtrim:ignore IAM505 the CI role passes any of the team's roles by design
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["iam:PassRole"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_policy" "deploy" {
  name = "deploy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["iam:PassRole"] # iamtrim:ignore IAM104 wrong code: does not cover IAM505
        Resource = "*"
      },
    ]
  })
}
