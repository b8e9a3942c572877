resource "aws_iam_policy" "bad_json" {
  policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",, "Action": "*"}]}
EOF
}
