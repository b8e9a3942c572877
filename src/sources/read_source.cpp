// Picks the reader for a file: by name first (the extension says what the
// author meant), then by content. Each reader lives in its own file.
#include <map>
#include <string_view>

#include "iamtrim/json.hpp"
#include "iamtrim/sources.hpp"
#include "sources/parsed_readers.hpp"
#include "sources/recognise.hpp"

namespace iamtrim {
namespace {

// A template file (.tpl) is also what Helm and other tools name their
// templates: it counts when it renders to a policy or visibly tries to.
SourceResult policy_template(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  SourceResult r = read_policy_template_source(file, options);
  bool policy = !r.policies.empty() && sources::is_policy_document(r.policies.front().document);
  if (policy || (r.policies.empty() && sources::mentions_policy(file->text()))) return r;
  return sources::not_a_policy(r.policies.empty() ? "a template that is not JSON and shows no policy"
                                                  : "a template of JSON that is no policy");
}

SourceResult read_any(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options);

// Whether the first byte after a byte-order mark and white space opens a
// JSON object or array (a policy, a list of statements, an AWS CLI output).
bool begins_like_json(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t i = text.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && (text[i] == '{' || text[i] == '[');
}

}  // namespace

SourceResult read_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  SourceResult r = read_any(file, options);
  // Two policies under one pointer (a resource declared twice, which
  // Terraform refuses; a logical ID twice in a template): nothing that
  // finds a policy by its pointer could tell them apart.
  std::map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < r.policies.size(); ++i) {
    auto [it, fresh] = seen.emplace(r.policies[i].pointer, i);
    if (!fresh) r.policies[it->second].unique_pointer = r.policies[i].unique_pointer = false;
  }
  return r;
}

namespace {

SourceResult read_any(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  const std::string& path = file->path();
  // Readers by extension (one line each, most specific first).
  if (path.ends_with(".tf.json")) return read_terraform_json_source(file, options);
  if (path.ends_with(".tf")) return read_terraform_source(file, options);
  if (path.ends_with(".tpl")) return policy_template(file, options);
  if (path.ends_with(".yaml") || path.ends_with(".yml") || path.ends_with(".template")) return read_cloudformation_source(file, options);
  // JSON by content: parsed once, then offered to each reader in turn.
  if (!sources::worth_parsing(file->text())) return sources::not_a_policy(sources::kNoSignOfAPolicy);
  JsonResult json = parse_json(*file);
  if (!json.ok()) {  // a syntax error matters only in what shows a policy
    // ... and in what is JSON at all: a README or a script that talks about
    // "Statement" is no broken policy unless it is named .json or read from
    // standard input.
    if (path != "-" && !path.ends_with(".json") && !begins_like_json(file->text()))
      return sources::not_a_policy("a file of another kind: not named .json, and not beginning with '{' or '['");
    return sources::mentions_policy(file->text()) ? sources::read_plain_json(file, options, std::move(json))
                                                  : sources::not_a_policy("not JSON, and shows no policy");
  }
  if (auto iac = sources::read_iac_json(file, options, json)) return std::move(*iac);  // plan/state, CloudFormation
  if (auto aws = sources::read_aws_cli(file, options, json)) return std::move(*aws);   // AWS CLI output
  if (auto evidence = sources::evidence_report(json.value)) return sources::not_a_policy(*evidence);
  if (!sources::is_policy_document(json.value)) return sources::not_a_policy("JSON without a policy Statement");
  return sources::read_plain_json(file, options, std::move(json));
}

}  // namespace
}  // namespace iamtrim
