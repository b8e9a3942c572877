// Lines, indentation and comments in the text between policy nodes: what
// an edit copies from its surroundings so that inserted text looks like
// the text around it.
#include "edit/internal.hpp"

namespace iamtrim::edit {

std::uint32_t line_start(const std::string& text, std::uint32_t at) {
  while (at > 0 && text[at - 1] != '\n' && text[at - 1] != '\r') --at;
  return at;
}

std::uint32_t line_end(const std::string& text, std::uint32_t at) {
  while (at < text.size() && text[at] != '\n' && text[at] != '\r') ++at;
  return at;
}

std::string newline_at(const std::string& text, std::uint32_t at) {
  std::uint32_t end = line_end(text, at);
  if (end < text.size() && text[end] == '\r') return "\r\n";
  if (end == text.size()) {  // the last line: look at the line before it
    std::uint32_t start = line_start(text, at);
    if (start >= 2 && text[start - 2] == '\r') return "\r\n";
  }
  return "\n";
}

std::string indentation_at(const std::string& text, std::uint32_t at) {
  std::uint32_t start = line_start(text, at), i = start;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  return text.substr(start, i - start);
}

bool has_newline(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

bool has_comment(std::string_view s) {
  return s.find('#') != std::string_view::npos || s.find("//") != std::string_view::npos ||
         s.find("/*") != std::string_view::npos;
}

SourceEdit make_edit(const SourceFile& file, std::uint32_t begin, std::uint32_t end, std::string text) {
  return SourceEdit{file.span(begin, end), std::move(text)};
}

Range Context::range_of(const Span& span) const {
  Range r{span.begin.offset, span.end.offset};
  const std::string& t = text();
  // The map sends the end of a decoded `"` to the byte after its backslash.
  if (syntax == Syntax::EscapedJson && r.end > r.begin + 1 && r.end < t.size() && t[r.end] == '"' &&
      t[r.end - 1] == '\\' && t[r.begin] == '\\')
    ++r.end;
  return r;
}

}  // namespace iamtrim::edit
