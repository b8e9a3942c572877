#include <bit>

#include "iamtrim/actions.hpp"

namespace iamtrim {

ActionSet::ActionSet(std::size_t universe) { fit(universe); }

void ActionSet::fit(std::size_t universe) {
  universe_ = universe;
  words_.assign((universe + 63) / 64, 0);
}

ActionSet ActionSet::all(std::size_t universe) {
  ActionSet s(universe);
  s.insert_range(0, static_cast<ActionId>(universe));
  return s;
}

void ActionSet::insert(ActionId id) { words_[id / 64] |= std::uint64_t{1} << (id % 64); }
void ActionSet::erase(ActionId id) { words_[id / 64] &= ~(std::uint64_t{1} << (id % 64)); }
bool ActionSet::contains(ActionId id) const {
  return id < universe_ && (words_[id / 64] >> (id % 64)) & 1;
}

void ActionSet::insert_range(ActionId first, ActionId end) {
  while (first < end && first % 64) insert(first++);
  while (first + 64 <= end) {
    words_[first / 64] = ~std::uint64_t{0};
    first += 64;
  }
  while (first < end) insert(first++);
}

std::size_t ActionSet::count() const {
  std::size_t n = 0;
  for (std::uint64_t w : words_) n += static_cast<std::size_t>(std::popcount(w));
  return n;
}

bool ActionSet::empty() const {
  for (std::uint64_t w : words_)
    if (w) return false;
  return true;
}

// A default-constructed set is the empty set of any universe, so the binary
// operations adopt the other side's size.
ActionSet& ActionSet::operator|=(const ActionSet& o) {
  if (words_.empty()) return *this = o;
  for (std::size_t i = 0; i < words_.size() && i < o.words_.size(); ++i) words_[i] |= o.words_[i];
  return *this;
}
ActionSet& ActionSet::operator&=(const ActionSet& o) {
  for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= i < o.words_.size() ? o.words_[i] : 0;
  return *this;
}
ActionSet& ActionSet::operator-=(const ActionSet& o) {
  for (std::size_t i = 0; i < words_.size() && i < o.words_.size(); ++i) words_[i] &= ~o.words_[i];
  return *this;
}

ActionSet ActionSet::complement() const {
  ActionSet c = all(universe_);
  return c -= *this;
}

bool ActionSet::is_subset_of(const ActionSet& o) const {
  for (std::size_t i = 0; i < words_.size(); ++i)
    if (words_[i] & ~(i < o.words_.size() ? o.words_[i] : 0)) return false;
  return true;
}

bool ActionSet::intersects(const ActionSet& o) const {
  for (std::size_t i = 0; i < words_.size() && i < o.words_.size(); ++i)
    if (words_[i] & o.words_[i]) return true;
  return false;
}

bool operator==(const ActionSet& a, const ActionSet& b) {
  return a.is_subset_of(b) && b.is_subset_of(a);
}

std::vector<ActionId> ActionSet::ids() const {
  std::vector<ActionId> out;
  out.reserve(count());
  for_each([&](ActionId id) { out.push_back(id); });
  return out;
}

}  // namespace iamtrim
