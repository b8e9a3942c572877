// Every case in ../shared/corpus/lint-cases (findings other linters report)
// is reproduced by iamtrim, or is a deliberate difference documented in
// docs/lint-differences.md. The table gives, per case, the kind it is
// linted as, the exact set of codes iamtrim reports, and which of them
// reproduce the case (empty with a reason when it is a difference).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "lint_support.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

struct Case {
  const char* file;
  std::optional<PolicyKind> kind;  // nullopt: inferred
  std::set<std::string> reported;  // every code iamtrim reports
  std::set<std::string> reproduce; // the codes that match the other tool's finding
  const char* difference;          // why not, when reproduce is empty
};

constexpr auto kTrust = PolicyKind::Trust;
constexpr auto kResource = PolicyKind::Resource;
constexpr auto kScp = PolicyKind::Scp;

const std::vector<Case>& cases() {
  static const std::vector<Case> table = {
      {"001-parliament-action-and-notaction", {}, {"IAM006"}, {"IAM006"}, ""},
      {"002-parliament-missing-action", {}, {"IAM005"}, {"IAM005"}, ""},
      {"003-parliament-missing-resource", {}, {"IAM009"}, {"IAM009"}, ""},
      {"004-parliament-invalid-sid", {}, {"IAM014"}, {"IAM014"}, ""},
      {"005-parliament-unknown-action-in-list", {}, {"IAM104"}, {"IAM104"}, ""},
      {"006-parliament-case-insensitive-mid-wildcard", {}, {}, {},
       "silence is the expected outcome: the mid-word wildcard matches iam:ListUsers"},
      {"007-parliament-condition-unknown-key", {}, {"IAM302"}, {"IAM302"}, ""},
      {"008-parliament-condition-value-type", {}, {"IAM304"}, {"IAM304"}, ""},
      {"009-parliament-unknown-operator", {}, {"IAM301"}, {"IAM301"}, ""},
      {"010-parliament-string-operator-on-arn-key", {}, {"IAM305"}, {"IAM305"}, ""},
      {"011-parliament-duplicate-sid", {}, {"IAM013"}, {"IAM013"}, ""},
      {"012-parliament-resource-mismatch-object-action-on-bucket", {}, {"IAM203"}, {"IAM203"}, ""},
      {"013-parliament-bad-mfa-pattern", {}, {"IAM310", "IAM501", "IAM505", "IAM506", "IAM507", "IAM508", "IAM509"}, {"IAM310"}, ""},
      {"014-parliament-resource-policy-privesc", {}, {"IAM508", "IAM509"}, {"IAM509"}, ""},
      {"015-parliament-privesc-mid-wildcards-with-deny", {}, {"IAM105", "IAM508", "IAM509"}, {"IAM509"}, ""},
      {"016-parliament-resource-effectively-star", {}, {}, {},
       "deliberate: no rule for ARNs that merely spell out the whole format"},
      {"017-parliament-notresource-with-allow", {}, {"IAM503", "IAM504", "IAM508", "IAM509"}, {"IAM503", "IAM509"}, ""},
      {"018-parliament-notprincipal-with-allow", {}, {"IAM404"}, {"IAM404"}, ""},
      {"019-parliament-forallvalues-single-valued-key", {}, {"IAM306"}, {"IAM306"}, ""},
      {"020-parliament-privesc-glue-lambda", {}, {"IAM506"}, {"IAM506"}, ""},
      {"021-parliament-cfn-intrinsic-in-resource", {}, {"IAM018", "IAM401"}, {"IAM018"}, ""},
      {"022-cloudsplaining-privesc-passrole-lambda-dynamo", {}, {"IAM505", "IAM506"}, {"IAM506"}, ""},
      {"023-cloudsplaining-notaction-allow", {}, {"IAM502", "IAM506", "IAM507", "IAM508", "IAM509"}, {"IAM502"}, ""},
      {"024-cloudsplaining-risk-categories", {}, {"IAM105", "IAM505", "IAM508"}, {"IAM505", "IAM508"}, ""},
      {"025-cloudsplaining-trust-cross-account", {}, {"IAM402"}, {"IAM402"}, ""},
      {"026-checkov-admin-implicit-allow", {}, {"IAM004"}, {}, "deliberate: a statement without Effect is invalid (IAM004), not an implicit Allow"},
      {"027-checkov-admin-star-in-arrays", {}, {"IAM104", "IAM501", "IAM505", "IAM506", "IAM507", "IAM508", "IAM509"}, {"IAM501"}, ""},
      {"028-checkov-write-with-condition-still-fails", {}, {"IAM304", "IAM508"}, {"IAM508"}, ""},
      {"029-checkov-trust-root-with-principalarn-condition", {}, {"IAM402"}, {"IAM402"}, ""},
      {"030-aa-passrole-star-resource", {}, {"IAM505"}, {"IAM505"}, ""},
      {"031-aa-resource-policy-missing-principal-and-version", kResource, {"IAM011", "IAM020"}, {"IAM011", "IAM020"}, ""},
      {"032-aa-check-no-new-access", {}, {}, {}, "deliberate: comparing two policies is not a lint rule"},
      {"033-aa-check-access-not-granted", {}, {}, {}, "deliberate: a query for given actions is not a lint rule"},
      {"034-aa-check-no-public-access", {}, {"IAM401"}, {"IAM401"}, ""},
      {"035-aa-null-with-ifexists", {}, {"IAM308"}, {"IAM308"}, ""},
      {"036-aa-scp-mid-action-wildcard", kScp, {"IAM106"}, {"IAM106"}, ""},
      {"037-aa-invalid-effect-typo", {}, {"IAM004"}, {"IAM004"}, ""},
      {"038-boogy-unknown-statement-field", {}, {"IAM003", "IAM005"}, {"IAM003"}, ""},
      {"039-cfnlint-mid-wildcard-false-positive", {}, {"IAM503", "IAM506", "IAM509"}, {}, "silence is the expected outcome for actions: no IAM101-IAM104"},
      {"040-cfnlint-intrinsic-as-action", {}, {"IAM018"}, {"IAM018"}, ""},
      {"041-cfnlint-service-typo", {}, {"IAM102"}, {"IAM102"}, ""},
      {"042-tfsec-star-required-false-positive", {}, {}, {}, "silence is the expected outcome: the action supports only \"*\""},
      {"043-kics-group-privesc-createpolicyversion", {}, {"IAM506", "IAM509"}, {"IAM506"}, ""},
      {"044-trivy-passrole-literal", {}, {"IAM505"}, {"IAM505"}, ""},
  };
  return table;
}

TEST(LintCases, EveryCorpusCaseIsInTheTable) {
  IAMTRIM_REQUIRE_CORPUS(dir, "lint-cases");
  std::set<std::string> files, listed;
  for (const auto& p : test::files_in(dir, ".json")) files.insert(p.stem().string());
  for (const Case& c : cases()) listed.insert(c.file);
  EXPECT_EQ(files, listed);
}

TEST(LintCases, ReproducedOrDocumentedDifference) {
  IAMTRIM_REQUIRE_CORPUS(dir, "lint-cases");
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.file);
    auto doc = nlohmann::json::parse(test::read_file(dir / (std::string(c.file) + ".json")));
    Linter linter = test::make_linter(c.kind);
    auto findings = test::lint_text(linter, std::string(c.file) + ".json", doc.at("policy").dump(2));
    std::set<std::string> codes;
    for (const Finding& f : findings) codes.insert(f.diagnostic.code);
    EXPECT_EQ(codes, c.reported) << test::format_findings(findings);
    for (const std::string& code : c.reproduce) EXPECT_TRUE(codes.count(code)) << code;
    EXPECT_NE(c.reproduce.empty(), std::string(c.difference).empty()) << "a case is reproduced or explained";
  }
}

}  // namespace
}  // namespace iamtrim
