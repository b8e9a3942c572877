// render::JsonStream writes what nlohmann::json::dump(indent) writes for the
// same document: nesting deeper than its one-append indentation, empty
// containers, every value kind, and documents larger than its buffer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "render/json_stream.hpp"

namespace iamtrim {
namespace {

using ordered = nlohmann::ordered_json;

// Writes `j` through the stream, value by value.
void write(render::JsonStream& js, const ordered& j) {
  if (j.is_object()) {
    js.begin_object();
    for (const auto& [k, v] : j.items()) {
      js.key(k);
      write(js, v);
    }
    js.end_object();
  } else if (j.is_array()) {
    js.begin_array();
    for (const auto& v : j) write(js, v);
    js.end_array();
  } else if (j.is_string()) {
    js.value(j.get<std::string>());
  } else if (j.is_boolean()) {
    js.value(j.get<bool>());
  } else if (j.is_null()) {
    js.null();
  } else if (j.is_number_unsigned()) {
    js.value(j.get<std::uint64_t>());
  } else {
    js.value(j.get<std::int64_t>());
  }
}

std::string streamed(const ordered& j, int indent) {
  std::ostringstream out;
  {
    render::JsonStream js(out, indent);
    write(js, j);
  }  // the destructor hands over what is buffered
  return out.str();
}

TEST(JsonStream, SameTextAsNlohmannDump) {
  ordered doc = {{"catalog", "v\"1\\"}, {"empty_object", ordered::object()}, {"empty_array", ordered::array()},
                 {"yes", true}, {"no", false}, {"none", nullptr}, {"n", -42}, {"big", std::uint64_t{18446744073709551615ull}},
                 {"list", {"a", "b\tc", 3}}, {"nested", {{"x", {{"y", ordered::array()}}}}}};
  ordered deep = "bottom";
  for (int i = 0; i < 40; ++i) deep = ordered{{"level" + std::to_string(i), ordered::array({deep, i})}};
  doc["deep"] = deep;  // 80 levels: indentation past the 64-space fast path
  // -1: compact, no line breaks and no space after ':' (a key written
  // through a Plain literal and one written as a string alike).
  for (int indent : {2, 4, 1, -1}) EXPECT_EQ(streamed(doc, indent), doc.dump(indent)) << "indent " << indent;
  std::ostringstream plain;
  {
    render::JsonStream js(plain, -1);
    js.begin_object().key(render::JsonStream::Plain("a")).value(1).key("b").null().end_object();
  }
  EXPECT_EQ(plain.str(), R"({"a":1,"b":null})");
  EXPECT_EQ(streamed(ordered::array(), 2), "[]");
  EXPECT_EQ(streamed(ordered::object(), 2), "{}");
}

TEST(JsonStream, LargerThanItsBuffer) {
  ordered doc = ordered::array();
  for (int i = 0; i < 20000; ++i) doc.push_back({{"name", "service:Action" + std::to_string(i)}, {"i", i}});
  std::string text = streamed(doc, 2);
  EXPECT_GT(text.size(), 1u << 17);
  EXPECT_EQ(text, doc.dump(2));
}

TEST(JsonStream, NameInPiecesIsOneString) {
  std::ostringstream out;
  {
    render::JsonStream js(out);
    js.begin_array().value("s3", ':', "Get\"Object").value(std::string_view("x")).end_array();
  }
  EXPECT_EQ(out.str(), "[\n  \"s3:Get\\\"Object\",\n  \"x\"\n]");
}

// Empty pieces (a string_view{} has a null data()) and a fragment that holds
// nothing yet: written as nlohmann writes them, and nothing copied from null.
TEST(JsonStream, EmptyPiecesAndAnEmptyFragment) {
  render::JsonStream empty(2, 1);
  EXPECT_EQ(empty.text(), "");
  EXPECT_EQ(empty.take(), "");
  render::JsonStream part(2, 1);
  part.raw(std::string_view());
  part.begin_object().key(std::string_view()).value(std::string_view(), ':', std::string_view());
  part.key("b").value(std::string_view()).end_object();
  EXPECT_EQ(part.take(), "{\n    \"\": \":\",\n    \"b\": \"\"\n  }");
  EXPECT_EQ(part.text(), "");
}

// Plain strings, checked once, are written exactly as the same strings
// checked at each write; Plain::check refuses every byte that would need an
// escape or is not printable ASCII, and a literal with one does not compile.
TEST(JsonStream, PlainStringsAreWrittenAsCheckedOnes) {
  using Plain = render::JsonStream::Plain;
  for (std::string_view bad : {"a\"b", "a\\b", "tab\there", "nl\n", "del\x7f", "caf\xc3\xa9", "\x80", "\x01"})
    EXPECT_FALSE(Plain::check(bad).has_value()) << bad;
  for (std::string_view good : {"", "s3", "GetObject", "Permissions management", "a-b_c.d/e:f~!"})
    EXPECT_EQ(Plain::check(good)->text(), good);
  std::ostringstream plain, checked;
  {
    render::JsonStream js(plain);
    const Plain prefix = *Plain::check("s3"), name = *Plain::check("GetObject");
    js.begin_object().key(Plain("count")).value(Plain("Allow")).key(prefix).begin_array();
    js.value(prefix, ':', name).value(prefix, '"', name).end_array().key(Plain("")).value(Plain("")).end_object();
  }
  {
    render::JsonStream js(checked);
    js.begin_object().key("count").value("Allow").key("s3").begin_array();
    js.value("s3", ':', "GetObject").value("s3", '"', "GetObject").end_array().key("").value("").end_object();
  }
  EXPECT_EQ(plain.str(), checked.str());
  EXPECT_EQ(plain.str(),
            "{\n  \"count\": \"Allow\",\n  \"s3\": [\n    \"s3:GetObject\",\n    \"s3\\\"GetObject\"\n  ],\n  \"\": \"\"\n}");
}

}  // namespace
}  // namespace iamtrim
