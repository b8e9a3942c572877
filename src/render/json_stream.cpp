#include "render/json_stream.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "parse/json_writer.hpp"

namespace iamtrim::render {

namespace {
constexpr std::size_t kFlushAt = 1 << 16;

// `s` as a JSON string. ASCII, the usual case, is escaped here; anything
// else goes through nlohmann so that invalid UTF-8 (a hostile file name or
// Sid) comes out as U+FFFD, as a tree's dump(replace) writes it, and the
// document stays valid JSON.
void append_string(std::string& out, std::string_view s) {
  if (detail::plain_json_chars(s)) {
    out += '"';
    out += s;
    out += '"';
    return;
  }
  for (unsigned char c : s)
    if (c >= 0x80) {
      out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
  detail::append_json_string(out, s);
}

// A line break and up to 64 spaces of indentation, appended in one go.
constexpr char kBreak[] = "\n                                                                ";
constexpr std::size_t kBreakSpaces = sizeof kBreak - 2;
}  // namespace

JsonStream::JsonStream(std::ostream& out, int indent) : out_(&out), indent_(indent) { buf_.reserve(kFlushAt + 4096); }

JsonStream::JsonStream(int indent, std::size_t depth) : out_(nullptr), indent_(indent), depth_(depth) {}

JsonStream::~JsonStream() { finish(); }

void JsonStream::finish() {
  if (!out_) return;
  if (!buf_.empty()) out_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

void JsonStream::maybe_flush() {
  if (buf_.size() >= kFlushAt) finish();
}

void JsonStream::newline(std::size_t depth) {
  // One append for the line break and the indentation of most lines.
  const std::size_t width = (depth + depth_) * static_cast<std::size_t>(indent_);
  if (width <= kBreakSpaces) {
    buf_.append(kBreak, width + 1);
  } else {
    buf_ += '\n';
    buf_.append(width, ' ');
  }
}

void JsonStream::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;
  if (!empty_.back()) buf_ += ',';
  empty_.back() = false;
  newline(empty_.size());
}

JsonStream& JsonStream::key(std::string_view name) {
  before_value();
  append_string(buf_, name);
  buf_ += ": ";
  after_key_ = true;
  return *this;
}

JsonStream& JsonStream::begin_object() {
  before_value();
  buf_ += '{';
  empty_.push_back(true);
  return *this;
}

JsonStream& JsonStream::begin_array() {
  before_value();
  buf_ += '[';
  empty_.push_back(true);
  return *this;
}

void JsonStream::close(char bracket) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) newline(empty_.size());
  buf_ += bracket;
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
  append_string(buf_, s);
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
  buf_ += '"';
  buf_ += first;
  buf_ += between;
  buf_ += second;
  buf_ += '"';
  maybe_flush();
  return *this;
}

JsonStream& JsonStream::raw(std::string_view json) {
  before_value();
  buf_ += json;
  maybe_flush();
  return *this;
}

JsonStream& JsonStream::value(bool b) {
  before_value();
  buf_ += b ? "true" : "false";
  return *this;
}

namespace {
template <typename N>
void append_number(std::string& out, N n) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
}
}  // namespace

JsonStream& JsonStream::value(std::int64_t n) {
  before_value();
  append_number(buf_, n);
  return *this;
}

JsonStream& JsonStream::value(std::uint64_t n) {
  before_value();
  append_number(buf_, n);
  return *this;
}

JsonStream& JsonStream::strings(const std::vector<std::string>& items) {
  begin_array();
  for (const std::string& s : items) value(s);
  return end_array();
}

}  // namespace iamtrim::render
