// A JSON writer that streams: values go into a small buffer that is handed
// to the output stream as it fills, so a large document (expand's listing
// of every action of every statement) is never held as a tree or as one
// string. The layout is exactly nlohmann::json::dump(indent)'s: members and
// elements one per line, "key": value, empty containers as {} and [].
//
//   JsonStream js(std::cout);
//   js.begin_object().key("count").value(2).key("names").begin_array();
//   js.value("s3:GetObject").end_array().end_object();
//   js.finish();  // writes what is buffered; the caller adds the newline
//
// Strings are escaped as every iamtrim writer escapes them
// (parse/json_writer.hpp); valid UTF-8 is written as given, invalid UTF-8
// is replaced with U+FFFD (as nlohmann's dump with error_handler_t::replace).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace iamtrim::render {

class JsonStream {
 public:
  explicit JsonStream(std::ostream& out, int indent = 2);
  ~JsonStream();
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  JsonStream& begin_object();
  JsonStream& end_object();
  JsonStream& begin_array();
  JsonStream& end_array();
  JsonStream& key(std::string_view name);
  JsonStream& value(std::string_view s);
  JsonStream& value(const char* s) { return value(std::string_view(s)); }
  // The string "first:second" without building it.
  JsonStream& value(std::string_view first, char between, std::string_view second);
  JsonStream& value(bool b);
  JsonStream& value(std::int64_t n);
  JsonStream& value(std::uint64_t n);
  JsonStream& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonStream& value(unsigned n) { return value(static_cast<std::uint64_t>(n)); }
  // An array of strings.
  JsonStream& strings(const std::vector<std::string>& items);
  // Hands everything buffered to the stream.
  void finish();

 private:
  void before_value();
  void newline(std::size_t depth);
  void close(char bracket);
  void maybe_flush();

  std::ostream& out_;
  int indent_;
  std::string buf_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace iamtrim::render
