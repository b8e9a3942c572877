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
                 {"yes", true}, {"no", false}, {"n", -42}, {"big", std::uint64_t{18446744073709551615ull}},
                 {"list", {"a", "b\tc", 3}}, {"nested", {{"x", {{"y", ordered::array()}}}}}};
  ordered deep = "bottom";
  for (int i = 0; i < 40; ++i) deep = ordered{{"level" + std::to_string(i), ordered::array({deep, i})}};
  doc["deep"] = deep;  // 80 levels: indentation past the 64-space fast path
  for (int indent : {2, 4, 1}) EXPECT_EQ(streamed(doc, indent), doc.dump(indent)) << "indent " << indent;
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

}  // namespace
}  // namespace iamtrim
