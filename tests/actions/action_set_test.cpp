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

}  // namespace
}  // namespace iamtrim
