#include "sources/yaml_value.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace iamtrim::sources {
namespace {

// A limit crossed while building; caught in parse_yaml().
struct LimitError {
  YAML::Mark mark;
  std::string message;
};

class Builder : public YAML::EventHandler {
 public:
  explicit Builder(const SourceFile& file) : file_(file), text_(file.text()) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    document_start_ = {mark.line, mark.column};
    done_ = false;
    root_ = Value{};
    anchors_.clear();  // anchors belong to their document
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Value v;
    std::uint32_t at = offset(mark);
    // A null written out (`~`, `null`) spans its text; an empty one has none
    // (and yaml-cpp marks it at the next token, maybe lines below: complete()
    // puts it after its key).
    std::uint32_t end = at;
    for (std::string_view word : {"~", "null", "Null", "NULL"})
      if (text_.compare(at, word.size(), word) == 0 &&
          (at + word.size() == text_.size() || std::string_view(" \t\r\n,]}#").find(text_[at + word.size()]) !=
                                                  std::string_view::npos)) {
        end = at + static_cast<std::uint32_t>(word.size());
        break;
      }
    v.span = file_.span(at, end);
    complete(std::move(v), anchor, {1, 1, 0});
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) return complete(Value{}, 0, {1, 1, 0});
    const Shape& shape = it->second.shape;
    alias_nodes_ += shape.nodes;
    alias_bytes_ += shape.bytes;
    if (alias_nodes_ > kMaxAliasNodes)
      throw LimitError{mark, "YAML aliases expand to more than " + std::to_string(kMaxAliasNodes) +
                                 " nodes; the file is not read (a \"billion laughs\" document?)"};
    // Few nodes can still be many bytes: one long string aliased a
    // thousand times.
    if (alias_bytes_ > kMaxAliasBytes)
      throw LimitError{mark, "YAML aliases expand to more than " + std::to_string(kMaxAliasBytes) +
                                 " bytes of text; the file is not read (a \"billion laughs\" document?)"};
    if (stack_.size() + shape.height > kMaxDepth)
      throw LimitError{mark, "YAML nodes nest more than " + std::to_string(kMaxDepth) + " deep (aliases included)"};
    complete(it->second.value, 0, shape);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override {
    std::uint32_t begin = block_indicator(mark).value_or(offset(mark));
    // A tagged scalar can be marked at its tag (`!Sub |`): its extent is the
    // scalar's after the tag, or a block scalar would end with the tag's line.
    std::uint32_t content = begin;
    if (!tag.empty() && content < text_.size() && text_[content] == '!') {
      std::size_t after = text_.find_first_of(" \t\r\n", content);
      after = after == std::string::npos ? text_.size() : text_.find_first_not_of(" \t", after);
      if (after != std::string::npos && after < text_.size() && text_[after] != '\r' && text_[after] != '\n')
        content = static_cast<std::uint32_t>(after);
    }
    Value v;
    v.kind = ValueKind::String;
    v.text = value;
    v.span = file_.span(begin, std::max(begin, scalar_end(content, value)));
    if (is_local_tag(tag)) make_opaque(v, tag);
    std::size_t bytes = v.text.size();
    complete(std::move(v), anchor, {1, 1, bytes});
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(ValueKind::Array, mark, tag, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(ValueKind::Object, mark, tag, anchor);
  }
  void OnMapEnd() override { close(); }

  // The document just ended, if one was completed.
  std::optional<Value> take_document() {
    if (!done_) return std::nullopt;
    done_ = false;
    return std::move(root_);
  }
  Diagnostics& diagnostics() { return diagnostics_; }
  // Where the last document began (line, column).
  std::pair<int, int> document_start() const { return document_start_; }

 private:
  // A subtree's node count, height and bytes of text (strings, keys,
  // computed values' source), for the alias limits.
  struct Shape {
    std::size_t nodes = 0, height = 0, bytes = 0;
  };
  struct Anchored {
    Value value;
    Shape shape;
  };

  struct Frame {
    Shape shape{1, 1, 0};
    Value value;
    std::string tag;
    YAML::anchor_t anchor = 0;
    std::uint32_t tag_begin = 0;
    bool have_key = false;  // Object: a key is waiting for its value
    Member pending;
    std::unordered_map<std::string, std::size_t> keys;  // Object: each key's first member
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
    if (stack_.size() + 1 > kMaxDepth)
      throw LimitError{mark, "YAML nodes nest more than " + std::to_string(kMaxDepth) + " deep"};
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
    // A flow node opens with a bracket, after its tag when it has one
    // (`!If [C, Allow, Deny]` is marked at the tag).
    std::size_t open = f.value.span.begin.offset;
    if (open < text_.size() && text_[open] == '!') open = text_.find_first_not_of(" \t", text_.find_first_of(" \t[{\r\n", open));
    const bool flow = open < text_.size() && (text_[open] == '[' || text_[open] == '{');
    // An empty flow node (`{}`, `[]`) closes after its own opening bracket.
    const bool empty = f.value.items.empty() && f.value.members.empty();
    std::size_t after = text_.find_first_not_of(" \t\r\n", flow && empty ? open + 1 : end);
    if (flow && after != std::string::npos && (text_[after] == ']' || text_[after] == '}'))
      end = static_cast<std::uint32_t>(after + 1);
    f.value.span.end = file_.position(std::max(end, f.value.span.begin.offset));
    if (is_local_tag(f.tag)) {
      make_opaque(f.value, f.tag);
      f.shape.bytes += f.value.text.size();
    }
    complete(std::move(f.value), f.anchor, f.shape);
  }

  void complete(Value v, YAML::anchor_t anchor, Shape shape) {
    if (anchor) anchors_[anchor] = {v, shape};
    if (stack_.empty()) {
      if (!done_) root_ = std::move(v);
      done_ = true;
      return;
    }
    Frame& parent = stack_.back();
    parent.shape.nodes += shape.nodes;
    parent.shape.bytes += shape.bytes;
    parent.shape.height = std::max(parent.shape.height, shape.height + 1);
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
      // key at the very end of the file), or at the next token, lines below
      // (`NumericLessThan:` and nothing after it, found by fuzz_edit: a
      // statement then seemed to end at the next key, and deleting it took
      // that key's indentation along). It sits right after its key.
      const bool empty_null = v.kind == ValueKind::Null && v.span.begin.offset == v.span.end.offset;
      if (empty_null || v.span.begin.offset < parent.pending.key_span.end.offset) {
        std::uint32_t at = parent.pending.key_span.end.offset;
        if (empty_null) {  // after the key's colon, which belongs to the pair
          std::size_t colon = text_.find_first_not_of(" \t", at);
          if (colon != std::string::npos && text_[colon] == ':') at = static_cast<std::uint32_t>(colon + 1);
        }
        v.span = file_.span(at, empty_null ? at : std::max(at, v.span.end.offset));
      }
      parent.pending.value = std::move(v);
      // Keys indexed as they come: a map of a million keys stays linear.
      auto [first, fresh] = parent.keys.emplace(parent.pending.key, parent.value.members.size());
      if (!fresh) {
        const Member& m = parent.value.members[first->second];
        diagnostics_.push_back({"IAM002",
                                "duplicate key \"" + m.key + "\" (first at line " + std::to_string(m.key_span.begin.line) + ")",
                                parent.pending.key_span, "", {}});
      }
      parent.value.members.push_back(std::move(parent.pending));
      parent.pending = Member{};
    }
  }

  const SourceFile& file_;
  const std::string& text_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::size_t alias_nodes_ = 0, alias_bytes_ = 0;
  std::pair<int, int> document_start_{-1, -1};
  Value root_;
  bool done_ = false;
  Diagnostics diagnostics_;
};

Diagnostic error_at(const SourceFile& file, const YAML::Mark& mark, std::string message) {
  std::uint32_t line = mark.line < 0 ? 1 : static_cast<std::uint32_t>(mark.line) + 1;
  std::string_view text = file.line_text(line);
  std::uint32_t at = text.data() ? static_cast<std::uint32_t>(text.data() - file.text().data()) +
                                       static_cast<std::uint32_t>(std::max(0, mark.column))
                                 : 0;
  return {"IAM090", std::move(message), file.span(at, at + 1), "", {}};
}

}  // namespace

YamlStream parse_yaml(const SourceFile& file) {
  YamlStream r;
  Builder builder(file);
  auto collect = [&] {
    if (auto doc = builder.take_document()) r.documents.push_back(std::move(*doc));
  };
  try {
    std::istringstream in(file.text());
    YAML::Parser parser(in);
    // yaml-cpp can report the same document forever on some broken input:
    // a document that starts where the previous one did ends the stream.
    std::pair<int, int> previous{-2, -2};
    while (parser.HandleNextDocument(builder)) {
      if (builder.document_start() == previous) {
        YAML::Mark at;
        at.line = previous.first;
        at.column = previous.second;
        throw LimitError{at, "invalid YAML: the document stream does not advance"};
      }
      previous = builder.document_start();
      collect();
    }
    r.parsed = true;
  } catch (const LimitError& e) {
    r.diagnostics.push_back(error_at(file, e.mark, e.message));
  } catch (const YAML::Exception& e) {
    r.diagnostics.push_back(error_at(file, e.mark, "invalid YAML: " + e.msg));
  } catch (const std::exception& e) {
    r.diagnostics.push_back({"IAM090", std::string("invalid YAML: ") + e.what(), file.span(0, 0), "", {}});
  }
  // Duplicate keys first, in file order, then the error that stopped the read.
  Diagnostics all = std::move(builder.diagnostics());
  for (Diagnostic& d : r.diagnostics) all.push_back(std::move(d));
  r.diagnostics = std::move(all);
  if (!r.parsed) r.documents.clear();
  return r;
}

}  // namespace iamtrim::sources
