resource "aws_iam_role" "with_inline" {
  name               = "with-inline"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }] })

  inline_policy {
    name   = "logs"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "*" }] })
  }
}

resource "aws_organizations_policy" "deny_regions" {
  name    = "deny-regions"
  content = jsonencode(local.scp)
}

locals {
  scp = {
    Version = "2012-10-17"
    Statement = [{ Effect = "Deny", NotAction = ["iam:*"], Resource = "*" }]
  }
}

resource "aws_s3_bucket_policy" "maybe" {
  bucket = aws_s3_bucket.b.id
  policy = var.public ? jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }] }) : null
}

resource "aws_kms_key" "computed" {
  policy = var.key_policy
}

module "role" {
  source       = "./modules/role"
  trust_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }] })
  policy_arn   = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
