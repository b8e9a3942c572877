// Statements whose Effect or actions a deployment tool computes (Terraform
// `var.effect`, CloudFormation `!If`/`Fn::If`/`!Ref`), and statements or
// Statement lists computed whole (`!If [Cond, {...}, !Ref AWS::NoValue]`):
// reported as "not evaluated" (IAM091) and left to the policy reader as
// Opaque values, never guessed and never an "invalid Effect" or "must be an
// object" error.
#pragma once

#include <string>

#include "iamtrim/diagnostic.hpp"
#include "iamtrim/value.hpp"

namespace iamtrim::sources {

// Adds one IAM091 note per computed Statement list or statement, and per
// computed Effect (and, with `actions`, per computed Action or NotAction) of
// `document`'s statements.
void note_computed_elements(const std::string& owner, const Value& document, bool actions, Diagnostics& out);

}  // namespace iamtrim::sources
