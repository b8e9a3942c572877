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
  // reach[i][j]: some text takes a to token i and b to token j.
  std::size_t w = b.size() + 1;
  reach.assign((a.size() + 1) * w, 0);
  reach[0] = 1;
  for (std::size_t i = 0; i <= a.size(); ++i) {
    for (std::size_t j = 0; j <= b.size(); ++j) {
      if (!reach[i * w + j]) continue;
      bool as = i < a.size() && a[i] == -1, bs = j < b.size() && b[j] == -1;
      if (as) reach[(i + 1) * w + j] = 1;  // a's run matches nothing more
      if (bs) reach[i * w + j + 1] = 1;
      if (i < a.size() && j < b.size()) {
        if (as && !bs) reach[i * w + j + 1] = 1;    // a's run eats b's byte
        if (bs && !as) reach[(i + 1) * w + j] = 1;  // b's run eats a's byte
        if (!as && !bs && (a[i] == b[j] || a[i] == -2 || b[j] == -2)) reach[(i + 1) * w + j + 1] = 1;
      }
    }
  }
  return reach[a.size() * w + b.size()];
}

}  // namespace iamtrim::lint
