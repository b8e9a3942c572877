// `# iamtrim:ignore CODE[,CODE] reason` comments. Which lines a comment
// covers is decided from the text alone (brackets in HCL, indentation in
// YAML), so suppression works the same whatever reader found the policy.
#include <algorithm>
#include <cstring>

#include "iamtrim/catalog.hpp"
#include "iamtrim/sources.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim {
namespace {

constexpr std::string_view kMarker = "iamtrim:ignore";

bool is_yaml(const std::string& path) {
  auto ends = [&](std::string_view s) { return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0; };
  return ends(".yaml") || ends(".yml") || ends(".template");
}

std::size_t indent(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

bool is_comment_line(std::string_view line) {
  std::string_view t = trim(line, " \t");
  return t.empty() || t[0] == '#' || t.substr(0, 2) == "//";
}

// The last line of the block that `line` opens, by bracket depth; strings
// and comments are skipped so braces in them do not count.
std::uint32_t bracket_block_end(const SourceFile& file, std::uint32_t line) {
  int depth = 0;
  bool opened = false;
  for (std::uint32_t l = line; l <= file.line_count(); ++l) {
    std::string_view text = file.line_text(l);
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') in_string = true;
      else if (c == '#' || (c == '/' && i + 1 < text.size() && text[i + 1] == '/')) break;
      else if (c == '{' || c == '[' || c == '(') ++depth, opened = true;
      else if (c == '}' || c == ']' || c == ')') --depth;
    }
    if (!opened || depth <= 0) return l;
  }
  return static_cast<std::uint32_t>(file.line_count());
}

// YAML: the lines after `line` that are indented deeper (or blank).
std::uint32_t indent_block_end(const SourceFile& file, std::uint32_t line) {
  std::size_t base = indent(file.line_text(line));
  std::uint32_t last = line;
  for (std::uint32_t l = line + 1; l <= file.line_count(); ++l) {
    std::string_view text = file.line_text(l);
    if (trim(text, " \t").empty()) continue;
    if (indent(text) <= base && !(trim(text, " \t")[0] == '-' && indent(text) == base && trim(file.line_text(line), " \t")[0] != '-')) break;
    last = l;
  }
  return last;
}

}  // namespace

std::vector<Suppression> read_suppressions(const SourceFile& file) {
  std::vector<Suppression> out;
  // Most files hold no marker at all: one search of the whole text (glibc's
  // memmem) settles that before any line is looked at.
  const std::string& all = file.text();
  if (!memmem(all.data(), all.size(), kMarker.data(), kMarker.size())) return out;
  bool yaml = is_yaml(file.path());
  for (std::uint32_t l = 1; l <= file.line_count(); ++l) {
    std::string_view text = file.line_text(l);
    std::size_t at = text.find(kMarker);
    if (at == std::string_view::npos) continue;
    std::string_view before = trim(text.substr(0, at), " \t");
    std::size_t marker_len = before.size() >= 2 && before.substr(before.size() - 2) == "//" ? 2 : 1;
    if (before.empty() || !(before.back() == '#' || (marker_len == 2 && !yaml))) continue;
    std::string_view code_side = before.substr(0, before.size() - marker_len);
    Suppression s;
    s.comment_line = l;
    std::string_view rest = trim(text.substr(at + kMarker.size()), " \t");
    std::size_t space = rest.find_first_of(" \t");
    std::string_view codes = rest.substr(0, space);
    s.reason = space == std::string_view::npos ? "" : std::string(trim(rest.substr(space), " \t"));
    const auto codes_at = static_cast<std::uint32_t>(file.line_start(l) + (codes.data() - text.data()));
    for (std::size_t from = 0; from <= codes.size();) {
      std::size_t comma = codes.find(',', from);
      std::string_view code = codes.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from);
      if (!code.empty()) {
        s.codes.emplace_back(code);
        auto begin = static_cast<std::uint32_t>(codes_at + from);
        s.code_spans.push_back(file.span(begin, begin + static_cast<std::uint32_t>(code.size())));
      }
      if (comma == std::string_view::npos) break;
      from = comma + 1;
    }
    if (s.codes.empty()) continue;
    if (!trim(code_side, " \t").empty()) {  // a trailing comment covers its own line
      s.first_line = s.last_line = l;
    } else {
      std::uint32_t target = l + 1;
      while (target <= file.line_count() && is_comment_line(file.line_text(target))) ++target;
      if (target > file.line_count()) continue;
      s.first_line = target;
      s.last_line = yaml ? indent_block_end(file, target) : bracket_block_end(file, target);
    }
    out.push_back(std::move(s));
  }
  return out;
}

bool is_suppressed(const std::vector<Suppression>& suppressions, std::string_view code, std::string_view slug,
                   std::uint32_t line) {
  for (const Suppression& s : suppressions) {
    if (line < s.first_line || line > s.last_line) continue;
    for (const std::string& c : s.codes)
      if (iequals(c, code) || (!slug.empty() && iequals(c, slug))) return true;
  }
  return false;
}

}  // namespace iamtrim
