// iamtrim/custom_rules.hpp - organisation rules as code.
//
// A custom rule is a guardrail a team writes in its configuration
// (.iamtrim.yaml, `custom-rules:`; the language is documented in
// docs/custom-rules.md): a code, a slug, a severity, a message and docs,
// and conditions over each statement of the parsed and expanded policy.
// The linter runs custom rules beside the built-in ones: they are listed by
// `iamtrim rules`, explained by `iamtrim explain`, carried in SARIF rule
// metadata, and honoured by configuration, baselines and inline
// suppressions alike.
//
//   custom-rules:
//     - code: ACME003
//       slug: kms-write-on-star
//       severity: security
//       summary: KMS write access on every resource.
//       message: "{actions} allowed on every resource"
//       docs: Scope KMS write access to the keys a workload owns.
//       when:
//         actions: {access: [write, permissions-management], any: "kms:*"}
//         resources: {any: {equals: "*"}}
//
// A rule reports a statement when every test of `when` holds and `unless`
// (if given) does not. Each test is over one list of values of the
// statement: the actions it grants (expanded against the catalog, NotAction
// complemented), its resources, its principals or its condition keys. A
// test says how many values must pass (any, all, none; for actions also
// `covers`: every action the patterns match is granted), filters may first
// keep some values (actions of some access levels, principals of some
// types, condition keys under some operators), and each value
// test is an IAM wildcard pattern, an exact string, an RE2 regular
// expression (RE2: matching time is linear in the input, so a configuration
// cannot make linting hang), a negation or a list of alternatives.
//
// Values a tool cannot see (a Terraform interpolation, a CloudFormation
// intrinsic) are unknown: a rule never reports a statement on the strength
// of a value it cannot see, whichever way the test is phrased.
//
// The types are plain values, safe to copy and to share between threads
// once built; compiled regexes are immutable.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "iamtrim/catalog.hpp"
#include "iamtrim/policy.hpp"

namespace re2 {
class RE2;
}

namespace iamtrim {

struct RuleInfo;
enum class Severity;  // lint.hpp

// A test on one string value.
struct ValueTest {
  enum class Kind {
    Wildcard,  // IAM's '*' and '?', case-insensitive: "s3:*", "arn:aws:s3:::acme-*"
    Equals,    // the exact string, case-sensitive: {equals: "*"}
    Regex,     // RE2, searched anywhere unless anchored: {regex: '^arn:aws:s3:::acme-'}
    Not,       // {not: TEST}
    AnyOf,     // a YAML list of tests: any of them
  };
  Kind kind = Kind::Wildcard;
  std::string text;                          // Wildcard, Equals, Regex (the pattern as written)
  std::shared_ptr<const re2::RE2> regex;     // Regex, compiled
  std::vector<ValueTest> children;           // Not (one), AnyOf
};

// How many of a statement's values must pass the value test.
enum class Quantifier {
  Any,     // at least one
  All,     // every one, and there is at least one
  None,    // not one
  Covers,  // actions only: the statement grants every action the test matches
};

struct FieldTest {
  Quantifier quantifier = Quantifier::Any;
  ValueTest test;
  std::vector<AccessLevel> access;         // actions: only actions of these levels count
  std::vector<std::string> principal_types;  // principals: only these types count (AWS, Service, ...)
  // condition keys: only keys under an operator that passes this test, the
  // operator as written ("StringEquals", "ForAnyValue:StringLike",
  // "StringEqualsIfExists"), so that a rule can ask for a key that must be
  // present and match rather than any mention of it.
  std::optional<ValueTest> condition_operator;
};

// One side of a rule (`when`, `unless`): every test given must hold.
struct StatementTest {
  std::optional<Effect> effect;  // absent: either effect
  std::optional<FieldTest> actions, resources, principals, condition_keys;
};

struct CustomRule {
  std::string code;      // "ACME001": letters and digits ending in three digits, not starting with IAM
  std::string slug;      // kebab-case, unique among all rules
  Severity severity{};   // default severity; configuration can override it
  std::string summary;   // one line
  std::string message;   // with {actions}, {resources}, {principals}, {condition_keys}, {statement}
  std::string docs;      // free text: why it matters, how to fix
  std::vector<std::string> applies_to;  // policy kinds; empty = all
  std::vector<std::string> references;
  StatementTest when;
  std::optional<StatementTest> unless;
  std::string origin;  // "file:line" where the rule is defined
};

// The rule's metadata as the rest of the product sees it (category
// "custom"; the docs become the rationale).
RuleInfo custom_rule_info(const CustomRule& rule);

// Problems that need the catalog to be found, one "origin: message" each:
// a `covers` pattern that matches no action of the catalog (with a
// suggestion), a wildcard action test that is malformed.
std::vector<std::string> check_custom_rules(const Catalog& catalog, const std::vector<CustomRule>& rules);

// Whether `code` has the form of a custom rule code, and why not.
std::string custom_code_problem(std::string_view code);

}  // namespace iamtrim
