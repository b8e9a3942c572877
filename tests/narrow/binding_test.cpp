// The binding rules (bind_evidence, docs/narrow.md "Binding rules"): a
// report judges a policy only when it is about one of the policy's own
// principals, or the user stated the binding where the file cannot tell.
#include <gtest/gtest.h>

#include "iamtrim/account.hpp"

namespace iamtrim {
namespace {

Report report(const std::string& subject, const std::string& file, const std::string& entity = "") {
  Report r;
  r.subject = subject;
  r.subject_origin = subject.empty() ? "" : "sidecar " + file;
  r.files = {file};
  if (!entity.empty()) {
    ServiceAccess s;
    s.service_namespace = "s3";
    s.entity = entity;
    r.services.push_back(s);
  }
  return r;
}

FoundPolicy policy(const std::string& owner, std::vector<PolicyPrincipal> principals) {
  FoundPolicy p;
  p.owner = owner;
  p.pointer = owner + ".policy";
  p.principals = std::move(principals);
  return p;
}

PolicyPrincipal named(const std::string& type, const std::string& name, const std::string& address,
                      const std::string& arn = "") {
  return {type, name, arn, address, ""};
}
PolicyPrincipal unnamed(const std::string& address) { return {"role", "", "", address, "its name is computed: var.x"}; }

const std::string kWriter = "arn:aws:iam::123456789012:role/writer";
const std::string kReader = "arn:aws:iam::123456789012:role/reader";

TEST(Binding, ANamedPrincipalTakesOnlyReportsAboutItself) {
  FoundPolicy reader = policy("aws_iam_role_policy.reader", {named("role", "reader", "aws_iam_role.reader")});
  FoundPolicy writer = policy("aws_iam_role_policy.writer", {named("role", "writer", "aws_iam_role.writer")});
  // Path and case do not matter: IAM names are unique per account and type.
  BindResult b = bind_evidence({&reader, &writer},
                               {report(kWriter, "w.json"), report("arn:aws:iam::123456789012:role/team/READER", "r.json")}, {});
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b.policies[0].bound && b.policies[1].bound);
  ASSERT_EQ(b.policies[0].reports.size(), 1u);
  EXPECT_EQ(b.policies[0].reports[0].files, std::vector<std::string>{"r.json"});
  EXPECT_EQ(b.policies[0].required_subjects, std::vector<std::string>{"arn:aws:iam::123456789012:role/team/READER"});
  ASSERT_EQ(b.policies[1].reports.size(), 1u);
  EXPECT_EQ(b.policies[1].reports[0].files, std::vector<std::string>{"w.json"});
  EXPECT_TRUE(b.unused.empty());
}

TEST(Binding, EvidenceAboutSomeoneElseIsRefusedNamingBoth) {
  FoundPolicy reader = policy("aws_iam_role_policy.reader", {named("role", "reader", "aws_iam_role.reader")});
  FoundPolicy writer = policy("aws_iam_role_policy.writer", {named("role", "writer", "aws_iam_role.writer")});
  BindResult b = bind_evidence({&reader, &writer}, {report(kWriter, "w.json")}, {});
  EXPECT_FALSE(b.policies[0].bound);
  EXPECT_EQ(b.policies[0].refusal,
            "it applies to role/reader (aws_iam_role.reader), but the evidence is about " + kWriter +
                " (w.json), not about its principal");
  EXPECT_TRUE(b.policies[1].bound);
  EXPECT_EQ(b.suggestion, "aws_iam_role.writer");
}

TEST(Binding, AccountsAreComparedWhereTheFileKnowsThem) {
  FoundPolicy p = policy("role/App", {named("role", "App", "role/App", "arn:aws:iam::111122223333:role/App")});
  EXPECT_FALSE(bind_evidence({&p}, {report("arn:aws:iam::999999999999:role/App", "e.json")}, {}).policies[0].bound);
  EXPECT_TRUE(bind_evidence({&p}, {report("arn:aws:iam::111122223333:role/x/app", "e.json")}, {}).policies[0].bound);
  // Another type of the same name is another principal.
  EXPECT_FALSE(bind_evidence({&p}, {report("arn:aws:iam::111122223333:user/App", "e.json")}, {}).policies[0].bound);
}

TEST(Binding, AReportWithoutSubjectCannotProveAnythingAboutANamedPrincipal) {
  FoundPolicy p = policy("role/Reporter", {named("role", "Reporter", "role/Reporter")});
  BindResult b = bind_evidence({&p}, {report("", "d.json", "arn:aws:iam::123456789012:role/Deployer")}, {});
  EXPECT_FALSE(b.policies[0].bound);
  EXPECT_EQ(b.policies[0].refusal,
            "it applies to role/Reporter, but the evidence does not name its subject (its LastAuthenticatedEntity is "
            "arn:aws:iam::123456789012:role/Deployer): name it with --principal ARN or a FILE.request.json sidecar");
}

TEST(Binding, AReportThatContradictsItsSubjectIsAnError) {
  FoundPolicy p = policy("role/Deployer", {named("role", "Deployer", "role/Deployer")});
  Report r = report("arn:aws:iam::123456789012:role/Deployer", "d.json", "arn:aws:iam::123456789012:role/Reporter");
  BindResult b = bind_evidence({&p}, {r}, {});
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(format_error(b.errors[0]),
            "d.json: the report is said to be about arn:aws:iam::123456789012:role/Deployer (sidecar d.json), but it "
            "shows arn:aws:iam::123456789012:role/Reporter as the one who accessed: a role's own report names only "
            "that role; this is another principal's report (or the sidecar is wrong)");
  // The role's own sessions are the role; a group's report names its members.
  r.services[0].entity = "arn:aws:sts::123456789012:assumed-role/Deployer/ci";
  EXPECT_TRUE(bind_evidence({&p}, {r}, {}).ok());
  Report group = report("arn:aws:iam::123456789012:group/Ops", "g.json", "arn:aws:iam::123456789012:user/alice");
  EXPECT_EQ(entity_contradiction(group), "");
}

TEST(Binding, AnUnnamedPrincipalIsBoundOnlyByAStatement) {
  FoundPolicy p = policy("aws_iam_role_policy.app", {unnamed("aws_iam_role.app")});
  const std::vector<Report> ev = {report(kWriter, "w.json")};
  PolicyBinding none = bind_evidence({&p}, ev, {}).policies[0];
  EXPECT_FALSE(none.bound);
  EXPECT_EQ(none.refusal, "it applies to aws_iam_role.app (its name is computed: var.x), so iamtrim cannot tell "
                          "whether the evidence (about " + kWriter + " (w.json)) is about it; if it is, say so with "
                          "--only aws_iam_role.app");
  EXPECT_TRUE(bind_evidence({&p}, ev, {.only = true}).policies[0].bound);
  PolicyBinding stated = bind_evidence({&p}, ev, {.principal = true}).policies[0];
  EXPECT_TRUE(stated.bound);
  EXPECT_TRUE(stated.required_subjects.empty());
  EXPECT_EQ(stated.reports.size(), 1u);
  // --principal binds one unnamed principal, not two.
  FoundPolicy q = policy("aws_iam_role_policy.other", {unnamed("aws_iam_role.other")});
  BindResult two = bind_evidence({&p, &q}, ev, {.principal = true});
  EXPECT_FALSE(two.policies[0].bound);
  EXPECT_FALSE(two.policies[1].bound);
  // Nor is one principal several subjects.
  PolicyBinding several = bind_evidence({&p}, {report(kWriter, "w.json"), report(kReader, "r.json")}, {.only = true}).policies[0];
  EXPECT_FALSE(several.bound);
  EXPECT_NE(several.refusal.find("the evidence names several principals"), std::string::npos) << several.refusal;
}

TEST(Binding, APolicyWhoseFileNamesNoPrincipal) {
  FoundPolicy plain = policy("", {});
  // Alone in its file: bound to the evidence given with it, as before.
  PolicyBinding alone = bind_evidence({&plain}, {report(kWriter, "w.json")}, {}).policies[0];
  EXPECT_TRUE(alone.bound);
  EXPECT_EQ(alone.notes.front(), "the file does not say whom the policy applies to: judged on the evidence given with it");
  // Beside other policies: only --only binds it.
  FoundPolicy other = policy("aws_iam_policy.other", {});
  EXPECT_FALSE(bind_evidence({&plain, &other}, {report(kWriter, "w.json")}, {}).policies[0].bound);
  EXPECT_FALSE(bind_evidence({&plain, &other}, {report(kWriter, "w.json")}, {.principal = true}).policies[0].bound);
  EXPECT_TRUE(bind_evidence({&plain}, {report(kWriter, "w.json")}, {.only = true}).policies[0].bound);
}

TEST(Binding, ASharedPolicyKeepsWhatItsOtherPrincipalsMayUse) {
  FoundPolicy shared = policy("aws_iam_policy.queue", {named("role", "reader", "aws_iam_role.reader"),
                                                        named("role", "writer", "aws_iam_role.writer"),
                                                        unnamed("aws_iam_role.batch")});
  shared.managed = named("policy", "queue", "aws_iam_policy.queue");
  PolicyBinding b = bind_evidence({&shared}, {report(kWriter, "w.json")}, {}).policies[0];
  ASSERT_TRUE(b.bound);
  // decide() keeps what is removable for the writer as incomplete-coverage:
  // nobody's report covers the reader or the batch role.
  EXPECT_EQ(b.required_subjects, (std::vector<std::string>{"role/reader (aws_iam_role.reader)", kWriter,
                                                           "aws_iam_role.batch (its name is computed: var.x)"}));
  // A report about the managed policy itself covers everyone attached.
  PolicyBinding own = bind_evidence({&shared}, {report("arn:aws:iam::123456789012:policy/queue", "p.json")}, {}).policies[0];
  ASSERT_TRUE(own.bound);
  EXPECT_EQ(own.policy_arn, "arn:aws:iam::123456789012:policy/queue");
}

}  // namespace
}  // namespace iamtrim
