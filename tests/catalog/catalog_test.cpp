// The catalog index: the embedded data set, lookups, and the loader's
// handling of malformed catalog files.
#include <gtest/gtest.h>

#include <algorithm>

#include "iamtrim/catalog.hpp"

namespace iamtrim {
namespace {

TEST(EmbeddedCatalog, IsCompleteAndVersioned) {
  Catalog c = Catalog::embedded();
  EXPECT_FALSE(c.version().empty());
  EXPECT_EQ(c.date().size(), 10u);  // YYYY-MM-DD
  EXPECT_GT(c.services().size(), 400u);
  EXPECT_GT(c.action_count(), 20000u);
  EXPECT_GT(c.global_condition_keys().size(), 30u);
}

TEST(EmbeddedCatalog, LooksUpActionsCaseInsensitively) {
  Catalog c = Catalog::embedded();
  auto id = c.find_action("IAM:listaccesskeys");
  ASSERT_TRUE(id);
  EXPECT_EQ(c.full_name(*id), "iam:ListAccessKeys");
  EXPECT_EQ(c.access_level(*id), AccessLevel::List);
  EXPECT_FALSE(c.find_action("iam:ListAccessKey"));
  EXPECT_FALSE(c.find_action("iam"));
  EXPECT_FALSE(c.find_action("nosuchservice:Get"));
  const ServiceInfo* s3 = c.find_service("S3");
  ASSERT_NE(s3, nullptr);
  EXPECT_EQ(s3->prefix, "s3");
  EXPECT_EQ(s3->name, "Amazon S3");
}

TEST(EmbeddedCatalog, DescribesResourcesAndConditionKeys) {
  Catalog c = Catalog::embedded();
  auto get = c.find_action("s3:GetObject");
  ASSERT_TRUE(get);
  EXPECT_EQ(c.access_level(*get), AccessLevel::Read);
  bool object = false;
  for (const ActionResource& r : c.resource_types(*get)) object |= r.name == "object";
  EXPECT_TRUE(object);
  const ResourceTypeInfo* rt = c.find_resource_type(c.service_of(*get), "object");
  ASSERT_NE(rt, nullptr);
  EXPECT_EQ(rt->arn, "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
  auto keys = c.condition_keys(*get);
  EXPECT_NE(std::find(keys.begin(), keys.end(), "s3:ExistingObjectTag/<key>"), keys.end());
  // An action that acts on no resource type supports only "Resource": "*".
  auto list_buckets = c.find_action("s3:ListAllMyBuckets");
  ASSERT_TRUE(list_buckets);
  EXPECT_TRUE(c.resource_types(*list_buckets).empty());
}

TEST(EmbeddedCatalog, ResolvesConditionKeysIncludingTemplates) {
  Catalog c = Catalog::embedded();
  const ConditionKeyInfo* ip = c.find_condition_key("AWS:SourceIP");
  ASSERT_NE(ip, nullptr);
  EXPECT_EQ(ip->type, "IPAddress");
  const ConditionKeyInfo* tag = c.find_condition_key("aws:RequestTag/team");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->key, "aws:RequestTag/${TagKey}");
  const ConditionKeyInfo* obj = c.find_condition_key("s3:ExistingObjectTag/owner");
  ASSERT_NE(obj, nullptr);
  EXPECT_EQ(obj->key, "s3:ExistingObjectTag/<key>");
  EXPECT_EQ(c.find_condition_key("s3:NoSuchKey"), nullptr);
  EXPECT_EQ(c.find_condition_key("aws:RequestTag/"), nullptr);
}

TEST(EmbeddedCatalog, IsSortedSoLookupsAgreeWithAScan) {
  Catalog c = Catalog::embedded();
  for (const ServiceInfo& s : c.services())
    for (ActionId id = s.first; id < s.end; ++id) {
      auto found = c.find_action(c.full_name(id));
      ASSERT_TRUE(found) << c.full_name(id);
      ASSERT_EQ(*found, id);
    }
}

TEST(EmbeddedCatalog, ServicesAndActionsAreInTheOrderLookupsRelyOn) {
  // The embedded copy is not re-verified at start-up (it costs time on every
  // run), so this test is what guarantees its order.
  Catalog c = Catalog::embedded();
  auto services = c.services();
  for (std::size_t i = 1; i < services.size(); ++i) ASSERT_LT(services[i - 1].prefix, services[i].prefix);
  for (const ServiceInfo& s : services) {
    for (ActionId id = s.first + 1; id < s.end; ++id)
      ASSERT_LT(icompare(c.action_name(id - 1), c.action_name(id)), 0) << c.full_name(id);
    auto types = c.resource_types(s);
    for (std::size_t i = 1; i < types.size(); ++i) ASSERT_LT(icompare(types[i - 1].name, types[i].name), 0) << s.prefix;
  }
}

TEST(CatalogParse, LookupsAgreeBeforeAndAfterTheHashIndexIsBuilt) {
  // The first lookups binary-search, later ones use a hash table built on demand.
  Catalog c = Catalog::embedded();
  auto probe = [&] {
    std::vector<std::optional<ActionId>> out;
    for (const char* n : {"s3:GetObject", "EC2:describeinstances", "iam:PassRole", "iam:NoSuch", "lambda:InvokeFunction"})
      out.push_back(c.find_action(n));
    return out;
  };
  auto before = probe();
  for (int i = 0; i < 2000; ++i) (void)c.find_action("s3:PutObject");
  EXPECT_EQ(probe(), before);
  EXPECT_FALSE(before[3]);
  EXPECT_TRUE(before[0] && before[1] && before[2] && before[4]);
}

const char* kSmall =
    "iamtrim-catalog\t1\nversion\tv1\ndate\t2026-01-02\nsource\ttest\n"
    "G\taws:SourceIp\tIPAddress\n"
    "S\tab\tService AB\nC\tab:Key\tString\nR\tthing\tarn:${Partition}:ab:::thing/${Name}\tab:Key\n"
    "A\tGetThing\tR\tthing*\tab:Key\t1\nA\tlistThings\tL\t\t\t0\n"
    "S\tcd\tService CD\nA\tPut\tW\t\t\t-\n";

TEST(CatalogParse, ReadsTheDocumentedFormat) {
  CatalogError e;
  auto c = Catalog::parse(kSmall, &e);
  ASSERT_TRUE(c) << e.message;
  EXPECT_EQ(c->version(), "v1");
  EXPECT_EQ(c->date(), "2026-01-02");
  EXPECT_EQ(c->action_count(), 3u);
  auto get = c->find_action("ab:getthing");
  ASSERT_TRUE(get);
  EXPECT_EQ(c->tracking(*get), Tracking::Tracked);
  EXPECT_EQ(c->tracking(*c->find_action("ab:ListThings")), Tracking::NotTracked);
  EXPECT_EQ(c->tracking(*c->find_action("cd:Put")), Tracking::Unknown);
  ASSERT_EQ(c->resource_types(*get).size(), 1u);
  EXPECT_TRUE(c->resource_types(*get)[0].required);
  EXPECT_EQ(c->full_name(*c->find_action("CD:PUT")), "cd:Put");
}

struct BadCatalog {
  const char* name;
  std::string text;
  std::string message;
  unsigned line;
};
class CatalogErrors : public ::testing::TestWithParam<BadCatalog> {};
TEST_P(CatalogErrors, AreReportedWithTheLine) {
  CatalogError e;
  EXPECT_FALSE(Catalog::parse(GetParam().text, &e));
  EXPECT_EQ(e.message, GetParam().message);
  EXPECT_EQ(e.line, GetParam().line);
}
INSTANTIATE_TEST_SUITE_P(
    Malformed, CatalogErrors,
    ::testing::Values(
        BadCatalog{"empty", "", "empty catalog", 0},
        BadCatalog{"not_a_catalog", "{\"a\":1}\n", "not an iamtrim catalog (first line must be 'iamtrim-catalog<TAB>1')", 1},
        BadCatalog{"future_format", "iamtrim-catalog\t2\n", "unsupported catalog format version '2'", 1},
        BadCatalog{"no_services", "iamtrim-catalog\t1\nversion\tx\n", "catalog has no services", 0},
        BadCatalog{"action_first", "iamtrim-catalog\t1\nA\tX\tR\t\t\t-\n", "action before any service", 2},
        BadCatalog{"short_action", "iamtrim-catalog\t1\nS\ta\tA\nA\tX\tR\n", "action record needs 5 fields, found 2", 3},
        BadCatalog{"bad_level", "iamtrim-catalog\t1\nS\ta\tA\nA\tX\tQ\t\t\t-\n", "unknown access level 'Q'", 3},
        BadCatalog{"unsorted_actions", "iamtrim-catalog\t1\nS\ta\tA\nA\tb\tR\t\t\t-\nA\tA\tR\t\t\t-\n",
                   "actions of service 'a' are not sorted at 'A'", 4},
        BadCatalog{"unsorted_services", "iamtrim-catalog\t1\nS\tb\tB\nS\ta\tA\n", "services are not sorted at 'a'", 3},
        BadCatalog{"unsorted_resource_types", "iamtrim-catalog\t1\nS\ta\tA\nR\tz\tarn\t\nR\tb\tarn\t\n",
                   "resource types of service 'a' are not sorted at 'b'", 4},
        BadCatalog{"unknown_record", "iamtrim-catalog\t1\nS\ta\tA\nX\ty\n", "unknown record 'X'", 3}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CatalogLoad, MissingDirectoryIsAnError) {
  CatalogError e;
  EXPECT_FALSE(Catalog::load_dir("no/such/dir", &e));
  EXPECT_EQ(e.message, "cannot read no/such/dir/catalog.tsv");
}

}  // namespace
}  // namespace iamtrim
