// Whom each identity policy applies to, as every source reader tells it
// (FoundPolicy::principals): Terraform references and attachments,
// CloudFormation Refs and lists, AWS CLI outputs. These are the facts the
// binding rules (bind_evidence) compare with the evidence's subject.
#include <gtest/gtest.h>

#include <map>

#include "iamtrim/sources.hpp"

namespace iamtrim {
namespace {

// pointer -> "role/name|address|unknown_because; ..." for every identity policy.
std::map<std::string, std::string> principals_of(const std::string& path, const std::string& text) {
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path, text));
  SourceResult r = read_source(file);
  std::map<std::string, std::string> out;
  for (const FoundPolicy& p : r.policies) {
    std::string s;
    for (const PolicyPrincipal& pr : p.principals)
      s += (s.empty() ? "" : "; ") + pr.type + "/" + pr.name + "|" + pr.address + "|" + pr.unknown_because +
           (pr.arn.empty() ? "" : "|" + pr.arn) + (pr.via.empty() ? "" : "|" + pr.via);
    if (!p.managed.type.empty()) s += " [self " + p.managed.type + "/" + p.managed.name + "]";
    out[p.pointer] = s;
  }
  return out;
}

TEST(PolicyPrincipals, TerraformInlinePoliciesNameTheirRole) {
  auto p = principals_of("main.tf", R"(
locals {
  role_name = "from-local"
}
resource "aws_iam_role" "named" {
  name = "worker"
}
resource "aws_iam_role" "generated" {
  assume_role_policy = "{}"
}
resource "aws_iam_role" "prefixed" {
  name_prefix = "job-"
}
resource "aws_iam_role" "computed" {
  name = "${var.env}-api"
}
data "aws_iam_role" "existing" {
  name = "legacy"
}
resource "aws_iam_role_policy" "by_id" {
  role   = aws_iam_role.named.id
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy" "by_name" {
  role   = "${aws_iam_role.named.name}"
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy" "literal" {
  role   = "Literal"
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy" "local" {
  role   = local.role_name
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy" "variable" {
  role   = var.role
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy" "generated" {
  role   = aws_iam_role.generated.name
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy" "prefixed" {
  role   = aws_iam_role.prefixed.name
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy" "computed" {
  role   = aws_iam_role.computed.name
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy" "elsewhere" {
  role   = aws_iam_role.other_file[0].name
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy" "data" {
  role   = data.aws_iam_role.existing.name
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_user_policy" "u" {
  user   = "alice"
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_group_policy" "g" {
  group  = aws_iam_group.ops.name
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_group" "ops" {
  name = "ops"
}
)");
  EXPECT_EQ(p["aws_iam_role_policy.by_id.policy"], "role/worker|aws_iam_role.named|");
  EXPECT_EQ(p["aws_iam_role_policy.by_name.policy"], "role/worker|aws_iam_role.named|");
  EXPECT_EQ(p["aws_iam_role_policy.literal.policy"], "role/Literal|role/Literal|");
  EXPECT_EQ(p["aws_iam_role_policy.local.policy"], "role/from-local|role/from-local|");
  EXPECT_EQ(p["aws_iam_role_policy.variable.policy"], "role/|var.role|its name is computed: var.role");
  EXPECT_EQ(p["aws_iam_role_policy.generated.policy"],
            "role/|aws_iam_role.generated|Terraform generates its name: no name attribute");
  EXPECT_EQ(p["aws_iam_role_policy.prefixed.policy"],
            "role/|aws_iam_role.prefixed|Terraform generates its name from name_prefix");
  EXPECT_EQ(p["aws_iam_role_policy.computed.policy"],
            "role/|aws_iam_role.computed|its name is computed: \"${var.env}-api\"");
  EXPECT_EQ(p["aws_iam_role_policy.elsewhere.policy"], "role/|aws_iam_role.other_file|it is not defined in this file");
  EXPECT_EQ(p["aws_iam_role_policy.data.policy"], "role/legacy|data.aws_iam_role.existing|");
  EXPECT_EQ(p["aws_iam_user_policy.u.policy"], "user/alice|user/alice|");
  EXPECT_EQ(p["aws_iam_group_policy.g.policy"], "group/ops|aws_iam_group.ops|");
}

TEST(PolicyPrincipals, TerraformManagedPoliciesNameEveryAttachment) {
  auto p = principals_of("main.tf", R"(
resource "aws_iam_role" "a" {
  name                = "a"
  managed_policy_arns = [aws_iam_policy.by_role.arn]
  inline_policy {
    name   = "inline"
    policy = jsonencode({ Statement = [] })
  }
}
resource "aws_iam_user" "u" {
  name = "alice"
}
resource "aws_iam_policy" "attached" {
  name   = "attached"
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_policy" "by_role" {
  name_prefix = "x"
  policy      = jsonencode({ Statement = [] })
}
resource "aws_iam_policy" "lonely" {
  name   = "lonely"
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.a.name
  policy_arn = aws_iam_policy.attached.arn
}
resource "aws_iam_user_policy_attachment" "u" {
  user       = aws_iam_user.u.name
  policy_arn = aws_iam_policy.attached.id
}
resource "aws_iam_policy_attachment" "many" {
  name       = "many"
  roles      = ["b"]
  groups     = [var.group]
  policy_arn = "arn:aws:iam::123456789012:policy/attached"
}
)");
  EXPECT_EQ(p["aws_iam_role.a.inline_policy[0].policy"], "role/a|aws_iam_role.a|");
  EXPECT_EQ(p["aws_iam_policy.attached.policy"],
            "role/a|aws_iam_role.a|; user/alice|aws_iam_user.u|; role/b|role/b|; "
            "group/|var.group|its name is computed: var.group [self policy/attached]");
  EXPECT_EQ(p["aws_iam_policy.by_role.policy"], "role/a|aws_iam_role.a| [self policy/]");
  EXPECT_EQ(p["aws_iam_policy.lonely.policy"], " [self policy/lonely]");
}

// for_each over policy ARNs, a local, an expression: iamtrim cannot tell
// which policy such an attachment attaches, so its principal counts for
// every aws_iam_policy of the file (a reference to a variable, a module or a
// data source names a policy from elsewhere).
TEST(PolicyPrincipals, TerraformComputedAttachmentsCountForEveryPolicyOfTheFile) {
  auto p = principals_of("main.tf", R"(
resource "aws_iam_role" "r" {
  name = "r"
}
resource "aws_iam_role" "q" {
  name = "q"
}
resource "aws_iam_role" "gen" {
  managed_policy_arns = concat([aws_iam_policy.a.arn], var.extra)
}
resource "aws_iam_policy" "a" {
  name   = "a"
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_policy" "b" {
  name   = "b"
  policy = jsonencode({ Statement = [] })
}
resource "aws_iam_role_policy_attachment" "q" {
  role       = aws_iam_role.q.name
  policy_arn = aws_iam_policy.a.arn
}
resource "aws_iam_role_policy_attachment" "each" {
  for_each   = toset([aws_iam_policy.a.arn, aws_iam_policy.b.arn])
  role       = aws_iam_role.r.name
  policy_arn = each.value
}
resource "aws_iam_role_policy_attachment" "elsewhere" {
  role       = aws_iam_role.q.name
  policy_arn = var.policy_arn
}
)");
  const std::string each = "role/r|aws_iam_role.r||perhaps: aws_iam_role_policy_attachment.each.role attaches each.value";
  const std::string gen = "role/|aws_iam_role.gen|Terraform generates its name: no name attribute|perhaps: aws_iam_role.gen "
                          "attaches concat([aws_iam_policy.a.arn], var.extra)";
  EXPECT_EQ(p["aws_iam_policy.a.policy"], "role/q|aws_iam_role.q|; " + gen + "; " + each + " [self policy/a]");
  EXPECT_EQ(p["aws_iam_policy.b.policy"], gen + "; " + each + " [self policy/b]");
}

TEST(PolicyPrincipals, TerraformPolicyDocumentsTakeTheirUsersPrincipals) {
  auto p = principals_of("main.tf", R"(
data "aws_iam_policy_document" "shared" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
resource "aws_iam_role_policy" "a" {
  role   = "a"
  policy = data.aws_iam_policy_document.shared.json
}
resource "aws_iam_role_policy" "b" {
  role   = "b"
  policy = data.aws_iam_policy_document.shared.json
}
)");
  EXPECT_EQ(p["data.aws_iam_policy_document.shared"], "role/a|role/a|; role/b|role/b|");
}

TEST(PolicyPrincipals, TerraformJsonSyntax) {
  auto p = principals_of("main.tf.json", R"({
  "resource": {
    "aws_iam_role": {"w": {"name": "writer"}},
    "aws_iam_role_policy": {
      "w": {"role": "${aws_iam_role.w.id}", "policy": "{\"Statement\": []}"},
      "v": {"role": "${var.r}", "policy": "{\"Statement\": []}"}
    },
    "aws_iam_policy": {"p": {"name": "p", "policy": "{\"Statement\": []}"}},
    "aws_iam_role_policy_attachment": {"p": {"role": "${aws_iam_role.w.name}", "policy_arn": "${aws_iam_policy.p.arn}"}}
  }
})");
  EXPECT_EQ(p["/resource/aws_iam_role_policy/w/policy"], "role/writer|aws_iam_role.w|");
  EXPECT_EQ(p["/resource/aws_iam_role_policy/v/policy"], "role/|var.r|its name is computed: var.r");
  EXPECT_EQ(p["/resource/aws_iam_policy/p/policy"], "role/writer|aws_iam_role.w| [self policy/p]");
}

TEST(PolicyPrincipals, CloudFormationLogicalIdsAndPhysicalNames) {
  auto p = principals_of("template.yaml", R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  RoleName: {Type: String}
Resources:
  Named:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      ManagedPolicyArns: [!Ref Managed]
      Policies:
        - PolicyName: inline
          PolicyDocument: {Statement: []}
  Generated:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: inline
          PolicyDocument: {Statement: []}
  Sub:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "${AWS::StackName}-api"
      Policies:
        - PolicyName: inline
          PolicyDocument: {Statement: []}
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: shared
      Roles: [!Ref Generated, "literal-role"]
      Users: [!Ref RoleName]
      PolicyDocument: {Statement: []}
  ByName:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref Named
      PolicyName: p
      PolicyDocument: {Statement: []}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - Statement: []
)");
  EXPECT_EQ(p["/Resources/Named/Properties/Policies/0/PolicyDocument"], "role/reader|Named|");
  EXPECT_EQ(p["/Resources/Generated/Properties/Policies/0/PolicyDocument"],
            "role/|Generated|CloudFormation generates its name at deploy time: no RoleName");
  EXPECT_EQ(p["/Resources/Sub/Properties/Policies/0/PolicyDocument"],
            "role/|Sub|its name is computed: !Sub \"${AWS::StackName}-api\"");
  EXPECT_EQ(p["/Resources/Managed/Properties/PolicyDocument"],
            "role/|Generated|CloudFormation generates its name at deploy time: no RoleName; "
            "role/literal-role|role/literal-role|; user/|RoleName|a parameter or a resource of another template; "
            "role/reader|Named| [self policy/shared]");
  EXPECT_EQ(p["/Resources/ByName/Properties/PolicyDocument"], "role/reader|Named|");
  EXPECT_EQ(p["/Resources/Fn/Properties/Policies/0"],
            "role/|Fn|SAM creates its execution role, whose name CloudFormation generates at deploy time");
}

// A computed ARN in ManagedPolicyArns may name any ManagedPolicy of the template.
TEST(PolicyPrincipals, CloudFormationComputedManagedPolicyArnsCountForEveryManagedPolicy) {
  auto p = principals_of("template.yaml", R"(Resources:
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      ManagedPolicyArns: [!Ref A]
  Writer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: writer
      ManagedPolicyArns:
        - !Sub "arn:aws:iam::${AWS::AccountId}:policy/b"
  A:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: a
      PolicyDocument: {Statement: []}
  B:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: b
      PolicyDocument: {Statement: []}
)");
  const std::string writer =
      "role/writer|Writer||perhaps: Writer.ManagedPolicyArns (!Sub \"arn:aws:iam::${AWS::AccountId}:policy/b\") attaches it";
  EXPECT_EQ(p["/Resources/A/Properties/PolicyDocument"], "role/reader|Reader|; " + writer + " [self policy/a]");
  EXPECT_EQ(p["/Resources/B/Properties/PolicyDocument"], writer + " [self policy/b]");
}

TEST(PolicyPrincipals, CloudFormationJsonRefs) {
  auto p = principals_of("template.json", R"({"Resources": {
  "R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r"}},
  "P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Roles": [{"Ref": "R"}],
        "PolicyDocument": {"Statement": []}}}}})");
  EXPECT_EQ(p["/Resources/P/Properties/PolicyDocument"], "role/r|R|");
}

TEST(PolicyPrincipals, AwsCliOutputsNameTheirPrincipal) {
  auto p = principals_of("p.json", R"({"UserName": "alice", "PolicyName": "x", "PolicyDocument": {"Statement": []}})");
  EXPECT_EQ(p["/PolicyDocument"], "user/alice|user/alice|");
  auto details = principals_of("details.json", R"({
  "RoleDetailList": [{"RoleName": "App", "Arn": "arn:aws:iam::111122223333:role/svc/App",
    "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::111122223333:policy/Shared"}],
    "RolePolicyList": [{"PolicyName": "inline", "PolicyDocument": {"Statement": []}}]}],
  "Policies": [{"PolicyName": "Shared", "Arn": "arn:aws:iam::111122223333:policy/Shared",
    "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": {"Statement": []}}]}]})");
  EXPECT_EQ(details["/RoleDetailList/0/RolePolicyList/0/PolicyDocument"],
            "role/App|role/App||arn:aws:iam::111122223333:role/svc/App");
  EXPECT_EQ(details["/Policies/0/PolicyVersionList/0/Document"],
            "role/App|role/App||arn:aws:iam::111122223333:role/svc/App [self policy/Shared]");
  // A plain policy file says nothing about whom it applies to.
  EXPECT_EQ(principals_of("plain.json", R"({"Statement": []})")[""], "");
}

}  // namespace
}  // namespace iamtrim
