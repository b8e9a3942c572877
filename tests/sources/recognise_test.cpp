// What read_source() takes for a policy and what it leaves alone, and the
// readers' defences against hostile input: YAML alias bombs and deep
// nesting, every document of a YAML stream, computed Effects and Actions,
// and Terraform file() paths that lead out of the repository.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>

#include "iamtrim/json.hpp"
#include "iamtrim/policy.hpp"
#include "iamtrim/sources.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

SourceResult read(const std::string& path, const std::string& text, const SourceOptions& options = {}) {
  return read_source(std::make_shared<const SourceFile>(SourceFile::from_string(path, text)), options);
}

std::string codes(const SourceResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) out += d.code + " " + d.message + "\n";
  return out;
}

// The policy `found` as the policy reader reads it; the source reader's
// notes are each test's to check, a diagnostic of the policy reader fails it.
PolicyResult parse_found(const FoundPolicy& found) {
  PolicyResult r = parse_policy(found.document, found.pointer);
  for (const Diagnostic& d : r.diagnostics) ADD_FAILURE() << d.code << " " << d.message;
  return r;
}

// The first lines of a policy's computed parts.
std::vector<std::uint32_t> part_lines(const PolicyResult& r) {
  std::vector<std::uint32_t> lines;
  for (const Span& s : r.computed_parts) lines.push_back(s.begin.line);
  return lines;
}

struct NotPolicy {
  const char* path;
  const char* text;
  const char* reason;
};

TEST(Recognise, FilesThatHoldNoPolicyAreLeftAlone) {
  const std::string unparsed = "no Statement, policy Version, template or AWS CLI output in it";
  const NotPolicy cases[] = {
      // Nothing that could be a policy: passed over without being parsed.
      {"package.json", R"({"name": "app", "version": "1.0.0", "scripts": {"test": "jest"}})", unparsed.c_str()},
      {"tsconfig.json", "{\n  // comments are fine in tsconfig\n  \"compilerOptions\": {\"strict\": true,},\n}\n",
       unparsed.c_str()},
      {"data.json", "[1, 2, 3]", unparsed.c_str()},
      {".github/workflows/ci.yml", "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n", unparsed.c_str()},
      {"chart/templates/deployment.yaml", "apiVersion: apps/v1\nkind: {{ .Values.kind }}\nmetadata:\n  name: {{ x }\n",
       unparsed.c_str()},
      {"k8s.yaml", "kind: A\n---\nkind: B\n---\nkind: C\n", unparsed.c_str()},
      {"dup.yaml", "a: 1\na: 2\n", unparsed.c_str()},
      // Parsed, because a word could be a policy's, and still no policy.
      {"chart/templates/_helpers.tpl", "{{- define \"app.name\" -}}{{ .Chart.Name }}{{- end }}\n",
       "a template that is not JSON and shows no policy"},
      {"sql.json", R"({"statement": "SELECT 1", "params": []})", "JSON without a policy Statement"},
      {"report.json", R"({"Statement": "Q3 balance", "lines": [{"statement": 1}]})", "JSON without a policy Statement"},
      {"queries.json", R"({"statement": [{"sql": "SELECT 1"}]})", "JSON without a policy Statement"},
      {"jobs.yaml", "statement: nightly\nsteps: [build]\n---\nkind: B\n",
       "YAML that is no CloudFormation template or policy"},
      {"chart/templates/job.yaml", "kind: Job\nspec:\n  sql: {{ .Values.statement }\n",
       "not YAML iamtrim can parse, and shows no template or policy"},
      {"other.template", "{\"Resources\": {\"X\": {\"Type\": \"Custom\"}}, \"Description\": \"AWS::\"}",
       "JSON that is no CloudFormation template"},
      // Named on the command line, talks about policies, and is no JSON at
      // all: documentation and scripts are not broken policies.
      {"README.md", "# Policies\n\nEach \"Statement\" has an Effect.\n\n```json\n{\"Version\": \"2012-10-17\"}\n```\n",
       "a file of another kind: not named .json, and not beginning with '{' or '['"},
      {"bin/audit.py", "\xEF\xBB\xBFimport boto3\nprint(policy['Statement'])\n",
       "a file of another kind: not named .json, and not beginning with '{' or '['"},
  };
  for (const NotPolicy& c : cases) {
    SourceResult r = read(c.path, c.text);
    EXPECT_TRUE(r.unrecognised) << c.path;
    EXPECT_EQ(r.not_a_policy, c.reason) << c.path;
    EXPECT_TRUE(r.policies.empty()) << c.path;
    EXPECT_EQ(codes(r), "") << c.path;
  }
  // A key spelt in another case counts when it holds policy elements.
  SourceResult lower = read("p.json", R"({"statement": [{"effect": "Allow", "action": "s3:GetObject", "resource": "*"}]})");
  EXPECT_FALSE(lower.unrecognised);
  EXPECT_EQ(lower.policies.size(), 1u);
}

TEST(Recognise, BrokenPoliciesAreStillReported) {
  // A syntax error in what shows a policy is a finding, not a skipped file.
  SourceResult json = read("p.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",]})");
  EXPECT_FALSE(json.unrecognised);
  EXPECT_EQ(json.diagnostics.at(0).code, "IAM001");
  // ... whatever the file is named when it begins like JSON (after a BOM and
  // white space), and whatever it begins with when it is named .json or
  // read from standard input.
  for (const auto& [path, text] : {std::pair{"policy", "\xEF\xBB\xBF\n  {\"Statement\": [}"},
                                   std::pair{"policy.txt", "\r\n\t[{\"Version\": \"2012-10-17\", \"Statement\": {]}]"},
                                   std::pair{"p.json", "Version: 2012-10-17\nStatement: []\n"},
                                   std::pair{"-", "Version: 2012-10-17\nStatement: []\n"}}) {
    SourceResult broken = read(path, text);
    EXPECT_FALSE(broken.unrecognised) << path;
    ASSERT_FALSE(broken.diagnostics.empty()) << path;
    EXPECT_EQ(broken.diagnostics.front().code, "IAM001") << path;
  }
  // A misspelt Statement next to a policy Version is a policy with a mistake.
  SourceResult typo = read("p.json", R"({"Version": "2012-10-17", "Statment": []})");
  EXPECT_FALSE(typo.unrecognised);
  EXPECT_EQ(typo.policies.size(), 1u);
  SourceResult cfn = read("t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n");
  EXPECT_FALSE(cfn.unrecognised);
  EXPECT_EQ(cfn.diagnostics.at(0).code, "IAM090");
  SourceResult tpl = read("p.json.tpl", "{\"Version\": \"2012-10-17\", \"Statement\": [ %{ for x in y } ]}");
  EXPECT_FALSE(tpl.unrecognised);
  EXPECT_EQ(tpl.diagnostics.at(0).code, "IAM091");
}

// What is passed over unparsed is decided on the raw text: a key spelt
// with escapes or in another case is still found (the gate must see it).
TEST(Recognise, EscapedOrRecasedKeysAreStillPolicies) {
  const char* star = R"([{"Effect": "Allow", "Action": "*", "Resource": "*"}])";
  for (std::string text : {std::string(R"({"St\u0061tement": )") + star + "}",
                           std::string(R"({"STATEMENT": )") + star + "}"}) {
    SourceResult r = read("p.json", text);
    EXPECT_FALSE(r.unrecognised) << text;
    ASSERT_EQ(r.policies.size(), 1u) << text;
  }
  SourceResult y = read("p.yaml", "\"St\\x61tement\":\n  - {Effect: Allow, Action: '*', Resource: '*'}\n");
  EXPECT_FALSE(y.unrecognised) << y.not_a_policy;
  EXPECT_EQ(y.policies.size(), 1u);
}

TEST(Recognise, EvidenceReportsSayWhatTheyAre) {
  struct Case {
    const char* file;
    const char* what;
  } cases[] = {
      {"evidence/action-level.p1.json", "aws iam get-service-last-accessed-details output"},
      {"evidence/org-access.json", "aws iam get-organizations-access-report output"},
      {"evidence/unused-access-finding.json", "aws accessanalyzer get-finding-v2 output"},
  };
  for (const Case& c : cases) {
    SourceResult r = read("e.json", test::read_file(test::testdata(c.file)));
    EXPECT_TRUE(r.unrecognised) << c.file;
    EXPECT_EQ(r.not_a_policy, "an evidence report (" + std::string(c.what) + "), which `iamtrim narrow --evidence` reads")
        << c.file;
  }
}

TEST(Recognise, PolicyDocumentsInYaml) {
  SourceResult r = read("policy.yaml",
                        "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n");
  ASSERT_EQ(r.policies.size(), 1u);
  EXPECT_EQ(r.policies[0].format, SourceFormat::Yaml);
  EXPECT_FALSE(r.policies[0].rewritable);
  PolicyResult p = parse_policy(r.policies[0].document);
  ASSERT_EQ(p.policy.statements.size(), 1u);
  EXPECT_EQ(p.policy.statements[0].action->items[0].span.begin.line, 4u);
}

// ---- YAML ------------------------------------------------------------------------

TEST(Yaml, EveryDocumentOfAStreamIsRead) {
  std::string one = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::IAM::ManagedPolicy\n"
                    "    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n"
                    "            Action: s3:GetObject\n            Resource: '*'\n";
  std::string two = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::IAM::ManagedPolicy\n"
                    "    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n"
                    "            Action: 'iam:*'\n            Resource: '*'\n";
  SourceResult r = read("stack.yaml", one + "---\nkind: ConfigMap\n---\n" + two);
  ASSERT_EQ(r.policies.size(), 2u) << codes(r);
  EXPECT_EQ(r.policies[0].owner, "A");
  EXPECT_EQ(r.policies[1].owner, "B");
  PolicyResult p = parse_policy(r.policies[1].document);
  EXPECT_EQ(p.policy.statements.at(0).action->items.at(0).text, "iam:*");
  EXPECT_EQ(p.policy.statements.at(0).action->items.at(0).span.begin.line, 22u);  // positions in the whole file
}

// 469 bytes: eight levels of nine aliases over a list of nine: 9^9 (387
// million) copies of "lol" once expanded.
std::string billion_laughs() {
  std::string text = "AWSTemplateFormatVersion: '2010-09-09'\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    std::string prev(1, static_cast<char>(level - 1));
    text += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) text += (i ? ",*" : "*") + prev;
    text += "]\n";
  }
  text += "Resources: {X: {Type: AWS::IAM::Policy, Properties: {PolicyDocument: {Statement: *i}}}}\n";
  return text;
}

TEST(Yaml, AliasBombIsAClearErrorFastAndSmall) {
  std::string text = billion_laughs();
  EXPECT_LE(text.size(), 605u);
  auto start = std::chrono::steady_clock::now();
  SourceResult r = read("laughs.yaml", text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(r.policies.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u) << codes(r);
  EXPECT_EQ(r.diagnostics[0].code, "IAM090");
  EXPECT_EQ(r.diagnostics[0].message,
            "YAML aliases expand to more than 100000 nodes; the file is not read (a \"billion laughs\" document?)");
  EXPECT_EQ(r.diagnostics[0].span.begin.line, 7u);  // the alias that crossed the limit
}

TEST(Yaml, AliasesWithinTheLimitAreExpanded) {
  std::string text =
      "AWSTemplateFormatVersion: '2010-09-09'\nx: &stmt {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n"
      "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n"
      "        Statement: [*stmt, *stmt]\n";
  SourceResult r = read("t.yaml", text);
  ASSERT_EQ(r.policies.size(), 1u) << codes(r);
  EXPECT_EQ(parse_policy(r.policies[0].document).policy.statements.size(), 2u);
}

TEST(Yaml, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "AWSTemplateFormatVersion: x\nv: " + std::string(300, '[') + std::string(300, ']') + "\n";
  SourceResult r = read("deep.yaml", deep);
  ASSERT_EQ(r.diagnostics.size(), 1u) << codes(r);
  EXPECT_EQ(r.diagnostics[0].message, "YAML nodes nest more than 256 deep");
  // Aliases count: a shallow alias of a deep node is as deep.
  std::string nested = "AWSTemplateFormatVersion: x\na: &a " + std::string(200, '[') + std::string(200, ']') + "\n";
  nested += "b: " + std::string(100, '[') + "*a" + std::string(100, ']') + "\n";
  r = read("deep.yaml", nested);
  ASSERT_EQ(r.diagnostics.size(), 1u) << codes(r);
  EXPECT_EQ(r.diagnostics[0].message, "YAML nodes nest more than 256 deep (aliases included)");
}

TEST(Yaml, AStreamThatDoesNotAdvanceEnds) {
  // yaml-cpp reports a document here forever (found by fuzz_diff).
  std::string text("\0,\n# AWS::IAM::Policy\n", 22);
  auto start = std::chrono::steady_clock::now();
  SourceResult r = read("t.yaml", text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_EQ(r.diagnostics.size(), 1u) << codes(r);
  EXPECT_EQ(r.diagnostics[0].message, "invalid YAML: the document stream does not advance");
  EXPECT_TRUE(read("t.yaml", std::string("\0,\n", 3)).unrecognised);  // no sign of a template: passed over
}

// ---- computed Effect and Action ----------------------------------------------------

TEST(Computed, EffectAndActionAreNotEvaluatedNotInvalid) {
  std::string cfn_yaml =
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n"
      "      PolicyDocument:\n        Statement:\n          - Effect: !If [IsProd, Deny, Allow]\n"
      "            Action: s3:GetObject\n            Resource: '*'\n          - Effect: Allow\n"
      "            Action: !Ref Actions\n            Resource: '*'\n          - Effect: Allow\n"
      "            Action: !If\n              - IsProd\n              - s3:GetObject\n              - s3:PutObject\n"
      "            Resource: '*'\n";
  SourceResult y = read("t.yaml", cfn_yaml);
  EXPECT_EQ(codes(y),
            "IAM091 P: statement 0: Effect is computed (!If [IsProd, Deny, Allow]); not analysed\n"
            "IAM091 P: statement 1: Action is computed (!Ref Actions); not analysed\n"
            "IAM091 P: statement 2: Action is computed (!If - IsProd - s3:GetObject - s3:PutObject); not analysed\n");
  std::string cfn_json = R"({"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument":
      {"Statement": [{"Effect": {"Fn::If": ["C", "Allow", "Deny"]}, "Action": {"Fn::If": ["C", "s3:*", "s3:Get*"]},
                      "Resource": "*"}]}}}}})";
  EXPECT_EQ(codes(read("t.json", cfn_json)),
            "IAM091 P: statement 0: Effect is computed ({\"Fn::If\": [\"C\", \"Allow\", \"Deny\"]}); not analysed\n"
            "IAM091 P: statement 0: Action is computed ({\"Fn::If\": [\"C\", \"s3:*\", \"s3:Get*\"]}); not analysed\n");
  std::string tf =
      "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n"
      "    Statement = [{ Effect = var.effect, Action = \"s3:GetObject\", Resource = \"*\" }]\n  })\n}\n"
      "data \"aws_iam_policy_document\" \"d\" {\n  statement {\n    effect    = local.effect\n"
      "    actions   = [\"s3:GetObject\"]\n    resources = [\"*\"]\n  }\n}\n";
  SourceResult t = read("main.tf", tf);
  EXPECT_EQ(codes(t),
            "IAM091 aws_iam_policy.p: statement 0: Effect is computed (var.effect); not analysed\n"
            "IAM091 data.aws_iam_policy_document.d: statement 0: Effect is computed (local.effect); not analysed\n");
  // The policy reader leaves the Effect unknown without calling it invalid.
  for (const FoundPolicy& p : t.policies) {
    PolicyResult parsed = parse_policy(p.document, p.pointer);
    for (const Diagnostic& d : parsed.diagnostics) EXPECT_NE(d.code, "IAM004") << d.message;
    EXPECT_EQ(parsed.policy.statements.at(0).effect, Effect::Invalid);
  }
}

// Action with NotAction (Resource with NotResource, Principal with
// NotPrincipal) is an error only when both are written out: a computed one
// may be absent once evaluated, as in modules that take either
// (`actions = try(var.actions, null)`) or CloudFormation's !If with
// AWS::NoValue. Terraform drops an argument set to null, and so does the
// reader.
TEST(Computed, ElementsThatMayBeAbsentAreNotBothPresent) {
  auto parsed_codes = [](const SourceResult& r) {
    std::string out;
    for (const FoundPolicy& p : r.policies)
      for (const Diagnostic& d : parse_policy(p.document, p.pointer).diagnostics) out += d.code + " " + d.message + "\n";
    return out;
  };
  const std::string tf =
      "data \"aws_iam_policy_document\" \"either\" {\n  statement {\n    effect        = \"Deny\"\n"
      "    actions       = try(var.actions, null)\n    not_actions   = try(var.not_actions, null)\n"
      "    resources     = [\"*\"]\n    not_resources = var.not_resources\n"
      "    principals {\n      type        = \"AWS\"\n      identifiers = [\"*\"]\n    }\n"
      "    dynamic \"not_principals\" {\n      for_each = var.np\n      content {\n        type = \"AWS\"\n"
      "        identifiers = [\"x\"]\n      }\n    }\n  }\n}\n"
      "data \"aws_iam_policy_document\" \"nulls\" {\n  version   = null\n  policy_id = null\n"
      "  statement {\n    sid           = null\n    effect        = null\n    actions       = [\"s3:GetObject\"]\n"
      "    not_actions   = null\n    resources     = [\"arn:aws:s3:::b/*\"]\n    not_resources = null\n  }\n}\n"
      "data \"aws_iam_policy_document\" \"both\" {\n  statement {\n    actions     = [\"s3:GetObject\"]\n"
      "    not_actions = [\"s3:PutObject\"]\n    resources   = [\"*\"]\n  }\n}\n";
  SourceResult t = read("main.tf", tf);
  ASSERT_EQ(t.policies.size(), 3u);
  EXPECT_EQ(parsed_codes(t), "IAM006 statement has both Action and NotAction\n");
  // The nulls are unset: the provider's defaults (Version, Effect Allow) apply.
  const Value& nulls = t.policies[1].document;
  ASSERT_NE(nulls.find("Version"), nullptr);
  EXPECT_EQ(nulls.find("Version")->text, "2012-10-17");
  EXPECT_EQ(nulls.find("Id"), nullptr);
  const Value& statement = nulls.find("Statement")->items.at(0);
  std::string keys;
  for (const Member& m : statement.members) keys += m.key + " ";
  EXPECT_EQ(keys, "Effect Action Resource ");
  EXPECT_EQ(statement.find("Effect")->text, "Allow");

  const std::string cfn =
      "AWSTemplateFormatVersion: '2010-09-09'\nConditions:\n  Not: !Equals [!Ref Mode, not]\n"
      "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n"
      "        Version: '2012-10-17'\n        Statement:\n          - Effect: Deny\n"
      "            Action: !If [Not, !Ref AWS::NoValue, ['s3:DeleteBucket']]\n"
      "            NotAction: !If [Not, ['s3:GetObject'], !Ref AWS::NoValue]\n            Resource: '*'\n"
      "          - Effect: Deny\n            Action: 's3:DeleteBucket'\n"
      "            NotAction: !If [Not, ['s3:GetObject'], !Ref AWS::NoValue]\n            Resource: '*'\n"
      "            NotResource: 'arn:aws:s3:::keep'\n";
  EXPECT_EQ(parsed_codes(read("t.yaml", cfn)), "IAM007 statement has both Resource and NotResource\n");
}

// A statement computed whole (CloudFormation's !If with AWS::NoValue, a
// Terraform Statement = var.list) is a note that it was not analysed, not a
// "must be an object" error; the policy reader lists where it is, for the
// gate and the edit verifier, which cannot vouch for it.
TEST(Computed, AStatementComputedWholeIsANoteNotAnError) {
  // P: a statement computed whole (line 17); Q: the Statement list computed whole (line 23).
  const std::string kComputedStatements = test::read_file(test::testdata("sources/computed-statements.yaml"));
  SourceResult r = read("t.yaml", kComputedStatements);
  ASSERT_EQ(r.policies.size(), 2u);
  std::string notes = codes(r);
  EXPECT_NE(notes.find("IAM091 P: statement 1 is computed (!If [HasBucket, {Effect: Allow"), std::string::npos) << notes;
  EXPECT_NE(notes.find("IAM091 Q: Statement is computed (!If [HasBucket,"), std::string::npos) << notes;
  for (std::size_t i = 0; i < 2; ++i) {
    PolicyResult parsed = parse_policy(r.policies[i].document, r.policies[i].pointer);
    for (const Diagnostic& d : parsed.diagnostics) ADD_FAILURE() << d.code << " " << d.message;
    ASSERT_EQ(parsed.computed_parts.size(), 1u) << i;
    EXPECT_EQ(parsed.computed_parts[0].begin.line, i == 0 ? 17u : 23u) << i;
  }
  EXPECT_EQ(parse_policy(r.policies[0].document).policy.statements.size(), 1u);  // the literal one

  const std::string tf =
      "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({\n    Version   = \"2012-10-17\"\n"
      "    Statement = var.statements\n  })\n}\n";
  SourceResult t = read("main.tf", tf);
  ASSERT_EQ(t.policies.size(), 1u);
  EXPECT_EQ(codes(t), "IAM091 aws_iam_policy.p: Statement is computed (var.statements); not analysed\n");
  PolicyResult parsed = parse_policy(t.policies[0].document);
  EXPECT_TRUE(parsed.diagnostics.empty());
  EXPECT_EQ(parsed.computed_parts.size(), 1u);
  // JSON has nothing computed: a statement that is not an object is still an error.
  PolicyResult json = parse_policy(parse_json(SourceFile::from_string("p.json", R"({"Statement": ["s3:*"]})")).value);
  ASSERT_EQ(json.diagnostics.size(), 1u);
  EXPECT_EQ(json.diagnostics[0].code, "IAM018");
  EXPECT_TRUE(json.computed_parts.empty());
}

// A Condition computed whole, or one operator of it, is a note too; it
// reads as a Condition without operators (so the statement is not taken for
// an unconditional one) and is listed for the gate and the verifier.
TEST(Computed, AConditionComputedWholeIsANoteNotAnError) {
  const std::string cfn =
      "AWSTemplateFormatVersion: '2010-09-09'\nConditions:\n  IsProd: !Equals [!Ref Prod, 'true']\n"
      "Parameters:\n  Prod:\n    Type: String\n"
      "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n"
      "        Version: '2012-10-17'\n        Statement:\n"
      "          - Effect: Allow\n            Action: s3:GetObject\n            Resource: '*'\n"
      "            Condition: !If [IsProd, {StringEquals: {'aws:RequestedRegion': us-east-1}}, !Ref AWS::NoValue]\n"
      "          - Effect: Allow\n            Action: s3:PutObject\n            Resource: '*'\n"
      "            Condition:\n              StringEquals: !If [IsProd, {'aws:RequestedRegion': us-east-1}, {}]\n"
      "              Bool: {'aws:SecureTransport': 'true'}\n";
  SourceResult r = read("t.yaml", cfn);
  ASSERT_EQ(r.policies.size(), 1u);
  EXPECT_EQ(codes(r),
            "IAM091 P: statement 0: Condition is computed (!If [IsProd, {StringEquals: {'aws:RequestedRegion': "
            "us-east-1}}, !Ref AWS::NoValue]); not analysed\n"
            "IAM091 P: statement 1: Condition operator StringEquals is computed (!If [IsProd, {'aws:RequestedRegion': "
            "us-east-1}, {}]); not analysed\n");
  PolicyResult parsed = parse_found(r.policies[0]);
  ASSERT_EQ(parsed.policy.statements.size(), 2u);
  ASSERT_TRUE(parsed.policy.statements[0].condition.has_value());
  EXPECT_TRUE(parsed.policy.statements[0].condition->operators.empty());
  EXPECT_TRUE(parsed.policy.statements[0].condition->computed);
  ASSERT_TRUE(parsed.policy.statements[1].condition.has_value());
  ASSERT_EQ(parsed.policy.statements[1].condition->operators.size(), 1u);  // Bool, as written
  EXPECT_EQ(parsed.policy.statements[1].condition->operators[0].text, "Bool");
  EXPECT_TRUE(parsed.policy.statements[1].condition->computed);  // what StringEquals requires is not known
  EXPECT_EQ(part_lines(parsed), (std::vector<std::uint32_t>{17, 22}));
}

// What an aws_iam_policy_document block leaves to Terraform (a dynamic
// statement or condition block, a merged document) is in the tree as a
// computed part, after the written statements (which keep their indices):
// a document of dynamic statements only is not an empty Statement list, and
// the written statement's Condition is not taken for all of it.
TEST(Computed, ADocumentBlocksGeneratedStatementsAreComputedParts) {
  const std::string tf = test::read_file(test::testdata("sources/generated-statements.tf"));
  SourceResult r = read("main.tf", tf);
  ASSERT_EQ(r.policies.size(), 2u);
  EXPECT_EQ(codes(r),
            "IAM091 data.aws_iam_policy_document.this: source_policy_documents merges documents that are not "
            "analysed here\n"
            "IAM091 data.aws_iam_policy_document.this: condition generated by a dynamic block; not analysed\n"
            "IAM091 data.aws_iam_policy_document.this: statement generated by a dynamic block; not analysed\n"
            "IAM091 data.aws_iam_policy_document.only_dynamic: statement generated by a dynamic block; not analysed\n");
  PolicyResult p = parse_found(r.policies[0]);
  ASSERT_EQ(p.policy.statements.size(), 1u);
  EXPECT_EQ(p.policy.statements[0].index, 0u);
  ASSERT_TRUE(p.policy.statements[0].condition.has_value());
  EXPECT_TRUE(p.policy.statements[0].condition->computed);
  EXPECT_EQ(part_lines(p), (std::vector<std::uint32_t>{9, 18, 25}));  // the condition block, the statement block, the merge
  PolicyResult q = parse_found(r.policies[1]);  // no IAM015
  EXPECT_TRUE(q.policy.statements.empty());
  EXPECT_EQ(part_lines(q), (std::vector<std::uint32_t>{29}));
}

// A condition block whose `test` or `variable` is an expression: a computed
// operator, as a dynamic condition block (it was an operator or a key named
// by the expression's text: IAM301 "unknown condition operator
// \"var.condition_test\"", an error on a correct module).
TEST(Computed, AConditionBlocksComputedTestOrVariableIsAComputedOperator) {
  const std::string tf = test::read_file(test::testdata("sources/computed-condition-names.tf"));
  SourceResult r = read("main.tf", tf);
  ASSERT_EQ(r.policies.size(), 1u);
  EXPECT_EQ(codes(r),
            "IAM091 data.aws_iam_policy_document.this: condition test is computed (var.condition_test); not "
            "analysed\n"
            "IAM091 data.aws_iam_policy_document.this: condition variable is computed "
            "(\"aws:ResourceTag/${var.tag_key}\"); not analysed\n");
  EXPECT_EQ(r.diagnostics.at(0).span.begin.line, 10u);
  EXPECT_EQ(r.diagnostics.at(1).span.begin.line, 16u);
  PolicyResult p = parse_found(r.policies[0]);
  ASSERT_EQ(p.policy.statements.size(), 1u);
  const std::optional<Condition>& c = p.policy.statements[0].condition;
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->computed);
  ASSERT_EQ(c->operators.size(), 1u);  // Bool, as written
  EXPECT_EQ(c->operators[0].text, "Bool");
  EXPECT_EQ(part_lines(p), (std::vector<std::uint32_t>{9, 14}));
}

// A Principal computed whole (CloudFormation's !If between two principals,
// a Terraform dynamic "principals" block) was an IAM018 "must be an object"
// error or an IAM020 "no Principal" error; it is a note, the statement has a
// Principal that names no one known, and the gate cannot vouch for it.
TEST(Computed, APrincipalComputedWholeIsANoteNotAnError) {
  const std::string cfn =
      "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n"
      "        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n"
      "            Principal: !If [Prod, {AWS: !Ref ProdAccount}, {Service: ec2.amazonaws.com}]\n"
      "            Action: sts:AssumeRole\n";
  SourceResult r = read("t.yaml", cfn);
  ASSERT_EQ(r.policies.size(), 1u);
  EXPECT_EQ(codes(r),
            "IAM091 R: statement 0: Principal is computed (!If [Prod, {AWS: !Ref ProdAccount}, {Service: "
            "ec2.amazonaws.com}]); not analysed\n");
  PolicyResult p = parse_found(r.policies[0]);
  ASSERT_EQ(p.policy.statements.size(), 1u);
  ASSERT_TRUE(p.policy.statements[0].principal.has_value());
  EXPECT_TRUE(p.policy.statements[0].principal->computed);
  EXPECT_TRUE(p.policy.statements[0].principal->entries.empty());
  EXPECT_EQ(part_lines(p), (std::vector<std::uint32_t>{9}));

  // A dynamic block beside a written one: the whole Principal is computed,
  // not only the written AWS account.
  const std::string tf =
      "data \"aws_iam_policy_document\" \"assume\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n"
      "    principals {\n      type        = \"AWS\"\n      identifiers = [\"111122223333\"]\n    }\n"
      "    dynamic \"principals\" {\n      for_each = var.principals\n      content {\n"
      "        type        = principals.key\n        identifiers = principals.value\n      }\n    }\n  }\n}\n"
      "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = data.aws_iam_policy_document.assume.json\n}\n";
  SourceResult t = read("main.tf", tf);
  ASSERT_EQ(t.policies.size(), 1u);
  EXPECT_EQ(codes(t), "IAM091 data.aws_iam_policy_document.assume: principals generated by a dynamic block; not analysed\n");
  PolicyResult q = parse_found(t.policies[0]);
  ASSERT_EQ(q.policy.statements.size(), 1u);
  ASSERT_TRUE(q.policy.statements[0].principal.has_value());
  EXPECT_TRUE(q.policy.statements[0].principal->computed);
  EXPECT_EQ(part_lines(q), (std::vector<std::uint32_t>{8}));
}

TEST(Computed, AComputedPolicyIsQuotedWhole) {
  std::string text =
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n"
      "      PolicyDocument: !Sub |\n        {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\",\n"
      "                        \"Resource\": \"${Bucket.Arn}\"}]}\n  Q:\n    Type: AWS::S3::Bucket\n";
  EXPECT_EQ(codes(read("t.yaml", text)),
            "IAM091 P: policy is computed (!Sub | {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", "
            "\"Resource\": \"${Bucket.Arn}\"}]}); not analysed\n");
}

// ---- Terraform file() and templatefile() ------------------------------------------

class TerraformFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_file(dir_ / "repo/.git/HEAD", "ref: refs/heads/main\n");  // the top of a work tree
    test::write_file(dir_ / "outside/secret.json",
                     R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "SECRET:Leak", "Resource": "*"}]})");
    test::write_file(dir_ / "repo/policies/shared.json",
                     R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})");
  }
  SourceResult tf(const std::string& call, const SourceOptions& options = {}) {
    std::string path = (dir_ / "repo/modules/m/main.tf").string();
    return read(path, "resource \"aws_iam_policy\" \"p\" {\n  policy = " + call + "\n}\n", options);
  }
  test::TempDir dir_{"tf-files"};
};

TEST_F(TerraformFiles, InsideTheRepositoryIsRead) {
  SourceResult r = tf("file(\"${path.module}/../../policies/shared.json\")");
  ASSERT_EQ(r.policies.size(), 1u) << codes(r);
  EXPECT_EQ(r.policies[0].format, SourceFormat::TerraformFile);
}

TEST_F(TerraformFiles, OutsideTheRepositoryIsNeverRead) {
  fs::create_directories(dir_ / "repo/modules/m");
  fs::create_symlink(dir_ / "outside/secret.json", dir_ / "repo/modules/m/link.json");
  ASSERT_EQ(::mkfifo((dir_ / "repo/modules/m/fifo.json").c_str(), 0600), 0);
  test::write_file(dir_ / "repo/modules/m/huge.json", std::string(kMaxReferencedFile + 1, ' '));
  struct Case {
    std::string call, note;
  } cases[] = {
      {"file(\"" + (dir_ / "outside/secret.json").string() + "\")",
       "policy file " + (dir_ / "outside/secret.json").string() + " is an absolute path; only files inside the repository are read"},
      {"file(\"${path.module}/../../../outside/secret.json\")",
       "policy file ./../../../outside/secret.json is outside the repository; not read"},
      {"templatefile(\"${path.module}/link.json\", {})", "policy file ./link.json is outside the repository; not read"},
      {"file(\"${path.module}/../../../../../../../../../../dev/zero\")",
       "policy file ./../../../../../../../../../../dev/zero is outside the repository; not read"},
      {"file(\"${path.module}/fifo.json\")", "policy file ./fifo.json not a regular file; not read"},
      {"file(\"${path.module}/huge.json\")", "policy file ./huge.json larger than 1048576 bytes; not read"},
  };
  for (const Case& c : cases) {
    auto start = std::chrono::steady_clock::now();
    SourceResult r = tf(c.call);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2)) << c.call;
    EXPECT_TRUE(r.policies.empty()) << c.call;
    EXPECT_EQ(codes(r), "IAM091 aws_iam_policy.p: " + c.note + "\n") << c.call;
    EXPECT_EQ(codes(r).find("SECRET"), std::string::npos);
  }
  // Without a repository, the module's own folder is the limit.
  fs::remove_all(dir_ / "repo/.git");
  SourceResult r = tf("file(\"${path.module}/../../policies/shared.json\")");
  EXPECT_EQ(codes(r), "IAM091 aws_iam_policy.p: policy file ./../../policies/shared.json is outside the repository; not read\n");
  // A caller may set the limit itself.
  SourceOptions o;
  o.file_root = (dir_ / "repo").string();
  EXPECT_EQ(tf("file(\"${path.module}/../../policies/shared.json\")", o).policies.size(), 1u);
}

}  // namespace
}  // namespace iamtrim
