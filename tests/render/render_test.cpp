// The four output formats, compared whole against golden files, from
// findings built here (so the renderers are tested apart from the rules).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#include "render/render.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

const char* kPolicy = R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Read",
            "Effect": "Allow",
            "Action": ["s3:GetObjekt", "iam:*"],
            "Resource": "*"
        }
    ]
})";

std::shared_ptr<const SourceFile> policy_file(const std::string& path) {
  return std::make_shared<const SourceFile>(SourceFile::from_string(path, kPolicy));
}

Finding finding(std::shared_ptr<const SourceFile> file, std::string_view needle, std::string code, std::string slug,
                Severity severity, std::string message, std::string pointer) {
  Finding f;
  const std::string& text = file->text();
  auto at = static_cast<std::uint32_t>(text.find(needle));
  f.diagnostic.code = std::move(code);
  f.diagnostic.message = std::move(message);
  f.diagnostic.span = file->span(at, at + static_cast<std::uint32_t>(needle.size()));
  f.diagnostic.pointer = std::move(pointer);
  f.slug = std::move(slug);
  f.severity = severity;
  f.file = std::move(file);
  return f;
}

RuleInfo rule(std::string code, std::string slug, Severity severity, std::string category) {
  RuleInfo r;
  r.code = std::move(code);
  r.slug = std::move(slug);
  r.severity = severity;
  r.category = std::move(category);
  r.summary = "summary of " + r.slug;
  r.rationale = "why " + r.slug + " matters";
  r.fix = "how to fix " + r.slug;
  return r;
}

render::LintReport sample_report() {
  auto a = policy_file("policies/admin.json");
  // A name with characters every format must escape: ',' ':' '%' and a space.
  auto b = policy_file("odd dir/a,b:c%.json");
  render::LintReport r;
  Finding typo = finding(a, "\"s3:GetObjekt\"", "IAM104", "unknown-action", Severity::Warning,
                         "unknown action \"s3:GetObjekt\"", "/Statement/0/Action/0");
  typo.diagnostic.suggestions = {"s3:GetObject", "s3:GetObjectAcl"};
  typo.owner = "role/Admin";
  Fix fix;
  fix.safety = FixSafety::Unsafe;
  fix.description = "replace with s3:GetObject";
  typo.fixes.push_back(fix);
  Finding admin = finding(a, "\"iam:*\"", "IAM501", "privilege-escalation", Severity::Security,
                          "\"iam:*\" allows privilege escalation", "/Statement/0/Action/1");
  admin.note = "a Condition would lower this finding";
  Finding sid = finding(b, "\"Read\"", "IAM004", "sid-style", Severity::Suggestion, "sid \"Read\"\nis vague",
                        "/Statement/0/Sid");
  Finding broken = finding(b, "{", "IAM001", "invalid-json", Severity::Error, "invalid JSON: 100% broken", "");
  r.findings = {typo, admin, broken, sid};
  r.fingerprints = {"00000000000000a1", "00000000000000a2", "00000000000000b1", "00000000000000b2"};
  r.catalog_version = "0.0.test";
  r.files = 2;
  r.policies = 2;
  r.suppressed = 1;
  return r;
}

render::RenderOptions options() {
  render::RenderOptions o;
  o.rules = {rule("IAM001", "invalid-json", Severity::Error, "structure"),
             rule("IAM004", "sid-style", Severity::Suggestion, "structure"),
             rule("IAM104", "unknown-action", Severity::Warning, "actions"),
             rule("IAM501", "privilege-escalation", Severity::Security, "risk")};
  return o;
}

// The version changes every release; goldens should not.
std::string without_version(std::string text) {
  std::string v = IAMTRIM_VERSION;
  for (std::size_t at = text.find(v); at != std::string::npos; at = text.find(v, at)) text.replace(at, v.size(), "VERSION");
  return text;
}

void expect_golden(const std::string& name, const std::string& actual) {
  std::string problem = test::check_golden(test::testdata("render/" + name), without_version(actual));
  EXPECT_EQ(problem, "") << actual;
}

TEST(Render, Text) { expect_golden("report.txt", render::render_text(sample_report(), options())); }

TEST(Render, TextInColour) {
  render::RenderOptions o = options();
  o.color = true;
  expect_golden("report.colour.txt", render::render_text(sample_report(), o));
}

TEST(Render, Summary) {
  render::LintReport r = sample_report();
  EXPECT_EQ(render::render_summary(r),
            "4 findings (1 error, 1 security, 1 warning, 1 suggestion) in 2 policies from 2 files; 1 suppressed by the "
            "baseline\n");
  render::LintReport clean;
  clean.files = 1;
  clean.policies = 1;
  EXPECT_EQ(render::render_summary(clean), "no findings in 1 policy from 1 file\n");
}

TEST(Render, Json) { expect_golden("report.json", render::render_json(sample_report(), options())); }
TEST(Render, Sarif) { expect_golden("report.sarif", render::render_sarif(sample_report(), options())); }
TEST(Render, Github) { expect_golden("report.github", render::render_github(sample_report(), options())); }

TEST(Render, DisplayPath) {
  EXPECT_EQ(render::display_path("/repo/p/a.json", "/repo"), "p/a.json");
  EXPECT_EQ(render::display_path("/elsewhere/a.json", "/repo"), "/elsewhere/a.json");
  EXPECT_EQ(render::display_path("./p/../q/a.json", "/repo"), "q/a.json");
  EXPECT_EQ(render::display_path("-", "/repo"), "-");
}

// Validates the SARIF output against the official schema with Debian's
// python3-jsonschema, as code scanning would reject an invalid file.
TEST(Render, SarifMatchesTheOfficialSchema) {
  test::TempDir t;
  test::write_file(t.dir() / "out.sarif", render::render_sarif(sample_report(), options()));
  render::LintReport empty;
  test::write_file(t.dir() / "empty.sarif", render::render_sarif(empty, options()));
  std::string skip;
  auto errors = test::sarif_schema_errors({t.dir() / "out.sarif", t.dir() / "empty.sarif"}, &skip);
  if (!errors) GTEST_SKIP() << skip;
  EXPECT_EQ(*errors, "");
}

}  // namespace
}  // namespace iamtrim
