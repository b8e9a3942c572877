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

// How an identity policy is attached, which decides its size quota.
enum class Attachment { Unknown, Managed, InlineUser, InlineGroup, InlineRole };

struct FoundPolicy {
  std::shared_ptr<const SourceFile> file;
  std::string pointer;   // where the document sits inside the file (JSON pointer or path)
  std::string owner;     // "role/Admin", "aws_iam_policy.deploy", "MyRole" (CloudFormation logical id)
  std::string name;      // the policy's own name when the file gives one
  std::string format;    // "json", "aws-cli/get-policy-version", "terraform/jsonencode", ...
  PolicyKind kind = PolicyKind::Unknown;
  Attachment attachment = Attachment::Unknown;
  Value document;        // the policy; positions point into `file`
  // The byte range of the policy expression in the file, which an in-place
  // rewrite replaces; unknown when the document was decoded from an encoded
  // string whose bytes cannot be rewritten one to one.
  Span expression;
  bool rewritable = false;
};

struct SourceResult {
  std::vector<FoundPolicy> policies;
  Diagnostics diagnostics;  // problems of the container itself (IAM001 for bad JSON, ...)
  // Set when the file is not a format iamtrim knows; `policies` is empty.
  bool unrecognised = false;
};

struct SourceOptions {
  // Applied to documents whose kind the container does not imply.
  std::optional<PolicyKind> kind;
};

SourceResult read_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options = {});

// The readers behind read_source(), for callers that know the format.
SourceResult read_json_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options);

}  // namespace iamtrim
