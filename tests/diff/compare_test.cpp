// compare() on a small catalog, so every expected change can be written out
// in full: the dump lists kind, certainty, statement, actions, resources,
// principals and detail.
#include <gtest/gtest.h>

#include "iamtrim/diff.hpp"
#include "iamtrim/json.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

const char* kCatalog =
    "iamtrim-catalog\t1\n"
    "version\ttest-1\n"
    "date\t2024-01-01\n"
    "source\tcompare_test\n"
    "S\tiam\tIAM\n"
    "A\tCreateRole\tW\t\t\t1\n"
    "A\tGetRole\tR\t\t\t1\n"
    "A\tPassRole\tW\t\t\t0\n"
    "S\ts3\tS3\n"
    "A\tDeleteObject\tW\t\t\t0\n"
    "A\tGetObject\tR\t\t\t0\n"
    "A\tPutObject\tW\t\t\t0\n"
    "S\tsts\tSTS\n"
    "A\tAssumeRole\tW\t\t\t1\n";

Catalog test_catalog() {
  CatalogError error;
  auto c = Catalog::parse(kCatalog, &error);
  EXPECT_TRUE(c) << error.message << " line " << error.line;
  return *c;
}

GatePolicy policy(const std::string& name, const std::string& text) {
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(name, text));
  JsonResult json = parse_json(*file);
  EXPECT_TRUE(json.ok()) << text;
  PolicyResult pr = parse_policy(json.value);
  EXPECT_TRUE(pr.usable);
  return GatePolicy{name, "", file, PolicyKind::Unknown, std::move(pr.policy)};
}

std::string dump(const Catalog& c, const std::vector<Change>& changes) {
  std::string out;
  for (const Change& ch : changes) {
    out += std::string(to_string(ch.kind)) + (ch.certainty == Certainty::Possible ? "?" : "");
    const Location& at = ch.was && ch.kind != ChangeKind::ConditionChanged ? *ch.was : ch.where;
    out += " @" + (at.statement ? std::to_string(*at.statement) : std::string("-"));
    out += " [" + describe_actions(c, ch, 0) + "] on";
    for (const auto& r : ch.resources) out += " " + r;
    for (const auto& p : ch.principals) out += " | " + p;
    if (!ch.detail.empty()) out += " (" + ch.detail + ")";
    out += "\n";
  }
  return out;
}

std::string diff(const std::string& old_text, const std::string& new_text) {
  Catalog c = test_catalog();
  GatePolicy o = policy("old.json", old_text), n = policy("new.json", new_text);
  return dump(c, compare(c, &o, &n));
}

std::string stmt(const std::string& body) { return R"({"Version":"2012-10-17","Statement":[)" + body + "]}"; }

TEST(Compare, NotActionEqualsTheExplicitList) {
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","NotAction":["iam:*","sts:*"],"Resource":"*"})"),
                 stmt(R"({"Effect":"Allow","Action":"s3:*","Resource":"*"})")),
            "");
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":"*"})"),
                 stmt(R"({"Effect":"Allow","NotAction":["iam:*","sts:*"],"Resource":"*"})")),
            "");
}

TEST(Compare, GrantMovedBetweenStatementsIsNotNew) {
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","Action":["s3:GetObject","iam:GetRole"],"Resource":"*"})"),
                 stmt(R"({"Effect":"Allow","Action":"iam:GetRole","Resource":"*"},)"
                      R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*"})")),
            "");
}

TEST(Compare, NotActionWidened) {
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","NotAction":["iam:*","sts:*"],"Resource":"*"})"),
                 stmt(R"({"Effect":"Allow","NotAction":["iam:*","sts:AssumeRole"],"Resource":"*"})")),
            "");
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","NotAction":["iam:*","sts:*"],"Resource":"*"})"),
                 stmt(R"({"Effect":"Allow","NotAction":["iam:Create*","sts:*"],"Resource":"*"})")),
            "newly-allowed @0 [iam:GetRole, iam:PassRole] on *\n");
}

TEST(Compare, UnconditionalDenyInNewTakesAccessAway) {
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*"})"),
                 stmt(R"({"Effect":"Allow","Action":"s3:*","Resource":"*"},)"
                      R"({"Effect":"Deny","Action":["s3:PutObject","s3:DeleteObject"],"Resource":"*"})")),
            "newly-denied @1 [s3:DeleteObject, s3:PutObject] on *\n");
}

TEST(Compare, DenyNarrowedAndRemoved) {
  EXPECT_EQ(diff(stmt(R"({"Effect":"Deny","Action":"iam:*","Resource":"*"})"),
                 stmt(R"({"Effect":"Deny","Action":"iam:PassRole","Resource":"*"})")),
            "no-longer-denied @0 [iam:CreateRole, iam:GetRole] on *\n");
  EXPECT_EQ(diff(stmt(R"({"Effect":"Deny","Action":"iam:PassRole","Resource":"*"})"),
                 stmt(R"({"Effect":"Deny","Action":"iam:PassRole","Resource":"*",)"
                      R"("Condition":{"StringEquals":{"aws:PrincipalTag/team":"ops"}}})")),
            "no-longer-denied @0 [iam:PassRole] on * (deny applies less often: condition StringEquals "
            "aws:PrincipalTag/team removed)\n");
}

TEST(Compare, ConditionsTighterAreNotNew) {
  std::string old_text = stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*",)"
                              R"("Condition":{"StringLike":{"s3:prefix":["home/*","pub/*"]},)"
                              R"("StringNotEquals":{"aws:SourceVpc":"vpc-1"}}})");
  EXPECT_EQ(diff(old_text, stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*",)"
                                R"("Condition":{"StringLike":{"s3:prefix":"home/alice/*"},)"
                                R"("StringNotEquals":{"aws:SourceVpc":["vpc-1","vpc-2"]},)"
                                R"("Bool":{"aws:SecureTransport":"true"}}})")),
            "");
  EXPECT_EQ(diff(old_text, stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*",)"
                                R"("Condition":{"StringLike":{"s3:prefix":["home/*","pub/*"]},)"
                                R"("StringNotEquals":{"aws:SourceVpc":"vpc-2"}}})")),
            "condition-loosened @0 [s3:GetObject] on * (StringNotEquals aws:SourceVpc no longer excludes vpc-1)\n");
  EXPECT_EQ(diff(old_text, stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*",)"
                                R"("Condition":{"StringLike":{"s3:prefix":["*"]},)"
                                R"("StringNotEqualsIfExists":{"aws:SourceVpc":"vpc-1"}}})")),
            "condition-loosened @0 [s3:GetObject] on * (StringLike s3:prefix now admits *; "
            "StringNotEqualsIfExists aws:SourceVpc now passes when the key is absent (IfExists added))\n");
}

TEST(Compare, NumericAndDateBounds) {
  auto with = [](const std::string& cond) {
    return stmt(R"({"Effect":"Allow","Action":"iam:GetRole","Resource":"*","Condition":)" + cond + "}");
  };
  EXPECT_EQ(diff(with(R"({"NumericLessThan":{"s3:max-keys":"10"}})"), with(R"({"NumericLessThan":{"s3:max-keys":"5"}})")), "");
  EXPECT_EQ(diff(with(R"({"NumericLessThan":{"s3:max-keys":"10"}})"), with(R"({"NumericLessThan":{"s3:max-keys":"50"}})")),
            "condition-loosened @0 [iam:GetRole] on * (NumericLessThan s3:max-keys now admits 50)\n");
  EXPECT_EQ(diff(with(R"({"DateGreaterThan":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}})"),
                 with(R"({"DateGreaterThan":{"aws:CurrentTime":"2023-01-01T00:00:00Z"}})")),
            "condition-loosened @0 [iam:GetRole] on * (DateGreaterThan aws:CurrentTime now admits 2023-01-01T00:00:00Z)\n");
  EXPECT_EQ(diff(with(R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}})"), with(R"({"IpAddress":{"aws:SourceIp":"10.1.0.0/16"}})")), "");
  EXPECT_EQ(diff(with(R"({"IpAddress":{"aws:SourceIp":["10.0.0.0/9","10.128.0.0/9"]}})"),
                 with(R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}})")),
            "condition-changed @0 [iam:GetRole] on * (IpAddress aws:SourceIp values changed)\n");
}

TEST(Compare, ResourcesAndNotResource) {
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})"),
                 stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/x","arn:aws:s3:::b/y/*"]})")),
            "no-longer-allowed @0 [s3:GetObject] on arn:aws:s3:::b/*\n");
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"})"),
                 stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::public/*"})")),
            "no-longer-allowed @0 [s3:GetObject] on not arn:aws:s3:::secret/*\n");
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"})"),
                 stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::*"})")),
            "resource-widened @0 [s3:GetObject] on arn:aws:s3:::* (previously not arn:aws:s3:::secret/*)\n"
            "no-longer-allowed @0 [s3:GetObject] on not arn:aws:s3:::secret/*\n");
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})"),
                 stmt(R"({"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"})")),
            "resource-widened? @0 [s3:GetObject] on not arn:aws:s3:::secret/* (previously arn:aws:s3:::b/*)\n");
}

TEST(Compare, PrincipalsAndAccountRoots) {
  auto trust = [](const std::string& principal) {
    return stmt(R"({"Effect":"Allow","Principal":)" + principal + R"(,"Action":"sts:AssumeRole"})");
  };
  EXPECT_EQ(diff(trust(R"({"AWS":"111122223333"})"), trust(R"({"AWS":"arn:aws:iam::111122223333:root"})")), "");
  EXPECT_EQ(diff(trust(R"({"AWS":"111122223333"})"), trust(R"({"AWS":"arn:aws:iam::111122223333:role/ci"})")),
            "no-longer-allowed @0 [sts:*] on * | AWS arn:aws:iam::111122223333:root\n");
  EXPECT_EQ(diff(trust(R"({"AWS":"arn:aws:iam::111122223333:role/ci"})"), trust(R"({"AWS":"111122223333"})")),
            "principal-newly-trusted @0 [sts:*] on * | AWS arn:aws:iam::111122223333:root\n");
  EXPECT_EQ(diff(trust(R"({"Service":"lambda.amazonaws.com"})"), trust(R"("*")")),
            "principal-newly-trusted @0 [sts:*] on * | *\n");
  EXPECT_EQ(diff(trust(R"({"Service":"Lambda.amazonaws.com"})"), trust(R"({"Service":["lambda.amazonaws.com"]})")), "");
}

TEST(Compare, ActionsOutsideTheCatalog) {
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*"})"),
                 stmt(R"({"Effect":"Allow","Action":["s3:GetObject","newsvc:DoThing"],"Resource":"*"})")),
            "newly-allowed @0 [newsvc:dothing] on *\n");
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","Action":"newsvc:*","Resource":"*"})"),
                 stmt(R"({"Effect":"Allow","Action":"NewSvc:DoThing","Resource":"*"})")),
            "");
  EXPECT_EQ(diff(stmt(R"({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})"),
                 stmt(R"({"Effect":"Allow","Action":"newsvc:DoThing","Resource":"*"})")),
            "no-longer-allowed @0 [s3:*, sts:*] on *\n");
}

TEST(Compare, AddedAndDeletedPolicies) {
  Catalog c = test_catalog();
  GatePolicy p = policy("p.json", stmt(R"({"Effect":"Allow","Action":"iam:PassRole","Resource":"*"})"));
  EXPECT_EQ(dump(c, compare(c, nullptr, &p)), "newly-allowed @0 [iam:PassRole] on *\n");
  EXPECT_EQ(dump(c, compare(c, &p, nullptr)), "no-longer-allowed @0 [iam:PassRole] on *\n");
}


// The gate cannot say a change grants nothing new when a statement is
// computed: the file is an input error, as a broken one is.
TEST(Compare, AComputedStatementIsAnInputErrorOfTheGate) {
  // P: a statement computed whole (line 17); Q: the Statement list computed whole (line 23).
  const std::string kComputedStatements = test::read_file(test::testdata("sources/computed-statements.yaml"));
  LoadedFile loaded = load_policies(std::make_shared<const SourceFile>(SourceFile::from_string("t.yaml", kComputedStatements)));
  ASSERT_EQ(loaded.errors.size(), 2u);
  EXPECT_EQ(loaded.errors[0].code, "IAM091");
  EXPECT_EQ(loaded.errors[0].message, "a statement, its Principal or its Condition is computed (not evaluated), so what it grants is unknown");
  EXPECT_EQ(loaded.errors[0].span.begin.line, 17u);
  EXPECT_EQ(loaded.errors[1].span.begin.line, 23u);
  EXPECT_TRUE(loaded.policies.empty());
  // So is a computed Condition: the statement may apply unconditionally.
  const std::string condition =
      "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n"
      "        Version: '2012-10-17'\n        Statement:\n"
      "          - Effect: Allow\n            Action: s3:GetObject\n            Resource: '*'\n"
      "            Condition: !If [IsProd, {Bool: {'aws:SecureTransport': 'true'}}, !Ref AWS::NoValue]\n";
  LoadedFile c = load_policies(std::make_shared<const SourceFile>(SourceFile::from_string("c.yaml", condition)));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].code, "IAM091");
  EXPECT_EQ(c.errors[0].span.begin.line, 11u);
}

// Terraform's own computed statements: a change that adds a dynamic
// statement block (here granting iam:*) or merges another document was
// "No new access" when only the written statements were compared.
TEST(Compare, StatementsTerraformGeneratesAreInputErrorsOfTheGate) {
  const std::string tf = test::read_file(test::testdata("sources/generated-statements.tf"));
  LoadedFile loaded = load_policies(std::make_shared<const SourceFile>(SourceFile::from_string("main.tf", tf)));
  ASSERT_EQ(loaded.errors.size(), 4u);
  const unsigned lines[] = {9, 18, 25, 29};  // dynamic condition, dynamic statement, merge, dynamic statement
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(loaded.errors[i].code, "IAM091");
    EXPECT_EQ(loaded.errors[i].span.begin.line, lines[i]);
  }
  EXPECT_TRUE(loaded.policies.empty());
  // A condition's operator or key set from a variable: the gate cannot say
  // what the condition requires (it compared the expression's text).
  const std::string names = test::read_file(test::testdata("sources/computed-condition-names.tf"));
  LoadedFile n = load_policies(std::make_shared<const SourceFile>(SourceFile::from_string("main.tf", names)));
  ASSERT_EQ(n.errors.size(), 2u);
  EXPECT_EQ(n.errors[0].span.begin.line, 9u);
  EXPECT_EQ(n.errors[1].span.begin.line, 14u);
  EXPECT_TRUE(n.policies.empty());
}

}  // namespace
}  // namespace iamtrim
