resource "aws_security_group" "sg" {
  ingress = {
    from_port = 22
  }
  ingress = {
    from_port = 443
  }
}
