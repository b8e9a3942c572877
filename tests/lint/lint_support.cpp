#include "lint_support.hpp"

#include <algorithm>
#include <memory>

namespace iamtrim::test {

std::vector<Finding> lint_text(const Linter& linter, const std::string& path, const std::string& text) {
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(path, text));
  SourceResult source = read_source(file);
  std::vector<Finding> out = linter.lint_source_problems(file, source.diagnostics);
  for (const FoundPolicy& p : source.policies)
    for (Finding& f : linter.lint(p)) out.push_back(std::move(f));
  Linter::Suppressions s = linter.check_suppressions(file, out, /*report_unused=*/true);
  std::vector<Finding> kept;
  for (std::size_t i = 0; i < out.size(); ++i)
    if (!s.suppressed[i]) kept.push_back(std::move(out[i]));
  for (Finding& f : s.problems) kept.push_back(std::move(f));
  return kept;
}

std::string format_findings(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    const Diagnostic& d = f.diagnostic;
    out += std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column) + ": " +
           std::string(to_string(f.severity)) + " " + d.code + " " + f.slug + ": " + d.message;
    if (!d.suggestions.empty()) {
      out += " (did you mean ";
      for (std::size_t i = 0; i < d.suggestions.size(); ++i) out += (i ? ", " : "") + d.suggestions[i];
      out += "?)";
    }
    if (!f.note.empty()) out += " [" + f.note + "]";
    out += "\n";
  }
  return out;
}

Linter make_linter(std::optional<PolicyKind> kind) {
  LintConfig config;
  config.kind = kind;
  return Linter(Catalog::embedded(), config);
}

}  // namespace iamtrim::test
