// IAM601 measures a policy as the compact JSON AWS counts, whatever the file's
// formatting: pretty-printed, tabs and CRLF, minified, with escapes, with
// multi-byte characters. The size in the message must equal the code points
// of the document written compactly by another JSON library (nlohmann).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "iamtrim/text.hpp"
#include "lint/lint_support.hpp"

namespace iamtrim {
namespace {

// The number in "policy is N characters", or -1 without an IAM601 finding.
long reported_size(const std::string& text) {
  static const Linter linter = test::make_linter(PolicyKind::Identity);
  for (const Finding& f : test::lint_text(linter, "big.json", text)) {
    if (f.diagnostic.code != "IAM601") continue;
    std::smatch m;
    std::regex re("policy is ([0-9]+) characters");
    if (std::regex_search(f.diagnostic.message, m, re)) return std::stol(m[1]);
  }
  return -1;
}

std::string actions(const std::string& sep, const std::string& quote_open, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? sep : "") + quote_open + "s3:GetObject" + std::to_string(i) + "\"";
  return out;
}

TEST(PolicyTooLarge, CountsTheCompactFormWhateverTheFormatting) {
  const std::size_t n = 400;  // about 8,000 characters compact: over every identity quota
  struct Case {
    const char* name;
    std::string text;
  };
  const std::string sid = "\"Sid\": \"caf\xC3\xA9\"";  // a two-byte character
  std::vector<Case> cases = {
      {"pretty", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      " + sid +
                     ",\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        " +
                     actions(",\n        ", "\"", n) + "\n      ],\n      \"Resource\": \"*\"\n    }\n  ]\n}\n"},
      {"tabs_crlf", "{\r\n\t\"Version\": \"2012-10-17\",\r\n\t\"Statement\": [{\r\n\t\t\"Effect\": \"Allow\",\r\n\t\t"
                    "\"Action\": [" + actions(",\r\n\t\t\t", "\"", n) + "],\r\n\t\t\"Resource\": [\"*\"]}]\r\n}"},
      {"minified", "{\"Version\":\"2012-10-17\",\"Statement\":[{" + sid + ",\"Effect\":\"Allow\",\"Action\":[" +
                       actions(",", "\"", n) + "],\"Resource\":\"*\"}]}"},
      {"escapes", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"caf\\u00e9\", \"Effect\": \"Allow\", "
                  "\"Action\": [" + actions(", ", "\"", n) + "], \"Resource\": \"arn:aws:s3:::a\\/b\\\\c\"}]}"},
      {"quote_escape", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"say \\\"hi\\\"\", \"Effect\": "
                       "\"Allow\", \"Action\": [" + actions(", ", "\"", n) + "], \"Resource\": \"*\", "
                       "\"Condition\": {\"NumericLessThan\": {\"s3:max-keys\": 10}}}]}"},
  };
  for (const Case& c : cases) {
    long expected = static_cast<long>(code_points(nlohmann::json::parse(c.text).dump()));
    EXPECT_GT(expected, 6144) << c.name;
    EXPECT_EQ(reported_size(c.text), expected) << c.name;
  }
}

}  // namespace
}  // namespace iamtrim
