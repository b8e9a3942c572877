// The HCL2 native syntax as a tree with exact byte ranges.
//
// Every node keeps [begin, end) byte offsets into the original file, so a
// later in-place rewrite can replace one expression without touching a byte
// around it, and every finding can point at the token the user wrote. The
// tree keeps what the policy readers need: blocks, attributes and
// expressions; comments and layout stay in the file text, which the byte
// ranges point into.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "iamtrim/source.hpp"

namespace iamtrim::hcl {

enum class ExprKind {
  Null,         // null
  Bool,         // true / false (name holds the keyword)
  Number,       // name holds the literal
  Template,     // "quoted" or heredoc; see Template
  Tuple,        // [a, b]
  Object,       // {k = v}
  Call,         // name(args...)
  Traversal,    // var.x, aws_iam_role.r.arn, local.m["k"] (name: dotted path)
  For,          // [for ...] / {for ...}
  Conditional,  // c ? a : b (items: cond, a, b)
  Operation,    // unary or binary operator (items: operands)
  Paren,        // (e) (items: e)
};

struct Expr;
struct ObjectItem;

using ByteRange = std::pair<std::uint32_t, std::uint32_t>;

// A template's literal text with the escapes decoded ("$${" -> "${", "\""
// -> '"', a "<<-" heredoc's indentation removed). Interpolations and
// directives stay in `text` as their source text and are listed in `holes`
// (original byte ranges), so a caller can tell a literal from a computed
// piece. `map` sends offsets in `text` back to the file.
struct Template {
  std::string text;
  OffsetMap map;
  std::vector<ByteRange> holes;
  std::vector<Expr> interpolations;  // the ${...} expressions, in order
  bool heredoc = false;
  bool directives = false;  // has %{ if } / %{ for }
  bool literal() const { return holes.empty(); }
};

struct Expr {
  ExprKind kind = ExprKind::Null;
  std::uint32_t begin = 0, end = 0;
  std::string name;
  Template tmpl;                    // Template
  std::vector<Expr> items;          // Tuple items, Call args, operands, ...
  std::vector<ObjectItem> members;  // Object
};

struct ObjectItem {
  Expr key;
  Expr value;
  // `name = v` (a bare identifier is the literal key "name") as opposed to
  // `(expr) = v` or `"quoted" = v`.
  bool bare_key = false;
};

struct Attribute {
  std::string name;
  std::uint32_t name_begin = 0, name_end = 0;
  Expr value;
};

struct Block;

struct Body {
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;
  const Attribute* attribute(std::string_view name) const;
};

struct Block {
  std::string type;
  std::vector<std::string> labels;
  std::uint32_t begin = 0, end = 0;  // from the type to the closing brace
  std::uint32_t open_brace = 0;      // offset of "{"
  Body body;
};

}  // namespace iamtrim::hcl
