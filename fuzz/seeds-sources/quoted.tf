resource "aws_iam_group_policy" "escaped" {
  group  = "ops"
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ec2:Describe*\",\"cloudwatch:Get\u002a\"],\"Resource\":\"*\"}]}"
}

resource "aws_iam_policy" "legacy_interpolation" {
  policy = "${data.aws_iam_policy_document.legacy.json}"
}

data "aws_iam_policy_document" "legacy" {
  statement {
    actions   = ["logs:CreateLogStream"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "not_json" {
  policy = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
