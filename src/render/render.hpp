// Lint findings as text for people, JSON for scripts, SARIF 2.1.0 for code
// scanning, GitHub Actions workflow commands for pull request annotations
// (with a Markdown step summary), JUnit XML and GitLab Code Quality JSON for
// the other CI systems. Renderers are pure: they take the finished report (already
// filtered and fingerprinted by the caller) and return the whole output, so
// a test can compare it byte for byte.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "iamtrim/lint.hpp"
#include "render/escape.hpp"

namespace iamtrim::render {

// Where rule documentation is published, set at build time with
// -DIAMTRIM_DOCS_URL=".../" by whoever publishes it; "<CODE>-<slug>.md" is
// appended. Empty by default: iamtrim does not invent an address, and
// `iamtrim explain CODE` (and SARIF's help text) carry the documentation.
#ifndef IAMTRIM_DOCS_URL
#define IAMTRIM_DOCS_URL ""
#endif
// The rule's documentation address, or "" when none is configured.
std::string rule_doc_url(const RuleInfo& rule);

struct LintReport {
  std::vector<Finding> findings;          // sorted by file, then position
  std::vector<std::string> fingerprints;  // one per finding (iamtrim/baseline.hpp)
  std::string catalog_version;
  std::size_t files = 0;       // files read
  std::size_t policies = 0;    // policies linted
  std::size_t suppressed = 0;  // findings the baseline hid
};

struct RenderOptions {
  bool color = false;             // ANSI colour (text only)
  std::vector<RuleInfo> rules;    // the rule registry, for SARIF's tool.driver.rules
  std::filesystem::path base_dir; // paths are shown relative to this when inside it
};

// file:line:col: severity CODE message (did you mean ...?) [owner]
std::string render_text(const LintReport& report, const RenderOptions& options);
// The closing line for stderr: "2 findings (1 error, 1 warning) in 3 files".
std::string render_summary(const LintReport& report);
std::string render_json(const LintReport& report, const RenderOptions& options);
std::string render_sarif(const LintReport& report, const RenderOptions& options);
std::string render_github(const LintReport& report, const RenderOptions& options);
// One self-contained HTML page (the narrowing reports' shell, render/html.hpp).
std::string render_html(const LintReport& report, const RenderOptions& options);
// Markdown for GitHub's step summary: a verdict heading and every finding
// in a table (annotations stop at ten per level and step).
std::string render_markdown(const LintReport& report, const RenderOptions& options);
// JUnit XML: one test suite per file with findings, one failing test case
// per finding; a clean run is one passing test case.
std::string render_junit(const LintReport& report, const RenderOptions& options);
// GitLab Code Quality (a JSON array of issues: description, check_name,
// fingerprint, severity, location.path, location.lines.begin).
std::string render_gitlab(const LintReport& report, const RenderOptions& options);
// By format name: text, json, sarif, github, junit, gitlab, html (text otherwise).
std::string render_report(const LintReport& report, const RenderOptions& options, std::string_view format);

// A finding's path as shown: relative to `base` when inside it, with '/'.
std::string display_path(const std::string& path, const std::filesystem::path& base);

}  // namespace iamtrim::render
