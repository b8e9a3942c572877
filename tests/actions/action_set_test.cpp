#include <gtest/gtest.h>

#include "iamtrim/actions.hpp"

namespace iamtrim {
namespace {

ActionSet of(std::size_t n, std::initializer_list<ActionId> ids) {
  ActionSet s(n);
  for (ActionId id : ids) s.insert(id);
  return s;
}

TEST(ActionSet, AlgebraAcrossWordBoundaries) {
  ActionSet a = of(200, {0, 63, 64, 130, 199});
  ActionSet b = of(200, {63, 64, 65, 199});
  EXPECT_EQ((a | b).ids(), (std::vector<ActionId>{0, 63, 64, 65, 130, 199}));
  EXPECT_EQ((a & b).ids(), (std::vector<ActionId>{63, 64, 199}));
  EXPECT_EQ((a - b).ids(), (std::vector<ActionId>{0, 130}));
  EXPECT_TRUE((a & b).is_subset_of(a));
  EXPECT_FALSE(a.is_subset_of(b));
  EXPECT_TRUE(a.intersects(b));
  EXPECT_FALSE((a - b).intersects(b));
  EXPECT_EQ(a.count(), 5u);
}

TEST(ActionSet, ComplementStaysInsideTheUniverse) {
  ActionSet a = of(70, {1, 69});
  ActionSet c = a.complement();
  EXPECT_EQ(c.count(), 68u);
  EXPECT_FALSE(c.contains(1));
  EXPECT_FALSE(c.contains(70));  // outside the universe
  EXPECT_EQ(c.complement(), a);
  EXPECT_TRUE(ActionSet::all(70).complement().empty());
}

TEST(ActionSet, InsertRangeMatchesSingleInserts) {
  for (ActionId first : {0u, 5u, 63u, 64u, 100u})
    for (ActionId end : {first, first + 1, first + 64, first + 130}) {
      ActionSet r(300), s(300);
      r.insert_range(first, end);
      for (ActionId i = first; i < end; ++i) s.insert(i);
      EXPECT_EQ(r, s) << first << ".." << end;
    }
}

TEST(ActionSet, DefaultSetIsEmptyAndAdoptsTheOtherUniverse) {
  ActionSet empty;
  EXPECT_TRUE(empty.empty());
  ActionSet a = of(10, {3});
  empty |= a;
  EXPECT_EQ(empty, a);
}

// A set's words are held in place up to a few and on the heap beyond:
// copies, moves and growth across that line keep every member, and the
// source of a copy is left as it was.
TEST(ActionSet, CopiesMovesAndGrowthAcrossTheInlineWords) {
  const std::size_t universe = 64 * 40;
  // Sets spanning 1 to 12 words, from different first words.
  for (ActionId first : {0u, 64u * 3 + 5, 64u * 20})
    for (std::size_t words : {1u, 3u, 4u, 5u, 12u}) {
      const ActionId last = static_cast<ActionId>(first + 64 * (words - 1));
      ActionSet a = of(universe, {first, last});
      const std::vector<ActionId> ids = a.ids();
      ActionSet copy = a;
      EXPECT_EQ(copy.ids(), ids);
      copy.insert(last + 1);
      EXPECT_EQ(a.ids(), ids) << "a copy shares no words with its source";
      ActionSet assigned = of(universe, {64 * 39});  // held on the heap or in place: replaced either way
      assigned = a;
      EXPECT_EQ(assigned.ids(), ids);
      const ActionSet& same = assigned;
      assigned = same;  // self-assignment
      EXPECT_EQ(assigned.ids(), ids);
      ActionSet moved = std::move(copy);
      EXPECT_TRUE(moved.contains(last + 1));
      EXPECT_EQ(moved.count(), ids.size() + 1);
      ActionSet move_assigned = of(universe, {1});
      move_assigned = std::move(moved);
      EXPECT_TRUE(move_assigned.contains(first));
      EXPECT_TRUE(move_assigned.contains(last + 1));
      // Growth from in place to the heap, downwards and upwards.
      ActionSet grown = a;
      grown.insert(0);
      grown.insert(static_cast<ActionId>(universe - 1));
      EXPECT_TRUE(grown.contains(first) && grown.contains(last) && grown.contains(0));
      EXPECT_TRUE(grown.contains(static_cast<ActionId>(universe - 1)));
      EXPECT_EQ(grown.count(), ids.size() + (first == 0 ? 1 : 2));
      EXPECT_TRUE(a.is_subset_of(grown));
    }
}

}  // namespace
}  // namespace iamtrim
