#include "lint/arn.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
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

std::string_view arn_format_service(std::string_view format, std::string_view own) {
  constexpr std::string_view kHead = "arn:${Partition}:";
  if (!own.empty() && format.size() > kHead.size() + own.size() && own.find(':') == std::string_view::npos &&
      format.substr(0, kHead.size()) == kHead && format.substr(kHead.size(), own.size()) == own &&
      format[kHead.size() + own.size()] == ':') {
    // Region and account follow, as split_arn requires.
    const std::size_t region_end = format.find(':', kHead.size() + own.size() + 1);
    if (region_end != std::string_view::npos && format.find(':', region_end + 1) != std::string_view::npos)
      return format.substr(kHead.size(), own.size());
    return {};
  }
  auto parts = split_arn(format);
  return parts ? parts->service : std::string_view();
}

namespace {

// A pattern read token by token: a byte (lower-cased), or "any run" (-1:
// '*' in a policy, "${...}" in both), or "any one byte" (-2: '?' in a
// policy). Streaming, so a 100 MB ARN is never copied; the position of the
// next '}' is remembered, so "${${${..." without one is still one pass.
class Tokens {
 public:
  Tokens(std::string_view text, bool policy) : text_(text), policy_(policy) {}
  bool done() const { return pos_ >= text_.size(); }
  int peek() {
    if (!ready_) {
      std::size_t at = pos_;
      token_ = read(at);
      after_ = at;
      ready_ = true;
    }
    return token_;
  }
  void pop() {
    peek();
    pos_ = after_;
    ready_ = false;
  }
  // Skips plain bytes (never '$', '*' or '?') while `skippable(byte)`.
  template <typename Pred>
  void skip(Pred skippable) {
    if (ready_) return;
    while (pos_ < text_.size()) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '$' || c == '*' || c == '?' || !skippable(c >= 'A' && c <= 'Z' ? c + 32 : c)) break;
      ++pos_;
    }
  }

 private:
  int read(std::size_t& at) {
    char c = text_[at];
    if (c == '$' && at + 1 < text_.size() && text_[at + 1] == '{' && !no_close_) {
      if (close_ == std::string_view::npos || close_ < at) close_ = text_.find('}', at);
      if (close_ == std::string_view::npos) {
        no_close_ = true;
      } else {
        at = close_ + 1;
        return -1;
      }
    }
    ++at;
    if (policy_ && c == '*') return -1;
    if (policy_ && c == '?') return -2;
    return c >= 'A' && c <= 'Z' ? c + 32 : static_cast<unsigned char>(c);
  }

  std::string_view text_;
  bool policy_;
  std::size_t pos_ = 0, after_ = 0, close_ = std::string_view::npos;
  bool no_close_ = false, ready_ = false;
  int token_ = 0;
};

void tokens(std::string_view text, bool policy, std::vector<int>& out) {
  out.clear();
  for (Tokens t(text, policy); !t.done(); t.pop()) out.push_back(t.peek());
}

// The policy pattern as the search consumes it: from an array, or straight
// from the text.
struct ArrayTokens {
  const int* x;
  std::size_t n, i = 0;
  bool done() const { return i >= n; }
  int peek() const { return x[i]; }
  void pop() { ++i; }
  template <typename Pred>
  void skip(Pred skippable) {
    while (i < n && x[i] >= 0 && skippable(x[i])) ++i;
  }
};

// The search walks the policy pattern x token by token, keeping the set of
// format positions j that some text reaches together with it: the table
// reach[i][j] of the textbook algorithm, one row at a time, so memory is
// O(format) and time O(policy x format). Two exits end it early: no
// position left (no overlap), or a position from which the rest of the
// format is only runs (they absorb whatever of x is left).
//
// Rows as 64-bit masks: formats of up to 63 tokens (nearly all).
template <typename X>
bool search_small(X& x, const int* y, std::size_t m) {
  std::uint64_t runs = 0, tail = 0;
  for (std::size_t j = 0; j < m; ++j)
    if (y[j] == -1) runs |= std::uint64_t{1} << j;
  for (std::size_t j = m; j-- > 0 && y[j] == -1;) tail |= std::uint64_t{1} << j;  // runs to the end
  const std::uint64_t all = m == 63 ? ~std::uint64_t{0} : (std::uint64_t{1} << (m + 1)) - 1;
  const std::uint64_t end_bit = std::uint64_t{1} << m;
  auto close = [runs](std::uint64_t row) {  // y's runs may match nothing
    for (std::uint64_t grown = row | ((row & runs) << 1); grown != row; grown = row | ((row & runs) << 1)) row = grown;
    return row;
  };
  // Bytes after which the row is as it was (row is a fixed point of
  // them), for the current row: stamp[b] == generation. A stretch of such
  // bytes is skipped at once; a long ARN is mostly such a stretch.
  std::uint32_t stamp[256] = {};
  std::uint32_t generation = 1;
  std::uint64_t row = 1, stamped = 0;
  for (;;) {
    bool at_end = x.done();
    int t = at_end ? 0 : x.peek();
    if (!at_end && t == -1) row = all & ~((row & (~row + 1)) - 1);  // x's run eats any of y: every position from the first on
    else row = close(row);
    if (row != stamped) {
      ++generation;
      stamped = row;
    }
    if ((row & tail) || (at_end && (row & end_bit))) return true;
    if (at_end || !row) return false;
    x.pop();
    if (t == -1) continue;  // x's run matches nothing more: same positions
    // x's byte (or '?'): a run of y eats it, or an equal byte of y advances.
    std::uint64_t next = row & runs;
    for (std::uint64_t bits = row & ~runs & ~end_bit; bits; bits &= bits - 1) {
      int j = __builtin_ctzll(bits);
      if (t == -2 || t == y[j]) next |= std::uint64_t{1} << (j + 1);
    }
    if (t >= 0 && close(next) == row) {
      stamp[t] = generation;
      x.skip([&](int b) { return stamp[b] == generation; });
      continue;  // row unchanged
    }
    row = next;
  }
}

// The same with rows of bytes, for longer formats.
template <typename X>
bool search_rows(X& x, const int* y, std::size_t m) {
  std::vector<char> row(m + 1, 0), next(m + 1, 0);
  std::size_t tail = m;  // positions in [tail, m) hold runs to the end
  while (tail > 0 && y[tail - 1] == -1) --tail;
  row[0] = 1;
  for (;; x.pop()) {
    bool at_end = x.done();
    int t = at_end ? 0 : x.peek();
    bool any = false, on = false;
    for (std::size_t j = 0; j <= m; ++j) {
      if (!at_end && t == -1) on = on || row[j];
      else on = row[j] || (j > 0 && on && y[j - 1] == -1);
      row[j] = on;
      if (!on) continue;
      any = true;
      if ((j >= tail && j < m) || (at_end && j == m)) return true;
    }
    if (at_end || !any) return false;
    if (t == -1) continue;
    std::fill(next.begin(), next.end(), 0);
    for (std::size_t j = 0; j < m; ++j) {
      if (!row[j]) continue;
      if (y[j] == -1) next[j] = 1;
      else if (t == -2 || t == y[j]) next[j + 1] = 1;
    }
    row.swap(next);
  }
}

template <typename X>
bool search(X& x, const int* y, std::size_t m) {
  return m < 64 ? search_small(x, y, m) : search_rows(x, y, m);
}

// Policy patterns longer than this are streamed rather than tokenised.
constexpr std::size_t kShortPattern = 4096;

}  // namespace

namespace {

// The tokens of catalog ARN formats already seen on this thread: a policy's
// ARNs are compared with the same few resource types over and over. A slot
// is found by the text's address and used only when it holds the same text.
const std::vector<int>& format_tokens(std::string_view format) {
  struct Slot {
    std::string text;
    std::vector<int> tokens;
    bool used = false;
  };
  constexpr std::size_t kSlots = 256;
  thread_local std::vector<Slot> slots(kSlots);
  if (format.size() > kShortPattern) {  // not kept: the cache stays small whatever a catalog holds
    thread_local std::vector<int> long_format;
    tokens(format, false, long_format);
    return long_format;
  }
  const auto at = reinterpret_cast<std::uintptr_t>(format.data());
  Slot& slot = slots[((at >> 3) ^ (at >> 11) ^ format.size()) % kSlots];
  if (!slot.used || slot.text != format) {
    slot.text.assign(format);
    tokens(format, false, slot.tokens);
    slot.used = true;
  }
  return slot.tokens;
}

}  // namespace

bool arn_overlaps(std::string_view policy_arn, std::string_view format) {
  // Buffers reused across calls: this runs for every ARN and resource type
  // pair, and allocating each time dominated its cost.
  thread_local std::vector<int> a;
  const std::vector<int>& b = format_tokens(format);
  if (policy_arn.size() > kShortPattern) {
    // Literal bytes at the start must agree; then search the rest as it streams.
    Tokens x(policy_arn, true);
    std::size_t b0 = 0;
    for (; !x.done() && b0 < b.size() && x.peek() >= 0 && b[b0] >= 0; x.pop(), ++b0)
      if (x.peek() != b[b0]) return false;
    return search(x, b.data() + b0, b.size() - b0);
  }
  // A policy ARN is compared with every resource type of its actions in
  // turn: its tokens are kept for the next call with the same text.
  thread_local std::string a_text;
  if (policy_arn != a_text) {
    tokens(policy_arn, true, a);
    a_text.assign(policy_arn);
  }
  // Literal bytes at either end must agree, and then take no part in the
  // search: most pairs are settled here.
  std::size_t a0 = 0, b0 = 0, a1 = a.size(), b1 = b.size();
  for (; a0 < a1 && b0 < b1 && a[a0] >= 0 && b[b0] >= 0; ++a0, ++b0)
    if (a[a0] != b[b0]) return false;
  for (; a1 > a0 && b1 > b0 && a[a1 - 1] >= 0 && b[b1 - 1] >= 0; --a1, --b1)
    if (a[a1 - 1] != b[b1 - 1]) return false;
  ArrayTokens x{a.data() + a0, a1 - a0};
  return search(x, b.data() + b0, b1 - b0);
}

}  // namespace iamtrim::lint
