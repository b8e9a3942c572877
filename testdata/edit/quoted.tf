resource "aws_iam_user_policy" "ci" {
  name   = "ci"
  user   = "ci"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"ecr:GetAuthorizationToken\", \"ecr:BatchGetImage\", \"ecr:DeleteRepository\"], \"Resource\": \"*\"}, {\"Effect\": \"Allow\", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\"}]}"
}
