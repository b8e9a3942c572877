// data "aws_iam_policy_document": statements are blocks, not list items, so
// a dropped statement goes with its lines, and one blank line around it
// when it was set apart by blank lines on both sides.
#include "edit/internal.hpp"

namespace iamtrim::edit {
namespace {

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// The offset after the line break that ends the line holding `at`.
std::uint32_t next_line(const std::string& t, std::uint32_t at) {
  std::uint32_t end = line_end(t, at);
  if (end < t.size() && t[end] == '\r') ++end;
  if (end < t.size() && t[end] == '\n') ++end;
  return end;
}

}  // namespace

bool delete_block(const Context& c, Range block, std::vector<SourceEdit>& out, std::string& error) {
  const std::string& t = c.text();
  std::uint32_t begin = line_start(t, block.begin);
  std::uint32_t end = next_line(t, block.end > block.begin ? block.end - 1 : block.end);
  std::string_view before(t.data() + begin, block.begin - begin);
  std::string_view after(t.data() + block.end, line_end(t, block.end) - block.end);
  bool after_ok = blank(after) || after.find_first_not_of(" \t") == after.find('#') ||
                  after.find_first_not_of(" \t") == after.find("//");
  if (!blank(before) || !after_ok) {
    error = "the statement block at line " + std::to_string(c.file.position(block.begin).line) +
            " shares its lines with other code";
    return false;
  }
  // Blank lines on both sides: take the one after, so the gap stays one line.
  std::uint32_t following = next_line(t, end);
  std::string_view previous;
  if (begin > 0) previous = std::string_view(t.data() + line_start(t, begin - 1), begin - line_start(t, begin - 1));
  std::size_t last = previous.find_last_not_of(" \t\r\n");
  // Also right after the opening "{", where a blank line would be left first.
  bool gap_before = begin > 0 && (blank(previous) || (last != std::string_view::npos && previous[last] == '{'));
  std::string_view next(t.data() + end, following - end);
  std::size_t first = next.find_first_not_of(" \t");
  if (gap_before && end < t.size() && blank(next)) {
    end = following;
  } else if (blank(previous) && begin > 0 && first != std::string_view::npos && next[first] == '}') {
    begin = line_start(t, begin - 1);  // the last block: no blank line before the closing "}"
  }
  out.push_back(make_edit(c.file, begin, end, ""));
  return true;
}

}  // namespace iamtrim::edit
