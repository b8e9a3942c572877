#include "lint/arn.hpp"

#include <vector>

namespace iamtrim::lint {

std::optional<ArnParts> split_arn(std::string_view arn) {
  if (arn.substr(0, 4) != "arn:") return std::nullopt;
  std::string_view parts[6];
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return std::nullopt;
    parts[i] = arn.substr(start, colon - start);
    start = colon + 1;
  }
  parts[5] = arn.substr(start);
  return ArnParts{parts[1], parts[2], parts[3], parts[4], parts[5]};
}

namespace {

// A pattern as tokens: a byte, or "any run" (-1), or "any one byte" (-2).
void tokens(std::string_view text, bool policy, std::vector<int>& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      std::size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        out.push_back(-1);
        i = close;
        continue;
      }
    }
    if (policy && c == '*') out.push_back(-1);
    else if (policy && c == '?') out.push_back(-2);
    else out.push_back(c >= 'A' && c <= 'Z' ? c + 32 : static_cast<unsigned char>(c));
  }
}

}  // namespace

bool arn_overlaps(std::string_view policy_arn, std::string_view format) {
  // Buffers reused across calls: this runs for every ARN and resource type
  // pair, and allocating three vectors each time dominated its cost.
  thread_local std::vector<int> a, b;
  thread_local std::vector<char> reach;
  tokens(policy_arn, true, a);
  tokens(format, false, b);
  // Literal bytes at either end must agree, and then take no part in the
  // search: most pairs are settled here, before the table.
  std::size_t a0 = 0, b0 = 0, a1 = a.size(), b1 = b.size();
  for (; a0 < a1 && b0 < b1 && a[a0] >= 0 && b[b0] >= 0; ++a0, ++b0)
    if (a[a0] != b[b0]) return false;
  for (; a1 > a0 && b1 > b0 && a[a1 - 1] >= 0 && b[b1 - 1] >= 0; --a1, --b1)
    if (a[a1 - 1] != b[b1 - 1]) return false;
  std::size_t n = a1 - a0, m = b1 - b0;
  const int* x = a.data() + a0;
  const int* y = b.data() + b0;
  // reach[i][j]: some text takes x to token i and y to token j.
  std::size_t w = m + 1;
  reach.assign((n + 1) * w, 0);
  reach[0] = 1;
  for (std::size_t i = 0; i <= n; ++i) {
    for (std::size_t j = 0; j <= m; ++j) {
      if (!reach[i * w + j]) continue;
      bool as = i < n && x[i] == -1, bs = j < m && y[j] == -1;
      if (as) reach[(i + 1) * w + j] = 1;  // x's run matches nothing more
      if (bs) reach[i * w + j + 1] = 1;
      if (i < n && j < m) {
        if (as && !bs) reach[i * w + j + 1] = 1;    // x's run eats y's byte
        if (bs && !as) reach[(i + 1) * w + j] = 1;  // y's run eats x's byte
        if (!as && !bs && (x[i] == y[j] || x[i] == -2 || y[j] == -2)) reach[(i + 1) * w + j + 1] = 1;
      }
    }
  }
  return reach[n * w + m];
}

}  // namespace iamtrim::lint
