data "aws_iam_policy_document" "deploy" {
  statement {
    sid = "PassTaskRoles"
    # iamtrim:ignore IAM505 tasks need their roles
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::111122223333:role/tasks/*"]
  }

  statement {
    sid = "Describe"
    # iamtrim:ignore IAM5O5,IAM204 describe calls take no resource
    actions   = ["ecs:DescribeServices"]
    resources = ["*"]
  }
}
