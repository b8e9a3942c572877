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
// A fragment stream lays values out as they would stand at a given depth
// of a document but keeps them (text()); the document's stream takes them
// with raw(). Values can so be written on several threads and joined in
// order, the bytes the same as if written in one go:
//
//   JsonStream part(2, 2);            // as elements of an array at depth 2
//   part.begin_object()...end_object();
//   js.raw(part.text());
//
// An indent below 0 writes compact JSON, as dump(-1): no line breaks and no
// space after ':' (an account report's one line per policy).
//
// Strings are escaped as every iamtrim writer escapes them
// (parse/json_writer.hpp); valid UTF-8 is written as given, invalid UTF-8
// is replaced with U+FFFD (as nlohmann's dump with error_handler_t::replace).
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace iamtrim::render {

// Appends `s` as a JSON string value, quotes included, exactly as
// nlohmann's dump with error_handler_t::replace writes it (invalid UTF-8
// as U+FFFD): the one escaping of every writer here that does not build a tree.
void append_json_value(std::string& out, std::string_view s);

class JsonStream {
 public:
  // A string with nothing to escape (printable ASCII other than '"' and
  // '\\'), checked once instead of at every write: when the program is
  // compiled for a literal, js.key(Plain("count")), or by Plain::check for
  // a name written many times (a catalog name).
  class Plain {
   public:
    consteval Plain(std::string_view s) : text_(s) {
      for (char c : s)
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') throw "a Plain string has something to escape";
    }
    static std::optional<Plain> check(std::string_view s);
    std::string_view text() const { return text_; }

   private:
    struct Checked {};
    Plain(Checked, std::string_view s) : text_(s) {}
    std::string_view text_;
  };

  explicit JsonStream(std::ostream& out, int indent = 2);
  // A fragment: values laid out as if `depth` containers were open around
  // them, kept in text() and never written out. Values written one after
  // the other follow each other without separator.
  JsonStream(int indent, std::size_t depth);
  ~JsonStream();
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  JsonStream& begin_object();
  JsonStream& end_object();
  JsonStream& begin_array();
  JsonStream& end_array();
  JsonStream& key(std::string_view name);
  JsonStream& key(Plain name) {
    before_value();
    const std::size_t n = name.text().size();
    char* p = room(n + 4);
    *p = '"';
    copy(p + 1, name.text());
    std::memcpy(p + 1 + n, "\": ", 3);
    used_ += n + (indent_ < 0 ? 3 : 4);
    after_key_ = true;
    return *this;
  }
  JsonStream& value(std::string_view s);
  JsonStream& value(const char* s) { return value(std::string_view(s)); }
  // The string "first:second" without building it.
  JsonStream& value(std::string_view first, char between, std::string_view second);
  JsonStream& value(bool b);
  JsonStream& null();
  JsonStream& value(std::int64_t n);
  JsonStream& value(std::uint64_t n);
  JsonStream& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonStream& value(unsigned n) { return value(static_cast<std::uint64_t>(n)); }
  JsonStream& value(Plain s) {
    before_value();
    const std::size_t n = s.text().size();
    char* p = room(n + 2);
    *p = '"';
    *copy(p + 1, s.text()) = '"';
    used_ += n + 2;
    return *this;
  }
  // The string "first:second"; `between` is checked, not the Plain halves.
  JsonStream& value(Plain first, char between, Plain second) {
    if (between < 0x20 || between > 0x7e || between == '"' || between == '\\')
      return value(first.text(), between, second.text());
    before_value();
    const std::size_t n = first.text().size() + second.text().size() + 3;
    char* p = room(n);
    *p = '"';
    *(p = copy(p + 1, first.text())) = between;
    *copy(p + 1, second.text()) = '"';
    used_ += n;
    maybe_flush();
    return *this;
  }
  // A value already laid out for this position (a fragment's text).
  JsonStream& raw(std::string_view json);
  // A fragment's text so far.
  std::string_view text() const { return {buf_.get(), used_}; }
  // A fragment's text, moved out (the fragment is left empty, its buffer freed).
  std::string take();
  // An array of strings.
  JsonStream& strings(const std::vector<std::string>& items);
  // Hands everything buffered to the stream.
  void finish();

 private:
  void before_value();
  void newline(std::size_t depth);
  void close(char bracket);
  void maybe_flush();
  void put_string(std::string_view s);
  template <typename N>
  void put_number(N n);
  void grow(std::size_t n);
  // Where the next n bytes go: the buffer has room for them past used_.
  char* room(std::size_t n) {
    if (capacity_ - used_ < n) grow(n);
    return buf_.get() + used_;
  }
  // memcpy of `s` to `to`, of nothing for an empty `s` (whose data() may be null).
  static char* copy(char* to, std::string_view s) {
    if (!s.empty()) std::memcpy(to, s.data(), s.size());
    return to + s.size();
  }
  void put(std::string_view s) {
    copy(room(s.size()), s);
    used_ += s.size();
  }
  void put(char c) {
    *room(1) = c;
    ++used_;
  }

  std::ostream* out_;  // null for a fragment
  int indent_;
  std::size_t depth_ = 0;  // containers open around a fragment
  // The text written so far is buf_'s first used_ bytes: a value is copied
  // in with one bounds check and plain memcpy, not one std::string::append
  // per piece, and growing does not zero what is about to be overwritten.
  std::unique_ptr<char[]> buf_;
  std::size_t used_ = 0, capacity_ = 0;
  std::vector<char> empty_;  // per open container: nothing written in it yet (char: no bit packing)
  bool after_key_ = false;
};

}  // namespace iamtrim::render
