// Internal to the paths stage: the account compiled for evaluation, the
// request context, and the pieces the files of src/paths share.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "iamtrim/diff.hpp"
#include "iamtrim/paths.hpp"

namespace iamtrim::paths {

enum class Tri { True, False, Unknown };

// ---- compiled policies -------------------------------------------------------

enum class PolicyRole { Identity, Boundary, Trust, Scp };

struct CStatement {
  const Grant* grant = nullptr;  // actions, resources, principals, conditions (diff.hpp)
  bool all_actions = false;      // every catalog action
  bool covers_all = false;       // Resource covers every ARN of the partition
  bool variables = false;        // resource patterns hold policy variables that apply
};

struct CPolicy {
  PolicyRole role = PolicyRole::Identity;
  std::string label;  // "role/Ops inline policy Deploy", "managed policy AdministratorAccess", ...
  std::string name;   // policy name ("" for trust policies)
  std::string arn;    // managed policies
  std::shared_ptr<const SourceFile> file;
  std::unique_ptr<Policy> policy;
  GrantModel model;   // points into *policy
  std::vector<CStatement> statements;
  bool variables = false;  // Version 2012-10-17: ${...} in resources and conditions are variables
};

inline constexpr std::ptrdiff_t kNoGroup = -1;

struct PolicyUse {
  const CPolicy* policy = nullptr;
  std::ptrdiff_t via = kNoGroup;  // a user's group policies: the group's actor index
};

// A customer-managed policy attached to a principal, with its versions.
struct Attached {
  const CPolicy* policy = nullptr;           // the default version
  std::vector<const CPolicy*> other_versions;
  std::ptrdiff_t via = kNoGroup;
};

// A user, group or role of the account.
struct Actor {
  std::size_t node = 0;
  PrincipalType type = PrincipalType::Role;
  std::string name, arn, id;
  std::vector<PolicyUse> identity;
  std::vector<Attached> attached;            // customer-managed, for @target-policy
  const CPolicy* boundary = nullptr;
  std::vector<PolicyUse> boundary_uses;      // {boundary} or empty
  std::string boundary_arn;                  // set even when the document is not in the file
  std::vector<std::pair<std::string, std::string>> tags;
  bool instance_profile = false;
  bool service_linked = false;               // path /aws-service-role/: SCPs do not apply
  std::vector<std::size_t> groups;           // users: actor indexes of their groups
  const CPolicy* trust = nullptr;            // roles
  bool has_deny = false;                     // some identity statement is a Deny
};

// ---- request context -----------------------------------------------------------

// What is known about a key in a request.
struct KeyValue {
  enum class State { Known, Absent, Chosen, Unknown };
  State state = State::Unknown;
  std::vector<std::string> values;
};

struct Context {
  const Actor* principal = nullptr;  // the caller, when it is a principal of the account
  bool group_member = false;         // the caller is "a member of principal" (a group)
  const Actor* resource = nullptr;   // the target principal (resource tags)
  std::string_view passed_to_service;
  std::string_view service;          // the caller is this AWS service (trust policies)
  std::string_view account, partition;
  KeyValue lookup(std::string_view key_lower) const;
};

// A condition block: True, False or Unknown with the clauses that could not
// be decided ("Bool aws:MultiFactorAuthPresent true").
struct CondResult {
  Tri value = Tri::True;
  std::vector<std::string> unknown;
};
CondResult evaluate_conditions(const std::vector<ConditionClause>& clauses, const Context& ctx, Effect effect,
                               bool variables);

// Replaces policy variables with what the context knows; nullopt when one
// cannot be resolved.
std::optional<std::string> substitute(std::string_view text, const Context& ctx);

// IAM wildcard match, case-sensitive ('*' any run, '?' one character).
inline bool glob_match(std::string_view pattern, std::string_view text) { return wildcard_match_exact(pattern, text); }

std::string clause_text(const ConditionClause& c);

// ---- the compiled account ------------------------------------------------------

struct Model {
  const Catalog* catalog = nullptr;
  std::string account, partition;
  std::deque<CPolicy> policies;                   // stable addresses
  std::vector<const CPolicy*> scps;
  std::vector<PolicyUse> scp_uses;
  bool scp_allow_lists = false;                   // some SCP has an Allow statement
  std::vector<Actor> actors;                      // users, groups, roles (file order)
  std::vector<Node> nodes;                        // actors first, then outside sources
  std::vector<std::ptrdiff_t> actor_of_node;      // -1 for sources outside the account
  std::unordered_map<std::string, std::size_t> by_arn;  // lower-cased ARN -> actor
  std::unordered_map<std::string, std::size_t> by_id;   // "role/name" lower-cased -> actor
  std::unordered_map<std::string, std::size_t> node_index;  // Node::id -> node
  std::vector<std::string> warnings;
  std::vector<EvidenceError> errors;
  std::deque<std::string> interned;               // strings edges point to
  std::size_t node_for(NodeKind kind, const std::string& id, const std::string& arn);
  std::string_view intern(std::string s);
};

Model build_model(const Catalog& catalog, const Account& account, const PathsOptions& options);

// A statement that makes something true, kept as pointers while the graph
// is built; only the citations of reported paths become Citations.
struct RawCitation {
  const CPolicy* policy = nullptr;
  const Grant* grant = nullptr;
  std::ptrdiff_t via = kNoGroup;
  ActionId action = 0;
  std::string_view label;  // "trust", "deny", "allow", "admin", a capability; empty: the action's name
};
RawCitation raw(const PolicyUse& use, const Grant& grant, ActionId action, std::string_view label = {});

struct RawNote {
  std::string text;
  std::optional<RawCitation> where;
};

Citation materialize(const Model& model, const RawCitation& c);
ConditionNote materialize(const Model& model, const RawNote& n);

// ---- evaluation ------------------------------------------------------------------

// The resource a request is about.
struct ResourceQuery {
  enum class Kind { Arn, Formats, All, Pattern };
  Kind kind = Kind::Arn;
  std::string_view arn;                          // Arn, Pattern
  const std::vector<std::string>* formats = nullptr;  // Formats: globs; empty = the action takes only "*"
};

enum class Need {
  Identity,        // identity policies must allow (the usual case)
  NoIdentity,      // a resource-based policy naming the principal grants it (a user: no boundary either)
  NoIdentityRole,  // the same for a role: its boundary still applies
};

struct Verdict {
  Tri value = Tri::False;
  std::vector<RawCitation> citations;
  std::vector<RawNote> conditions;
};

// Whether `actor` may perform `action` on `resource`. `label` names the
// action in citations.
Verdict evaluate(const Model& model, const Actor& actor, ActionId action, const ResourceQuery& resource,
                 const Context& ctx, Need need = Need::Identity);

// Hypothetical changes to a principal, for the Modify methods.
struct Adjust {
  bool allow_all = false;                 // an Allow *:* on * was added
  bool drop_boundary = false;
  const CPolicy* swap_from = nullptr;     // this default version ...
  const CPolicy* swap_to = nullptr;       // ... replaced by this one
};

// Whether `actor` (adjusted) has the capability.
Verdict check_capability(const Model& model, const Actor& actor, const ActionSet& actions, bool every_action,
                         const Capability& capability, const Adjust& adjust);

// ---- edges and search --------------------------------------------------------------

// An edge while the graph is built (see Edge for the fields).
struct GEdge {
  std::size_t from = 0, to = 0;
  EdgeKind kind = EdgeKind::AssumeRole;
  std::string_view method, service;
  std::vector<RawCitation> citations;
  std::vector<RawNote> conditions;
  std::vector<std::string_view> alternatives;
  bool conditional() const { return !conditions.empty(); }
};
Edge materialize(const Model& model, const GEdge& e);

// Why a node satisfies the target, before materializing.
struct RawReach {
  std::size_t node = 0;
  std::string summary;
  std::vector<RawCitation> citations;
  std::vector<RawNote> conditions;
  bool conditional() const { return !conditions.empty(); }
};
TargetReach materialize(const Model& model, const RawReach& r);

// An edge that changes what `to` may do; `from` benefits when it is, or
// reaches, `to` (or at once, for grant-all-and-act-as).
struct ModifyEdge {
  GEdge edge;
  MethodEffect effect = MethodEffect::GrantAll;
  const CPolicy* swap_from = nullptr;
  const CPolicy* swap_to = nullptr;
};

struct Graph {
  std::vector<GEdge> edges;           // searched edges (identity), then shown-only ones
  std::size_t searched = 0;           // edges[0, searched) are searched
  std::vector<ModifyEdge> modify;
  std::vector<std::optional<RawReach>> at_target;  // per node
};

// Fills graph.edges and graph.modify; graph.at_target must be set for the
// account's principals (their own edges are skipped). Adds the outside nodes.
void build_edges(Model& model, const MethodCatalogue& methods, Graph& graph);

std::string fingerprint(const PathsResult& result, const EscalationPath& path);

}  // namespace iamtrim::paths
