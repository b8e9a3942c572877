resource "aws_iam_role_policy" "plain" {
  name = "plain"
  role = aws_iam_role.app.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "logs:CreateLogStream",
        "logs:PutLogEvents"
      ],
      "Resource": "arn:aws:logs:*:*:log-group:/app/$${aws:username}:*"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy" "indented" {
  name = "indented"
  role = aws_iam_role.app.id
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Everything",
          "Effect": "Allow",
          "Action": [
            "ec2:DescribeVpcAttribute",
            "ec2:DescribeVpcBlockPublicAccessExclusions",
            "ec2:DescribeVpcBlockPublicAccessOptions",
            "ec2:DescribeVpcClassicLink",
            "ec2:DescribeVpcClassicLinkDnsSupport",
            "ec2:DescribeVpcEncryptionControls",
            "ec2:DescribeVpcEndpointAssociations",
            "ec2:DescribeVpcEndpointConnectionNotifications",
            "ec2:DescribeVpcEndpointConnections",
            "ec2:DescribeVpcEndpoints",
            "ec2:DescribeVpcEndpointServiceConfigurations",
            "ec2:DescribeVpcEndpointServicePermissions",
            "ec2:DescribeVpcEndpointServices",
            "ec2:DescribeVpcPeeringConnections",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "s3:*"
          ],
          "Resource": "*"
        },
        {
          "Effect": "Allow",
          "Action": [
            "ec2:DescribeVpcAttribute",
            "ec2:DescribeVpcBlockPublicAccessExclusions",
            "ec2:DescribeVpcBlockPublicAccessOptions",
            "ec2:DescribeVpcClassicLink",
            "ec2:DescribeVpcClassicLinkDnsSupport",
            "ec2:DescribeVpcEncryptionControls",
            "ec2:DescribeVpcEndpointAssociations",
            "ec2:DescribeVpcEndpointConnectionNotifications",
            "ec2:DescribeVpcEndpointConnections",
            "ec2:DescribeVpcEndpoints",
            "ec2:DescribeVpcEndpointServiceConfigurations",
            "ec2:DescribeVpcEndpointServicePermissions",
            "ec2:DescribeVpcEndpointServices",
            "ec2:DescribeVpcPeeringConnections"
          ],
          "Resource": "*"
        }
      ]
    }
  POLICY
}
