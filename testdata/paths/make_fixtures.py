#!/usr/bin/env python3
"""Writes the authorization-details fixtures of tests/paths (one folder per case).

The fixtures are committed; this script is how they were made, so that a change
to one is a change here first. Usage, from the repository root:

    python3 testdata/paths/make_fixtures.py testdata/paths

Each account is get-account-authorization-details as the AWS CLI prints it
(documents decoded), small enough to read, and shows one thing.
"""
import json, os, sys
ACCT = "111122223333"
OUT = sys.argv[1]

def doc(*stmts):
    return {"Version": "2012-10-17", "Statement": list(stmts)}

def allow(actions, resource="*", sid=None, cond=None, not_resource=None):
    s = {}
    if sid: s["Sid"] = sid
    s["Effect"] = "Allow"
    s["Action"] = actions
    if not_resource is not None: s["NotResource"] = not_resource
    else: s["Resource"] = resource
    if cond: s["Condition"] = cond
    return s

def deny(actions, resource="*", sid=None, cond=None):
    s = {}
    if sid: s["Sid"] = sid
    s["Effect"] = "Deny"; s["Action"] = actions; s["Resource"] = resource
    if cond: s["Condition"] = cond
    return s

def trust(principal, action="sts:AssumeRole", cond=None, sid=None):
    s = {}
    if sid: s["Sid"] = sid
    s.update({"Effect": "Allow", "Principal": principal, "Action": action})
    if cond: s["Condition"] = cond
    return s

def arn(kind, name, path="/"):
    return f"arn:aws:iam::{ACCT}:{kind}{path}{name}"

class Account:
    def __init__(self):
        self.users, self.groups, self.roles, self.policies = [], [], [], []
    def user(self, name, inline=(), managed=(), groups=(), boundary=None, tags=()):
        u = {"Path": "/", "UserName": name, "UserId": "AIDA" + name.upper().ljust(17, "X")[:17], "Arn": arn("user", name),
             "CreateDate": "2023-01-10T09:00:00Z",
             "UserPolicyList": [{"PolicyName": n, "PolicyDocument": d} for n, d in inline],
             "GroupList": list(groups),
             "AttachedManagedPolicies": [{"PolicyName": m.split("/")[-1], "PolicyArn": m} for m in managed],
             "Tags": [{"Key": k, "Value": v} for k, v in tags]}
        if boundary: u["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": boundary}
        self.users.append(u); return self
    def group(self, name, inline=(), managed=()):
        self.groups.append({"Path": "/", "GroupName": name, "GroupId": "AGPA" + name.upper().ljust(17, "X")[:17], "Arn": arn("group", name),
             "CreateDate": "2023-01-10T09:00:00Z",
             "GroupPolicyList": [{"PolicyName": n, "PolicyDocument": d} for n, d in inline],
             "AttachedManagedPolicies": [{"PolicyName": m.split("/")[-1], "PolicyArn": m} for m in managed]}); return self
    def role(self, name, trust_doc, inline=(), managed=(), profile=False, boundary=None, tags=(), path="/"):
        r = {"Path": path, "RoleName": name, "RoleId": "AROA" + name.upper().ljust(17, "X")[:17], "Arn": arn("role", name, path),
             "CreateDate": "2023-01-10T09:00:00Z", "AssumeRolePolicyDocument": trust_doc,
             "InstanceProfileList": ([{"Path": "/", "InstanceProfileName": name, "InstanceProfileId": "AIPA" + name.upper().ljust(17, "X")[:17],
                                      "Arn": f"arn:aws:iam::{ACCT}:instance-profile/{name}", "CreateDate": "2023-01-10T09:00:00Z", "Roles": []}] if profile else []),
             "RolePolicyList": [{"PolicyName": n, "PolicyDocument": d} for n, d in inline],
             "AttachedManagedPolicies": [{"PolicyName": m.split("/")[-1], "PolicyArn": m} for m in managed],
             "Tags": [{"Key": k, "Value": v} for k, v in tags], "RoleLastUsed": {}}
        if boundary: r["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": boundary}
        self.roles.append(r); return self
    def managed(self, arn_, versions, default="v1"):
        name = arn_.split("/")[-1]
        self.policies.append({"PolicyName": name, "PolicyId": "ANPA" + name.upper().ljust(17, "X")[:17], "Arn": arn_, "Path": "/",
            "DefaultVersionId": default, "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
            "CreateDate": "2022-05-01T09:00:00Z", "UpdateDate": "2022-05-01T09:00:00Z",
            "PolicyVersionList": [{"Document": d, "VersionId": v, "IsDefaultVersion": v == default, "CreateDate": "2022-05-01T09:00:00Z"} for v, d in versions]}); return self
    def write(self, name, extra=None):
        d = os.path.join(OUT, name); os.makedirs(d, exist_ok=True)
        j = {"UserDetailList": self.users, "GroupDetailList": self.groups, "RoleDetailList": self.roles, "Policies": self.policies}
        with open(os.path.join(d, "authorization-details.json"), "w") as f: f.write(json.dumps(j, indent=4) + "\n")
        for fn, content in (extra or {}).items():
            with open(os.path.join(d, fn), "w") as f: f.write(content if isinstance(content, str) else json.dumps(content, indent=4) + "\n")

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
ADMIN_DOC = doc(allow("*", "*"))
def admin_policy(a): a.managed(ADMIN, [("v1", ADMIN_DOC)])
ROOT = {"AWS": f"arn:aws:iam::{ACCT}:root"}
LAMBDA = {"Service": "lambda.amazonaws.com"}
EC2 = {"Service": "ec2.amazonaws.com"}

# 1. The worked example: user -> role -> passed role -> admin.
a = Account()
a.user("ci", inline=[("CiDeploy", doc(allow("sts:AssumeRole", arn("role", "Deployer"), sid="AssumeDeployer")))])
a.user("reader", inline=[("ReadOnly", doc(allow(["s3:GetObject", "s3:ListBucket"], "*")))])
a.role("Deployer", doc(trust(ROOT)), inline=[("Deploy", doc(
    allow("iam:PassRole", arn("role", "Ops"), sid="PassOps"),
    allow(["lambda:CreateFunction", "lambda:InvokeFunction", "lambda:UpdateFunctionConfiguration"], f"arn:aws:lambda:*:{ACCT}:function:*", sid="Functions")))])
a.role("Ops", doc(trust(LAMBDA)), managed=[ADMIN])
a.role("Admin", doc(trust(ROOT, cond={"Bool": {"aws:MultiFactorAuthPresent": "true"}})), managed=[ADMIN])
admin_policy(a)
a.write("worked-example")

# 2. assume-role: named principal (no identity allow needed), account root needs one.
a = Account()
a.user("named")  # trusted by name, no policy of its own
a.user("withpolicy", inline=[("Assume", doc(allow("sts:AssumeRole", arn("role", "ByAccount"))))])
a.user("nopolicy")  # the account is trusted, but its own policies do not allow it
a.role("ByName", doc(trust({"AWS": arn("user", "named")})), managed=[ADMIN])
a.role("ByAccount", doc(trust({"AWS": ACCT})), managed=[ADMIN])
admin_policy(a)
a.write("assume-role")

# 3. pass-role to EC2 needs an instance profile; trust must name the service.
a = Account()
a.user("launcher", inline=[("Launch", doc(allow(["iam:PassRole", "ec2:RunInstances"], "*")))])
a.role("WithProfile", doc(trust(EC2)), managed=[ADMIN], profile=True)
a.role("NoProfile", doc(trust(EC2)), managed=[ADMIN])
a.role("LambdaOnly", doc(trust(LAMBDA)), managed=[ADMIN], profile=True)
admin_policy(a)
a.write("pass-role-ec2")

# 4. Takeovers: CreateAccessKey on another user; UpdateAssumeRolePolicy on a role.
a = Account()
a.user("helpdesk", inline=[("Keys", doc(allow(["iam:CreateAccessKey", "iam:ListAccessKeys"], arn("user", "*"))))])
a.user("root-like", managed=[ADMIN])
a.user("trustee", inline=[("Trust", doc(allow("iam:UpdateAssumeRolePolicy", arn("role", "Break*"))))])
a.role("BreakGlass", doc(trust({"AWS": arn("user", "root-like")})), managed=[ADMIN])
admin_policy(a)
a.write("takeover")

# 5. Modify: a role that can write its own inline policy; a user who can attach
#    to a role it may assume; SetDefaultPolicyVersion to an older admin version.
a = Account()
a.role("SelfEditor", doc(trust(LAMBDA)), inline=[("Self", doc(allow("iam:PutRolePolicy", arn("role", "SelfEditor"))))])
a.user("attacher", inline=[("Attach", doc(allow("iam:AttachRolePolicy", arn("role", "Worker")), allow("sts:AssumeRole", arn("role", "Worker"))))])
a.role("Worker", doc(trust(ROOT)), inline=[("Logs", doc(allow("logs:PutLogEvents", "*")))])
a.user("versioner", managed=[f"arn:aws:iam::{ACCT}:policy/Tools"])
a.managed(f"arn:aws:iam::{ACCT}:policy/Tools", [("v1", ADMIN_DOC), ("v2", doc(allow(["iam:SetDefaultPolicyVersion", "iam:GetPolicyVersion"], f"arn:aws:iam::{ACCT}:policy/Tools")))], default="v2")
a.write("modify")

# 6. A resource that already runs as a role: conditional.
a = Account()
a.user("dev", inline=[("Code", doc(allow(["lambda:UpdateFunctionCode", "lambda:GetFunction"], f"arn:aws:lambda:eu-west-1:{ACCT}:function:*")))])
a.role("FunctionRole", doc(trust(LAMBDA)), managed=[ADMIN])
admin_policy(a)
a.write("existing-resource")

# 7. AddUserToGroup: a user who can join the admin group.
a = Account()
a.user("joiner", inline=[("Join", doc(allow("iam:AddUserToGroup", arn("group", "Admins"))))])
a.user("bounded", inline=[("Join", doc(allow("iam:AddUserToGroup", arn("group", "Admins"))))], boundary=f"arn:aws:iam::{ACCT}:policy/Limit")
a.group("Admins", managed=[ADMIN])
a.managed(f"arn:aws:iam::{ACCT}:policy/Limit", [("v1", doc(allow(["iam:AddUserToGroup", "s3:*"], "*")))])
admin_policy(a)
a.write("join-group")

# 8. Federation: GitHub OIDC without a subject condition is anyone on GitHub;
#    with one it is conditional; another account is conditional.
a = Account()
gh = f"arn:aws:iam::{ACCT}:oidc-provider/token.actions.githubusercontent.com"
a.role("GithubOpen", doc(trust({"Federated": gh}, "sts:AssumeRoleWithWebIdentity",
    {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}})), managed=[ADMIN])
a.role("GithubRepo", doc(trust({"Federated": gh}, "sts:AssumeRoleWithWebIdentity",
    {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:example/infra:ref:refs/heads/main"}})), managed=[ADMIN])
a.role("Partner", doc(trust({"AWS": "arn:aws:iam::444455556666:root"}, cond={"StringEquals": {"sts:ExternalId": "partner-7f3a"}})), managed=[ADMIN])
admin_policy(a)
a.write("federation")

# 9. Broken by an explicit Deny (in a group policy), by a permissions boundary, by a
#    PassedToService condition, by a trust that names another account.
a = Account()
a.user("denied", inline=[("Assume", doc(allow("sts:AssumeRole", "*")))], groups=["NoEscalation"])
a.group("NoEscalation", inline=[("Guard", doc(deny("sts:AssumeRole", arn("role", "Target"), sid="NoTarget")))])
a.user("fenced", inline=[("Assume", doc(allow("sts:AssumeRole", "*")))], boundary=f"arn:aws:iam::{ACCT}:policy/S3Only")
a.managed(f"arn:aws:iam::{ACCT}:policy/S3Only", [("v1", doc(allow("s3:*", "*")))])
a.user("passer", inline=[("Pass", doc(
    allow("iam:PassRole", "*", sid="PassToEcsOnly", cond={"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}),
    allow(["lambda:CreateFunction", "lambda:InvokeFunction"], "*")))])
a.user("outsider-trusted", inline=[("Assume", doc(allow("sts:AssumeRole", arn("role", "OtherAccount"))))])
a.role("Target", doc(trust(ROOT)), managed=[ADMIN])
a.role("LambdaAdmin", doc(trust(LAMBDA)), managed=[ADMIN])
a.role("OtherAccount", doc(trust({"AWS": "arn:aws:iam::999988887777:root"})), managed=[ADMIN])
admin_policy(a)
a.write("broken-chains")

# 10. SCP: the same account as assume-role, with an SCP that denies sts:AssumeRole on ByAccount.
a = Account()
a.user("withpolicy", inline=[("Assume", doc(allow("sts:AssumeRole", "*")))])
a.role("ByAccount", doc(trust(ROOT)), managed=[ADMIN])
a.role("Open", doc(trust(ROOT)), managed=[ADMIN])
admin_policy(a)
a.write("scp", {"scp.json": doc(
    {"Sid": "DenyLeave", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
    {"Sid": "ProtectByAccount", "Effect": "Deny", "Action": "sts:AssumeRole", "Resource": arn("role", "ByAccount")})})

# 11. MFA: conditional edges, by a trust condition and by a conditional Deny.
a = Account()
a.user("oncall", inline=[("Assume", doc(allow("sts:AssumeRole", arn("role", "BreakGlass"))))])
a.user("guarded", inline=[("Assume", doc(allow("sts:AssumeRole", arn("role", "Ops")),
    deny("*", "*", sid="DenyWithoutMFA", cond={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}})))])
a.role("BreakGlass", doc(trust(ROOT, cond={"Bool": {"aws:MultiFactorAuthPresent": "true"}})), managed=[ADMIN])
a.role("Ops", doc(trust(ROOT)), managed=[ADMIN])
admin_policy(a)
a.write("mfa")

# 12. Group membership: the hop is granted by the group's policy.
a = Account()
a.user("dev", groups=["Deployers"])
a.group("Deployers", inline=[("AssumeDeploy", doc(allow("sts:AssumeRole", arn("role", "Deploy"), sid="AssumeDeploy")))])
a.role("Deploy", doc(trust(ROOT)), managed=[ADMIN])
a.user("admin-by-group", groups=["Admins"])
a.group("Admins", managed=[ADMIN])
admin_policy(a)
a.write("group-membership")

# 13. A cycle: two roles that can assume each other, one of them can reach admin.
a = Account()
a.user("entry", inline=[("Assume", doc(allow("sts:AssumeRole", arn("role", "Ping"))))])
a.role("Ping", doc(trust(ROOT), trust({"AWS": arn("role", "Pong")})), inline=[("P", doc(allow("sts:AssumeRole", arn("role", "Pong"))))])
a.role("Pong", doc(trust({"AWS": arn("role", "Ping")})), inline=[("P", doc(
    allow("sts:AssumeRole", arn("role", "Ping")),
    allow(["iam:PassRole", "ec2:RunInstances"], "*")))])
a.role("Fleet", doc(trust(EC2)), managed=[ADMIN], profile=True)
admin_policy(a)
a.write("cycle")

# 14. Permissions boundary removal.
a = Account()
a.role("Bounded", doc(trust(LAMBDA)), managed=[ADMIN], boundary=f"arn:aws:iam::{ACCT}:policy/Fence")
a.managed(f"arn:aws:iam::{ACCT}:policy/Fence", [("v1", doc(allow(["s3:*", "iam:DeleteRolePermissionsBoundary"], "*")))])
admin_policy(a)
a.write("drop-boundary")

# 15. A change under review (diff --git --account): role/Deployer's inline policy
#     Deploy lives in the repository as iam/Deploy.json; the new version adds
#     iam:PassRole on role/Ops, which creates user/ci -> role/Deployer -> role/Ops.
DEPLOY_BEFORE = doc(allow(["lambda:CreateFunction", "lambda:InvokeFunction"], f"arn:aws:lambda:*:{ACCT}:function:*", sid="Functions"))
DEPLOY_AFTER = doc(allow(["lambda:CreateFunction", "lambda:InvokeFunction"], f"arn:aws:lambda:*:{ACCT}:function:*", sid="Functions"),
                   allow("iam:PassRole", arn("role", "Ops"), sid="PassOps"))
a = Account()
a.user("ci", inline=[("CiDeploy", doc(allow("sts:AssumeRole", arn("role", "Deployer"), sid="AssumeDeployer")))])
a.role("Deployer", doc(trust(ROOT)), inline=[("Deploy", DEPLOY_BEFORE)])
a.role("Ops", doc(trust(LAMBDA)), managed=[ADMIN])
admin_policy(a)
a.write("change", {"Deploy.before.json": DEPLOY_BEFORE, "Deploy.after.json": DEPLOY_AFTER,
                   "Unrelated.json": doc(allow("s3:GetObject", "arn:aws:s3:::reports/*"))})
