# jsonencode with HCL keys, JSON-style keys, comments, any key order,
# a single string beside a list, references and interpolations.
resource "aws_iam_policy" "deploy" {
  name = "deploy"
  policy = jsonencode({
    Version = "2012-10-17" # trailing comment
    Statement = [
      {
        // the bucket statement
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "${aws_s3_bucket.data.arn}/*"
      },
      {
        "Resource" : aws_s3_bucket.data.arn,
        "Action" : "s3:ListBucket", /* inline block comment */
        "Effect" : "Allow",
        "Condition" : {
          "StringLike" : { "s3:prefix" : ["home/$${aws:username}/*"] }
        }
      },
      {
        Sid      = "Computed"
        Effect   = "Allow"
        Action   = [for a in var.extra_actions : "ec2:${a}"]
        Resource = ["*"]
      },
    ]
  })
}
