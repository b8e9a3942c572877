// Internals shared by the in-place editors (src/edit/).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/edit.hpp"

namespace iamtrim::edit {

// How strings and lists are spelled where the policy lives.
enum class Syntax {
  Hcl,             // jsonencode({...}): HCL strings and tuples
  PolicyDocument,  // data "aws_iam_policy_document": HCL attributes and blocks
  Json,            // heredoc, template, CloudFormation JSON, JSON in a YAML `|` block
  EscapedJson,     // JSON inside a quoted string: "{\"Action\": ...}"
  Yaml,            // CloudFormation YAML mappings and sequences
};

// The byte range of a node in the file.
struct Range {
  std::uint32_t begin = 0, end = 0;
};

// Everything an editor needs about the file and the policy's syntax.
struct Context {
  const SourceFile& file;
  Syntax syntax;
  const std::string& text() const { return file.text(); }
  // The end of a string value: a position map ends escaped strings one byte
  // short of their closing `\"`, which this corrects.
  Range range_of(const Span& span) const;
};

// --- text.cpp: lines, indentation, comments ---------------------------------
std::uint32_t line_start(const std::string& text, std::uint32_t at);
std::uint32_t line_end(const std::string& text, std::uint32_t at);  // before "\r\n" / "\n"
// "\r\n" when the line holding `at` ends with one, else "\n".
std::string newline_at(const std::string& text, std::uint32_t at);
// The blanks at the start of the line holding `at`.
std::string indentation_at(const std::string& text, std::uint32_t at);
bool has_newline(std::string_view s);
bool has_comment(std::string_view s);  // #, // or /* outside strings

// --- syntax-specific spelling (hcl_text.cpp, json_text.cpp, yaml_text.cpp) --
// An action name as a list item, quoted like `like` (an item already in the
// list, as written) when the syntax has a choice.
std::string hcl_string(std::string_view name);
std::string json_string(std::string_view name, bool escaped);
std::string yaml_scalar(std::string_view name, std::string_view like);
std::string render_item(const Context& c, std::string_view name, std::string_view like);

// --- list.cpp: item-level edits of a list -----------------------------------
// One original item and what replaces it: `keep`, or the names written in
// its place (none: the item is deleted with its separator).
struct ItemChange {
  Range range;
  std::string like;  // the item's source text, to copy its quoting
  bool keep = true;
  std::vector<std::string> names;
};
// Edits that turn a list whose items are `items` (in order, with real
// ranges) into the kept items plus the names, leaving separators, comments
// and layout between kept items alone. `list` is the whole list value.
bool edit_list(const Context& c, Range list, const std::vector<ItemChange>& items, std::vector<SourceEdit>& out,
               std::string& error);
// Deletes the items flagged !keep (whole statements), with their separators.
bool delete_items(const Context& c, const std::vector<ItemChange>& items, std::vector<SourceEdit>& out,
                  std::string& error);
// The separator the list already uses between items (", " or ",\n    ").
std::string list_separator(const Context& c, Range list, const std::vector<ItemChange>& items);

// --- collection rendering for a bare string that becomes a list --------------
// `key` is the element's key, `value` its old value, `statement` the
// statement's range (for indentation and flow-vs-block in YAML).
bool write_list(const Context& c, Range key, Range value, Range statement, const std::vector<std::string>& names,
                std::string_view like, std::vector<SourceEdit>& out);

// --- key renames: NotAction -> Action ---------------------------------------
bool rename_not_action(const Context& c, Range key, std::vector<SourceEdit>& out, std::string& error);

// --- align.cpp: terraform fmt's alignment of "=" ----------------------------
// Adds to `edits` the blank changes that re-align, as `terraform fmt` does,
// the runs of one-line attributes next to the lines the edits touch within
// `region` (HCL syntaxes only).
void align_hcl(const Context& c, Range region, std::vector<SourceEdit>& edits);

// --- policy_document_block.cpp ----------------------------------------------
// Deletes a `statement { ... }` block with its lines.
bool delete_block(const Context& c, Range block, std::vector<SourceEdit>& out, std::string& error);

SourceEdit make_edit(const SourceFile& file, std::uint32_t begin, std::uint32_t end, std::string text);

}  // namespace iamtrim::edit
