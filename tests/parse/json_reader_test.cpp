// The JSON reader: values, exact positions in awkward files, and every class
// of malformed input reported with its position.
#include <gtest/gtest.h>

#include <functional>

#include "iamtrim/json.hpp"

namespace iamtrim {
namespace {

JsonResult parse(const std::string& text, SourceFile* keep = nullptr) {
  static SourceFile file;
  file = SourceFile::from_string("t.json", text);
  if (keep) *keep = file;
  return parse_json(file);
}

std::string where(const Span& s) {
  return std::to_string(s.begin.line) + ":" + std::to_string(s.begin.column) + "-" +
         std::to_string(s.end.line) + ":" + std::to_string(s.end.column) + "@" +
         std::to_string(s.begin.offset) + "+" + std::to_string(s.end.offset - s.begin.offset);
}

std::string diags(const JsonResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics)
    out += d.code + " " + std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column) + " " +
           d.message + "\n";
  return out;
}

TEST(JsonReader, ReadsEveryKindOfValue) {
  JsonResult r = parse(R"({"s":"a\u00e9\"\\\/\n","n":-1.5e3,"t":true,"f":false,"z":null,"a":[1,{}],"e":[]})");
  ASSERT_TRUE(r.ok()) << diags(r);
  ASSERT_EQ(r.value.members.size(), 7u);
  EXPECT_EQ(r.value.find("s")->text, "a\xC3\xA9\"\\/\n");
  EXPECT_EQ(r.value.find("n")->kind, ValueKind::Number);
  EXPECT_EQ(r.value.find("n")->text, "-1.5e3");
  EXPECT_TRUE(r.value.find("t")->boolean);
  EXPECT_EQ(r.value.find("f")->kind, ValueKind::Bool);
  EXPECT_FALSE(r.value.find("f")->boolean);
  EXPECT_EQ(r.value.find("z")->kind, ValueKind::Null);
  EXPECT_EQ(r.value.find("a")->items.size(), 2u);
  EXPECT_TRUE(r.value.find("e")->items.empty());
}

TEST(JsonReader, DecodesSurrogatePairs) {
  JsonResult r = parse(R"(["\ud83d\ude00"])");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value.items[0].text, "\xF0\x9F\x98\x80");
}

TEST(JsonReader, PositionsWithLfTabsAndMultibyte) {
  // Columns count code points: "é" is two bytes, one column; a tab is one column.
  std::string text = "{\n\t\"k\u00e9\": \"v\",\n\t\"x\": [\"\u00e9\u00e9\", 1]\n}";
  JsonResult r = parse(text);
  ASSERT_TRUE(r.ok());
  const Member& k = r.value.members[0];
  EXPECT_EQ(where(k.key_span), "2:2-2:6@3+5");
  EXPECT_EQ(where(k.value.span), "2:8-2:11@10+3");
  const Value& x = r.value.members[1].value;
  EXPECT_EQ(where(x.items[0].span), "3:8-3:12@22+6");
  EXPECT_EQ(where(x.items[1].span), "3:14-3:15@30+1");
  EXPECT_EQ(where(r.value.span), "1:1-4:2@0+34");
}

TEST(JsonReader, PositionsWithCrlfAndBom) {
  std::string text = "\xEF\xBB\xBF{\r\n  \"a\": \"b\",\r\n  \"c\": 1\r\n}\r\n";
  SourceFile file;
  JsonResult r = parse(text, &file);
  ASSERT_TRUE(r.ok()) << diags(r);
  EXPECT_EQ(where(r.value.span), "1:1-4:2@3+27");
  EXPECT_EQ(where(r.value.members[0].key_span), "2:3-2:6@8+3");
  EXPECT_EQ(where(r.value.members[1].value.span), "3:8-3:9@26+1");
  // The slow path (line index) agrees with the reader's incremental one.
  EXPECT_EQ(file.position(26), r.value.members[1].value.span.begin);
  EXPECT_EQ(file.line_text(3), "  \"c\": 1");
}

// Every span the reader records (it counts forward from its last answer,
// with a fast path for the same line) equals the line index's answer for
// the same offset, on a text that mixes what moves a column differently:
// multi-byte characters before and after values on one line, CRLF, a lone
// CR, tabs, a BOM, values that end a line and values that end the file.
TEST(JsonReader, EverySpanAgreesWithTheLineIndex) {
  const std::string text =
      "\xEF\xBB\xBF{\"\u00e9t\u00e9\": [\"\u00e9\", \"x\u4e2dy\", 1, true],\r\n"
      "\t\"b\": {\"c\":\r\"\U0001F600\", \"d\": [[], {}]},\n"
      "  \"e\":\n\n  null, \"f\": \"caf\u00e9\"  ,  \"g\" : -0.5e1}";
  SourceFile file;
  JsonResult r = parse(text, &file);
  ASSERT_TRUE(r.ok()) << diags(r);
  std::size_t checked = 0;
  auto agree = [&](const Span& s, const std::string& what) {
    EXPECT_EQ(s.begin, file.position(s.begin.offset)) << what << " begins " << where(s);
    EXPECT_EQ(s.end, file.position(s.end.offset)) << what << " ends " << where(s);
    ++checked;
  };
  std::function<void(const Value&, const std::string&)> walk = [&](const Value& v, const std::string& at) {
    agree(v.span, at);
    for (std::size_t i = 0; i < v.items.size(); ++i) walk(v.items[i], at + "/" + std::to_string(i));
    for (const Member& m : v.members) {
      agree(m.key_span, at + "/" + m.key + " (key)");
      walk(m.value, at + "/" + m.key);
    }
  };
  walk(r.value, "");
  EXPECT_EQ(checked, 21u);  // 14 values and 7 keys
  // Spot checks by hand: after the BOM, "é" is 2 bytes and one column, so
  // "x中y" (7 bytes with its quotes) begins at byte 20, column 15, and ends 5
  // columns on; the emoji (4 bytes) is one column, on the line the lone CR
  // began.
  EXPECT_EQ(where(r.value.members[0].value.items[1].span), "1:15-1:20@20+7");
  EXPECT_EQ(where(r.value.members[1].value.members[0].value.span), "3:1-3:4@52+6");
}

TEST(JsonReader, LoneCarriageReturnEndsALine) {
  JsonResult r = parse("{\r\"a\":\r1}");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(where(r.value.members[0].value.span), "3:1-3:2@7+1");
}

struct BadCase {
  const char* name;
  std::string text;
  std::string expected;  // full diagnostic list
};

class JsonErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(JsonErrors, ReportsTheProblemWithItsPosition) {
  JsonResult r = parse(GetParam().text);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(diags(r), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, JsonErrors,
    ::testing::Values(
        BadCase{"empty", "", "IAM001 1:1 invalid JSON: empty document: expected a JSON value\n"},
        BadCase{"only_space", " \n ", "IAM001 2:2 invalid JSON: empty document: expected a JSON value\n"},
        BadCase{"not_json", "Version: 2012-10-17", "IAM001 1:1 invalid JSON: unexpected 'V': expected a value\n"},
        BadCase{"trailing_garbage", "{}\n}", "IAM001 2:1 invalid JSON: unexpected '}' after the end of the JSON document\n"},
        BadCase{"second_document", "{} {}", "IAM001 1:4 invalid JSON: unexpected '{' after the end of the JSON document\n"},
        BadCase{"trailing_comma", "[1,]", "IAM001 1:4 invalid JSON: trailing comma before ']'\n"},
        BadCase{"trailing_comma_object", "{\"a\":1,\n}", "IAM001 2:1 invalid JSON: trailing comma before '}'\n"},
        BadCase{"missing_colon", "{\"a\" 1}", "IAM001 1:6 invalid JSON: expected ':' after member name, found '1'\n"},
        BadCase{"unquoted_key", "{a:1}", "IAM001 1:2 invalid JSON: expected a quoted member name, found 'a'\n"},
        BadCase{"unterminated_string", "{\"a\": \"b}", "IAM001 1:7 invalid JSON: unterminated string\n"},
        BadCase{"truncated", "{\"Statement\": [", "IAM001 1:16 invalid JSON: unexpected end of input: expected a value\n"},
        BadCase{"bad_escape", "[\"\\x\"]", "IAM001 1:3 invalid JSON: invalid escape sequence '\\x'\n"},
        BadCase{"lone_surrogate", "[\"\\ud800\"]", "IAM001 1:3 invalid JSON: unpaired surrogate in \\u escape\n"},
        BadCase{"control_char", "[\"a\tb\"]", "IAM001 1:4 invalid JSON: control character byte 0x09 in string (escape it)\n"},
        BadCase{"invalid_utf8", "[\"\xC3\x28\"]", "IAM001 1:3 invalid JSON: invalid UTF-8 byte 0xc3 in string\n"},
        BadCase{"leading_zero", "[01]", "IAM001 1:3 invalid JSON: malformed number: leading zero\n"},
        BadCase{"bare_minus", "[-]", "IAM001 1:3 invalid JSON: malformed number: expected a digit, found ']'\n"},
        BadCase{"single_quotes", "{'a':1}", "IAM001 1:2 invalid JSON: expected a quoted member name, found '''\n"},
        BadCase{"comment", "{} // x", "IAM001 1:4 invalid JSON: unexpected '/' after the end of the JSON document\n"},
        BadCase{"true_typo", "[tru]", "IAM001 1:2 invalid JSON: unexpected 't': expected a value\n"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(JsonReader, DuplicateKeysAreReportedButKept) {
  JsonResult r = parse("{\n\"Effect\": \"Allow\",\n\"Effect\": \"Deny\"\n}");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(diags(r), "IAM002 3:1 duplicate key \"Effect\" (first at line 2)\n");
  EXPECT_EQ(r.value.members.size(), 2u);
}

// Small objects compare keys, large ones switch to a map part way: every
// duplicate is found either way, each against its first occurrence, at
// every object size around the switch.
TEST(JsonReader, DuplicateKeysInObjectsOfEverySize) {
  for (std::size_t n = 1; n <= 40; ++n) {
    for (std::size_t dup_of : {std::size_t{0}, n / 2, n - 1}) {
      std::string text = "{\n";
      for (std::size_t i = 0; i < n; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",\n";
      // The duplicate, then the first key again: the second duplicate also
      // names the first occurrence, not the duplicate before it.
      text += "\"k" + std::to_string(dup_of) + "\": 1,\n\"k" + std::to_string(dup_of) + "\": 2\n}";
      JsonResult r = parse(text);
      ASSERT_TRUE(r.ok()) << n;
      std::string first = std::to_string(dup_of + 2);
      EXPECT_EQ(diags(r), "IAM002 " + std::to_string(n + 2) + ":1 duplicate key \"k" + std::to_string(dup_of) +
                              "\" (first at line " + first + ")\nIAM002 " + std::to_string(n + 3) +
                              ":1 duplicate key \"k" + std::to_string(dup_of) + "\" (first at line " + first + ")\n")
          << "members " << n << ", duplicate of k" << dup_of;
      EXPECT_EQ(r.value.members.size(), n + 2);
    }
  }
}

TEST(JsonReader, DeepNestingIsRefusedNotFollowed) {
  std::string deep(100000, '[');
  JsonResult r = parse(deep);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "invalid JSON: nesting deeper than 256 levels");
  EXPECT_EQ(r.diagnostics[0].span.begin.column, 258u);
}

TEST(JsonReader, NestingAtTheLimitIsAccepted) {
  std::string text = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parse(text).ok());
}

TEST(JsonReader, LargeOneLineInputIsLinear) {
  // 200,000 actions on one line: positions are computed incrementally, so
  // this takes milliseconds, not the minutes a per-node line scan would.
  std::string text = "[";
  for (int i = 0; i < 200000; ++i) text += (i ? ",\"s3:GetObject\"" : "\"s3:GetObject\"");
  text += "]";
  JsonResult r = parse(text);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value.items.size(), 200000u);
  EXPECT_EQ(r.value.items.back().span.begin.column, 1u + 1 + 199999 * 15);
}

TEST(JsonReader, FragmentPositionsMapToTheOriginalFile) {
  // A policy inside an escaped JSON string: the derived text is the decoded
  // string, the map sends each derived offset to its byte in the file.
  std::string text = "{\"Doc\": \"{\\\"a\\\": 1}\"}";
  SourceFile file = SourceFile::from_string("outer.json", text);
  std::string derived = "{\"a\": 1}";
  OffsetMap map;
  map.add(0, 9, 1);   // {
  map.add(1, 10, 1);  // " (from \")
  map.add(2, 12, 1);  // a
  map.add(3, 13, 1);  // " (from \")
  map.add(4, 15, 4);  // ": 1}" -> ": 1}"
  JsonResult r = parse_json_fragment(file, derived, map);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(where(r.value.members[0].key_span), "1:11-1:16@10+5");
  EXPECT_EQ(where(r.value.members[0].value.span), "1:18-1:19@17+1");
}

}  // namespace
}  // namespace iamtrim
