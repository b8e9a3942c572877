// "Evidence must be about the policy's principal" in every narrow mode,
// through the command line: a refusal exits 2, names both principals and
// leaves the file untouched. Each of these narrowed silently before the
// binding rules existed (the first two are the issue's own reproductions).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

const std::string kDir = "testdata/narrow/binding/";
// What every report of this folder speaks for, and the tracking-table note.
const std::string kNote =
    ": job created 2026-11-20T06:00:00Z; it speaks for activity up to 2026-11-20T02:00:00Z (recent activity can take "
    "4 hours to appear; see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html (Things "
    "to know about last accessed information))\n"
    "iamtrim: note: tracking rules: Region table captured 2023-08-31; Regions launched since are not in it "
    "(https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html (Where AWS tracks last "
    "accessed information; read in August 2023, the day not recorded, so the end of the month is given))\n";
const std::string kTrustNote = "iamtrim: note: " + kDir + "two-roles.tf: aws_iam_role.reader, aws_iam_role.writer "
                               "(data.aws_iam_policy_document.ec2): trust policy; only identity policies are narrowed\n";

class BindingCliFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir("iamtrim-binding");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string put(const std::string& name, const std::string& text) {
    write_file(dir_ / name, text);
    return (dir_ / name).string();
  }
  fs::path dir_;
};

// docs/narrow.md shows this command and its output.
TEST(BindingCli, ATerraformModuleWithTwoRolesIsNotNarrowedWithOneRolesReport) {
  const std::string before = read_file(kDir + "two-roles.tf");
  RunResult r = run_cli({"narrow", kDir + "two-roles.tf", "--evidence", kDir + "writer.json", "--diff"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, kTrustNote + "iamtrim: " + kDir + "two-roles.tf: aws_iam_role_policy.reader (aws_iam_role_policy.reader.policy): "
                   "refused: it applies to role/reader (aws_iam_role.reader), but the evidence is about "
                   "arn:aws:iam::123456789012:role/writer (" + kDir + "writer.json), not about its principal\n"
                   "iamtrim: " + kDir + "two-roles.tf: to narrow only the policies of the principal the evidence is about, "
                   "add --only aws_iam_role.writer\n"
                   "iamtrim: " + kDir + "two-roles.tf: nothing was written\n");
  EXPECT_EQ(read_file(kDir + "two-roles.tf"), before);
}

// A folder of reports given to one-policy narrowing (collect's layout is a
// folder of every principal's reports): refused, exit 2, with what to give
// instead; the policy file is untouched.
TEST(BindingCli, AFolderOfReportsForOnePolicyIsRefusedWithWhatToGiveInstead) {
  const std::string before = read_file(kDir + "two-roles.tf");
  RunResult r = run_cli({"narrow", kDir + "two-roles.tf", "--evidence", kDir, "--write"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "iamtrim: --evidence " + kDir + " is a folder: give the report files about this policy's principal "
                   "(narrow --account --evidence DIR reads a whole account's folder)\n");
  EXPECT_EQ(read_file(kDir + "two-roles.tf"), before);
}

// --only names the role: its inline policy is narrowed, the shared policy
// keeps what the reader (no evidence) may use, the reader's policy is left alone.
TEST(BindingCli, OnlyNarrowsThePoliciesOfThePrincipalTheEvidenceIsAbout) {
  RunResult r = run_cli({"narrow", kDir + "two-roles.tf", "--evidence", kDir + "writer.json", "--diff", "--only",
                         "aws_iam_role.writer"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(check_golden(testdata("narrow/binding/two-roles.only-writer.diff"), r.out), "");
  EXPECT_EQ(r.err, kTrustNote + "iamtrim: note: " + kDir + "writer.json" + kNote);
  // With both roles' evidence every policy is judged on its own principals'.
  RunResult both = run_cli({"narrow", kDir + "two-roles.tf", "--evidence", kDir + "writer.json", kDir + "reader.json",
                            "--diff"});
  EXPECT_EQ(both.exit_code, 1) << both.err;
  EXPECT_EQ(check_golden(testdata("narrow/binding/two-roles.both.diff"), both.out), "");
  // One note for both reports (once per run, not once per report).
  EXPECT_EQ(both.err, kTrustNote + "iamtrim: note: " + kDir + "reader.json, " + kDir + "writer.json" + kNote);
}

// A policy file shared by two roles, judged on both roles' reports: one note
// for the run, not one per report.
TEST(BindingCli, TheActivityNoteIsPrintedOncePerRun) {
  RunResult r = run_cli({"narrow", "testdata/narrow/s3-role.policy.json", "--evidence", kDir + "writer.json",
                         kDir + "reader.json", "--check"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "iamtrim: note: " + kDir + "writer.json, " + kDir + "reader.json" + kNote +
                       "iamtrim: testdata/narrow/s3-role.policy.json: rewrite due: 1 actions removable\n");
}

// docs/narrow.md shows this command and its output.
TEST(BindingCli, AGetRolePolicyOutputIsNotNarrowedWithAnotherRolesReport) {
  RunResult r = run_cli({"narrow", kDir + "reporter.role-policy.json", "--evidence", "examples/deployer/evidence.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "iamtrim: " + kDir + "reporter.role-policy.json: role/Reporter: refused: it applies to role/Reporter, "
                   "but the evidence is about arn:aws:iam::123456789012:role/Deployer (examples/deployer/evidence.json), "
                   "not about its principal; nothing was written\n");
  // --principal cannot make another role's report the Reporter's.
  RunResult stated = run_cli({"narrow", kDir + "reporter.role-policy.json", "--evidence", "examples/deployer/evidence.json",
                              "--principal", "arn:aws:iam::123456789012:role/Deployer"});
  EXPECT_EQ(stated.exit_code, 2) << stated.err;
}

// docs/narrow.md's binding examples are what the binary prints: each console
// block whose command reads testdata/narrow/binding/ is run as shown.
TEST(BindingCli, TheDocsShowWhatTheBinaryPrints) {
  const std::string doc = read_file(testdata("../docs/narrow.md"));
  int checked = 0;
  for (std::size_t at = doc.find("```console\n$ iamtrim "); at != std::string::npos;
       at = doc.find("```console\n$ iamtrim ", at + 1)) {
    const std::size_t begin = at + 13, end = doc.find("```", begin);
    const std::string block = doc.substr(begin, end - begin);
    const std::string command = block.substr(0, block.find('\n'));
    if (command.find(kDir) == std::string::npos) continue;
    std::vector<std::string> args;
    std::istringstream words(command);
    for (std::string w; words >> w;) args.push_back(w);
    args.erase(args.begin());  // "iamtrim"
    RunResult r = run_cli(args);
    EXPECT_EQ(r.out + r.err, block.substr(command.size() + 1)) << command;
    ++checked;
  }
  EXPECT_EQ(checked, 2);
}

TEST_F(BindingCliFiles, AReportWithoutSubjectIsRefusedForANamedPrincipalWithItsEntityAsHint) {
  const std::string evidence = put("deployer.json", read_file("examples/deployer/evidence.json"));  // no sidecar
  RunResult r = run_cli({"narrow", kDir + "reporter.role-policy.json", "--evidence", evidence});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("refused: it applies to role/Reporter, but the evidence does not name its subject (its "
                       "LastAuthenticatedEntity is arn:aws:iam::123456789012:role/Deployer): name it with --principal ARN "
                       "or a FILE.request.json sidecar"),
            std::string::npos) << r.err;
}

TEST_F(BindingCliFiles, ASidecarThatContradictsTheReportIsAnError) {
  const std::string evidence = put("reporter.json", read_file("examples/deployer/evidence.json"));
  put("reporter.request.json", R"({"Arn": "arn:aws:iam::123456789012:role/Reporter"})");
  RunResult r = run_cli({"narrow", kDir + "reporter.role-policy.json", "--evidence", evidence});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, evidence + ": the report is said to be about arn:aws:iam::123456789012:role/Reporter (sidecar " +
                       (dir_ / "reporter.request.json").string() + "), but it shows arn:aws:iam::123456789012:role/Deployer "
                       "as the one who accessed: a role's own report names only that role; this is another principal's "
                       "report (or the sidecar is wrong)\n");
}

TEST_F(BindingCliFiles, CloudFormationRolesAreBoundByNameOrByStatement) {
  const std::string tmpl = put("template.yaml", R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ReaderRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:ListBucket, s3:PutBucketPolicy]
                Resource: "*"
  WriterRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
  WriterPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref WriterRole]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [s3:ListBucket, s3:PutBucketPolicy]
            Resource: "*"
)");
  const std::string before = read_file(tmpl);
  const std::string writer = kDir + "writer.json", reader = kDir + "reader.json";
  // The reader is named: the writer's report is not about it.
  RunResult r = run_cli({"narrow", tmpl, "--evidence", writer, "--write"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("ReaderRole (/Resources/ReaderRole/Properties/Policies/0/PolicyDocument): refused: it applies to "
                       "role/reader (ReaderRole), but the evidence is about arn:aws:iam::123456789012:role/writer"),
            std::string::npos) << r.err;
  // The writer role's name is generated at deploy time: iamtrim cannot check, so it asks.
  EXPECT_NE(r.err.find("WriterPolicy (/Resources/WriterPolicy/Properties/PolicyDocument): refused: it applies to WriterRole "
                       "(CloudFormation generates its name at deploy time: no RoleName), so iamtrim cannot tell whether "
                       "the evidence (about arn:aws:iam::123456789012:role/writer (" + writer + ")) is about it; if it is, "
                       "say so with --only WriterRole"),
            std::string::npos) << r.err;
  EXPECT_EQ(read_file(tmpl), before);
  // The reader's own report narrows the reader's policy only.
  RunResult own = run_cli({"narrow", tmpl, "--evidence", reader, "--only", "ReaderRole", "--write"});
  EXPECT_EQ(own.exit_code, 0) << own.err;
  std::string want = before;
  want.replace(want.find("[s3:ListBucket, s3:PutBucketPolicy]"), 35, "[s3:ListBucket]");
  EXPECT_EQ(read_file(tmpl), want);
  // The statement binds the writer's generated name.
  RunResult stated = run_cli({"narrow", tmpl, "--evidence", writer, "--only", "WriterRole", "--check"});
  EXPECT_EQ(stated.exit_code, 1) << stated.err;
}

TEST_F(BindingCliFiles, TerraformJsonSyntaxIsBoundLikeTerraform) {
  const std::string tf = put("main.tf.json", R"({
  "resource": {
    "aws_iam_role": {"reader": {"name": "reader", "assume_role_policy": "{}"}},
    "aws_iam_role_policy": {
      "reader": {"role": "${aws_iam_role.reader.id}",
                 "policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:ListBucket\", \"s3:PutBucketPolicy\"], \"Resource\": \"*\"}]}"}
    }
  }
}
)");
  const std::string before = read_file(tf);
  RunResult r = run_cli({"narrow", tf, "--evidence", kDir + "writer.json", "--write"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("refused: it applies to role/reader (aws_iam_role.reader), but the evidence is about "
                       "arn:aws:iam::123456789012:role/writer"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(tf), before);
  RunResult own = run_cli({"narrow", tf, "--evidence", kDir + "reader.json", "--check"});
  EXPECT_EQ(own.exit_code, 1) << own.err;
}

TEST_F(BindingCliFiles, AuthorizationDetailsCompareTheAccountToo) {
  const std::string details = put("details.json", R"({"RoleDetailList": [{"RoleName": "writer",
  "Arn": "arn:aws:iam::111122223333:role/writer",
  "RolePolicyList": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:PutBucketPolicy"], "Resource": "*"}]}}]}]})");
  // Same role name, another account.
  RunResult r = run_cli({"narrow", details, "--evidence", kDir + "writer.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("role/writer: refused: it applies to role/writer, but the evidence is about "
                       "arn:aws:iam::123456789012:role/writer"), std::string::npos) << r.err;
}

TEST_F(BindingCliFiles, AComputedRoleNameIsBoundByOnlyOrPrincipal) {
  const std::string tf = put("main.tf", R"(resource "aws_iam_role_policy" "app" {
  role = var.role_name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:ListBucket", "s3:PutBucketPolicy"], Resource = "*" }]
  })
}
)");
  const std::string ev = kDir + "writer.json";
  RunResult none = run_cli({"narrow", tf, "--evidence", ev, "--check"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("refused: it applies to var.role_name (its name is computed: var.role_name), so iamtrim cannot "
                          "tell whether the evidence (about arn:aws:iam::123456789012:role/writer (" + ev +
                          ")) is about it; if it is, say so with --only var.role_name"),
            std::string::npos) << none.err;
  EXPECT_EQ(run_cli({"narrow", tf, "--evidence", ev, "--check", "--only", "var.role_name"}).exit_code, 1);
  EXPECT_EQ(run_cli({"narrow", tf, "--evidence", ev, "--check", "--principal", "arn:aws:iam::123456789012:role/writer"})
                .exit_code, 1);
}

// A policy attached to role q by reference and to role r through for_each:
// r's use counts, so q's report alone proves nothing removable.
TEST_F(BindingCliFiles, AnAttachmentThroughForEachCountsItsRole) {
  const std::string tf = put("main.tf", R"(resource "aws_iam_role" "q" {
  name = "q"
}

resource "aws_iam_role" "r" {
  name = "r"
}

resource "aws_iam_policy" "a" {
  name   = "a"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:ListBucket", "s3:PutBucketPolicy"], Resource = "*" }] })
}

resource "aws_iam_role_policy_attachment" "q" {
  role       = aws_iam_role.q.name
  policy_arn = aws_iam_policy.a.arn
}

resource "aws_iam_role_policy_attachment" "r" {
  for_each   = toset([aws_iam_policy.a.arn])
  role       = aws_iam_role.r.name
  policy_arn = each.value
}
)");
  // writer.json with another role's name: ListBucket used, PutBucketPolicy not.
  auto report_of = [&](const std::string& role) {
    std::string text = read_file(kDir + "writer.json");
    for (std::size_t at = text.find("role/writer"); at != std::string::npos; at = text.find("role/writer", at))
      text.replace(at, 11, "role/" + role);
    put(role + ".request.json", R"({"Arn": "arn:aws:iam::123456789012:role/)" + role + "\"}");
    return put(role + ".json", text);
  };
  const std::string q = report_of("q");
  RunResult one = run_cli({"narrow", tf, "--evidence", q, "--check"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  RunResult report = run_cli({"narrow", tf, "--evidence", q, "--report", (dir_ / "report.md").string()});
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(read_file(dir_ / "report.md").find("no report is about role/r (aws_iam_role.r, perhaps: "
                                               "aws_iam_role_policy_attachment.r.role attaches each.value)"),
            std::string::npos) << read_file(dir_ / "report.md");
  // With r's report too, what neither used is removable.
  RunResult both = run_cli({"narrow", tf, "--evidence", q, report_of("r"), "--check"});
  EXPECT_EQ(both.exit_code, 1) << both.err;
}

TEST_F(BindingCliFiles, PoliciesOfUnknownOwnersBesideOthersNeedOnly) {
  const std::string tf = put("main.tf", R"(resource "aws_iam_policy" "a" {
  name   = "a"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:ListBucket", "s3:PutBucketPolicy"], Resource = "*" }] })
}

resource "aws_iam_policy" "b" {
  name   = "b"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:ListBucket", "s3:PutBucketPolicy"], Resource = "*" }] })
}
)");
  const std::string ev = kDir + "writer.json";
  RunResult none = run_cli({"narrow", tf, "--evidence", ev, "--check"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("aws_iam_policy.a (aws_iam_policy.a.policy): refused: the file does not say whom it applies to, "
                          "and it holds other policies; if the evidence (about arn:aws:iam::123456789012:role/writer (" +
                          ev + ")) is about its principal, select it with --only aws_iam_policy.a"),
            std::string::npos) << none.err;
  // --principal names the evidence's subject, not which of two policies is that principal's.
  EXPECT_EQ(run_cli({"narrow", tf, "--evidence", ev, "--check", "--principal", "arn:aws:iam::123456789012:role/writer"})
                .exit_code, 2);
  EXPECT_EQ(run_cli({"narrow", tf, "--evidence", ev, "--check", "--only", "aws_iam_policy.a"}).exit_code, 1);
}

}  // namespace
}  // namespace iamtrim::test
