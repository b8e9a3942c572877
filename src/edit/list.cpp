// Item-level edits of a list (an Action list, a Statement list): only the
// items that change are rewritten, so comments and layout between the kept
// items stay as the author wrote them.
#include "edit/internal.hpp"

namespace iamtrim::edit {
namespace {

// The text before an item on its line, when it is only indentation (and a
// YAML "- " marker): what a new item on a new line starts with.
bool line_prefix(const std::string& t, std::uint32_t at, std::string& prefix) {
  std::uint32_t start = line_start(t, at);
  prefix = t.substr(start, at - start);
  return prefix.find_first_not_of(" \t-") == std::string::npos;
}

bool yaml_block_item(const std::string& prefix) {
  std::size_t last = prefix.find_last_not_of(" \t");
  return last != std::string::npos && prefix[last] == '-';
}

}  // namespace

std::string list_separator(const Context& c, Range list, const std::vector<ItemChange>& items) {
  const std::string& t = c.text();
  std::string prefix;
  if (items.size() >= 2) {
    std::string_view between(t.data() + items[0].range.end, items[1].range.begin - items[0].range.end);
    if (!has_newline(between) && !has_comment(between)) return std::string(between);
    if (has_newline(between) && line_prefix(t, items[1].range.begin, prefix)) {
      std::string comma = between.find(',') != std::string_view::npos ? "," : "";
      return comma + newline_at(t, items[0].range.begin) + prefix;
    }
    return ", ";
  }
  if (items.empty()) return ", ";
  std::uint32_t first = items[0].range.begin;
  if (line_prefix(t, first, prefix) && yaml_block_item(prefix)) return newline_at(t, first) + prefix;
  std::string_view opening(t.data() + list.begin, first > list.begin ? first - list.begin : 0);
  if (has_newline(opening) && line_prefix(t, first, prefix)) return "," + newline_at(t, first) + prefix;
  return ", ";
}

bool edit_list(const Context& c, Range list, const std::vector<ItemChange>& items, std::vector<SourceEdit>& out,
               std::string& error) {
  const std::string& t = c.text();
  std::ptrdiff_t last = -1;  // the last item that survives
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].keep || !items[i].names.empty()) last = static_cast<std::ptrdiff_t>(i);
  if (last < 0) {
    error = "the edit would empty the list";
    return false;
  }
  std::string sep = list_separator(c, list, items);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ItemChange& it = items[i];
    if (it.keep) continue;
    if (!it.names.empty()) {
      std::string text;
      for (const std::string& name : it.names) text += (text.empty() ? "" : sep) + render_item(c, name, it.like);
      out.push_back(make_edit(c.file, it.range.begin, it.range.end, std::move(text)));
    } else if (static_cast<std::ptrdiff_t>(i) < last) {
      // A leading or middle item goes with everything up to the next item.
      out.push_back(make_edit(c.file, it.range.begin, items[i + 1].range.begin, ""));
    }
  }
  if (static_cast<std::size_t>(last) + 1 < items.size()) {
    // Trailing items go with the separator before them. A comment after the
    // last survivor belongs to it: cut after the comment's line instead.
    const ItemChange& keep = items[static_cast<std::size_t>(last)];
    const ItemChange& next = items[static_cast<std::size_t>(last) + 1];
    std::uint32_t from = keep.range.end, to = items.back().range.end;
    std::string_view between(t.data() + from, next.range.begin - from);
    std::string_view rest(t.data() + to, line_end(t, to) - to);
    std::size_t tail = rest.find_first_not_of(" \t,");
    bool json = c.syntax == Syntax::Json || c.syntax == Syntax::EscapedJson;
    if (!json && has_newline(between) && (tail == std::string_view::npos || has_comment(rest.substr(tail, 2)))) {
      // One item per line: the deleted items' lines go whole, with their
      // comments; the survivor keeps its comma (HCL and YAML allow it).
      from = line_end(t, from);
      to = line_end(t, to);
    } else if (has_comment(between) && has_newline(between)) {
      from = line_end(t, from);
    }
    out.push_back(make_edit(c.file, from, to, ""));
  }
  return true;
}

bool delete_items(const Context& c, const std::vector<ItemChange>& items, std::vector<SourceEdit>& out,
                  std::string& error) {
  Range list{items.empty() ? 0 : items.front().range.begin, items.empty() ? 0 : items.back().range.end};
  return edit_list(c, list, items, out, error);
}

bool write_list(const Context& c, Range key, Range value, Range statement, const std::vector<std::string>& names,
                std::string_view like, std::vector<SourceEdit>& out) {
  const std::string& t = c.text();
  std::string nl = newline_at(t, value.begin);
  bool flow_statement = statement.begin < t.size() && t[statement.begin] == '{';
  std::string_view statement_text(t.data() + statement.begin, statement.end - statement.begin);
  if (c.syntax == Syntax::Yaml && !flow_statement) {
    // Action: s3:*  ->  Action:\n  - s3:GetObject\n  - s3:PutObject
    std::string_view between(t.data() + key.end, value.begin - key.end);
    if (between.find_first_not_of(" \t:") != std::string_view::npos) return false;
    std::string indent(key.begin - line_start(t, key.begin) + 2, ' ');
    std::string text = ":";
    for (const std::string& n : names) text += nl + indent + "- " + render_item(c, n, like);
    out.push_back(make_edit(c.file, key.end, value.end, std::move(text)));
    return true;
  }
  std::string text = "[";
  // One item per line when the list is long and the statement itself spans lines.
  bool multiline = names.size() > 4 && c.syntax != Syntax::EscapedJson && has_newline(statement_text);
  std::string indent = indentation_at(t, key.begin);
  std::string outer = indentation_at(t, statement.begin);
  std::string unit = indent.size() > outer.size() && indent.compare(0, outer.size(), outer) == 0
                         ? indent.substr(outer.size())
                         : std::string("  ");
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (multiline) text += (i ? "," : "") + nl + indent + unit;
    else if (i) text += ", ";
    std::string item = render_item(c, names[i], like);
    // YAML flow collections: quote, since a plain ":" can end a flow key.
    if (c.syntax == Syntax::Yaml && item.front() != '\'' && item.front() != '"') item = "\"" + item + "\"";
    text += item;
  }
  text += multiline ? nl + indent + "]" : "]";
  out.push_back(make_edit(c.file, value.begin, value.end, std::move(text)));
  return true;
}

}  // namespace iamtrim::edit
