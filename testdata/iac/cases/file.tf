resource "aws_iam_policy" "from_file" {
  policy = file("${path.module}/files/policies/readonly.json")
}

resource "aws_iam_role" "from_template" {
  name               = "from-template"
  assume_role_policy = templatefile("${path.module}/files/templates/trust.json.tpl", { account_id = var.account_id })
}

resource "aws_iam_policy" "missing" {
  policy = file("${path.module}/files/policies/absent.json")
}

resource "aws_iam_policy" "computed_path" {
  policy = file(var.policy_path)
}
