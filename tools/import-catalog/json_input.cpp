#include "json_input.hpp"

#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

namespace iamtrim::importer {

namespace {

// RFC 6901: '~' and '/' inside a token are escaped, so a condition key such
// as "aws:requesttag/${tagkey}" stays one token in the pointer.
std::string pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// Tracks where the parser is, because nlohmann's callback reports a key
// without its position and a duplicate key must be located to be fixable.
class DuplicateKeyGuard {
 public:
  explicit DuplicateKeyGuard(const std::filesystem::path& file) : file_(file) {}

  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
      case Event::object_start:
        frames_.push_back(Frame{false, 0, {}, {}});
        break;
      case Event::array_start:
        frames_.push_back(Frame{true, 0, {}, {}});
        break;
      case Event::key: {
        Frame& frame = frames_.back();
        std::string key = parsed.get<std::string>();
        if (!frame.keys.insert(key).second) {
          fail(file_, where() + ": duplicate key " + in_quotes(key));
        }
        frame.key = std::move(key);
        break;
      }
      case Event::object_end:
      case Event::array_end:
        frames_.pop_back();
        element_done();
        break;
      case Event::value:
        element_done();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool array;
    std::size_t index;
    std::string key;
    std::set<std::string> keys;
  };

  void element_done() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
  }

  // Pointer of the innermost open container, which holds the duplicate key.
  std::string where() const {
    std::string pointer;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      pointer += '/';
      pointer += frame.array ? std::to_string(frame.index) : pointer_token(frame.key);
    }
    return pointer.empty() ? std::string("/") : pointer;
  }

  const std::filesystem::path& file_;
  std::vector<Frame> frames_;
};

}  // namespace

void fail(const std::filesystem::path& file, std::string_view what) {
  throw ImportError(file.generic_string() + ": " + std::string(what));
}

std::string read_text_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) fail(file, "file not found");
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || !text) fail(file, "cannot read the file");
  return std::move(text).str();
}

nlohmann::json parse_json_file(const std::filesystem::path& file) {
  std::string text = read_text_file(file);
  DuplicateKeyGuard guard(file);
  try {
    return nlohmann::json::parse(text, std::ref(guard));
  } catch (const nlohmann::json::parse_error& e) {
    fail(file, std::string("invalid JSON: ") + e.what());
  }
}

std::optional<std::string> field_problem(std::string_view value, bool list_item) {
  if (value.empty()) return "is empty";
  for (char c : value) {
    if (c == '\t' || c == '\n' || c == '\r') return "contains a tab or line break";
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "contains a control character";
    if (list_item && c == ',') return "contains a comma";
  }
  return std::nullopt;
}

std::string in_quotes(std::string_view value) {
  return nlohmann::json(std::string(value)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void Node::fail(std::string_view what) const {
  importer::fail(file_, pointer_.empty() ? std::string(what) : pointer_ + ": " + std::string(what));
}

void Node::expect_object() const {
  if (!value_->is_object()) fail(std::string("expected an object, got ") + value_->type_name());
}

void Node::expect_array() const {
  if (!value_->is_array()) fail(std::string("expected an array, got ") + value_->type_name());
}

Node Node::child(std::string_view token, const nlohmann::json& value) const {
  return Node(value, file_, pointer_ + "/" + pointer_token(token));
}

Node Node::at(std::string_view key) const {
  if (auto node = find(key)) return *node;
  fail("missing field " + in_quotes(key));
}

std::optional<Node> Node::find(std::string_view key) const {
  expect_object();
  auto it = value_->find(key);
  if (it == value_->end()) return std::nullopt;
  return child(key, *it);
}

std::vector<Node> Node::elements() const {
  expect_array();
  std::vector<Node> out;
  out.reserve(value_->size());
  for (std::size_t i = 0; i < value_->size(); ++i) {
    out.push_back(child(std::to_string(i), (*value_)[i]));
  }
  return out;
}

std::vector<std::pair<std::string, Node>> Node::members() const {
  expect_object();
  std::vector<std::pair<std::string, Node>> out;
  out.reserve(value_->size());
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    out.emplace_back(it.key(), child(it.key(), it.value()));
  }
  return out;
}

std::string Node::text() const {
  if (!value_->is_string()) fail(std::string("expected a string, got ") + value_->type_name());
  const auto& value = value_->get_ref<const std::string&>();
  if (auto problem = field_problem(value, false)) fail(in_quotes(value) + " " + *problem);
  return value;
}

std::string Node::list_item() const {
  std::string value = text();
  if (auto problem = field_problem(value, true)) fail(in_quotes(value) + " " + *problem);
  return value;
}

bool Node::boolean() const {
  if (!value_->is_boolean()) fail(std::string("expected true or false, got ") + value_->type_name());
  return value_->get<bool>();
}

}  // namespace iamtrim::importer
