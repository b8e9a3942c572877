resource "aws_iam_policy" "crlf" {
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
    }
  EOF
}

resource "aws_iam_role_policy" "crlf_jsonencode" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt"], Resource = "*" }]
  })
}
