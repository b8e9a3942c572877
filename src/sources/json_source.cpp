// Plain policy JSON. A document is a policy when it is an object with a
// Statement (or at least one of the policy's own elements); the kind is left
// to configuration or to the lint stage's inference.
#include "iamtrim/json.hpp"
#include "iamtrim/sources.hpp"
#include "sources/parsed_readers.hpp"

namespace iamtrim {

SourceResult read_json_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  return sources::read_plain_json(file, options, parse_json(*file));
}

SourceResult sources::read_plain_json(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options,
                                      JsonResult json) {
  SourceResult r;
  r.diagnostics = std::move(json.diagnostics);
  if (!json.ok()) return r;
  FoundPolicy p;
  p.file = file;
  p.format = SourceFormat::Json;
  p.kind = options.kind.value_or(PolicyKind::Unknown);
  p.expression = json.value.span;
  p.rewritable = true;
  p.document = std::move(json.value);
  r.policies.push_back(std::move(p));
  return r;
}

}  // namespace iamtrim
