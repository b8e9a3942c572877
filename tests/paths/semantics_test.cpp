// Policy semantics of the paths stage, each shown both ways: the blocker
// present (no path, or a conditional one) and the same account without it
// (the path), so none of these tests can pass by finding nothing.
#include <gtest/gtest.h>

#include "helpers.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

Json trust_of(const Json& principal, const Json& condition = nullptr, const std::string& action = "sts:AssumeRole") {
  Json s = {{"Effect", "Allow"}, {"Principal", principal}, {"Action", action}};
  if (!condition.is_null()) s["Condition"] = condition;
  return doc({s});
}
const Json kRoot = {{"AWS", "arn:aws:iam::111122223333:root"}};

TEST(PathsSemantics, ExplicitDenyInAGroupPolicyBreaksTheChain) {
  Json d = fixture("broken-chains");
  EXPECT_EQ(path_from(run(d), "user/denied"), nullptr);
  PathsOptions without;
  without.overrides.push_back({*PolicySlot::parse("group/NoEscalation:Guard", nullptr), std::nullopt});
  PathsResult r = run(d, without);
  ASSERT_NE(path_from(r, "user/denied"), nullptr);
  EXPECT_EQ(nodes_of(r, *path_from(r, "user/denied")), (std::vector<std::string>{"user/denied", "role/Target"}));
}

TEST(PathsSemantics, PermissionsBoundaryBreaksTheChain) {
  Json d = fixture("broken-chains");
  EXPECT_EQ(path_from(run(d), "user/fenced"), nullptr);
  entry(d, "user", "fenced").erase("PermissionsBoundary");
  EXPECT_NE(path_from(run(d), "user/fenced"), nullptr);
}

TEST(PathsSemantics, PassedToServiceConditionBreaksTheChain) {
  Json d = fixture("broken-chains");
  EXPECT_EQ(path_from(run(d), "user/passer"), nullptr);
  entry(d, "user", "passer")["UserPolicyList"][0]["PolicyDocument"]["Statement"][0]["Condition"]["StringEquals"]
       ["iam:PassedToService"] = "lambda.amazonaws.com";
  PathsResult r = run(d);
  ASSERT_NE(path_from(r, "user/passer"), nullptr);
  EXPECT_EQ(path_from(r, "user/passer")->hops[0].method, "PassExistingRoleToNewLambdaThenInvoke");
}

TEST(PathsSemantics, TrustNamingAnotherAccountAdmitsNoOneHere) {
  Json d = fixture("broken-chains");
  PathsResult r = run(d);
  EXPECT_EQ(path_from(r, "user/outsider-trusted"), nullptr);
  const EscalationPath* other = path_from(r, "account/999988887777");
  ASSERT_NE(other, nullptr);
  EXPECT_TRUE(other->conditional);
  entry(d, "role", "OtherAccount")["AssumeRolePolicyDocument"] = trust_of(kRoot);
  EXPECT_NE(path_from(run(d), "user/outsider-trusted"), nullptr);
}

TEST(PathsSemantics, ScpDenyBreaksTheChain) {
  Json d = fixture("scp");
  PathsOptions o;
  o.target = *parse_target("role/ByAccount", {}, nullptr);
  EXPECT_NE(path_from(run(d, o), "user/withpolicy"), nullptr);
  o.scps.push_back(std::make_shared<const SourceFile>(
      SourceFile::from_string("scp.json", read_file(testdata("paths/scp/scp.json")))));
  PathsResult r = run(d, o);
  // Not directly any more: only through role/Open, an admin that can rewrite ByAccount's trust.
  ASSERT_NE(path_from(r, "user/withpolicy"), nullptr);
  EXPECT_EQ(nodes_of(r, *path_from(r, "user/withpolicy")),
            (std::vector<std::string>{"user/withpolicy", "role/Open", "role/ByAccount"}));
  // The SCP's Deny of organizations:LeaveOrganization binds everyone alike: admins stay admins.
  EXPECT_TRUE(reaches(run(d, [&] {
                        PathsOptions a;
                        a.scps = o.scps;
                        return a;
                      }()),
                      "role/ByAccount"));
}

TEST(PathsSemantics, AllowListScpsMustAllowTheAction) {
  Json d = empty_details();
  add_user(d, "u", {{"A", doc({allow("sts:AssumeRole")})}});
  add_role(d, "R", trust_of(kRoot), {}, {kAdminArn});
  auto scp = [](const std::string& text) {
    return std::make_shared<const SourceFile>(SourceFile::from_string("scp.json", text));
  };
  PathsOptions only_s3;
  only_s3.scps.push_back(scp(doc({allow("s3:*")}).dump()));
  EXPECT_EQ(path_from(run(d, only_s3), "user/u"), nullptr);
  PathsOptions with_sts;
  with_sts.scps.push_back(scp(doc({allow("s3:*"), allow("sts:*")}).dump()));
  PathsResult r = run(d, with_sts);
  ASSERT_NE(path_from(r, "user/u"), nullptr);
  // The SCP statement is cited: removing it breaks the path.
  bool cites_scp = false;
  for (const Citation& c : path_from(r, "user/u")->hops[0].citations) cites_scp = cites_scp || c.policy == "SCP scp.json";
  EXPECT_TRUE(cites_scp);
}

TEST(PathsSemantics, ServiceLinkedRolesAreNotSubjectToScps) {
  Json d = empty_details();
  add_role(d, "R", trust_of(kRoot), {{"A", doc({allow("sts:AssumeRole", arn("role", "aws-service-role/svc.amazonaws.com/T"))})}});
  Json t;
  add_role(d, "T", trust_of(kRoot), {}, {kAdminArn});
  d["RoleDetailList"][1]["Path"] = "/aws-service-role/svc.amazonaws.com/";
  d["RoleDetailList"][1]["Arn"] = arn("role", "aws-service-role/svc.amazonaws.com/T");
  d["RoleDetailList"][0]["Path"] = "/aws-service-role/x.amazonaws.com/";
  d["RoleDetailList"][0]["Arn"] = arn("role", "aws-service-role/x.amazonaws.com/R");
  PathsOptions o;
  o.scps.push_back(std::make_shared<const SourceFile>(SourceFile::from_string("scp.json", doc({deny("sts:*")}).dump())));
  EXPECT_NE(path_from(run(d, o), "role/R"), nullptr);
}

TEST(PathsSemantics, MfaConditionMakesTheEdgeConditionalNotAbsent) {
  PathsResult r = run(fixture("mfa"));
  for (const char* who : {"user/oncall", "user/guarded"}) {
    const EscalationPath* p = path_from(r, who);
    ASSERT_NE(p, nullptr) << who;
    EXPECT_TRUE(p->conditional) << who;
    EXPECT_EQ(p->severity(), Severity::Warning);
  }
  EXPECT_EQ(path_from(r, "user/oncall")->hops[0].conditions[0].text, "Bool aws:MultiFactorAuthPresent true");
  EXPECT_EQ(path_from(r, "user/guarded")->hops[0].conditions[0].text,
            "unless denied (BoolIfExists aws:MultiFactorAuthPresent false)");
  // Without the condition the same edge is unconditional.
  Json d = fixture("mfa");
  entry(d, "role", "BreakGlass")["AssumeRolePolicyDocument"]["Statement"][0].erase("Condition");
  EXPECT_FALSE(path_from(run(d), "user/oncall")->conditional);
}

TEST(PathsSemantics, UnconditionalPathsWinOverShorterConditionalOnes) {
  Json d = empty_details();
  add_user(d, "u", {{"A", doc({allow("sts:AssumeRole")})}});
  add_role(d, "Direct", trust_of(kRoot, {{"Bool", {{"aws:MultiFactorAuthPresent", "true"}}}}), {}, {kAdminArn});
  add_role(d, "Hop", trust_of(kRoot), {{"A", doc({allow("sts:AssumeRole", arn("role", "Admin"))})}});
  add_role(d, "Admin", trust_of({{"AWS", arn("role", "Hop")}}), {}, {kAdminArn});
  PathsResult r = run(d);
  ASSERT_NE(path_from(r, "user/u"), nullptr);
  EXPECT_FALSE(path_from(r, "user/u")->conditional);
  EXPECT_EQ(nodes_of(r, *path_from(r, "user/u")), (std::vector<std::string>{"user/u", "role/Hop", "role/Admin"}));
}

TEST(PathsSemantics, PolicyVariablesAreResolvedForThePrincipal) {
  // The classic self-service policy: keys for oneself only.
  Json d = empty_details();
  add_user(d, "self", {{"Own", doc({allow("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/${aws:username}")})}});
  add_user(d, "boss", {}, {kAdminArn});
  PathsResult r = run(d);
  EXPECT_EQ(path_from(r, "user/self"), nullptr);
  // A role has no aws:username: the resource is not known, and the edge to a user is conditional.
  add_role(d, "R", trust_of({{"Service", "lambda.amazonaws.com"}}),
           {{"Own", doc({allow("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/${aws:userid}")})}});
  r = run(d);
  const EscalationPath* p = path_from(r, "role/R");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->conditional);
}

TEST(PathsSemantics, NotActionAndNotResource) {
  Json d = empty_details();
  // Everything but IAM: not admin, yet it can pass any role but Ops and launch Lambda.
  Json not_iam = {{"Effect", "Allow"}, {"NotAction", "iam:*"}, {"Resource", "*"}};
  Json pass = {{"Effect", "Allow"}, {"Action", "iam:PassRole"}, {"NotResource", arn("role", "Ops")}};
  add_user(d, "u", {{"A", doc({not_iam, pass})}});
  add_role(d, "Ops", trust_of({{"Service", "lambda.amazonaws.com"}}), {}, {kAdminArn});
  PathsResult r = run(d);
  // No PassRole to Ops: only the conditional way of an existing function running as Ops.
  ASSERT_NE(path_from(r, "user/u"), nullptr);
  EXPECT_TRUE(path_from(r, "user/u")->conditional);
  EXPECT_EQ(path_from(r, "user/u")->hops[0].kind, EdgeKind::ExistingResource);
  add_role(d, "Ops2", trust_of({{"Service", "lambda.amazonaws.com"}}), {}, {kAdminArn});
  r = run(d);
  ASSERT_NE(path_from(r, "user/u"), nullptr);
  EXPECT_EQ(nodes_of(r, *path_from(r, "user/u")).back(), "role/Ops2");
  EXPECT_FALSE(path_from(r, "user/u")->conditional);
  EXPECT_EQ(path_from(r, "user/u")->hops[0].kind, EdgeKind::PassRole);
}

TEST(PathsSemantics, TagConditionsAreDecidedFromTheFile) {
  Json d = empty_details();
  Json cond = {{"StringEquals", {{"iam:ResourceTag/team", "${aws:PrincipalTag/team}"}}}};
  Json st = allow("sts:AssumeRole");
  st["Condition"] = cond;
  add_user(d, "u", {{"A", doc({st})}});
  entry(d, "user", "u")["Tags"] = Json::array({{{"Key", "team"}, {"Value", "blue"}}});
  add_role(d, "Red", trust_of(kRoot), {}, {kAdminArn});
  entry(d, "role", "Red")["Tags"] = Json::array({{{"Key", "team"}, {"Value", "red"}}});
  EXPECT_EQ(path_from(run(d), "user/u"), nullptr);
  entry(d, "role", "Red")["Tags"][0]["Value"] = "blue";
  PathsResult r = run(d);
  const EscalationPath* p = path_from(r, "user/u");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->conditional);
}

TEST(PathsSemantics, CallerChosenKeysAreMetInAllowAndAvoidedInDeny) {
  Json d = empty_details();
  Json region_deny = deny("*");
  region_deny["Condition"] = {{"StringNotEquals", {{"aws:RequestedRegion", Json::array({"eu-west-1"})}}}};
  add_user(d, "u", {{"A", doc({allow("sts:AssumeRole"), region_deny})}});
  add_role(d, "R", trust_of(kRoot), {}, {kAdminArn});
  PathsResult r = run(d);
  const EscalationPath* p = path_from(r, "user/u");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->conditional);
  // A source IP is not chosen: the same Deny on it keeps the edge, as conditional.
  entry(d, "user", "u")["UserPolicyList"][0]["PolicyDocument"]["Statement"][1]["Condition"] = {
      {"NotIpAddress", {{"aws:SourceIp", "203.0.113.0/24"}}}};
  r = run(d);
  p = path_from(r, "user/u");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->conditional);
}

TEST(PathsSemantics, TheResourceAccountIsTheAccount) {
  Json d = empty_details();
  Json st = allow("sts:AssumeRole");
  st["Condition"] = {{"StringEquals", {{"aws:ResourceAccount", "${aws:PrincipalAccount}"}}}};
  add_user(d, "u", {{"A", doc({st})}});
  add_role(d, "R", trust_of(kRoot), {}, {kAdminArn});
  PathsResult r = run(d);
  ASSERT_NE(path_from(r, "user/u"), nullptr);
  EXPECT_FALSE(path_from(r, "user/u")->conditional);
  entry(d, "user", "u")["UserPolicyList"][0]["PolicyDocument"]["Statement"][0]["Condition"]["StringEquals"]
       ["aws:ResourceAccount"] = "444455556666";
  EXPECT_EQ(path_from(run(d), "user/u"), nullptr);
}

TEST(PathsSemantics, TrustNamingThePrincipalNeedsNoIdentityAllowButARoleBoundaryStillApplies) {
  Json d = fixture("assume-role");
  PathsResult r = run(d);
  EXPECT_NE(path_from(r, "user/named"), nullptr);
  EXPECT_NE(path_from(r, "user/withpolicy"), nullptr);
  EXPECT_EQ(path_from(r, "user/nopolicy"), nullptr);
  // A role named in a trust policy is still limited by its permissions boundary.
  Json e = empty_details();
  add_managed(e, "arn:aws:iam::111122223333:policy/S3Only", doc({allow("s3:*")}));
  add_role(e, "Caller", trust_of({{"Service", "lambda.amazonaws.com"}}));
  add_role(e, "Target", trust_of({{"AWS", arn("role", "Caller")}}), {}, {kAdminArn});
  EXPECT_NE(path_from(run(e), "role/Caller"), nullptr);
  e["RoleDetailList"][0]["PermissionsBoundary"] = {{"PermissionsBoundaryType", "Policy"},
                                                   {"PermissionsBoundaryArn", "arn:aws:iam::111122223333:policy/S3Only"}};
  EXPECT_EQ(path_from(run(e), "role/Caller"), nullptr);
}

TEST(PathsSemantics, TrustOfEveryoneWithAnAccountCondition) {
  Json d = empty_details();
  add_user(d, "u");
  add_role(d, "Open", trust_of("*", {{"StringEquals", {{"aws:PrincipalAccount", kAcct}}}}), {}, {kAdminArn});
  PathsResult r = run(d);
  ASSERT_NE(path_from(r, "user/u"), nullptr);
  EXPECT_FALSE(path_from(r, "user/u")->conditional);
  const EscalationPath* anyone = path_from(r, "anyone");
  ASSERT_NE(anyone, nullptr);
  EXPECT_TRUE(anyone->conditional);
}

TEST(PathsSemantics, FederatedAudienceIsChosenButTheSubjectIsAConditon) {
  PathsResult r = run(fixture("federation"));
  const EscalationPath* gh =
      path_from(r, "provider/arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com");
  ASSERT_NE(gh, nullptr);
  EXPECT_FALSE(gh->conditional);  // no subject condition: any GitHub workflow
  EXPECT_EQ(r.nodes[gh->hops[0].to].id, "role/GithubOpen");
  bool repo_conditional = false;
  for (const Edge& e : r.edges)
    if (r.nodes[e.to].id == "role/GithubRepo" && e.kind == EdgeKind::AssumeRole)
      repo_conditional = e.conditional() &&
                         e.conditions[0].text == "StringLike token.actions.githubusercontent.com:sub repo:example/infra:ref:refs/heads/main";
  EXPECT_TRUE(repo_conditional);
}

TEST(PathsSemantics, CrownJewelsFromTheConfiguration) {
  std::string error;
  auto cfg = parse_paths_config("escalation:\n  admin:\n    - iam:*\n    - action: kms:Decrypt\n"
                                "      resource: arn:aws:kms:*:111122223333:key/*\n",
                                ".iamtrim.yaml", &error);
  ASSERT_TRUE(cfg) << error;
  Json d = empty_details();
  add_user(d, "iam-admin", {{"A", doc({allow("iam:*")})}});
  add_user(d, "decrypter", {{"A", doc({allow("kms:Decrypt", "arn:aws:kms:eu-west-1:111122223333:key/abc")})}});
  add_user(d, "other-key", {{"A", doc({allow("kms:Decrypt", "arn:aws:kms:eu-west-1:444455556666:key/abc")})}});
  PathsOptions o;
  o.target = *parse_target("admin", cfg->admin, nullptr);
  PathsResult r = run(d, o);
  EXPECT_TRUE(reaches(r, "user/iam-admin"));
  EXPECT_TRUE(reaches(r, "user/decrypter"));
  EXPECT_FALSE(reaches(r, "user/other-key"));
  // With the default admin (*:* on *) iam:* is not admin yet, but one step from it.
  PathsResult plain = run(d);
  ASSERT_NE(path_from(plain, "user/iam-admin"), nullptr);
  EXPECT_EQ(path_from(plain, "user/iam-admin")->hops.size(), 1u);
  EXPECT_EQ(path_from(plain, "user/iam-admin")->hops[0].kind, EdgeKind::Modify);
}

TEST(PathsSemantics, ActionTarget) {
  Json d = fixture("worked-example");
  PathsOptions o;
  // On some function of the account: role/Deployer may.
  o.target = *parse_target("lambda:CreateFunction@arn:aws:lambda:*:111122223333:function:*", {}, nullptr);
  PathsResult r = run(d, o);
  EXPECT_TRUE(reaches(r, "role/Deployer"));
  EXPECT_EQ(path_from(r, "role/Deployer"), nullptr);  // at the target already
  ASSERT_NE(path_from(r, "user/ci"), nullptr);
  EXPECT_EQ(path_from(r, "user/ci")->hops.size(), 1u);
  EXPECT_FALSE(reaches(r, "user/reader"));
  // On every resource ("@" left out): only the admin role, one more step.
  o.target = *parse_target("lambda:CreateFunction", {}, nullptr);
  r = run(d, o);
  EXPECT_EQ(nodes_of(r, *path_from(r, "user/ci")), (std::vector<std::string>{"user/ci", "role/Deployer", "role/Ops"}));
}

TEST(PathsSemantics, AttachedPolicyMissingFromTheFileIsAWarning) {
  Json d = empty_details();
  add_role(d, "R", trust_of(kRoot), {}, {"arn:aws:iam::111122223333:policy/Gone"});
  PathsResult r = run(d);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0],
            "arn:aws:iam::111122223333:policy/Gone (attached to role/R) is not in details.json: what it grants is not "
            "known, so no path through it is reported");
}

TEST(PathsSemantics, PolicySlotNotation) {
  std::string error;
  auto inline_slot = PolicySlot::parse("role/Deployer:deploy", &error);
  ASSERT_TRUE(inline_slot);
  EXPECT_EQ(inline_slot->kind, PolicySlot::Kind::Inline);
  EXPECT_EQ(inline_slot->owner, "role/Deployer");
  EXPECT_EQ(inline_slot->name, "deploy");
  EXPECT_EQ(PolicySlot::parse("role/Deployer:trust", nullptr)->kind, PolicySlot::Kind::Trust);
  EXPECT_EQ(PolicySlot::parse("policy/Shared", nullptr)->name, "Shared");
  EXPECT_EQ(PolicySlot::parse("arn:aws:iam::1:policy/p/Shared", nullptr)->kind, PolicySlot::Kind::Managed);
  EXPECT_FALSE(PolicySlot::parse("user/u:trust", &error));
  EXPECT_EQ(error, "policy 'user/u:trust': only roles have a trust policy");
  EXPECT_FALSE(PolicySlot::parse("Deployer", &error));
}

TEST(PathsSemantics, ConfigurationErrorsHavePositions) {
  std::string error;
  EXPECT_FALSE(parse_paths_config("escalation:\n  admins: [\"*\"]\n", "c.yaml", &error));
  EXPECT_EQ(error, "c.yaml:2:3: unknown key 'admins' in escalation (admin, map)");
  EXPECT_FALSE(parse_paths_config("escalation:\n  admin: [\"*\"]\n  admin: [\"iam:*\"]\n", "c.yaml", &error));
  EXPECT_EQ(error, "c.yaml:3: duplicate key \"admin\"");
  EXPECT_FALSE(parse_paths_config("escalation:\n  map:\n    - file: a.json\n      policy: nowhere\n", "c.yaml", &error));
  EXPECT_NE(error.find("c.yaml:3:7: policy 'nowhere'"), std::string::npos) << error;
  auto none = parse_paths_config("rules: {IAM104: off}\n", "c.yaml", &error);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->admin.size(), 1u);
  EXPECT_EQ(none->admin[0].label(), "*:* on *");
}

}  // namespace
}  // namespace iamtrim::test
