// Feeds arbitrary bytes to the readers of the formats users write by hand:
// Terraform (.tf, the HCL2 parser), CloudFormation YAML and Terraform JSON,
// then lints every policy found. Any crash, sanitizer report, or a position
// outside the input is a bug.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "iamtrim/lint.hpp"
#include "iamtrim/sources.hpp"

namespace {

void check_span(const iamtrim::Span& span, std::size_t size) {
  if (span.known() && (span.begin.offset > size || span.end.offset > size || span.begin.offset > span.end.offset))
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const iamtrim::Linter linter(iamtrim::Catalog::embedded(), iamtrim::LintConfig{});
  std::string text(reinterpret_cast<const char*>(data), size);
  // A name with no folder: file() references resolve to the working
  // directory, where the fuzzer finds nothing to read.
  for (const char* name : {"fuzz-input.tf", "fuzz-input.yaml", "fuzz-input.tf.json"}) {
    auto file = std::make_shared<const iamtrim::SourceFile>(iamtrim::SourceFile::from_string(name, text));
    iamtrim::SourceResult result = iamtrim::read_source(file);
    for (const auto& d : result.diagnostics) check_span(d.span, size);
    (void)linter.lint_source_problems(file, result.diagnostics);
    for (const iamtrim::FoundPolicy& p : result.policies) {
      if (p.file == file) {
        check_span(p.document.span, size);
        check_span(p.expression, size);
      }
      for (const iamtrim::Finding& f : linter.lint(p))
        if (f.file == file) check_span(f.diagnostic.span, size);
    }
  }
  return 0;
}
