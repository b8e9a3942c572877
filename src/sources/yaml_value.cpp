#include "sources/yaml_value.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace iamtrim::sources {
namespace {

class Builder : public YAML::EventHandler {
 public:
  explicit Builder(const SourceFile& file) : file_(file), text_(file.text()) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Value v;
    std::uint32_t at = offset(mark);
    v.span = file_.span(at, at);
    complete(std::move(v), anchor);
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    complete(it == anchors_.end() ? Value{} : it->second, 0);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override {
    std::uint32_t begin = block_indicator(mark).value_or(offset(mark));
    Value v;
    v.kind = ValueKind::String;
    v.text = value;
    v.span = file_.span(begin, scalar_end(begin, value));
    if (is_local_tag(tag)) make_opaque(v, tag);
    complete(std::move(v), anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(ValueKind::Array, mark, tag, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(ValueKind::Object, mark, tag, anchor);
  }
  void OnMapEnd() override { close(); }

  JsonResult result() {
    JsonResult r;
    r.parsed = done_;
    r.value = std::move(root_);
    r.diagnostics = std::move(diagnostics_);
    return r;
  }
  Diagnostics& diagnostics() { return diagnostics_; }

 private:
  struct Frame {
    Value value;
    std::string tag;
    YAML::anchor_t anchor = 0;
    std::uint32_t tag_begin = 0;
    bool have_key = false;  // Object: a key is waiting for its value
    Member pending;
  };

  static bool is_local_tag(const std::string& tag) { return tag.size() > 1 && tag[0] == '!' && tag[1] != '!'; }

  // yaml-cpp marks are 0-based line and column; the file's own line index
  // turns them into byte offsets whatever the line endings.
  std::uint32_t offset(const YAML::Mark& mark) const {
    if (mark.line < 0) return 0;
    std::string_view line = file_.line_text(static_cast<std::uint32_t>(mark.line) + 1);
    if (line.data() == nullptr) return static_cast<std::uint32_t>(text_.size());
    std::uint32_t start = static_cast<std::uint32_t>(line.data() - text_.data());
    return start + static_cast<std::uint32_t>(std::max(0, mark.column));
  }

  // yaml-cpp marks a block scalar (| or >) one line below its indicator,
  // at the indicator's column.
  std::optional<std::uint32_t> block_indicator(const YAML::Mark& mark) const {
    if (mark.line < 1) return std::nullopt;
    std::string_view line = file_.line_text(static_cast<std::uint32_t>(mark.line));
    if (!line.data() || mark.column < 0 || static_cast<std::size_t>(mark.column) >= line.size()) return std::nullopt;
    char c = line[static_cast<std::size_t>(mark.column)];
    if (c != '|' && c != '>') return std::nullopt;
    return static_cast<std::uint32_t>(line.data() - text_.data()) + static_cast<std::uint32_t>(mark.column);
  }

  // The tag sits before the node; yaml-cpp marks the node itself.
  std::uint32_t tag_start(std::uint32_t begin, const std::string& tag) const {
    std::size_t at = text_.rfind(tag, begin);
    return at == std::string::npos || begin - at > 256 ? begin : static_cast<std::uint32_t>(at);
  }

  void make_opaque(Value& v, const std::string& tag) {
    std::uint32_t begin = tag_start(v.span.begin.offset, tag);
    v.kind = ValueKind::Opaque;
    v.span = file_.span(begin, v.span.end.offset);
    v.text = text_.substr(begin, v.span.end.offset - begin);
    v.items.clear();
    v.members.clear();
  }

  std::uint32_t scalar_end(std::uint32_t begin, const std::string& value) const {
    if (begin >= text_.size()) return begin;
    char c = text_[begin];
    if (c == '"' || c == '\'') {
      for (std::size_t i = begin + 1; i < text_.size(); ++i) {
        if (c == '"' && text_[i] == '\\') {
          ++i;
        } else if (text_[i] == c) {
          if (c == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
            ++i;
            continue;
          }
          return static_cast<std::uint32_t>(i + 1);
        }
      }
      return static_cast<std::uint32_t>(text_.size());
    }
    if (c == '|' || c == '>') return block_end(begin);
    if (text_.compare(begin, value.size(), value) == 0) return begin + static_cast<std::uint32_t>(value.size());
    // A plain scalar folded over lines: up to the end of its last line.
    std::size_t eol = text_.find_first_of("\r\n", begin);
    return static_cast<std::uint32_t>(eol == std::string::npos ? text_.size() : eol);
  }

  // A block scalar runs over the following lines indented deeper than the
  // line that introduces it.
  std::uint32_t block_end(std::uint32_t begin) const {
    std::size_t line_start = text_.find_last_of("\r\n", begin);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    std::size_t indent = text_.find_first_not_of(' ', line_start) - line_start;
    std::size_t end = text_.find_first_of("\r\n", begin);
    if (end == std::string::npos) return static_cast<std::uint32_t>(text_.size());
    std::size_t next = end;
    while (next < text_.size()) {
      while (next < text_.size() && (text_[next] == '\r' || text_[next] == '\n')) ++next;
      std::size_t first = text_.find_first_not_of(' ', next);
      if (first == std::string::npos) break;
      std::size_t eol = text_.find_first_of("\r\n", first);
      if (eol == std::string::npos) eol = text_.size();
      if (first == eol) {  // blank line: part of the block if more follows
        next = eol;
        continue;
      }
      if (first - next <= indent) break;
      end = eol;
      next = eol;
    }
    return static_cast<std::uint32_t>(end);
  }

  void open(ValueKind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    Frame f;
    f.value.kind = kind;
    std::uint32_t begin = offset(mark);
    f.value.span = file_.span(begin, begin);
    f.tag = tag;
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    if (stack_.empty()) return;
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    // The node ends where its last child ends, or at a closing bracket.
    std::uint32_t end = f.value.span.begin.offset;
    if (!f.value.items.empty()) end = f.value.items.back().span.end.offset;
    if (!f.value.members.empty()) end = f.value.members.back().value.span.end.offset;
    std::size_t after = text_.find_first_not_of(" \t\r\n", end);
    if (after != std::string::npos && (text_[after] == ']' || text_[after] == '}') && f.value.span.begin.offset < text_.size() &&
        (text_[f.value.span.begin.offset] == '[' || text_[f.value.span.begin.offset] == '{'))
      end = static_cast<std::uint32_t>(after + 1);
    f.value.span.end = file_.position(std::max(end, f.value.span.begin.offset));
    if (is_local_tag(f.tag)) make_opaque(f.value, f.tag);
    complete(std::move(f.value), f.anchor);
  }

  void complete(Value v, YAML::anchor_t anchor) {
    if (anchor) anchors_[anchor] = v;
    if (stack_.empty()) {
      if (!done_) root_ = std::move(v);
      done_ = true;
      return;
    }
    Frame& parent = stack_.back();
    if (parent.value.kind == ValueKind::Array) {
      parent.value.items.push_back(std::move(v));
    } else if (parent.value.kind == ValueKind::Object || parent.value.kind == ValueKind::Opaque) {
      if (!parent.have_key) {
        parent.pending.key = v.kind == ValueKind::String ? v.text : v.text.empty() ? "" : v.text;
        parent.pending.key_span = v.span;
        parent.have_key = true;
        return;
      }
      parent.have_key = false;
      // yaml-cpp can mark an empty value at the start of its key's line (a
      // key at the very end of the file); it sits after its key.
      if (v.span.begin.offset < parent.pending.key_span.end.offset) {
        std::uint32_t at = parent.pending.key_span.end.offset;
        v.span = file_.span(at, std::max(at, v.span.end.offset));
      }
      parent.pending.value = std::move(v);
      for (const Member& m : parent.value.members) {
        if (m.key != parent.pending.key) continue;
        diagnostics_.push_back({"IAM002",
                                "duplicate key \"" + m.key + "\" (first at line " + std::to_string(m.key_span.begin.line) + ")",
                                parent.pending.key_span, "", {}});
        break;
      }
      parent.value.members.push_back(std::move(parent.pending));
      parent.pending = Member{};
    }
  }

  const SourceFile& file_;
  const std::string& text_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Value> anchors_;
  Value root_;
  bool done_ = false;
  Diagnostics diagnostics_;
};

}  // namespace

JsonResult parse_yaml(const SourceFile& file) {
  Builder builder(file);
  try {
    std::istringstream in(file.text());
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const YAML::Exception& e) {
    std::uint32_t line = e.mark.line < 0 ? 1 : static_cast<std::uint32_t>(e.mark.line) + 1;
    std::string_view text = file.line_text(line);
    std::uint32_t at = text.data() ? static_cast<std::uint32_t>(text.data() - file.text().data()) +
                                         static_cast<std::uint32_t>(std::max(0, e.mark.column))
                                   : 0;
    JsonResult r;
    r.diagnostics.push_back({"IAM090", "invalid YAML: " + e.msg, file.span(at, at + 1), "", {}});
    return r;
  } catch (const std::exception& e) {
    JsonResult r;
    r.diagnostics.push_back({"IAM090", std::string("invalid YAML: ") + e.what(), file.span(0, 0), "", {}});
    return r;
  }
  return builder.result();
}

}  // namespace iamtrim::sources
