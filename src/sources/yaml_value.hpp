// YAML to a positioned Value tree, for CloudFormation templates.
//
// Built on yaml-cpp's event parser, which reports where each node starts;
// ends are found in the text. Every scalar stays a string as written (so
// `Version: 2012-10-17` is the text "2012-10-17", not a date), except an
// explicit null. A node with a local tag (`!Sub`, `!GetAtt`, `!If`, any
// `!Name`) is Opaque with its source text: CloudFormation evaluates it at
// deploy time. Duplicate keys are reported (IAM002), as in JSON. Never
// throws: a syntax error is a diagnostic (IAM090) with its position.
//
// Every document of a multi-document stream is read. Aliases are expanded
// (a copy of the anchored node), within limits, so that a "billion laughs"
// file of a few hundred bytes is an error in microseconds instead of
// gigabytes: at most kMaxAliasNodes nodes and kMaxAliasBytes bytes of text
// copied by aliases per file, and nodes nested at most kMaxDepth deep,
// aliases included. Over a limit, the
// file is an IAM090 error at the alias (or node) that crossed it.
#pragma once

#include <cstddef>
#include <vector>

#include "iamtrim/json.hpp"

namespace iamtrim::sources {

inline constexpr std::size_t kMaxAliasNodes = 100000;
inline constexpr std::size_t kMaxAliasBytes = 16u << 20;
inline constexpr std::size_t kMaxDepth = 256;

struct YamlStream {
  std::vector<Value> documents;  // in file order; empty documents are null values
  Diagnostics diagnostics;       // IAM090 on a syntax error or a limit; IAM002 duplicate keys
  bool ok() const { return parsed; }
  bool parsed = false;           // false after IAM090; `documents` is then empty
};

YamlStream parse_yaml(const SourceFile& file);

}  // namespace iamtrim::sources
