// A hand-written parser for HCL2's native syntax (Terraform .tf files).
//
//   HclResult r = hcl::parse(file);
//   if (!r.ok) { ... r.diagnostics ... }   // IAM090, with the position
//   for (const hcl::Block& b : r.body.blocks) ...
//
// It never throws and never recurses deeper than kMaxDepth, so any input,
// however hostile, ends in a tree or a diagnostic. The first syntax error
// stops the parse: HCL gives no safe way to resynchronise, and a half-read
// file would produce confusing findings.
#pragma once

#include "iamtrim/diagnostic.hpp"
#include "iamtrim/source.hpp"
#include "sources/hcl/ast.hpp"

namespace iamtrim::hcl {

inline constexpr int kMaxDepth = 200;

struct HclResult {
  Body body;
  Diagnostics diagnostics;
  bool ok = false;
};

HclResult parse(const SourceFile& file);

// A whole file read as a template, the way templatefile() reads it: literal
// text with ${...} interpolations and %{...} directives, no quote escapes.
struct TemplateResult {
  Template tmpl;
  Diagnostics diagnostics;
  bool ok = false;
};
TemplateResult parse_template(const SourceFile& file);

// The source text of a node.
std::string_view text_of(const SourceFile& file, std::uint32_t begin, std::uint32_t end);

}  // namespace iamtrim::hcl
