// Canonical JSON output: element order, single-string forms, pretty and
// compact modes, and a meaning-preserving round trip over every AWS managed
// policy in the corpus.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "iamtrim/json.hpp"
#include "iamtrim/policy.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

PolicyResult read(const std::string& text) {
  static SourceFile file;
  file = SourceFile::from_string("p.json", text);
  return parse_policy(parse_json(file).value);
}

TEST(PolicyWriter, CanonicalOrderPretty) {
  PolicyResult p = read(R"({"Statement":{"Resource":"*","Action":["s3:GetObject","s3:ListBucket"],"Effect":"Allow",
    "Condition":{"NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":"true"}},"Sid":"S"},"Version":"2012-10-17"})");
  EXPECT_EQ(write_policy(p.policy),
            "{\n"
            "    \"Version\": \"2012-10-17\",\n"
            "    \"Statement\": {\n"
            "        \"Sid\": \"S\",\n"
            "        \"Effect\": \"Allow\",\n"
            "        \"Action\": [\n"
            "            \"s3:GetObject\",\n"
            "            \"s3:ListBucket\"\n"
            "        ],\n"
            "        \"Resource\": \"*\",\n"
            "        \"Condition\": {\n"
            "            \"NumericLessThan\": {\n"
            "                \"s3:max-keys\": 10\n"
            "            },\n"
            "            \"Bool\": {\n"
            "                \"aws:SecureTransport\": \"true\"\n"
            "            }\n"
            "        }\n"
            "    }\n"
            "}\n");
}

TEST(PolicyWriter, CompactAndEscapes) {
  PolicyResult p = read(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"s3:*","Resource":"arn:aws:s3:::a\"b\\c","Principal":{"AWS":["1","2"]}}]})");
  EXPECT_EQ(write_policy(p.policy, {.pretty = false}),
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":["1","2"]},"NotAction":"s3:*","Resource":"arn:aws:s3:::a\"b\\c"}]})");
}

TEST(PolicyWriter, WritingIsIdempotent) {
  PolicyResult p = read(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":["*"]}]})");
  std::string once = write_policy(p.policy);
  EXPECT_EQ(write_policy(read(once).policy), once);
}

// Meaning = the same elements with the same values in the same order; the
// order of keys inside objects is not meaning, so objects compare as maps.
nlohmann::json meaning(const nlohmann::json& j) { return j; }

TEST(PolicyWriterCorpus, EveryAwsManagedPolicyRoundTripsWithItsMeaning) {
  IAMTRIM_REQUIRE_CORPUS(dir, "aws-managed");
  auto files = test::files_in(dir, ".json");
  ASSERT_GT(files.size(), 1000u);
  for (const auto& path : files) {
    std::string text = test::read_file(path);
    SourceFile file = SourceFile::from_string(path.string(), text);
    JsonResult json = parse_json(file);
    ASSERT_TRUE(json.ok()) << path;
    EXPECT_TRUE(json.diagnostics.empty()) << path << ": " << json.diagnostics[0].message;
    PolicyResult p = parse_policy(json.value);
    ASSERT_TRUE(p.usable) << path;
    EXPECT_TRUE(p.diagnostics.empty()) << path << ": " << p.diagnostics[0].code << " " << p.diagnostics[0].message;
    for (bool pretty : {true, false}) {
      std::string out = write_policy(p.policy, {.pretty = pretty});
      // An independent JSON library is the judge of "same meaning".
      EXPECT_EQ(meaning(nlohmann::json::parse(out)), meaning(nlohmann::json::parse(text))) << path;
    }
  }
}

}  // namespace
}  // namespace iamtrim
