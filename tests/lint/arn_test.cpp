// arn_overlaps: the bounded search against the textbook table it replaced
// (kept here as the oracle), on generated patterns and on the formats of
// every resource type in the catalog; then on ARNs of 100 MB.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <set>
#include <random>

#include "iamtrim/catalog.hpp"
#include "iamtrim/sources.hpp"
#include "lint/arn.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim::lint {
namespace {

// The full table reach[i][j] over both patterns (memory: lengths product).
std::vector<int> tokens(std::string_view text, bool policy) {
  std::vector<int> out;
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
  return out;
}

bool reference(std::string_view policy_arn, std::string_view format) {
  std::vector<int> x = tokens(policy_arn, true), y = tokens(format, false);
  std::size_t n = x.size(), m = y.size(), w = m + 1;
  std::vector<char> reach((n + 1) * w, 0);
  reach[0] = 1;
  for (std::size_t i = 0; i <= n; ++i)
    for (std::size_t j = 0; j <= m; ++j) {
      if (!reach[i * w + j]) continue;
      bool as = i < n && x[i] == -1, bs = j < m && y[j] == -1;
      if (as) reach[(i + 1) * w + j] = 1;
      if (bs) reach[i * w + j + 1] = 1;
      if (i < n && j < m) {
        if (as && !bs) reach[i * w + j + 1] = 1;
        if (bs && !as) reach[(i + 1) * w + j] = 1;
        if (!as && !bs && (x[i] == y[j] || x[i] == -2 || y[j] == -2)) reach[(i + 1) * w + j + 1] = 1;
      }
    }
  return reach[n * w + m];
}

TEST(ArnOverlaps, AgreesWithTheFullTableOnGeneratedPatterns) {
  const std::string policy_alphabet = "ab:/*?A$";
  const std::vector<std::string> format_pieces = {"a", "b", ":", "/", "${X}", "${Y}", "B"};
  std::mt19937 rng(42);
  int overlaps = 0;
  for (int round = 0; round < 200000; ++round) {
    std::string x, y;
    for (std::size_t i = rng() % 12; i-- > 0;) {
      char c = policy_alphabet[rng() % policy_alphabet.size()];
      x += c == '$' ? std::string("${v}") : std::string(1, c);
    }
    for (std::size_t i = rng() % 10; i-- > 0;) y += format_pieces[rng() % format_pieces.size()];
    bool want = reference(x, y);
    overlaps += want;
    ASSERT_EQ(arn_overlaps(x, y), want) << "policy \"" << x << "\" format \"" << y << "\"";
    // The streamed path for long patterns gives the same answers.
    if (round % 16) continue;
    std::string padded = x + std::string(5000, '*');
    ASSERT_EQ(arn_overlaps(padded, y), reference(padded.substr(0, x.size()) + "*", y)) << x << " / " << y;
  }
  EXPECT_GT(overlaps, 20000);  // both answers are well represented
  EXPECT_LT(overlaps, 180000);
}

TEST(ArnOverlaps, AgreesWithTheFullTableOnCatalogFormats) {
  Catalog catalog = Catalog::embedded();
  std::vector<std::string> arns = {
      "arn:aws:s3:::my-bucket/*", "arn:aws:s3:::*",  "arn:aws:iam::123456789012:role/*",
      "arn:aws:ec2:*:*:instance/i-0abc", "arn:aws:*:*:*:*", "arn:aws:dynamodb:us-east-1:1:table/t/index/*",
      "arn:aws:lambda:*:*:function:f:?", "arn:aws:sqs:eu-west-1:${aws:PrincipalAccount}:q*",
      "arn:aws:kms:*:*:key/*", "arn:aws:logs:*:*:log-group:/aws/lambda/*:log-stream:*"};
  std::size_t checked = 0;
  for (const ServiceInfo& service : catalog.services())
    for (const ResourceTypeInfo& type : catalog.resource_types(service))
      for (const std::string& arn : arns) {
        ASSERT_EQ(arn_overlaps(arn, type.arn), reference(arn, type.arn)) << arn << " / " << type.arn;
        ++checked;
      }
  EXPECT_GT(checked, 10000u);
}

// The fast path of arn_format_service (the type's own prefix) agrees with
// splitting the format, on every resource type of the catalog; formats that
// name another service, or are not ARNs, take the slow path.
TEST(ArnFormatService, OwnPrefixAgreesWithSplittingEveryCatalogFormat) {
  Catalog catalog = Catalog::embedded();
  std::size_t checked = 0, elsewhere = 0;
  for (const ServiceInfo& service : catalog.services())
    for (const ResourceTypeInfo& type : catalog.resource_types(service)) {
      auto parts = split_arn(type.arn);
      std::string_view split = parts ? parts->service : std::string_view();
      ASSERT_EQ(arn_format_service(type.arn, service.prefix), split) << type.arn;
      ASSERT_EQ(arn_format_service(type.arn), split) << type.arn;
      if (split != service.prefix) ++elsewhere;
      ++checked;
    }
  EXPECT_GT(checked, 1000u);
  EXPECT_GT(elsewhere, 0u);  // some formats name another service's prefix
  EXPECT_EQ(arn_format_service("arn:${Partition}:s3:::${BucketName}", "s3"), "s3");
  EXPECT_EQ(arn_format_service("arn:${Partition}:s3:::${BucketName}", "ec2"), "s3");
  EXPECT_EQ(arn_format_service("arn:${Partition}:s3", "s3"), "");
  EXPECT_EQ(arn_format_service("*", "s3"), "");
  EXPECT_EQ(arn_format_service("arn:${Partition}:s3:", "s3"), "");
}

// Every Resource ARN of every AWS managed policy against every resource type
// format of its service (and of every service for wildcard services).
TEST(ArnOverlaps, AgreesWithTheFullTableOnManagedPolicyArns) {
  IAMTRIM_REQUIRE_CORPUS(dir, "aws-managed");
  Catalog catalog = Catalog::embedded();
  std::set<std::string> arns;
  std::function<void(const Value&)> collect = [&](const Value& v) {
    if (v.kind == ValueKind::String && v.text.rfind("arn:", 0) == 0) arns.insert(v.text);
    for (const Value& item : v.items) collect(item);
    for (const Member& m : v.members) collect(m.value);
  };
  for (const auto& path : test::files_in(dir, ".json")) {
    SourceResult r = read_source(std::make_shared<const SourceFile>(SourceFile::from_string(path.string(), test::read_file(path))));
    for (const FoundPolicy& p : r.policies) collect(p.document);
  }
  ASSERT_GT(arns.size(), 1000u);
  std::size_t checked = 0, overlapping = 0;
  for (const std::string& arn : arns) {
    auto parts = split_arn(arn);
    for (const ServiceInfo& service : catalog.services()) {
      if (parts && parts->service.find_first_of("*?$") == std::string_view::npos && !iequals(parts->service, service.prefix))
        continue;
      for (const ResourceTypeInfo& type : catalog.resource_types(service)) {
        bool want = reference(arn, type.arn);
        ASSERT_EQ(arn_overlaps(arn, type.arn), want) << arn << " / " << type.arn;
        ++checked;
        overlapping += want;
      }
    }
  }
  EXPECT_GT(checked, 20000u);
  EXPECT_GT(overlapping, 1000u);
}

TEST(ArnOverlaps, HundredMegabyteArnsAreOnePass) {
  std::string big = "arn:aws:s3:::" + std::string(100u << 20, 'a');
  std::string varied = "arn:aws:s3:::";
  for (std::size_t i = 0; varied.size() < (100u << 20); ++i) varied += "abcdefghij:/*?xyz"[i % 17];
  std::string dollars = "arn:aws:s3:::" + std::string(20u << 20, '$') + "${";
  for (std::size_t i = 0; dollars.size() < (20u << 20); ++i) dollars += "${";
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(arn_overlaps(big, "arn:${Partition}:s3:::${BucketName}/${ObjectName}"));
  EXPECT_TRUE(arn_overlaps(big, "arn:${Partition}:s3:::${BucketName}"));
  EXPECT_FALSE(arn_overlaps(big, "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}"));
  EXPECT_TRUE(arn_overlaps(varied, "arn:${Partition}:s3:::${BucketName}/${ObjectName}"));
  EXPECT_FALSE(arn_overlaps(dollars, "arn:${Partition}:s3:::${BucketName}/${ObjectName}"));
#if defined(__SANITIZE_ADDRESS__)
  constexpr int kSlower = 10;  // sanitizer builds
#else
  constexpr int kSlower = 1;
#endif
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20 * kSlower));
}

}  // namespace
}  // namespace iamtrim::lint
