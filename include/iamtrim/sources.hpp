// iamtrim/sources.hpp - finding policies in the files where they live.
//
// A source reader takes one file and returns every policy document in it,
// each as a Value tree whose positions point into that file, with the owner
// and policy kind the surrounding file implies. Readers exist for plain
// policy JSON and AWS CLI outputs (get-policy-version, get-role,
// get-*-policy, get-account-authorization-details), and for Terraform and
// CloudFormation files; read_source() picks one by file name and content.
//
//   auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path, text));
//   SourceResult r = read_source(file);
//   for (const FoundPolicy& p : r.policies) { PolicyResult ast = parse_policy(p.document, p.pointer); }
//
// The file is shared (shared_ptr) because every FoundPolicy and every
// diagnostic later refers back to it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/diagnostic.hpp"
#include "iamtrim/source.hpp"
#include "iamtrim/value.hpp"

namespace iamtrim {

enum class PolicyKind { Unknown, Identity, Resource, Trust, Scp, PermissionsBoundary };
std::string_view to_string(PolicyKind kind);  // "identity", "resource", "trust", "scp", "boundary"
std::optional<PolicyKind> parse_policy_kind(std::string_view text);

// Where in its file a policy was found: the container format and, for
// Terraform, how the attribute writes the document. to_string() gives the
// name reports and JSON output print ("json", "terraform/jsonencode", ...).
enum class SourceFormat {
  Unknown,                     // "unknown": a FoundPolicy built by hand
  Json,                        // "json": a plain policy file
  Yaml,                        // "yaml": a policy document written in YAML
  AwsCliGetPolicyVersion,      // "aws-cli/get-policy-version"
  AwsCliGetRole,               // "aws-cli/get-role" (its trust policy)
  AwsCliGetRolePolicy,         // "aws-cli/get-role-policy"
  AwsCliGetUserPolicy,         // "aws-cli/get-user-policy"
  AwsCliGetGroupPolicy,        // "aws-cli/get-group-policy"
  AwsCliAuthorizationDetails,  // "aws-cli/get-account-authorization-details"
  TerraformJsonencode,         // "terraform/jsonencode": policy = jsonencode({...})
  TerraformHeredoc,            // "terraform/heredoc": policy = <<EOF ... EOF
  TerraformString,             // "terraform/string": policy = "{\"Version\": ...}"
  TerraformFile,               // "terraform/file": policy = file("p.json")
  TerraformTemplatefile,       // "terraform/templatefile": templatefile("p.json.tpl", {...})
  TerraformPolicyDocument,     // "terraform/aws_iam_policy_document": a data block
  TerraformTemplate,           // "terraform/template": a .tpl file as templatefile() reads it
  TerraformJson,               // "terraform-json": a .tf.json file
  TerraformPlan,               // "terraform-plan": `terraform show -json` of a plan
  TerraformState,              // "terraform-state": `terraform show -json` of a state
  CloudFormationJson,          // "cloudformation/json"
  CloudFormationYaml,          // "cloudformation/yaml"
};
std::string_view to_string(SourceFormat format);
// An AWS CLI output (aws-cli/...): it names the policy's owner itself.
bool is_aws_cli_output(SourceFormat format);
// Terraform configuration (.tf, .tf.json, policy templates), not the output
// of `terraform show -json`.
bool is_terraform_configuration(SourceFormat format);
bool is_cloudformation(SourceFormat format);

// How an identity policy is attached, which decides its size quota.
enum class Attachment { Unknown, Managed, InlineUser, InlineGroup, InlineRole };

// A principal an identity policy applies to, as far as its file tells
// (docs/narrow.md, "Binding rules"). IAM names are unique per account and
// type and are compared without case, so a principal is its type and name.
// The file may name a principal without its physical name: a Terraform role
// without `name` (Terraform generates one), with `name_prefix` or a computed
// name (`var.x`), a CloudFormation role without `RoleName` (CloudFormation
// generates one), a reference to a resource of another file. Then `name` is
// empty and `unknown_because` says why; evidence can be bound to such a
// principal only by an explicit statement of the user (narrow --only).
struct PolicyPrincipal {
  std::string type;             // "role", "user", "group"; "policy" for a managed policy itself
  std::string name;             // the physical name; empty when not knowable offline
  std::string arn;              // when the file gives it (authorization details)
  std::string address;          // how the file names it: "aws_iam_role.worker", "WorkerRole", "role/Reporter"
  std::string unknown_because;  // why `name` is empty: "its name is computed (var.name)", ...
  // Set when the file may attach the policy to it without saying so for
  // sure (an attachment whose policy ARN is computed): "perhaps:
  // aws_iam_role_policy_attachment.x.role attaches each.value". Such a
  // principal counts like any other: what it may use is never removed on
  // the others' evidence.
  std::string via;
  // "role/worker (aws_iam_role.worker)", "role/Reporter", "aws_iam_role.app (its name is computed: var.x)".
  std::string label() const;
  friend bool operator==(const PolicyPrincipal&, const PolicyPrincipal&) = default;
};

struct FoundPolicy {
  std::shared_ptr<const SourceFile> file;
  std::string pointer;   // where the document sits inside the file (JSON pointer or path)
  std::string owner;     // "role/Admin", "aws_iam_policy.deploy", "MyRole" (CloudFormation logical id)
  std::string name;      // the policy's own name when the file gives one
  SourceFormat format = SourceFormat::Unknown;
  PolicyKind kind = PolicyKind::Unknown;
  Attachment attachment = Attachment::Unknown;
  Value document;        // the policy; positions point into `file`
  // The byte range of the policy expression in the file, which an in-place
  // rewrite replaces; unknown when the document was decoded from an encoded
  // string whose bytes cannot be rewritten one to one.
  Span expression;
  bool rewritable = false;
  // Managed policy versions (AWS CLI outputs): the version id ("v3") and
  // whether it is the default (in force) version. Empty / true otherwise.
  std::string version_id;
  bool default_version = true;
  // Whom the policy applies to: for an inline policy its user, group or role;
  // for a managed policy the principals the file attaches it to (it may be
  // attached elsewhere too). Empty when the file does not say (a plain
  // policy file, get-policy-version, a policy attached to nothing here).
  std::vector<PolicyPrincipal> principals;
  // A managed policy's own identity (type "policy"), which a report about
  // the policy itself names; empty type for other policies.
  PolicyPrincipal managed;
  // False when another policy of the same file has the same pointer (a
  // Terraform resource declared twice, which Terraform itself refuses): such
  // a policy is linted but never edited in place.
  bool unique_pointer = true;
};

struct SourceResult {
  std::vector<FoundPolicy> policies;
  Diagnostics diagnostics;  // problems of the container itself (IAM001 for bad JSON, ...)
  // Set when the file holds no policy iamtrim reads: not a format it knows,
  // or JSON/YAML that is no policy, template or AWS CLI output (package.json,
  // a workflow, an evidence report). `policies` and `diagnostics` are empty
  // and `not_a_policy` says what the file is, in a few words.
  bool unrecognised = false;
  std::string not_a_policy;
};

struct SourceOptions {
  // Applied to documents whose kind the container does not imply.
  std::optional<PolicyKind> kind;
  // The folder Terraform's file() and templatefile() may read policies from.
  // Default: the git work tree the .tf file is in (repository_root()), else
  // the .tf file's own folder. Only regular files of at most
  // kMaxReferencedFile bytes inside it are read: no absolute paths, no `..`
  // or symlink leading out of it, no devices or FIFOs. A path refused is an
  // IAM091 note naming the path as written; nothing of the file reaches a
  // finding.
  std::optional<std::string> file_root;
};
inline constexpr std::size_t kMaxReferencedFile = 1u << 20;

//
// read_source() reads a file only when it is a policy or holds one: a policy
// document (an object with a Statement, or with a policy Version such as
// "2012-10-17"), an AWS CLI output, a CloudFormation/SAM template, a
// Terraform file, plan or state. Anything else (package.json, tsconfig.json,
// a workflow, a Helm template, an evidence report) is `unrecognised`, with
// no diagnostics, even when it does not parse: a syntax error is reported
// only in a file that shows a policy or a template, and only when the file
// is named .json, is standard input ("-") or begins like JSON ('{' or '['
// after a byte-order mark and white space), so a README or a script that
// talks about "Statement" is no broken policy. Every document of a
// multi-document YAML file is read.
SourceResult read_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options = {});

// The readers behind read_source(), for callers that know the format.
SourceResult read_json_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options);
// Terraform native syntax (.tf): resource and module attributes that carry a
// policy, data "aws_iam_policy_document" blocks, file()/templatefile().
SourceResult read_terraform_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options);
// Terraform JSON syntax (.tf.json).
SourceResult read_terraform_json_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options);
// `terraform show -json` output, for a plan or a state.
SourceResult read_terraform_plan_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options);
// A policy template file (.tpl, .json.tpl) as templatefile() reads it.
SourceResult read_policy_template_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options);
// CloudFormation and SAM templates, JSON or YAML.
SourceResult read_cloudformation_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options);
// JSON recognised by content: a Terraform plan/state (format_version with
// planned_values or values) or a CloudFormation template
// (AWSTemplateFormatVersion, or Resources of AWS:: types); nullopt otherwise.
std::optional<SourceResult> read_iac_json_source(const std::shared_ptr<const SourceFile>& file,
                                                 const SourceOptions& options);

// AWS CLI outputs, recognised by their top-level keys: get-policy-version
// (PolicyVersion), get-role (Role: its trust policy), get-role-policy /
// get-user-policy / get-group-policy (PolicyName + PolicyDocument) and
// get-account-authorization-details (UserDetailList, GroupDetailList,
// RoleDetailList, Policies). Documents may be JSON objects, JSON strings or
// URL-encoded JSON strings (as the IAM API returns them); decoded documents
// keep positions in the original file but are not rewritable. Returns nullopt
// when the file is not JSON or not one of these shapes.
std::optional<SourceResult> read_aws_cli_source(const std::shared_ptr<const SourceFile>& file,
                                                const SourceOptions& options);

// Inline suppressions in formats with comments (.tf, .tpl, YAML):
//
//   # iamtrim:ignore IAM104,IAM201 the bucket is public on purpose
//
// A comment at the end of a line covers that line. A comment on a line of
// its own covers the next line of code and, when that line opens a block
// (a resource, a statement, a YAML mapping), the whole block. `//` works
// too in .tf files. Codes may be rule codes or slugs; a reason is expected
// but not enforced here. Linter::check_suppressions() (lint.hpp) filters
// findings with them and reports codes that name no rule.
struct Suppression {
  std::vector<std::string> codes;  // as written: "IAM104", "wildcard-action"
  std::vector<Span> code_spans;    // where each code is written, one per code
  std::string reason;
  std::uint32_t comment_line = 0;
  std::uint32_t first_line = 0, last_line = 0;  // lines covered, inclusive
};
std::vector<Suppression> read_suppressions(const SourceFile& file);
// Whether a finding with this code (or slug) at `line` is suppressed, by
// name alone (Linter::check_suppressions also knows which names are rules).
bool is_suppressed(const std::vector<Suppression>& suppressions, std::string_view code, std::string_view slug,
                   std::uint32_t line);

// Whether a directory walk should hand this file name to read_source() by
// default ("*.json" and the extensions of the other readers).
bool is_source_file_name(std::string_view file_name);

}  // namespace iamtrim
