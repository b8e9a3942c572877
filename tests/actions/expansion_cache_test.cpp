// The expansion cache behind expand_pattern(): the same answers as
// expanding afresh (every pattern of the AWS managed policies, in the case
// written and in other cases, typos and malformed patterns), hits counted,
// its entry limit kept, separate catalogs kept apart, and several threads
// using it at once.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

bool same(const PatternMatch& a, const PatternMatch& b) {
  return a.status == b.status && a.actions == b.actions && a.suggestions == b.suggestions;
}

std::string flip_case(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

// Every Action/NotAction string of the managed policies, in order, repeats
// included, then the hand-picked ones: other cases, typos, malformed.
std::vector<std::string> patterns() {
  std::vector<std::string> out = {"*",          "S3:GETOBJECT", "s3:getobject", "s3:Get*",   "S3:get*",
                                  "s3:GetObjet", "lamda:Invoke", "s3:Get(*",    "*:Get*",    "s3:*:*",
                                  "s3:",         ":x",           "noservice",   "iam:*Role?", "IAM:*role?"};
  if (auto dir = test::corpus_path("aws-managed")) {
    for (const auto& path : test::files_in(*dir, ".json")) {
      SourceFile file = SourceFile::from_string(path.string(), test::read_file(path));
      PolicyResult p = parse_policy(parse_json(file).value);
      for (const Statement& st : p.policy.statements)
        if (st.actions())
          for (const Item& item : st.actions()->items)
            if (item.kind == ValueKind::String) out.push_back(item.text);
    }
  }
  return out;
}

class ExpansionCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { configure_expansion_cache(); }
  void TearDown() override { configure_expansion_cache(); }
};

TEST_F(ExpansionCacheTest, SameAnswersAsExpandingAfreshAndHitsCounted) {
  Catalog catalog = Catalog::embedded();
  configure_expansion_cache(1 << 17);  // room for every key below: nothing evicted
  if (!test::corpus_path("aws-managed")) GTEST_SKIP() << "corpus folder 'aws-managed' not found (set IAMTRIM_CORPUS)";
  const std::vector<std::string> all = patterns();
  ASSERT_GT(all.size(), 50000u);  // the corpus is there
  std::set<std::string> distinct(all.begin(), all.end());
  for (int pass = 0; pass < 2; ++pass)
    for (const std::string& p : all) {
      ASSERT_TRUE(same(expand_pattern(catalog, p), expand_pattern_uncached(catalog, p))) << p;
      std::string other = flip_case(p);
      ASSERT_TRUE(same(expand_pattern(catalog, other), expand_pattern_uncached(catalog, other))) << other;
    }
  std::set<std::string> keys(distinct);
  for (const std::string& p : distinct) keys.insert(flip_case(p));
  ExpansionCacheStats s = expansion_cache_stats();
  EXPECT_EQ(s.entries, keys.size());
  EXPECT_EQ(s.misses, keys.size());
  EXPECT_EQ(s.hits + s.misses, 4 * all.size());
  // Off: nothing stored, nothing counted, the same answers.
  configure_expansion_cache(0);
  EXPECT_TRUE(same(expand_pattern(catalog, "s3:Get*"), expand_pattern_uncached(catalog, "s3:Get*")));
  s = expansion_cache_stats();
  EXPECT_EQ(s.entries + s.hits + s.misses, 0u);
}

TEST_F(ExpansionCacheTest, NeverHoldsMoreThanItsLimit) {
  Catalog catalog = Catalog::embedded();
  const std::size_t limit = 100;
  configure_expansion_cache(limit);
  std::vector<std::string> names;
  for (ActionId id = 0; id < 3000; ++id) names.push_back(catalog.full_name(id));
  for (const std::string& n : names) {
    ASSERT_TRUE(same(expand_pattern(catalog, n), expand_pattern_uncached(catalog, n))) << n;
    ASSERT_LE(expansion_cache_stats().entries, limit);
  }
  ExpansionCacheStats s = expansion_cache_stats();
  EXPECT_EQ(s.misses, names.size());
  EXPECT_GT(s.entries, 0u);
  // The name stored last is still held and answers from the cache.
  EXPECT_TRUE(same(expand_pattern(catalog, names.back()), expand_pattern_uncached(catalog, names.back())));
  s = expansion_cache_stats();
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.misses, names.size());
  EXPECT_LE(s.entries, limit);
}

TEST_F(ExpansionCacheTest, CatalogsAreKeptApart) {
  Catalog embedded = Catalog::embedded();
  auto small = Catalog::parse("iamtrim-catalog\t1\nversion\tt\nS\ts3\tS3\nA\tGetObject\tR\t\t\t-\n", nullptr);
  ASSERT_TRUE(small);
  EXPECT_NE(small->instance(), embedded.instance());
  EXPECT_EQ(Catalog::embedded().instance(), embedded.instance());
  PatternMatch big = expand_pattern(embedded, "s3:Get*");
  PatternMatch one = expand_pattern(*small, "s3:Get*");
  EXPECT_GT(big.actions.count(), 1u);
  EXPECT_EQ(one.actions.count(), 1u);
  EXPECT_EQ(one.actions.universe(), 1u);
  EXPECT_TRUE(same(expand_pattern(embedded, "s3:Get*"), big));
  EXPECT_TRUE(same(expand_pattern(*small, "s3:Get*"), one));
  EXPECT_EQ(expansion_cache_stats().hits, 2u);
}

TEST_F(ExpansionCacheTest, SeveralThreadsAtOnce) {
  Catalog catalog = Catalog::embedded();
  std::vector<std::string> all = patterns();
  all.resize(std::min<std::size_t>(all.size(), 20000));
  std::vector<PatternMatch> expected;
  for (const std::string& p : all) expected.push_back(expand_pattern_uncached(catalog, p));
  // A limit below the distinct count, so threads also evict while others read.
  configure_expansion_cache(2000);
  const int threads = 4;
  std::vector<int> wrong(threads, 0);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (std::size_t k = 0; k < all.size(); ++k) {
        std::size_t i = (k * (t + 1)) % all.size();  // each thread its own order
        if (!same(expand_pattern(catalog, all[i]), expected[i])) ++wrong[t];
      }
    });
  for (std::thread& th : pool) th.join();
  for (int t = 0; t < threads; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
  ExpansionCacheStats s = expansion_cache_stats();
  EXPECT_EQ(s.hits + s.misses, threads * all.size());
  EXPECT_GT(s.hits, 0u);
  EXPECT_LE(s.entries, 2000u);
}

}  // namespace
}  // namespace iamtrim
