// Picks the reader for a file: by name first (the extension says what the
// author meant), then by content. Each reader lives in its own file.
#include <string_view>

#include "iamtrim/sources.hpp"

namespace iamtrim {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

SourceResult read_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  const std::string& path = file->path();
  (void)ends_with;
  // Readers by extension (one line each, most specific first).
  if (ends_with(path, ".tf.json")) return read_terraform_json_source(file, options);
  if (ends_with(path, ".tf")) return read_terraform_source(file, options);
  if (ends_with(path, ".tpl")) return read_policy_template_source(file, options);
  if (ends_with(path, ".yaml") || ends_with(path, ".yml") || ends_with(path, ".template")) return read_cloudformation_source(file, options);
  if (auto iac = read_iac_json_source(file, options)) return std::move(*iac);  // by content: plan/state, CloudFormation
  if (auto aws = read_aws_cli_source(file, options)) return std::move(*aws);  // by content: AWS CLI output
  return read_json_source(file, options);
}

}  // namespace iamtrim
