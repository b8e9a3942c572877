// iamtrim/diagnostic.hpp - problems found in input, as values.
//
// No stage throws at its caller. A stage returns what it could build plus a
// list of Diagnostics. A Diagnostic names a rule code (IAMnnn, see rules/lint/)
// and carries no severity: severity is rule metadata that configuration can
// override, and the lint stage attaches it.
//
//   for (const Diagnostic& d : result.diagnostics)
//     std::cerr << d.span.begin.line << ':' << d.code << ' ' << d.message;
#pragma once

#include <string>
#include <vector>

#include "iamtrim/source.hpp"

namespace iamtrim {

struct Diagnostic {
  std::string code;     // rule code, e.g. "IAM001"
  std::string message;  // short, lower-case, names the offending value
  Span span;            // where, in the original file
  std::string pointer;  // JSON pointer to the element, e.g. "/Statement/0/Action/1"
  std::vector<std::string> suggestions;  // "did you mean" names, nearest first
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace iamtrim
