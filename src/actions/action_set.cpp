#include <algorithm>
#include <bit>

#include "iamtrim/actions.hpp"

namespace iamtrim {

ActionSet::ActionSet(std::size_t universe) : universe_(universe) {}

ActionSet ActionSet::all(std::size_t universe) {
  ActionSet s(universe);
  if (universe) s.insert_range(0, static_cast<ActionId>(universe));
  return s;
}

ActionSet ActionSet::from_bits(std::size_t universe, std::span<const std::uint64_t> words) {
  ActionSet s(universe);
  s.words_.assign(words.data(), words.data() + words.size());
  return s;
}

void ActionSet::cover(std::size_t first, std::size_t last) {
  if (words_.empty()) {
    base_ = first;
    words_.assign(last - first + 1, 0);
    return;
  }
  std::size_t lo = std::min(first, base_), hi = std::max(last, base_ + words_.size() - 1);
  if (lo == base_ && hi == base_ + words_.size() - 1) return;
  // At least double the window, on the side that grew and within the
  // universe: a union built pattern by pattern (a statement's actions, a
  // policy's) then moves its words a logarithmic number of times, not once
  // per new service. Words outside what was asked for are zero, as words
  // outside the window read.
  const std::size_t want = 2 * words_.size();
  const std::size_t last_word = std::max(hi, universe_ ? (universe_ - 1) / 64 : hi);
  if (hi - lo + 1 < want) {
    std::size_t extra = want - (hi - lo + 1);
    if (lo < base_) {
      std::size_t down = std::min(extra, lo);
      lo -= down;
      extra -= down;
    }
    hi = std::min(last_word, hi + extra);
  }
  detail::SetWords grown;
  grown.assign(hi - lo + 1, 0);
  std::copy(words_.begin(), words_.end(), grown.begin() + (base_ - lo));
  words_ = std::move(grown);
  base_ = lo;
}

void ActionSet::insert(ActionId id) {
  cover(id / 64, id / 64);
  words_[id / 64 - base_] |= std::uint64_t{1} << (id % 64);
}

void ActionSet::erase(ActionId id) {
  if (word(id / 64)) words_[id / 64 - base_] &= ~(std::uint64_t{1} << (id % 64));
}

bool ActionSet::contains(ActionId id) const { return id < universe_ && (word(id / 64) >> (id % 64)) & 1; }

void ActionSet::insert_range(ActionId first, ActionId end) {
  if (first >= end) return;
  cover(first / 64, (end - 1) / 64);
  for (ActionId i = first; i < end;) {
    std::size_t w = i / 64;
    unsigned lo = i % 64;
    unsigned hi = static_cast<unsigned>(std::min<std::size_t>(64, end - w * 64));
    std::uint64_t mask = (hi == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << hi) - 1)) & (~std::uint64_t{0} << lo);
    words_[w - base_] |= mask;
    i = static_cast<ActionId>((w + 1) * 64);
  }
}

std::size_t ActionSet::count() const {
  std::size_t n = 0;
  for (std::uint64_t w : words_) n += static_cast<std::size_t>(std::popcount(w));
  return n;
}

bool ActionSet::empty() const {
  return std::all_of(words_.begin(), words_.end(), [](std::uint64_t w) { return w == 0; });
}

ActionSet& ActionSet::operator|=(const ActionSet& o) {
  // A default-constructed set is the empty set of any universe.
  if (universe_ == 0) universe_ = o.universe_;
  if (o.words_.empty()) return *this;
  cover(o.base_, o.base_ + o.words_.size() - 1);
  for (std::size_t i = 0; i < o.words_.size(); ++i) words_[o.base_ + i - base_] |= o.words_[i];
  return *this;
}

ActionSet& ActionSet::operator&=(const ActionSet& o) {
  for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= o.word(base_ + i);
  return *this;
}

ActionSet& ActionSet::operator-=(const ActionSet& o) {
  for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= ~o.word(base_ + i);
  return *this;
}

ActionSet ActionSet::complement() const {
  ActionSet c = all(universe_);
  return c -= *this;
}

bool ActionSet::is_subset_of(const ActionSet& o) const {
  for (std::size_t i = 0; i < words_.size(); ++i)
    if (words_[i] & ~o.word(base_ + i)) return false;
  return true;
}

bool ActionSet::intersects(const ActionSet& o) const {
  for (std::size_t i = 0; i < words_.size(); ++i)
    if (words_[i] & o.word(base_ + i)) return true;
  return false;
}

bool operator==(const ActionSet& a, const ActionSet& b) { return a.is_subset_of(b) && b.is_subset_of(a); }

std::vector<ActionId> ActionSet::ids() const {
  std::vector<ActionId> out;
  out.reserve(count());
  for_each([&](ActionId id) { out.push_back(id); });
  return out;
}

std::string action_names(const Catalog& catalog, const ActionSet& set, std::size_t at_most) {
  std::string out;
  std::size_t shown = 0;
  set.for_each([&](ActionId id) {
    if (shown++ < at_most) out += (out.empty() ? "" : ", ") + catalog.full_name(id);
  });
  if (shown > at_most) out += ", ... (" + std::to_string(shown) + " in all)";
  return out;
}

}  // namespace iamtrim
