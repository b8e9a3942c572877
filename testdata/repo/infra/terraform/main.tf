resource "aws_iam_role" "reports" {
  name               = "reports-service"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "reports" {
  name   = "read-reports"
  role   = aws_iam_role.reports.id
  policy = file("${path.module}/policies/read-reports.json")
}

resource "aws_iam_role_policy" "logs" {
  name = "logs"
  role = aws_iam_role.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/reports-service:*"
    }]
  })
}
