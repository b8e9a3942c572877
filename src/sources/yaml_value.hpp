// YAML to a positioned Value tree, for CloudFormation templates.
//
// Built on yaml-cpp's event parser, which reports where each node starts;
// ends are found in the text. Every scalar stays a string as written (so
// `Version: 2012-10-17` is the text "2012-10-17", not a date), except an
// explicit null. A node with a local tag (`!Sub`, `!GetAtt`, `!If`, any
// `!Name`) is Opaque with its source text: CloudFormation evaluates it at
// deploy time. Duplicate keys are reported (IAM002), as in JSON. Never
// throws: a syntax error is a diagnostic (IAM090) with its position.
#pragma once

#include "iamtrim/json.hpp"

namespace iamtrim::sources {

JsonResult parse_yaml(const SourceFile& file);

}  // namespace iamtrim::sources
