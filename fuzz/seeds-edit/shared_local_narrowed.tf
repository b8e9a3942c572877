# One local feeds an identity policy and a bucket policy: editing the local
# for the identity policy would change the bucket policy too.
locals {
  doc = {
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = ["s3:Gõã∞ùïöúà", "s3:PutObject"]
      Resource  = "*"
    }]
  }
}

resource "aws_iam_policy" "shared" {
  name   = "shared"
  policy = jsonencode(local.doc)
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = "data"
  policy = jsonencode(local.doc)
}
