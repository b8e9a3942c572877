# jsonencode: HCL keys and JSON keys, comments, any key order, a single
# string beside lists, a dropped statement and a statement Terraform computes.
resource "aws_iam_role" "app" {
  name = "app"
  # A trust policy: never narrowed.
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_policy" "app" {
  name = "app"
  policy = jsonencode({
    Version = "2012-10-17" # trailing comment
    Statement = [
      {
        // the bucket statement
        Effect = "Allow"
        Action = [
          "s3:GetObject", # read
        ]
        Resource = "${aws_s3_bucket.data.arn}/*"
      },
      {
        "Action" : "s3:ListBucket",
        "Effect" : "Allow",
        "Resource" : aws_s3_bucket.data.arn,
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
      {
        Effect   = "Deny"
        Action   = ["s3:DeleteObject"]
        Resource = ["*"]
      },
    ]
  })
}
