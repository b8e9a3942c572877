#include "render/json_stream.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "parse/json_writer.hpp"

namespace iamtrim::render {

namespace {
constexpr std::size_t kFlushAt = 1 << 16;

// A line break and up to 64 spaces of indentation, copied in one go.
constexpr char kBreak[] = "\n                                                                ";
constexpr std::size_t kBreakSpaces = sizeof kBreak - 2;
}  // namespace

std::optional<JsonStream::Plain> JsonStream::Plain::check(std::string_view s) {
  // plain_json_chars lets DEL (0x7f) through, which the literal check refuses.
  if (!detail::plain_json_chars(s) || s.find('\x7f') != std::string_view::npos) return std::nullopt;
  return Plain(Checked{}, s);
}

JsonStream::JsonStream(std::ostream& out, int indent) : out_(&out), indent_(indent) { grow(kFlushAt + 4096); }

JsonStream::JsonStream(int indent, std::size_t depth) : out_(nullptr), indent_(indent), depth_(depth) {}

JsonStream::~JsonStream() { finish(); }

void JsonStream::finish() {
  if (!out_) return;
  if (used_ > 0) out_->write(buf_.get(), static_cast<std::streamsize>(used_));
  used_ = 0;
}

std::string JsonStream::take() {
  std::string text = used_ > 0 ? std::string(buf_.get(), used_) : std::string();
  used_ = 0;
  buf_.reset();  // a large fragment's buffer is not kept beside its text
  capacity_ = 0;
  return text;
}

void JsonStream::grow(std::size_t n) {
  capacity_ = std::max({capacity_ * 2, used_ + n, std::size_t{4096}});
  std::unique_ptr<char[]> bigger(new char[capacity_]);  // not zeroed: everything read was written
  if (used_ > 0) std::memcpy(bigger.get(), buf_.get(), used_);
  buf_ = std::move(bigger);
}

void JsonStream::maybe_flush() {
  if (used_ >= kFlushAt) finish();
}

void JsonStream::newline(std::size_t depth) {
  if (indent_ < 0) return;  // compact
  const std::size_t width = (depth + depth_) * static_cast<std::size_t>(indent_);
  if (width <= kBreakSpaces) {
    // The whole constant, a fixed-size copy the compiler inlines; only the
    // line break and `width` spaces of it are kept.
    std::memcpy(room(sizeof kBreak), kBreak, sizeof kBreak);
  } else {
    char* p = room(width + 1);
    *p = '\n';
    std::memset(p + 1, ' ', width);
  }
  used_ += width + 1;
}

void JsonStream::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;
  if (!empty_.back()) put(',');
  empty_.back() = false;
  newline(empty_.size());
}

// ASCII, the usual case, is escaped here; anything else goes through
// nlohmann so that invalid UTF-8 (a hostile file name or Sid) comes out as
// U+FFFD, as a tree's dump(replace) writes it, and the document stays valid
// JSON.
void append_json_value(std::string& out, std::string_view s) {
  if (detail::plain_json_chars(s)) {
    out += '"';
    out += s;
    out += '"';
    return;
  }
  auto non_ascii = [](std::uint64_t w) { return (w & 0x8080808080808080ull) != 0; };
  if (detail::first_flagged_block(s, non_ascii) != s.size()) {
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  detail::append_json_string(out, s);
}

void JsonStream::put_string(std::string_view s) {
  if (detail::plain_json_chars(s)) {
    char* p = room(s.size() + 2);
    *p = '"';
    *copy(p + 1, s) = '"';
    used_ += s.size() + 2;
    return;
  }
  std::string escaped;
  append_json_value(escaped, s);
  put(escaped);
}

JsonStream& JsonStream::key(std::string_view name) {
  before_value();
  put_string(name);
  put(indent_ < 0 ? std::string_view(":") : std::string_view(": "));
  after_key_ = true;
  return *this;
}

JsonStream& JsonStream::begin_object() {
  before_value();
  put('{');
  empty_.push_back(true);
  return *this;
}

JsonStream& JsonStream::begin_array() {
  before_value();
  put('[');
  empty_.push_back(true);
  return *this;
}

void JsonStream::close(char bracket) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) newline(empty_.size());
  put(bracket);
  maybe_flush();
}

JsonStream& JsonStream::end_object() {
  close('}');
  return *this;
}

JsonStream& JsonStream::end_array() {
  close(']');
  return *this;
}

JsonStream& JsonStream::value(std::string_view s) {
  before_value();
  put_string(s);
  maybe_flush();
  return *this;
}

JsonStream& JsonStream::value(std::string_view first, char between, std::string_view second) {
  const auto b = static_cast<unsigned char>(between);
  if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\' || !detail::plain_json_chars(first) ||
      !detail::plain_json_chars(second))
    return value(std::string(first) + between + std::string(second));
  // The common case (an action name "prefix:Name"): nothing to escape.
  before_value();
  const std::size_t n = first.size() + second.size() + 3;
  char* p = room(n);
  *p = '"';
  *(p = copy(p + 1, first)) = between;
  *copy(p + 1, second) = '"';
  used_ += n;
  maybe_flush();
  return *this;
}

JsonStream& JsonStream::raw(std::string_view json) {
  before_value();
  put(json);
  maybe_flush();
  return *this;
}

JsonStream& JsonStream::value(bool b) {
  before_value();
  put(b ? std::string_view("true") : std::string_view("false"));
  return *this;
}

JsonStream& JsonStream::null() {
  before_value();
  put(std::string_view("null"));
  return *this;
}

template <typename N>
void JsonStream::put_number(N n) {
  before_value();
  char* p = room(24);  // any 64-bit integer, sign included
  used_ += static_cast<std::size_t>(std::to_chars(p, p + 24, n).ptr - p);
}

JsonStream& JsonStream::value(std::int64_t n) {
  put_number(n);
  return *this;
}

JsonStream& JsonStream::value(std::uint64_t n) {
  put_number(n);
  return *this;
}

JsonStream& JsonStream::strings(const std::vector<std::string>& items) {
  begin_array();
  for (const std::string& s : items) value(s);
  return end_array();
}

}  // namespace iamtrim::render
