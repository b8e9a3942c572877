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

// What the reader that built `document` has noted itself: a Terraform
// aws_iam_policy_document block notes its computed lists, and the
// statements and condition operators of its dynamic blocks and merged
// documents, where they are written.
enum class Noted { Nothing, ByTheDocumentBlock };

// Adds one IAM091 note per computed Statement list, statement, Condition
// and condition operator, and per computed Effect, Action or NotAction of
// `document`'s statements, but for what the reader noted.
void note_computed_elements(const std::string& owner, const Value& document, Noted noted, Diagnostics& out);

}  // namespace iamtrim::sources
