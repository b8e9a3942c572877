resource "aws_iam_policy" "broken" {
  policy = <<EOF
{"Version": "2012-10-17"}
EOT
}
