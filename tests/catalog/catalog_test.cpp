// The catalog index: the embedded data set, lookups, and the loader's
// handling of malformed catalog files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "catalog/image.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/text.hpp"

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

const char* kSmallCatalog =
    "iamtrim-catalog\t1\nversion\tv1\ndate\t2026-01-02\nsource\ttest\n"
    "G\taws:SourceIp\tIPAddress\n"
    "S\tab\tService AB\nC\tab:Key\tString\nR\tthing\tarn:${Partition}:ab:::thing/${Name}\tab:Key\n"
    "A\tGetThing\tR\tthing*\tab:Key\t1\nA\tlistThings\tL\t\t\t0\n"
    "S\tcd\tService CD\nA\tPut\tW\t\t\t-\n";

// The image compiled in at build time is what the same parser makes of
// catalog.tsv at run time (as --catalog does), field by field.
TEST(EmbeddedCatalog, IsTheCatalogFileAsParsedAtRunTime) {
  Catalog e = Catalog::embedded();
  CatalogError error;
  auto p = Catalog::load_dir(std::string(IAMTRIM_SOURCE_DIR) + "/rules/catalog", &error);
  ASSERT_TRUE(p) << error.message;
  EXPECT_TRUE(e.is_embedded());
  EXPECT_FALSE(p->is_embedded());
  EXPECT_EQ(e.version(), p->version());
  EXPECT_EQ(e.date(), p->date());
  EXPECT_EQ(e.source(), p->source());
  ASSERT_EQ(e.action_count(), p->action_count());
  ASSERT_EQ(e.services().size(), p->services().size());
  auto same_keys = [](std::span<const ConditionKeyInfo> a, std::span<const ConditionKeyInfo> b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].key != b[i].key || a[i].type != b[i].type) return false;
    return true;
  };
  EXPECT_TRUE(same_keys(e.global_condition_keys(), p->global_condition_keys()));
  for (std::size_t i = 0; i < e.services().size(); ++i) {
    const ServiceInfo &a = e.services()[i], &b = p->services()[i];
    ASSERT_EQ(a.prefix, b.prefix);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.first, b.first);
    EXPECT_EQ(a.end, b.end);
    EXPECT_EQ(a.index, b.index);
    EXPECT_TRUE(same_keys(e.condition_keys(a), p->condition_keys(b))) << a.prefix;
    auto ta = e.resource_types(a), tb = p->resource_types(b);
    ASSERT_EQ(ta.size(), tb.size()) << a.prefix;
    for (std::size_t t = 0; t < ta.size(); ++t) {
      EXPECT_EQ(ta[t].name, tb[t].name);
      EXPECT_EQ(ta[t].arn, tb[t].arn);
      EXPECT_TRUE(std::equal(ta[t].condition_keys.begin(), ta[t].condition_keys.end(), tb[t].condition_keys.begin(),
                             tb[t].condition_keys.end()));
    }
  }
  for (ActionId id = 0; id < e.action_count(); ++id) {
    ASSERT_EQ(e.full_name(id), p->full_name(id));
    ASSERT_EQ(e.access_level(id), p->access_level(id));
    ASSERT_EQ(e.tracking(id), p->tracking(id));
    ASSERT_EQ(e.resource_types_text(id), p->resource_types_text(id));
    ASSERT_EQ(e.condition_keys(id), p->condition_keys(id));
  }
  for (int level = 0; level < 5; ++level) {
    auto a = e.actions_at_level(static_cast<AccessLevel>(level)), b = p->actions_at_level(static_cast<AccessLevel>(level));
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << level;
  }
}

// Every condition key of the catalog, as a policy might spell it, resolves
// to the entry a scan in catalog order finds: global keys first, then the
// service the key's prefix names.
TEST(EmbeddedCatalog, ConditionKeyLookupsAgreeWithAScan) {
  Catalog c = Catalog::embedded();
  auto scan = [&](std::string_view key) -> const ConditionKeyInfo* {
    for (const ConditionKeyInfo& k : c.global_condition_keys())
      if (iequals(k.key, key)) return &k;
    const ServiceInfo* s = c.find_service(key.substr(0, key.find(':')));
    if (!s) return nullptr;
    for (const ConditionKeyInfo& k : c.condition_keys(*s))
      if (iequals(k.key, key) && iequals(k.key.substr(0, k.key.find(':')), s->prefix)) return &k;
    return nullptr;
  };
  std::size_t plain = 0;
  auto check = [&](const ConditionKeyInfo& k) {
    if (k.key.find_first_of("$<") != std::string_view::npos || k.key.ends_with("/tag-key")) return;
    const ConditionKeyInfo* want = scan(k.key);
    if (!want) return;  // a key listed under a service its prefix does not name
    ++plain;
    std::string upper(k.key);
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    ASSERT_EQ(c.find_condition_key(k.key), want) << k.key;
    ASSERT_EQ(c.find_condition_key(upper), want) << upper;
  };
  for (const ConditionKeyInfo& k : c.global_condition_keys()) check(k);
  for (const ServiceInfo& s : c.services())
    for (const ConditionKeyInfo& k : c.condition_keys(s)) check(k);
  // The 2026-09 catalog lists 1,783 service keys without a ${...} or <...>
  // part, and 52 global ones; 1,752 of them resolve as above.
  EXPECT_GT(plain, 1700u);
}

// Every service prefix, as written and in upper and lower case, finds its
// own service through the hash table; a prefix one letter longer or shorter
// finds the service of that name only when the catalog has one.
TEST(EmbeddedCatalog, ServiceLookupsAgreeWithAScan) {
  Catalog c = Catalog::embedded();
  auto scan = [&](std::string_view prefix) -> const ServiceInfo* {
    for (const ServiceInfo& s : c.services())
      if (iequals(s.prefix, prefix)) return &s;
    return nullptr;
  };
  for (const ServiceInfo& s : c.services()) {
    std::string upper(s.prefix), lower(s.prefix);
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    ASSERT_EQ(c.find_service(s.prefix), &s) << s.prefix;
    ASSERT_EQ(c.find_service(upper), &s) << upper;
    ASSERT_EQ(c.find_service(lower), &s) << lower;
    const std::string longer = std::string(s.prefix) + "x", shorter(s.prefix.substr(0, s.prefix.size() - 1));
    ASSERT_EQ(c.find_service(longer), scan(longer)) << longer;
    ASSERT_EQ(c.find_service(shorter), scan(shorter)) << shorter;
  }
  EXPECT_EQ(c.find_service(""), nullptr);
  EXPECT_EQ(c.find_service("no-such-service"), nullptr);
}

// Every resource type of every service, as the catalog spells it and in
// upper and lower case, resolves through the hash table to the entry a scan
// of the service's types finds; a type of another service does not.
TEST(EmbeddedCatalog, ResourceTypeLookupsAgreeWithAScan) {
  Catalog c = Catalog::embedded();
  auto scan = [&](const ServiceInfo& s, std::string_view name) -> const ResourceTypeInfo* {
    for (const ResourceTypeInfo& t : c.resource_types(s))
      if (iequals(t.name, name)) return &t;
    return nullptr;
  };
  auto cased = [](std::string_view name, bool upper) {
    std::string out(name);
    for (char& ch : out) {
      auto u = static_cast<unsigned char>(ch);
      ch = static_cast<char>(upper ? std::toupper(u) : std::tolower(u));
    }
    return out;
  };
  std::size_t types = 0, foreign = 0;
  const ServiceInfo* s3 = c.find_service("s3");
  ASSERT_NE(s3, nullptr);
  for (const ServiceInfo& s : c.services())
    for (const ResourceTypeInfo& t : c.resource_types(s)) {
      ++types;
      ASSERT_EQ(c.find_resource_type(s, t.name), &t) << s.prefix << ":" << t.name;
      ASSERT_EQ(c.find_resource_type(s, cased(t.name, true)), scan(s, t.name)) << s.prefix << ":" << t.name;
      ASSERT_EQ(c.find_resource_type(s, cased(t.name, false)), scan(s, t.name)) << s.prefix << ":" << t.name;
      if (&s != s3 && !scan(*s3, t.name)) {
        ++foreign;
        ASSERT_EQ(c.find_resource_type(*s3, t.name), nullptr) << t.name;
      }
    }
  EXPECT_GT(types, 2000u);  // 2,334 in the 2026-09 catalog
  EXPECT_GT(foreign, 1500u) << foreign;
  EXPECT_EQ(c.find_resource_type(*s3, ""), nullptr);
  EXPECT_EQ(c.find_resource_type(*s3, "objec"), nullptr);
  EXPECT_EQ(c.find_resource_type(*s3, "objects"), nullptr);
}

// Each resource type an action lists comes with the entry its service
// defines for that name, resolved when the image was built: the one a
// lookup by name finds, or none when the service defines no such type.
TEST(EmbeddedCatalog, ActionResourceTypesAreTheirServicesEntries) {
  Catalog c = Catalog::embedded();
  std::size_t listed = 0, resolved = 0;
  for (ActionId id = 0; id < c.action_count(); ++id)
    for (const ActionResource& r : c.resource_types(id)) {
      ++listed;
      ASSERT_EQ(r.type, c.find_resource_type(c.service_of(id), r.name)) << c.full_name(id) << " " << r.name;
      if (r.type) ++resolved;
    }
  EXPECT_GT(listed, 20000u);
  EXPECT_GT(resolved, listed * 99 / 100);  // the catalog defines (nearly) every type its actions list
  const auto get = c.resource_types(*c.find_action("s3:GetObject"));
  ASSERT_FALSE(get.empty());
  ASSERT_NE(get[0].type, nullptr);
  EXPECT_EQ(get[0].type->name, get[0].name);

  CatalogError e;
  auto small = Catalog::parse(std::string(kSmallCatalog) + "S\tef\tService EF\nA\tDo\tW\tthing*,other\t\t-\n", &e);
  ASSERT_TRUE(small) << e.message;
  const auto thing = small->resource_types(*small->find_action("ab:GetThing"));
  ASSERT_EQ(thing.size(), 1u);
  ASSERT_NE(thing[0].type, nullptr);
  EXPECT_EQ(thing[0].type->arn, "arn:${Partition}:ab:::thing/${Name}");
  // "thing" is a type of ab, not of ef: the same name resolves only within the action's own service.
  const auto other = small->resource_types(*small->find_action("ef:Do"));
  ASSERT_EQ(other.size(), 2u);
  EXPECT_EQ(other[0].name, "thing");
  EXPECT_TRUE(other[0].required);
  EXPECT_EQ(other[0].type, nullptr);
  EXPECT_EQ(other[1].name, "other");
  EXPECT_EQ(other[1].type, nullptr);
}

// The resource-type table is shared by all services: a lookup whose probe
// passes another service's type of the same name must not return it. A small
// catalog (a table of four slots) with "thing" defined by one service of
// twelve makes most probes for "thing" pass it.
TEST(CatalogParse, ResourceTypeLookupsStayWithinTheirService) {
  std::string text = "iamtrim-catalog\t1\nversion\tv1\ndate\t2026-01-02\nsource\ttest\n";
  const std::string prefixes[] = {"aa", "ab", "ac", "ad", "ae", "af", "ag", "ah", "ai", "aj", "ak", "al"};
  for (const std::string& p : prefixes) {
    text += "S\t" + p + "\tService " + p + "\n";
    if (p == "ab") text += "R\tthing\tarn:${Partition}:ab:::thing/${Name}\t\n";
    text += "A\tDo\tW\t" + std::string(p == "ab" ? "thing*" : "") + "\t\t-\n";
  }
  CatalogError e;
  auto c = Catalog::parse(text, &e);
  ASSERT_TRUE(c) << e.message;
  for (const ServiceInfo& s : c->services()) {
    const ResourceTypeInfo* found = c->find_resource_type(s, "thing");
    if (s.prefix == "ab") {
      ASSERT_NE(found, nullptr);
      EXPECT_EQ(found->arn, "arn:${Partition}:ab:::thing/${Name}");
    } else {
      EXPECT_EQ(found, nullptr) << s.prefix;
    }
  }
}

// The lookup hash treats 'A'..'Z' as 'a'..'z' and every other byte as
// itself, whatever its place in the eight-byte words it reads.
TEST(CatalogImage, HashIgnoresAsciiCaseAndNothingElse) {
  for (std::size_t size = 1; size <= 17; ++size)
    for (std::size_t at = 0; at < size; ++at)
      for (int b = 0; b < 256; ++b) {
        std::string s(size, 'k');
        s[at] = static_cast<char>(b);
        std::string low = s;
        low[at] = ascii_lower(s[at]);
        ASSERT_EQ(catalog_image::ihash(s), catalog_image::ihash(low)) << size << " " << at << " " << b;
        std::string other = s;
        other[at] = static_cast<char>(b ^ 0x20);
        if (ascii_lower(other[at]) != low[at])
          ASSERT_NE(catalog_image::ihash(s), catalog_image::ihash(other)) << size << " " << at << " " << b;
      }
  // A trailing NUL is a byte like any other: the size is hashed too.
  EXPECT_NE(catalog_image::ihash("abcdefgh"), catalog_image::ihash(std::string("abcdefgh\0", 9)));
}

// The image's header guards against a foreign or truncated image.
TEST(CatalogImage, RefusesDamagedImages) {
  std::vector<std::uint64_t> image;
  CatalogError error;
  ASSERT_TRUE(catalog_image::build(kSmallCatalog, image, &error)) << error.message;
  auto bytes = [](const std::vector<std::uint64_t>& v, std::size_t size) {
    return std::span<const std::byte>(reinterpret_cast<const std::byte*>(v.data()), size);
  };
  const std::size_t size = image.size() * 8;
  EXPECT_TRUE(catalog_image::valid(bytes(image, size)));
  EXPECT_FALSE(catalog_image::valid(bytes(image, 0)));
  EXPECT_FALSE(catalog_image::valid(bytes(image, size - 8)));  // truncated
  auto foreign = image;
  reinterpret_cast<char*>(foreign.data())[0] = 'X';
  EXPECT_FALSE(catalog_image::valid(bytes(foreign, size)));
  auto other_layout = image;
  reinterpret_cast<catalog_image::Header*>(other_layout.data())->layout_version += 1;
  EXPECT_FALSE(catalog_image::valid(bytes(other_layout, size)));
  auto out_of_bounds = image;
  reinterpret_cast<catalog_image::Header*>(out_of_bounds.data())->actions.count = 1u << 30;
  EXPECT_FALSE(catalog_image::valid(bytes(out_of_bounds, size)));
}


TEST(CatalogParse, ReadsTheDocumentedFormat) {
  CatalogError e;
  auto c = Catalog::parse(kSmallCatalog, &e);
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
