// Keeping HCL aligned the way `terraform fmt` aligns it. fmt lines up the
// "=" of consecutive one-line attributes (`key = value` lines with nothing
// between them); a line whose value continues on later lines (`Action = [`)
// takes one space and ends the run. An edit can change that shape: a list
// that becomes one item per line, a `not_actions` renamed `actions`, a block
// deleted between two attributes. After planning, the runs around the edited
// lines are re-aligned, changing only the blanks before their "=", so a file
// that fmt accepted before is accepted after.
#include <algorithm>
#include <cctype>
#include <optional>

#include "edit/internal.hpp"

namespace iamtrim::edit {
namespace {

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// Skips a quoted string from its opening quote; interpolations may nest
// strings. Returns the offset after the closing quote, or `end` when the
// string does not close on this line.
std::size_t skip_string(const std::string& t, std::size_t i, std::size_t end) {
  int interpolation = 0;
  for (++i; i < end; ++i) {
    const char c = t[i];
    if (c == '\\') {
      ++i;
    } else if (interpolation == 0 && c == '"') {
      return i + 1;
    } else if ((c == '$' || c == '%') && i + 1 < end && t[i + 1] == '{') {
      ++interpolation;
      ++i;
    } else if (interpolation > 0 && c == '}') {
      --interpolation;
    } else if (interpolation > 0 && c == '"') {
      i = skip_string(t, i, end) - 1;
    }
  }
  return end;
}

struct Line {
  std::size_t begin = 0, end = 0;  // [begin, end) without the line break
  bool assign = false;             // `key = value` with the value on this line
  bool opener = false;             // `key = ...` whose value continues below
  std::size_t key_end = 0, equals = 0;
  std::size_t key_width = 0;
};

Line classify(const std::string& t, std::size_t begin, std::size_t end) {
  Line l{begin, end};
  std::size_t i = begin;
  while (i < end && (t[i] == ' ' || t[i] == '\t')) ++i;
  const std::size_t key = i;
  if (i < end && ident_start(t[i])) {
    while (i < end && ident_char(t[i])) ++i;
  } else if (i < end && t[i] == '"') {
    i = skip_string(t, i, end);
  } else {
    return l;
  }
  const std::size_t key_end = i;
  while (i < end && (t[i] == ' ' || t[i] == '\t')) ++i;
  if (i >= end || t[i] != '=' || (i + 1 < end && (t[i + 1] == '=' || t[i + 1] == '>'))) return l;
  l.key_end = key_end;
  l.equals = i;
  l.key_width = key_end - key;
  int depth = 0;
  bool open = false;
  for (++i; i < end; ++i) {
    const char c = t[i];
    if (c == '"') {
      std::size_t after = skip_string(t, i, end);
      if (after == end && (end == 0 || t[end - 1] != '"')) open = true;
      i = after - 1;
    } else if (c == '#' || (c == '/' && i + 1 < end && t[i + 1] == '/')) {
      break;
    } else if (c == '<' && i + 1 < end && t[i + 1] == '<') {
      open = true;  // a heredoc
      break;
    } else if (c == '[' || c == '{' || c == '(') {
      ++depth;
    } else if (c == ']' || c == '}' || c == ')') {
      --depth;
    }
  }
  (depth > 0 || open ? l.opener : l.assign) = true;
  return l;
}

// Pieces of the edited text copied unchanged from the original:
// edited [at, at + length) is original [from, from + length).
struct Piece {
  std::size_t at, from, length;
};

}  // namespace

void align_hcl(const Context& c, Range region, std::vector<SourceEdit>& edits) {
  if (edits.empty()) return;
  EditResult applied = apply_edits(c.text(), edits);
  if (!applied.ok()) return;  // the caller reports overlapping edits
  const std::string& t = applied.text;
  std::vector<SourceEdit> sorted = edits;
  std::stable_sort(sorted.begin(), sorted.end(), [](const SourceEdit& a, const SourceEdit& b) {
    return a.range.begin.offset < b.range.begin.offset;
  });
  // Where each edit landed, and the unchanged pieces between them.
  std::vector<Piece> pieces;
  std::vector<std::pair<std::size_t, std::size_t>> changed;  // edited ranges in the new text
  std::size_t from = 0, at = 0;
  for (const SourceEdit& e : sorted) {
    const std::size_t b = e.range.begin.offset, en = e.range.end.offset;
    if (b < from) continue;  // a duplicate apply_edits dropped
    pieces.push_back({at, from, b - from});
    at += b - from;
    changed.push_back({at, at + e.text.size()});
    at += e.text.size();
    from = en;
  }
  pieces.push_back({at, from, c.text().size() - from});
  auto to_original = [&](std::size_t begin, std::size_t end) -> std::optional<std::size_t> {
    for (const Piece& p : pieces)
      if (begin >= p.at && end <= p.at + p.length) return p.from + (begin - p.at);
    return std::nullopt;
  };
  auto to_new = [&](std::size_t original) {
    for (const Piece& p : pieces)
      if (original >= p.from && original <= p.from + p.length) return p.at + (original - p.from);
    return original;
  };
  // The lines of the region in the new text.
  const std::size_t region_begin = line_start(t, static_cast<std::uint32_t>(to_new(region.begin)));
  const std::size_t region_end = line_end(t, static_cast<std::uint32_t>(std::min(to_new(region.end), t.size())));
  std::vector<Line> lines;
  for (std::size_t i = region_begin; i <= region_end && i <= t.size();) {
    std::size_t e = line_end(t, static_cast<std::uint32_t>(i));
    lines.push_back(classify(t, i, e));
    if (e >= t.size()) break;
    i = e + (t[e] == '\r' && e + 1 < t.size() && t[e + 1] == '\n' ? 2 : 1);
  }
  // Lines an edit touched, and their neighbours: the runs to re-align.
  std::vector<bool> near(lines.size(), false);
  for (std::size_t k = 0; k < lines.size(); ++k)
    for (const auto& [b, e] : changed)
      if (b <= lines[k].end && e >= lines[k].begin) {
        for (std::size_t n = k == 0 ? 0 : k - 1; n <= k + 1 && n < lines.size(); ++n) near[n] = true;
      }
  auto pad = [&](const Line& l, std::size_t spaces) {
    if (l.equals - l.key_end == spaces && t.compare(l.key_end, spaces, std::string(spaces, ' ')) == 0) return;
    std::optional<std::size_t> o = to_original(l.key_end, l.equals);
    if (!o) return;  // inside an edit's own text: nothing to re-align
    edits.push_back(make_edit(c.file, static_cast<std::uint32_t>(*o),
                              static_cast<std::uint32_t>(*o + (l.equals - l.key_end)), std::string(spaces, ' ')));
  };
  for (std::size_t k = 0; k < lines.size();) {
    if (lines[k].opener) {
      if (near[k]) pad(lines[k], 1);
      ++k;
      continue;
    }
    if (!lines[k].assign) {
      ++k;
      continue;
    }
    std::size_t end = k, width = 0;
    bool touched = false;
    for (; end < lines.size() && lines[end].assign; ++end) {
      width = std::max(width, lines[end].key_width);
      touched = touched || near[end];
    }
    if (touched)
      for (std::size_t n = k; n < end; ++n) pad(lines[n], width - lines[n].key_width + 1);
    k = end;
  }
}

}  // namespace iamtrim::edit
