// iamtrim/diff.hpp - the "no new access" gate: what a policy grants, what a
// change to it newly grants, and whether it can grant a given action at all.
//
// A policy is turned into a GrantModel: one Grant per valid statement, each
// the ActionSet it covers together with the scope it applies in (resource
// patterns, principals, condition clauses). compare() then asks, for every
// (action, resource, principal) the NEW version allows, whether some OLD
// statement already allowed it under a condition no tighter than NEW's. The
// question is put against the union of OLD's statements, so moving, merging,
// reordering or re-spelling a grant (s3:Get* versus its expansion, NotAction
// versus the equivalent Action list) reports nothing.
//
//   Catalog catalog = Catalog::embedded();
//   std::vector<Change> changes = compare(catalog, &old_policy, &new_policy);
//   bool gate_fails = std::any_of(changes.begin(), changes.end(),
//                                 [](const Change& c) { return c.new_access(); });
//
// Precision: actions are exact (ActionSet). Resources and principals are
// compared by wildcard containment (glob_contains), one NEW pattern against
// each OLD pattern; a NEW pattern covered only by the union of several OLD
// patterns is reported, and anything that cannot be decided (computed
// values, NotResource, search limits) is reported as Certainty::Possible,
// which still counts as new access. Conditions are judged clause by clause:
// removed or provably looser clauses are new access, other changes are
// reported as ConditionChanged without failing the gate.
//
// The types hold no global state; a GrantModel points into the Policy it was
// built from, which must outlive it. Everything here is safe to use from
// several threads on distinct objects.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/actions.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/policy.hpp"
#include "iamtrim/source.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

// ---- wildcard containment -------------------------------------------------

enum class GlobVerdict { Yes, No, Unknown };  // Unknown: search limit reached

// Whether every string matched by `inner` is matched by `outer`, with IAM's
// '*' (any run) and '?' (one character); all other characters are literal
// and compared exactly (lower-case both sides first for case-insensitive use).
GlobVerdict glob_contains(std::string_view outer, std::string_view inner);
// Whether some string is matched by both patterns.
bool glob_intersects(std::string_view a, std::string_view b);

// ---- the model --------------------------------------------------------------

// The resources a statement applies to. A missing element means "*".
struct ResourceScope {
  bool negated = false;               // NotResource
  std::vector<std::string> patterns;  // as written
  std::vector<bool> opaque;           // per pattern: computed, could be anything
};

// The principals a statement applies to, normalised: "*" for everyone,
// otherwise "<Type> <value>" with the type in AWS's spelling
// ("AWS arn:aws:iam::111122223333:root"; a bare 12-digit account becomes its
// root ARN; service and federated names are lower-cased). Absent for
// identity policies.
struct PrincipalScope {
  bool present = false;
  bool negated = false;  // NotPrincipal
  std::vector<std::string> principals;
};

struct ConditionClause {
  std::string op;    // as written, e.g. "ForAnyValue:StringLikeIfExists"
  std::string base;  // "StringLike"
  SetQualifier qualifier = SetQualifier::None;
  bool if_exists = false;
  std::string key;  // lower-cased
  std::string key_as_written;
  std::vector<std::string> values;
  Span span;
};

struct Grant {
  Effect effect = Effect::Allow;
  ActionSet actions;
  // Action items the catalog does not know (newer services, computed values),
  // lower-cased; compared by wildcard containment.
  std::vector<std::string> other_actions;
  bool not_action = false;
  std::vector<std::string> not_action_patterns;  // lower-cased, for other_actions
  ResourceScope resources;
  PrincipalScope principals;
  std::vector<ConditionClause> conditions;
  const Statement* statement = nullptr;
};

struct GrantModel {
  std::vector<Grant> grants;  // statement order; statements with an invalid Effect are left out
};

GrantModel build_model(const Catalog& catalog, const Policy& policy);

// ---- changes ------------------------------------------------------------------

enum class ChangeKind {
  NewlyAllowed,           // actions allowed now and not before
  PrincipalNewlyTrusted,  // a principal gets access it did not have
  ResourceWidened,        // actions allowed before, now on more resources
  ConditionRemoved,       // a condition clause guarding the grant was dropped
  ConditionLoosened,      // a clause now admits more values (or IfExists was added)
  ConditionChanged,       // changed in a way not proven looser: reported, not gating
  NoLongerDenied,         // a Deny now covers less
  NewlyDenied,            // informational
  NoLongerAllowed,        // informational
  Grantable,              // check --not-granted: the statement can grant a listed action
};
std::string_view to_string(ChangeKind kind);  // "newly-allowed", ...

enum class Certainty { Definite, Possible };

struct Location {
  std::string path;
  Span span;
  std::string pointer;
  std::optional<std::size_t> statement;
  std::string sid;
};

struct Change {
  ChangeKind kind = ChangeKind::NewlyAllowed;
  Certainty certainty = Certainty::Definite;
  ActionSet actions;
  std::vector<std::string> other_actions;
  std::vector<std::string> resources;   // NEW's resources concerned ("not ..." for NotResource)
  std::vector<std::string> principals;  // NEW's principals concerned, normalised
  std::string detail;                   // e.g. "condition StringEquals aws:SourceVpc removed"
  Location where;                       // in NEW (the policy element, or the whole policy)
  std::optional<Location> was;          // in OLD, for removed Deny/Allow statements
  // Whether the change fails `--fail-on new-access` / `check`.
  bool new_access() const;
};

// One policy read from a file, with the name it is matched by across versions.
struct GatePolicy {
  std::string path;  // as given or relative to the compared directory
  std::string key;   // owner, name or pointer inside the file; "" for a plain policy file
  std::shared_ptr<const SourceFile> file;
  PolicyKind kind = PolicyKind::Unknown;
  Policy policy;
};

// Compares two versions of one policy; either may be null (added or deleted).
std::vector<Change> compare(const Catalog& catalog, const GatePolicy* old_policy,
                            const GatePolicy* new_policy);

struct PolicyDiff {
  std::string old_path, new_path, key;
  std::vector<Change> changes;
};

struct GateReport {
  std::string command;  // "diff" or "check"
  std::vector<PolicyDiff> policies;
  bool new_access() const;
};

// ---- reading both sides -----------------------------------------------------

struct GateInputError {
  std::string code;  // the diagnostic code (IAM001 ...)
  std::string path;
  Span span;
  std::string message;
};

// The policies of one file. Problems that make a document meaningless (not
// JSON, a duplicate key, no usable policy) are errors; structural warnings
// from parse_policy are errors too when they drop a statement's meaning.
struct LoadedFile {
  std::vector<GatePolicy> policies;
  std::vector<GateInputError> errors;
  bool unrecognised = false;
};
LoadedFile load_policies(std::shared_ptr<const SourceFile> file);

// Whether a file met while walking a directory or a git change list should
// be left out: a format iamtrim does not read, or a document that is not a
// policy at all (no Statement), rather than a broken policy.
bool skip_when_walking(const LoadedFile& file);

// Files under `dir` that may hold policies (.json, .tf, .tf.json, .yaml,
// .yml, .template), as sorted paths relative to `dir`. Hidden folders
// (.git, .terraform) are not entered.
std::vector<std::string> policy_files_under(const std::string& dir);

// "path:line:col: CODE message".
std::string format_error(const GateInputError& error);

// Pairs the policies of two versions of one file by key (a file holding a
// single policy pairs with a single policy whatever the keys) and compares them.
std::vector<PolicyDiff> compare_files(const Catalog& catalog, const LoadedFile* old_file,
                                      const LoadedFile* new_file);

// ---- git --------------------------------------------------------------------

struct ProcessResult {
  int status = -1;  // exit status; -1 when it could not run
  std::string out, err;
};
// Runs argv[0] (found on PATH) with no shell in `cwd` ("" for the current directory).
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd = "");

struct ChangedFile {
  std::string path;                     // relative to the current directory
  std::optional<std::string> base_text; // absent when the file is new
};
struct GitChanges {
  std::vector<ChangedFile> files;
  std::string error;  // non-empty when git failed
};
// Files changed in the working tree against `base` (tracked and untracked),
// with their text at `base`.
GitChanges git_changed_files(const std::string& base, const std::string& cwd = "");

// ---- check --not-granted ------------------------------------------------------

struct NotGrantedQuery {
  ActionSet actions;                   // expanded action patterns
  std::vector<std::string> patterns;   // as given, lower-cased (for actions outside the catalog)
  std::vector<std::string> resources;  // ARNs; empty for "any resource"
};

// The Allow statements of `policy` that can grant one of the query's actions
// on one of its resources, after unconditional Deny statements of the same
// policy are taken away (like Access Analyzer's CheckAccessNotGranted). One
// Change of kind Grantable per statement.
std::vector<Change> check_not_granted(const Catalog& catalog, const GatePolicy& policy,
                                      const NotGrantedQuery& query);

// ---- rendering ----------------------------------------------------------------

// Action names for people: whole services as "svc:*", then names, at most
// `limit` entries before "(+N more)"; 0 for no limit.
std::string describe_actions(const Catalog& catalog, const Change& change, std::size_t limit);
// The same, one entry per element (no limit): what JSON output lists.
std::vector<std::string> action_names(const Catalog& catalog, const Change& change);
// One sentence for a change, e.g. "newly allows s3:PutObject on arn:aws:s3:::b/*".
std::string change_message(const Catalog& catalog, const Change& change, std::size_t limit = 8);

// A relative path as a URI reference (SARIF's artifactLocation.uri):
// reserved and non-ASCII bytes percent-encoded.
std::string uri_reference(std::string_view path);

std::string render_text(const Catalog& catalog, const GateReport& report);
std::string render_json(const Catalog& catalog, const GateReport& report);
std::string render_markdown(const Catalog& catalog, const GateReport& report);
std::string render_sarif(const Catalog& catalog, const GateReport& report);
// By name: "text", "json", "markdown" or "sarif"; nullopt for another name.
std::optional<std::string> render(const Catalog& catalog, const GateReport& report, std::string_view format);

}  // namespace iamtrim
