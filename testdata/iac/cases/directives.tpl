{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
%{ if extra }
    ,{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}
%{ endif }
  ]
}
