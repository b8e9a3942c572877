// iamtrim/lint.hpp - findings about policies, from a registry of rules.
//
// Each rule is a YAML document under rules/lint/ (code, slug, default
// severity, docs, a bad and a good example) plus one check class in the
// registry (src/lint/registry.cpp). lint_policy() parses one found policy,
// expands its action patterns once, runs every enabled check and attaches
// each finding's severity from the rule metadata and the configuration.
//
//   Catalog catalog = Catalog::embedded();
//   Linter linter(catalog, LintConfig{});
//   for (const FoundPolicy& p : read_source(file).policies)
//     for (const Finding& f : linter.lint(p)) ...
//
// A Linter is immutable after construction and may be shared by threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "iamtrim/catalog.hpp"
#include "iamtrim/custom_rules.hpp"
#include "iamtrim/diagnostic.hpp"
#include "iamtrim/policy.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

// Ordered from most to least severe.
enum class Severity { Error, Security, Warning, Suggestion };
std::string_view to_string(Severity s);  // "error", "security", "warning", "suggestion"
std::optional<Severity> parse_severity(std::string_view text);

// Ruff's fix safety: only Safe fixes may be applied without a person.
enum class FixSafety { Safe, Unsafe, DisplayOnly };
std::string_view to_string(FixSafety s);

struct Fix {
  FixSafety safety = FixSafety::DisplayOnly;
  std::string description;
  Span span;                // the bytes to replace in the original file
  std::string replacement;  // empty with DisplayOnly
};

struct RuleInfo {
  std::string code;      // "IAM104"
  std::string slug;      // "unknown-action"
  Severity severity = Severity::Warning;  // default, before configuration
  std::string category;  // structure, actions, resources, conditions, principals, risk, size; custom
  std::string summary;   // one line
  std::string rationale; // why it matters
  std::string fix;       // how to fix it, and the fix safety
  std::string bad_example, good_example;  // policy JSON (or example_file's format), run as tests
  std::optional<PolicyKind> example_kind; // the kind the examples are linted as
  // The file name the examples are read as ("main.tf" for a rule about
  // Terraform files); empty for a JSON policy file.
  std::string example_file;
  std::vector<std::string> applies_to;    // policy kinds; empty = all
  std::vector<std::string> references;    // URLs
  std::string options;   // configuration the rule takes, prose
};

struct Finding {
  Diagnostic diagnostic;  // code, message, span, pointer, suggestions
  std::string slug;
  Severity severity = Severity::Warning;
  std::vector<Fix> fixes;
  std::shared_ptr<const SourceFile> file;
  std::string owner;  // resource address / logical id / principal, when known
  std::string note;   // e.g. "lowered from security: a Condition narrows the statement"
};

// Rule selection and severity overrides, by code ("IAM104") or slug.
struct LintConfig {
  std::map<std::string, bool> enabled;       // absent = the rule's default (on)
  std::map<std::string, Severity> severity;  // absent = the rule's default
  std::optional<PolicyKind> kind;            // forces the kind of every policy
  // Account IDs the user owns: a trust policy naming one of them is not
  // cross-account (IAM402). Empty = every account principal counts as foreign.
  std::vector<std::string> known_accounts;
  // The organisation's own rules (custom_rules.hpp), run after the built-in ones.
  std::vector<CustomRule> custom_rules;
};

// Every rule, sorted by code, read from the embedded rules/lint/*.yaml.
const std::vector<RuleInfo>& lint_rules();
const RuleInfo* find_rule(std::string_view code_or_slug);

class Linter {
 public:
  Linter(Catalog catalog, LintConfig config);
  ~Linter();
  Linter(Linter&&) noexcept;

  // Parses, expands and checks one policy. Findings are sorted by position.
  std::vector<Finding> lint(const FoundPolicy& policy) const;
  // The same for a policy the caller has parsed already:
  // `parsed` = parse_policy(policy.document, policy.pointer).
  std::vector<Finding> lint(const FoundPolicy& policy, const PolicyResult& parsed) const;
  // Findings about the file itself (not JSON, not a known format), as
  // returned by read_source() in SourceResult::diagnostics.
  std::vector<Finding> lint_source_problems(const std::shared_ptr<const SourceFile>& file,
                                            const Diagnostics& problems) const;
  const Catalog& catalog() const;

  // Every rule this linter knows, sorted by code: the built-in rules, then
  // the custom rules of its configuration. Full documents (lint_rules()).
  std::vector<RuleInfo> rules() const;
  // A rule by code (any case) or slug, built-in or custom; nullptr if none.
  // Only the fields the engine needs are filled for built-in rules.
  const RuleInfo* find_rule(std::string_view code_or_slug) const;

  // Reads the inline suppressions ("# iamtrim:ignore CODE reason") of the
  // files the findings point into, `file` always among them, and says which
  // findings they cover: a code or slug (any case) of a built-in or custom
  // rule hides that rule's findings on the lines the comment covers. Also
  // returns findings about the comments themselves: IAM092 for a name that
  // is no rule (it hides nothing), and with `report_unused` IAM093 for a
  // code that covers no finding (ruff's RUF100).
  struct Suppressions {
    std::vector<bool> suppressed;   // one per finding given
    std::vector<Finding> problems;  // IAM092, IAM093
  };
  Suppressions check_suppressions(const std::shared_ptr<const SourceFile>& file,
                                  const std::vector<Finding>& findings, bool report_unused) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace iamtrim
