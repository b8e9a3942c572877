resource "aws_iam_policy" "lake_writer" {
  name = "lake-writer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "LakeBucket"
      Effect   = "Allow"
      Action   = "s3:*"
      Resource = [aws_s3_bucket.lake.arn, "${aws_s3_bucket.lake.arn}/*"]
    }]
  })
}
