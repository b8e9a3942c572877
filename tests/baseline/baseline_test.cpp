// Baseline fingerprints survive unrelated edits and change with the finding.
#include <gtest/gtest.h>

#include "iamtrim/json.hpp"
#include "iamtrim/baseline.hpp"

namespace iamtrim::baseline {
namespace {

// A finding on `needle` in `text`, as the linter reports one.
struct Fixture {
  std::shared_ptr<const SourceFile> file;
  Policy policy;
  Finding at(std::string_view needle, std::string pointer, std::string code = "IAM104") const {
    Finding f;
    const std::string& text = file->text();
    auto b = static_cast<std::uint32_t>(text.find(needle));
    f.diagnostic.code = std::move(code);
    f.diagnostic.message = "unknown action";
    f.diagnostic.span = file->span(b, b + static_cast<std::uint32_t>(needle.size()));
    f.diagnostic.pointer = std::move(pointer);
    f.file = file;
    f.owner = "role/Admin";
    return f;
  }
};

Fixture load(const std::string& text) {
  Fixture fx;
  fx.file = std::make_shared<const SourceFile>(SourceFile::from_string("p.json", text));
  fx.policy = parse_policy(parse_json(*fx.file).value).policy;
  return fx;
}

const char* kBefore = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Logs", "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"},
  {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}
]})";

// A statement added at the top, and everything reformatted.
const char* kAfter = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "New", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
    {
      "Sid": "Logs",
      "Effect": "Allow",
      "Action": "logs:PutLogEvents",
      "Resource": "*"
    },
    {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}
  ]
})";

TEST(Baseline, StablePointerUsesTheSid) {
  Fixture fx = load(kBefore);
  StatementSids sids = statement_sids(fx.policy);
  EXPECT_EQ(sids, (StatementSids{{"/Statement/0", "Logs"}}));
  EXPECT_EQ(stable_pointer("/Statement/0/Action", sids), "/Statement[Logs]/Action");
  EXPECT_EQ(stable_pointer("/Statement/0", sids), "/Statement[Logs]");
  EXPECT_EQ(stable_pointer("/Statement/1/Action", sids), "/Statement/1/Action");
  // "/Statement/0" must not claim "/Statement/01".
  EXPECT_EQ(stable_pointer("/Statement/01", sids), "/Statement/01");
}

TEST(Baseline, FingerprintIgnoresLinesButNotTheFinding) {
  Fixture before = load(kBefore), after = load(kAfter);
  StatementSids sb = statement_sids(before.policy), sa = statement_sids(after.policy);
  std::string fp = fingerprint(before.at("\"logs:PutLogEvents\"", "/Statement/0/Action"), "p.json", sb);
  EXPECT_EQ(fp.size(), 16u);
  // Moved down a statement and two lines: same fingerprint, thanks to the Sid.
  EXPECT_EQ(fingerprint(after.at("\"logs:PutLogEvents\"", "/Statement/1/Action"), "p.json", sa), fp);
  // Different file, code, owner or value: different fingerprints.
  EXPECT_NE(fingerprint(before.at("\"logs:PutLogEvents\"", "/Statement/0/Action"), "q.json", sb), fp);
  EXPECT_NE(fingerprint(before.at("\"logs:PutLogEvents\"", "/Statement/0/Action", "IAM105"), "p.json", sb), fp);
  Finding other_owner = before.at("\"logs:PutLogEvents\"", "/Statement/0/Action");
  other_owner.owner = "role/Other";
  EXPECT_NE(fingerprint(other_owner, "p.json", sb), fp);
  EXPECT_NE(fingerprint(before.at("\"s3:GetObjekt\"", "/Statement/0/Action"), "p.json", sb), fp);
}

TEST(Baseline, WriteIsSortedAndReadsBack) {
  std::vector<BaselineEntry> entries = {{"bbbb", "IAM104", "b.json", "", "second"},
                                        {"aaaa", "IAM501", "a.json", "role/Admin", "first \"quoted\""},
                                        {"cccc", "IAM104", "a.json", "", "before IAM501"}};
  std::string text = write_baseline(entries);
  EXPECT_EQ(text, R"({
  "iamtrim-baseline": 1,
  "findings": [
    {
      "fingerprint": "cccc",
      "code": "IAM104",
      "file": "a.json",
      "owner": "",
      "message": "before IAM501"
    },
    {
      "fingerprint": "aaaa",
      "code": "IAM501",
      "file": "a.json",
      "owner": "role/Admin",
      "message": "first \"quoted\""
    },
    {
      "fingerprint": "bbbb",
      "code": "IAM104",
      "file": "b.json",
      "owner": "",
      "message": "second"
    }
  ]
}
)");
  std::string error;
  auto b = read_baseline(text, "baseline.json", &error);
  ASSERT_TRUE(b.has_value()) << error;
  ASSERT_EQ(b->entries.size(), 3u);
  EXPECT_EQ(b->entries[1].fingerprint, "aaaa");
  EXPECT_EQ(b->entries[1].owner, "role/Admin");
  EXPECT_EQ(b->entries[1].message, "first \"quoted\"");
}

TEST(Baseline, ReadErrorsArePositioned) {
  std::string error;
  EXPECT_FALSE(read_baseline("{\"iamtrim-baseline\": 1, \"findings\": [{}]}", "b.json", &error));
  EXPECT_EQ(error, "b.json:1:38: baseline entry needs a \"fingerprint\" string");
  EXPECT_FALSE(read_baseline("[]", "b.json", &error));
  EXPECT_EQ(error, "b.json:1:1: not an iamtrim baseline (expected {\"iamtrim-baseline\": 1, \"findings\": [...]})");
  EXPECT_FALSE(read_baseline("{\"iamtrim-baseline\": 1, \"iamtrim-baseline\": 1, \"findings\": []}", "b.json", &error));
  EXPECT_EQ(error.substr(0, 12), "b.json:1:25:");
  EXPECT_FALSE(read_baseline("{", "b.json", &error));
  EXPECT_EQ(error.substr(0, 11), "b.json:1:2:");
}

TEST(Baseline, EachEntrySuppressesOneFinding) {
  Baseline b;
  b.entries = {{"x", "IAM104", "a.json", "", ""}, {"y", "IAM104", "a.json", "", ""}, {"gone", "IAM104", "a.json", "", ""}};
  Suppression s = apply_baseline(b, {"x", "x", "y", "z"});
  EXPECT_EQ(s.suppressed, (std::vector<bool>{true, false, true, false}));
  ASSERT_EQ(s.fixed.size(), 1u);
  EXPECT_EQ(s.fixed[0].fingerprint, "gone");
}

}  // namespace
}  // namespace iamtrim::baseline
