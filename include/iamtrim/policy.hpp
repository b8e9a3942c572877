// iamtrim/policy.hpp - the IAM policy document as an AST.
//
// A Policy is read from a Value tree (see json.hpp and the source readers) and
// keeps everything the author wrote: element order, which elements were a
// single string rather than a list, the original spelling of every action and
// the position of every node. Nothing is normalised here: case folding and
// wildcard expansion happen in actions.hpp, so a later rewrite can leave
// untouched text exactly as written.
//
//   JsonResult json = parse_json(file);
//   PolicyResult p = parse_policy(json.value);
//   for (const Statement& s : p.policy.statements)
//     if (s.effect == Effect::Allow && s.action) ...
//
// Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// Structural diagnostics use codes IAM003..IAM019 (rules/lint/).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/diagnostic.hpp"
#include "iamtrim/value.hpp"

namespace iamtrim {

// One string of a list element (an action, a resource ARN, a principal, a
// condition value). Opaque items come from interpolations or intrinsic
// functions and must be treated as "could be anything".
struct Item {
  std::string text;
  Span span;
  ValueKind kind = ValueKind::String;  // String, Number, Bool or Opaque
  friend bool operator==(const Item& a, const Item& b) {
    return a.text == b.text && a.kind == b.kind;
  }
};

// A string-or-list element. `single` remembers that the source used a bare
// string, so the writer can keep that form.
struct ItemList {
  std::vector<Item> items;
  bool single = false;
  Span span;       // the whole element value
  Span key_span;   // the element name, e.g. "Action"
  // Whether the list itself is computed (an interpolation that yields a list).
  bool opaque = false;
};

enum class Effect { Allow, Deny, Invalid };

// Principal or NotPrincipal: "*" or a map of principal type to names.
struct PrincipalEntry {
  std::string type;  // AWS, Service, Federated, CanonicalUser (as written)
  Span type_span;
  ItemList values;
};
struct Principal {
  bool star = false;  // "Principal": "*"
  // Computed whole by the deployment tool (a CloudFormation !If, a Terraform
  // dynamic "principals" block): who it names is not known, and `entries`
  // is empty.
  bool computed = false;
  std::vector<PrincipalEntry> entries;
  Span span;
  Span key_span;
};

enum class SetQualifier { None, ForAllValues, ForAnyValue };

struct ConditionKey {
  std::string key;  // as written
  Span key_span;
  ItemList values;
};

struct ConditionOperator {
  std::string text;      // as written, e.g. "ForAnyValue:StringLikeIfExists"
  std::string base;      // without qualifier and IfExists, e.g. "StringLike"
  SetQualifier qualifier = SetQualifier::None;
  bool if_exists = false;
  Span span;
  std::vector<ConditionKey> keys;
};

struct Condition {
  std::vector<ConditionOperator> operators;
  Span span;
  Span key_span;
  // The whole Condition, or one of its operators, is computed by the
  // deployment tool (a CloudFormation !If, a Terraform expression): what it
  // requires is not known, so `operators` may not be all of it.
  bool computed = false;
};

struct UnknownElement {
  std::string key;
  Span key_span;
};

struct Statement {
  std::optional<Item> sid;
  Effect effect = Effect::Invalid;
  std::optional<Item> effect_item;  // as written; absent when missing
  std::optional<Principal> principal, not_principal;
  std::optional<ItemList> action, not_action;
  std::optional<ItemList> resource, not_resource;
  std::optional<Condition> condition;
  std::vector<UnknownElement> unknown;
  // Member names in source order, so a writer can keep the author's order.
  std::vector<std::string> order;
  Span span;
  std::size_t index = 0;  // position in the Statement list
  std::string pointer;    // JSON pointer, e.g. "/Statement/2"

  // The action element that is present (Action or NotAction), if any.
  const ItemList* actions() const { return action ? &*action : not_action ? &*not_action : nullptr; }
  bool uses_not_action() const { return !action && not_action.has_value(); }
};

struct Policy {
  std::optional<Item> version;
  std::optional<Item> id;
  std::vector<Statement> statements;
  bool statement_single = false;  // "Statement": { ... }
  bool has_statement = false;
  Span span;
  Span statement_span;
  std::vector<UnknownElement> unknown;
  std::vector<std::string> order;  // top-level member names in source order
};

struct PolicyResult {
  Policy policy;
  Diagnostics diagnostics;
  // False when the document is too broken to reason about (not an object).
  bool usable = false;
  // Where a deployment tool computes a whole statement, the whole Statement
  // list, a statement's Principal or NotPrincipal, or its Condition (or one
  // operator of it): a
  // CloudFormation `!If [Cond, {...}, !Ref AWS::NoValue]`, a Terraform
  // `Statement = var.statements`. Such a part is not read and is no error
  // (the source readers note it, IAM091; a computed Condition reads as a
  // Condition without operators), but nothing that compares what the policy
  // grants (the gate, the edit verifier) can vouch for it.
  std::vector<Span> computed_parts;
};

// Reads a policy from a document tree. `pointer` is the JSON pointer of
// `doc` inside its file, used as a prefix for diagnostic pointers. With
// `jobs` above 1, the statements of a long Statement list are read on that
// many threads; the result is the same for every `jobs`.
PolicyResult parse_policy(const Value& doc, const std::string& pointer = "", unsigned jobs = 1);

// Whether a diagnostic code (of parse_policy() or of reading the file) is a
// problem after which a statement no longer says what its author meant (not
// JSON, a duplicate key, an invalid Effect, a missing or doubled element,
// a wrong type, no Statement): AWS rejects such a policy, so no comparison
// of what it grants can be trusted.
bool breaks_meaning(std::string_view code);

struct WriteOptions {
  bool pretty = true;
  int indent = 4;  // spaces per level when pretty (AWS's console uses 4)
};

// Canonical JSON: elements in the grammar's order (Version, Id, Statement;
// Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource,
// NotResource, Condition), list and statement order kept, single-string
// forms kept, unknown elements dropped.
std::string write_policy(const Policy& policy, const WriteOptions& options = {});

// True when `text` contains a policy variable such as ${aws:username}.
bool has_policy_variable(std::string_view text);

}  // namespace iamtrim
