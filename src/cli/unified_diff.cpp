// A longest-common-subsequence line diff. Common leading and trailing lines
// are matched first, so the table only spans the changed middle: narrowing
// turns a few lines into many (a NotAction into a list) far more often than
// it changes many lines on both sides. A middle too large for the table
// (over 16M cells) is shown as removed then added: still a correct diff,
// only not a minimal one.
#include "cli/unified_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace iamtrim::cli {
namespace {

struct Line {
  std::string_view text;  // without its newline
  bool newline = true;
};

std::vector<Line> split_lines(const std::string& s) {
  std::vector<Line> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string::npos) {
      out.push_back({std::string_view(s).substr(start), false});
      break;
    }
    out.push_back({std::string_view(s).substr(start, nl - start), true});
    start = nl + 1;
  }
  return out;
}

bool same(const Line& a, const Line& b) { return a.text == b.text && a.newline == b.newline; }

enum class Op { Keep, Del, Add };
struct Edit {
  Op op;
  std::size_t a, b;  // line indexes in before / after
};

std::vector<Edit> diff(const std::vector<Line>& a, const std::vector<Line>& b) {
  std::size_t pre = 0, suf = 0;
  while (pre < a.size() && pre < b.size() && same(a[pre], b[pre])) ++pre;
  while (suf < a.size() - pre && suf < b.size() - pre && same(a[a.size() - 1 - suf], b[b.size() - 1 - suf])) ++suf;
  const std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < pre; ++i) edits.push_back({Op::Keep, i, i});
  constexpr std::size_t kMaxCells = std::size_t{1} << 24;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kMaxCells) {
    // lcs[i][j]: LCS length of a[pre+i..] and b[pre+j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        at(i, j) = same(a[pre + i], b[pre + j]) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && same(a[pre + i], b[pre + j])) {
        edits.push_back({Op::Keep, pre + i++, pre + j++});
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        edits.push_back({Op::Del, pre + i++, pre + j});  // deletions first, as diff prints them
      } else {
        edits.push_back({Op::Add, pre + i, pre + j++});
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) edits.push_back({Op::Del, pre + i, pre});
    for (std::size_t j = 0; j < m; ++j) edits.push_back({Op::Add, pre + n, pre + j});
  }
  for (std::size_t i = 0; i < suf; ++i) edits.push_back({Op::Keep, pre + n + i, pre + m + i});
  return edits;
}

void emit(std::string& out, char mark, const Line& l) {
  out += mark;
  out += l.text;
  out += '\n';
  if (!l.newline) out += "\\ No newline at end of file\n";
}

// "start,count" as diff prints it: an empty range names the line before it.
std::string range(std::size_t start, std::size_t count) {
  std::string s = std::to_string(count == 0 ? start : start + 1);
  if (count != 1) s += "," + std::to_string(count);
  return s;
}

}  // namespace

std::string unified_diff(const std::string& before, const std::string& after, const std::string& old_name,
                         const std::string& new_name) {
  if (before == after) return "";
  std::vector<Line> a = split_lines(before), b = split_lines(after);
  std::vector<Edit> edits = diff(a, b);
  constexpr std::size_t kContext = 3;
  std::string out = "--- " + old_name + "\n+++ " + new_name + "\n";
  std::size_t i = 0;
  while (i < edits.size()) {
    if (edits[i].op == Op::Keep) {
      ++i;
      continue;
    }
    // A hunk: back up to 3 lines of context, then run until 7+ unchanged lines.
    std::size_t start = i >= kContext ? i - kContext : 0;
    while (start < i && edits[start].op != Op::Keep) ++start;
    std::size_t end = i;
    std::size_t keeps = 0;
    while (end < edits.size() && keeps <= 2 * kContext) {
      keeps = edits[end].op == Op::Keep ? keeps + 1 : 0;
      ++end;
    }
    if (keeps > kContext) end -= keeps - kContext;
    std::size_t a_start = edits[start].a, b_start = edits[start].b, a_count = 0, b_count = 0;
    std::string body;
    for (std::size_t j = start; j < end; ++j) {
      const Edit& e = edits[j];
      if (e.op != Op::Add) ++a_count;
      if (e.op != Op::Del) ++b_count;
      if (e.op == Op::Keep) emit(body, ' ', a[e.a]);
      else if (e.op == Op::Del) emit(body, '-', a[e.a]);
      else emit(body, '+', b[e.b]);
    }
    out += "@@ -" + range(a_start, a_count) + " +" + range(b_start, b_count) + " @@\n" + body;
    i = end;
  }
  return out;
}

}  // namespace iamtrim::cli
