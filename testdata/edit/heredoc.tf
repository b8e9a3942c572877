resource "aws_iam_role_policy" "plain" {
  name = "plain"
  role = aws_iam_role.app.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "logs:DeleteLogGroup"
      ],
      "Resource": "arn:aws:logs:*:*:log-group:/app/$${aws:username}:*"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy" "indented" {
  name = "indented"
  role = aws_iam_role.app.id
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Everything",
          "Effect": "Allow",
          "NotAction": ["iam:*", "organizations:*"],
          "Resource": "*"
        },
        {
          "Effect": "Allow",
          "Action": "sqs:SendMessage",
          "Resource": "*"
        },
        {
          "Effect": "Allow",
          "Action": [
            "ec2:DescribeVpc*"
          ],
          "Resource": "*"
        }
      ]
    }
  POLICY
}
