// The four output formats, compared whole against golden files, from
// findings built here (so the renderers are tested apart from the rules).
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <filesystem>
#include <nlohmann/json.hpp>
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

// render_json writes its text directly; here the same report is built as a
// tree with nlohmann and dumped as the format's first renderer dumped it. The
// two must agree byte for byte, on strings every JSON writer must escape,
// non-ASCII text, invalid UTF-8 (replaced with U+FFFD), no findings at all,
// empty lists and fixes with and without an edit.
std::string json_reference(const render::LintReport& report, const render::RenderOptions& o) {
  using json = nlohmann::ordered_json;
  json findings = json::array();
  std::map<std::string, std::size_t> counts;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    const Diagnostic& d = f.diagnostic;
    json j;
    j["file"] = render::display_path(f.file ? f.file->path() : "", o.base_dir);
    j["line"] = d.span.begin.line;
    j["column"] = d.span.begin.column;
    j["end_line"] = d.span.end.line;
    j["end_column"] = d.span.end.column;
    j["code"] = d.code;
    j["slug"] = f.slug;
    j["severity"] = to_string(f.severity);
    j["message"] = d.message;
    j["pointer"] = d.pointer;
    j["owner"] = f.owner;
    j["suggestions"] = d.suggestions;
    json fixes = json::array();
    for (const Fix& fix : f.fixes) {
      json x = {{"safety", to_string(fix.safety)}, {"description", fix.description}};
      if (fix.safety != FixSafety::DisplayOnly && fix.span.known())
        x["edit"] = {{"line", fix.span.begin.line},     {"column", fix.span.begin.column},
                     {"end_line", fix.span.end.line},   {"end_column", fix.span.end.column},
                     {"offset", fix.span.begin.offset}, {"end_offset", fix.span.end.offset},
                     {"replacement", fix.replacement}};
      fixes.push_back(std::move(x));
    }
    j["fixes"] = std::move(fixes);
    j["note"] = f.note;
    j["fingerprint"] = i < report.fingerprints.size() ? report.fingerprints[i] : "";
    findings.push_back(std::move(j));
    ++counts[std::string(to_string(f.severity))];
  }
  json summary;
  summary["files"] = report.files;
  summary["policies"] = report.policies;
  summary["findings"] = report.findings.size();
  json by_severity = json::object();
  for (Severity s : {Severity::Error, Severity::Security, Severity::Warning, Severity::Suggestion})
    by_severity[std::string(to_string(s))] = counts[std::string(to_string(s))];
  summary["by_severity"] = std::move(by_severity);
  summary["suppressed"] = report.suppressed;
  json out;
  out["version"] = 1;
  out["tool"] = {{"name", "iamtrim"}, {"version", IAMTRIM_VERSION}, {"catalog", report.catalog_version}};
  out["findings"] = std::move(findings);
  out["summary"] = std::move(summary);
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

TEST(Render, JsonIsWhatATreeDumpsByteForByte) {
  render::LintReport empty;
  EXPECT_EQ(render::render_json(empty, options()), json_reference(empty, options()));

  render::LintReport r = sample_report();
  const std::string hostile[] = {"quote \" backslash \\ slash /", std::string("nul \0 bell \a del \x7f", 19),
                                 "tab\tcr\rlf\nff\fbs\b", "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x94\x91",
                                 "bad \xff\xfe utf-8 \xc3", "overlong \xc0\xaf and surrogate \xed\xa0\x80", ""};
  for (const std::string& h : hostile) {
    Finding f = r.findings[0];
    f.diagnostic.message = h;
    f.diagnostic.pointer = h;
    f.owner = h;
    f.note = h;
    f.diagnostic.suggestions = {h, "s3:GetObject"};
    Fix edit;
    edit.safety = FixSafety::Safe;
    edit.description = h;
    edit.replacement = h;
    edit.span = f.diagnostic.span;
    Fix shown;
    shown.safety = FixSafety::DisplayOnly;
    shown.description = h;
    shown.span = f.diagnostic.span;
    f.fixes = {edit, shown};
    r.findings.push_back(f);
    r.fingerprints.push_back(h);
  }
  r.findings.back().diagnostic.suggestions.clear();
  r.findings.back().fixes.clear();
  r.findings.push_back(r.findings[2]);  // a finding without a fingerprint
  r.catalog_version = "v\xff";
  const std::string text = render::render_json(r, options());
  EXPECT_EQ(text, json_reference(r, options()));
  EXPECT_NE(text.find("\xef\xbf\xbd"), std::string::npos);  // U+FFFD replaced the invalid bytes
  EXPECT_NE(text.find("caf\xc3\xa9"), std::string::npos);    // valid UTF-8 kept as is
  EXPECT_NE(text.find("\\u0000"), std::string::npos);
}
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
