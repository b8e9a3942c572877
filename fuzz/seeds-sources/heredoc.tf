resource "aws_iam_role_policy" "plain" {
  role   = aws_iam_role.app.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "${aws_sqs_queue.q.arn}"}
}
EOF
}

resource "aws_iam_user_policy" "indented" {
  user   = "alice"
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Deny",
          "NotAction": ["iam:*", "sts:GetCallerIdentity"],
          "Resource": "arn:aws:s3:::home/$${aws:username}"
        }
      ]
    }
  JSON
}

resource "aws_sqs_queue_policy" "closing_marker_indented" {
  queue_url = aws_sqs_queue.q.id
  policy    = <<POLICY
    {"Version": "2012-10-17",
     "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"}]}
    POLICY
}
