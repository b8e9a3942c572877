// Turning HCL into the Value trees the policy reader understands.
//
// Literals become strings, numbers, booleans, lists and objects with the
// spans of their HCL tokens; anything Terraform would have to evaluate (a
// reference, a function call, an interpolated string) becomes an Opaque
// value holding its source text, never a guess.
#pragma once

#include <string>

#include "iamtrim/diagnostic.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/value.hpp"
#include "sources/hcl/ast.hpp"

namespace iamtrim::terraform {

// Diagnostic code for a policy, or a part of one, that iamtrim cannot see
// without running Terraform (rules/lint: policy-not-evaluated).
inline constexpr const char* kNotEvaluated = "IAM091";

Span span_of(const SourceFile& file, const hcl::Expr& e);
Value opaque(const SourceFile& file, const hcl::Expr& e);

// The value of an expression written inside jsonencode(...).
Value to_value(const SourceFile& file, const hcl::Expr& e);

// The JSON inside a template (heredoc, quoted string, template file).
// Strings that contain an interpolation or a directive become Opaque.
JsonResult template_json(const SourceFile& file, const hcl::Template& t);

// A data "aws_iam_policy_document" block as the policy JSON Terraform would
// render from it. Parts that need evaluation (dynamic blocks, merged source
// documents, computed action lists) are reported in `notes`.
Value policy_document(const SourceFile& file, const hcl::Block& block, const std::string& address,
                      Diagnostics& notes);

}  // namespace iamtrim::terraform
