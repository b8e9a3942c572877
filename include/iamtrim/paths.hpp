// iamtrim/paths.hpp - who can become admin? Privilege-escalation paths across
// a whole account, offline and condition-aware.
//
// A single-policy check sees `iam:PassRole` next to `lambda:CreateFunction`;
// it cannot see that user `ci` may assume role `Deployer`, which may pass role
// `Ops` to a new Lambda function, and `Ops` holds AdministratorAccess. This
// stage builds the graph of an account from one `aws iam
// get-account-authorization-details` output and answers "who can reach the
// target, by which shortest path, and which statements make each hop".
//
//   Catalog catalog = Catalog::embedded();
//   AccountResult a = read_account(file);                 // account.hpp
//   PathsOptions options;                                  // target: admin
//   PathsResult r = find_paths(catalog, *a.account, options);
//   for (const EscalationPath& p : r.paths) ... p.hops, p.reach, p.conditional
//   std::cout << render_paths(r, "text").value();
//
// The graph
//   Nodes are the account's users, groups and roles, the AWS services its
//   roles trust, and the outsiders its trust policies name (an OIDC or SAML
//   provider, another account, anyone). An edge A -> B means A can obtain
//   B's permissions; each is made by one method of the catalogue in
//   rules/paths/methods.yaml (see Method): sts:AssumeRole and its web-identity
//   and SAML forms, iam:PassRole together with the call that starts a service
//   with the role, direct takeovers (CreateAccessKey, login profiles, trust
//   rewrites, AddUserToGroup), changes to what a principal may do (Attach*/Put*
//   policies, policy versions, dropping a permissions boundary) and resources
//   that already run as a role (UpdateFunctionCode, SSM on an instance with
//   the role's profile, ...).
//
// Policy semantics (iamtrim's own, the same parser and catalog as lint)
//   - An action is allowed when an identity policy of the principal (inline,
//     attached, and for a user those of its groups) allows it on the resource,
//     the permissions boundary (when set) allows it too, the SCPs (when given)
//     allow it, and no Deny in any of them applies. Action, NotAction,
//     Resource and NotResource are matched with IAM's wildcards; resource
//     ARNs are matched case-sensitively, as IAM does
//     (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
//   - sts:AssumeRole: the role's trust policy must admit the principal. When
//     it names the principal's ARN (or "*"), that is enough within the account
//     (a resource-based policy grants on its own; a role's boundary still
//     applies); when it names the principal's account, the principal's own
//     policies must allow sts:AssumeRole on the role ARN
//     (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html).
//   - iam:PassRole is evaluated with iam:PassedToService set to the method's
//     service, and only towards roles whose trust policy admits that service.
//   - Conditions are decided where the file decides them: the principal's ARN,
//     name, account, type and tags, the target's tags, iam:PassedToService,
//     aws:ViaAWSService, aws:ResourceAccount. Keys the caller picks (aws:RequestedRegion,
//     aws:RequestTag/*, sts:RoleSessionName, ...) are taken as satisfied in an
//     Allow and avoided in a Deny. Anything else (MFA, source IP, VPC, time,
//     organization ids, external ids, token claims) cannot be decided offline:
//     the edge is kept as *conditional* and shows the condition, never
//     silently dropped or silently taken. So are preconditions the file cannot
//     show (a Lambda function that already runs as the role, a console password).
//   - SCPs: every --scp file is one SCP; their Allow statements are united (an
//     allow-list split over several levels of the organization may allow
//     less than iamtrim assumes: it errs towards reporting a path) and every
//     Deny applies. Without any Allow statement the SCPs are deny lists beside
//     FullAWSAccess. Service-linked roles are not subject to SCPs.
//
// The target
//   "admin" (the default) is a principal whose effective permissions allow
//   every action on every resource (Deny statements of the SCPs aside, since
//   they bind everyone alike; a Deny of some resources only does not count
//   either), or any of the crown jewels configured in
//   .iamtrim.yaml (see PathsConfig). `--to role/NAME` asks who can become that
//   principal; `--to ACTION[@RESOURCE]` who can perform the action.
//
// Search
//   For each source, the shortest path to the target: without conditional
//   edges when such a path exists, else the shortest one with them. A path
//   may end by changing a principal's permissions (an Attach*/Put* policy
//   edge): the actor first reaches the principal it changes, or is it.
//   Principals already at the target are listed apart (PathsResult::at_target)
//   and their own edges are not computed.
//
// Limits, stated here so that no one has to guess: paths through a group's
// own grants (after AddUserToGroup) are evaluated for the group's policies;
// the joining user's boundary and Deny statements are shown as a condition.
// Changing a principal's permissions counts for admin and action targets,
// not for principal targets. Resource-based policies other than trust
// policies (a Lambda function policy, a bucket policy) are not in the file
// and are not modelled.
//
// Everything here is pure (no I/O besides what the caller passes in),
// returns errors as values, never throws, and is safe to call from several
// threads on distinct inputs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/account.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/lint.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

// ---- the method catalogue (rules/paths/methods.yaml) -----------------------

enum class EdgeKind {
  AssumeRole,        // sts:AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML
  PassRole,          // iam:PassRole + the call that starts a service with the role
  Takeover,          // credentials or trust of the target, AddUserToGroup
  Modify,            // the target is given more permissions (or loses its boundary)
  ExistingResource,  // a resource that already runs as the role (conditional)
  Member,            // a user in a group (shown, not searched: the user's own
                     // evaluation already includes its groups' policies)
  ServiceTrust,      // an AWS service may assume the role (shown, not searched)
};
std::string_view to_string(EdgeKind kind);  // "assume-role", "pass-role", ...

enum class MethodEffect { ActAs, GrantAll, GrantAllAndActAs, DropBoundary, JoinGroup, SetPolicyVersion };
std::string_view to_string(MethodEffect effect);  // "act-as", "grant-all", ...

// Which resource an action of a method is evaluated on.
enum class MethodResource {
  Target,        // the target principal's ARN
  TargetPolicy,  // a customer-managed policy attached to the target
  Any,           // a resource the actor creates or picks (the action's ARN formats)
};

struct MethodAction {
  ActionId action = 0;
  std::string name;  // as written in the catalogue, "iam:PassRole"
  MethodResource resource = MethodResource::Any;
};

struct Method {
  std::string name;                  // "PassExistingRoleToNewLambdaThenInvoke"
  EdgeKind kind = EdgeKind::Takeover;
  std::vector<PrincipalType> targets;
  MethodEffect effect = MethodEffect::ActAs;
  std::vector<MethodAction> actions;
  std::string service;               // the service principal the target role must trust
  bool instance_profile = false;     // the target role must have an instance profile
  bool users_only = false;           // only IAM users can use it
  std::string precondition;          // a precondition the file cannot show ("requires:" in the YAML)
  std::string summary;
  std::vector<std::string> sources;  // URLs
};

struct MethodCatalogue {
  std::vector<Method> methods;      // file order
  std::vector<std::string> errors;  // defects in the embedded file; empty for a built binary
  const Method* find(std::string_view name) const;
};

// The embedded rules/paths/methods.yaml, resolved against `catalog`. An
// action this catalog does not know is an error (the method cannot be judged).
MethodCatalogue load_methods(const Catalog& catalog);

// ---- what to look for --------------------------------------------------------

// One crown jewel: every action `action` matches, on `resource`. A resource
// of "*" means every resource; an ARN without wildcards that resource; an
// ARN pattern at least one resource it matches (one key is enough to
// decrypt with).
struct Capability {
  std::string action = "*";
  std::string resource = "*";
  std::string label() const;  // "*:* on *", "kms:Decrypt on arn:aws:kms:*:1:key/*"
};

struct Target {
  enum class Kind { Admin, Principal, Action };
  Kind kind = Kind::Admin;
  std::string principal;                  // Principal: "role/Name", "user/Name", "group/Name" or an ARN
  std::vector<Capability> capabilities;   // Admin: any one of them; Action: the one given
  std::string label() const;              // "admin", "role/Ops", "iam:PassRole@arn:..."
};

// "admin", a principal ("role/NAME", "user/NAME", "group/NAME", an IAM ARN)
// or "ACTION[@RESOURCE]". `admin` is what "admin" means (PathsConfig::admin).
std::optional<Target> parse_target(std::string_view text, const std::vector<Capability>& admin,
                                   std::string* error);

// The `escalation:` section of .iamtrim.yaml:
//
//   escalation:
//     admin:                      # what counts as admin; default ["*"]
//       - "*"                     # every action on every resource
//       - iam:*                   # crown jewels: any one of them is enough
//       - organizations:*
//       - action: kms:Decrypt
//         resource: arn:aws:kms:*:111122223333:key/*
//     map:                        # diff --account: changed files onto the account
//       - file: iam/deployer/*.json
//         policy: role/Deployer:deploy     # see PolicySlot::parse
//
// An absent section gives the defaults.
struct MapRule {
  std::string file;    // a glob relative to the configuration's directory (config/glob.hpp rules)
  std::string name;    // optional: only the policy with this name inside the file
  std::string policy;  // a PolicySlot as text
};
struct PathsConfig {
  std::vector<Capability> admin{Capability{}};
  std::vector<MapRule> map;
};
// Reads the section from the whole configuration text; `path` names it in
// errors ("path:line:col: ..."). Duplicate keys and unknown keys are errors.
std::optional<PathsConfig> parse_paths_config(std::string_view yaml, const std::string& path, std::string* error);

// Where a policy document sits in the account, for substituting a changed
// version (diff --account). Written as text:
//   role/NAME:POLICY     the inline policy POLICY of a user, group or role
//   role/NAME:trust      the role's trust policy
//   policy/NAME          a customer-managed policy by name (its default version)
//   arn:aws:iam::1:policy/PATH/NAME   the same by ARN
struct PolicySlot {
  enum class Kind { Inline, Trust, Managed };
  Kind kind = Kind::Inline;
  std::string owner;  // "role/NAME" (Inline, Trust)
  std::string name;   // Inline: the policy name; Managed: PolicyName or ARN
  static std::optional<PolicySlot> parse(std::string_view text, std::string* error);
  std::string label() const;
};

struct PolicyOverride {
  PolicySlot slot;
  std::optional<FoundPolicy> document;  // nullopt: the policy is removed
};

struct PathsOptions {
  Target target;                                    // default: admin, "*:*" on "*"
  std::optional<std::string> from;                  // only paths from this principal
  std::vector<std::shared_ptr<const SourceFile>> scps;
  std::vector<PolicyOverride> overrides;            // applied to the account first
  // Also return every edge of the graph (PathsResult::edges), not only the
  // paths; a large account has hundreds of thousands.
  bool all_edges = false;
};

// ---- the answer --------------------------------------------------------------

enum class NodeKind { User, Group, Role, Service, Provider, Account, Anyone };
std::string_view to_string(NodeKind kind);  // "user", "group", "role", "service", "provider", "account", "anyone"

struct Node {
  NodeKind kind = NodeKind::Role;
  std::string id;   // "user/ci", "role/Ops", "service/lambda.amazonaws.com",
                    // "provider/arn:aws:iam::1:oidc-provider/...", "account/222233334444", "anyone"
  std::string arn;  // users, groups, roles, providers
};

// A statement that makes a hop (or the target) true.
struct Citation {
  std::string what;     // the action it allows ("iam:PassRole"), or "trust", "admin", "deny"
  std::string policy;   // "user/ci inline policy CiDeploy", "role/Ops trust policy",
                        // "managed policy AdministratorAccess", "permissions boundary DevBoundary", "SCP scp.json"
  std::string via;      // "group/Deployers" when a user has it through its group
  std::string path;     // the file
  Span span;            // the statement
  std::string pointer;  // JSON pointer of the statement
  std::size_t statement = 0;
  std::string sid;
  friend bool operator==(const Citation&, const Citation&) = default;
};

// Why an edge (or a target) is only conditional.
struct ConditionNote {
  std::string text;                 // "Bool aws:MultiFactorAuthPresent true", "requires an existing ..."
  std::optional<Citation> where;    // the statement holding the condition, when there is one
  friend bool operator==(const ConditionNote&, const ConditionNote&) = default;
};

struct Edge {
  std::size_t from = 0, to = 0;         // indexes into PathsResult::nodes
  EdgeKind kind = EdgeKind::AssumeRole;
  std::string method;                   // the catalogue name, "AssumeRole", "CreateAccessKey"
  std::string service;                  // pass-role / existing-resource: via this service
  std::vector<Citation> citations;
  std::vector<ConditionNote> conditions;  // empty: unconditional
  std::vector<std::string> alternatives;  // other methods that make the same hop
  bool conditional() const { return !conditions.empty(); }
};

// Why a node satisfies the target.
struct TargetReach {
  std::size_t node = 0;
  std::string summary;                    // "allows *:* on *", "is role/Ops"
  std::vector<Citation> citations;
  std::vector<ConditionNote> conditions;
  bool conditional() const { return !conditions.empty(); }
};

struct EscalationPath {
  std::size_t source = 0;
  std::vector<Edge> hops;   // from the source to the node that satisfies the target
  TargetReach reach;        // why the last node satisfies it (a changed principal: why its change does)
  bool conditional = false; // some hop or the target is conditional
  std::string fingerprint;  // 16 hex digits over source, target and the hops' nodes and methods
  Severity severity() const { return conditional ? Severity::Warning : Severity::Security; }
};

struct PathsResult {
  std::string account;                 // 12 digits, from the principals' ARNs
  std::string details_path;            // the authorization details file
  Target target;
  std::vector<Node> nodes;
  std::vector<Edge> edges;             // with PathsOptions::all_edges: every edge computed (see "Search")
  std::size_t edge_count = 0;          // searched edges computed (member and service-trust edges aside)
  std::vector<TargetReach> at_target;  // principals already at the target
  std::vector<EscalationPath> paths;   // one per source that reaches it, users first
  std::vector<std::string> warnings;   // e.g. an attached policy that is not in the file
  std::vector<EvidenceError> errors;   // bad SCP files, an unknown --from, ...
  std::size_t principals = 0;          // users + groups + roles
  bool ok() const { return errors.empty(); }
  std::optional<std::size_t> find_node(std::string_view id_or_arn) const;
};

PathsResult find_paths(const Catalog& catalog, const Account& account, const PathsOptions& options);

// ---- rendering -----------------------------------------------------------------

// "text" (for people), "json", "sarif" (results at the statements that make
// each path's first hop), "dot" (Graphviz) or "mermaid" (a flowchart for
// Markdown); nullopt for another name. Every format shows the same paths.
std::optional<std::string> render_paths(const PathsResult& result, std::string_view format);
std::string render_paths_text(const PathsResult& result);
std::string render_paths_json(const PathsResult& result);
std::string render_paths_sarif(const PathsResult& result);
std::string render_paths_dot(const PathsResult& result);
std::string render_paths_mermaid(const PathsResult& result);
// "user/ci -> role/Deployer -> role/Ops => admin"
std::string describe_path(const PathsResult& result, const EscalationPath& path);

// ---- changes: the escalation paths a change creates (diff --git --account) ----

// One changed file: its text before (absent: new) and after (absent: deleted).
struct ChangedPolicyFile {
  std::string path;  // relative to the working directory
  std::shared_ptr<const SourceFile> before, after;
};

// How the policies of a changed file map onto the account, in this order:
//  1. a `map:` rule of the configuration whose glob matches the file (and
//     whose `name`, when given, is the policy's name);
//  2. the owner the file states: AWS CLI outputs say "role/NAME" and the
//     policy name (get-role-policy, get-role for a trust policy);
//  3. the policy's name (Terraform `name =`, CloudFormation PolicyName, else
//     the file name without its extension): a customer-managed policy of
//     that name, else the one inline policy of that name in the account, else
//     for a trust policy the role of that name.
// A policy that maps nowhere, or to several inline policies, is reported in
// `unmapped` with the reason and is not analysed.
struct MappedPolicy {
  std::string file;
  std::string name;
  std::optional<PolicySlot> slot;
  std::string reason;  // how it was mapped, or why it was not
};

struct PathChanges {
  PathsResult before, after;
  // Paths of `after` from sources that did not reach the target before, or
  // only conditionally; a principal newly at the target is a path of no hops.
  std::vector<EscalationPath> new_paths;
  std::vector<MappedPolicy> mapped, unmapped;
  std::vector<EvidenceError> errors;       // changed files that cannot be read as policies
  bool ok() const { return errors.empty() && before.ok() && after.ok(); }
};

PathChanges compare_paths(const Catalog& catalog, const Account& account, const std::vector<ChangedPolicyFile>& files,
                          const PathsConfig& config, const std::string& config_dir, const PathsOptions& options);

// The new paths in the formats above ("text", "json", "sarif"); SARIF points
// at the changed files where a changed statement makes a hop.
std::optional<std::string> render_path_changes(const PathChanges& changes, std::string_view format);

}  // namespace iamtrim
