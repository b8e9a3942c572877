// Bodies, blocks and attributes, plus the cursor the other parts share.
#include <algorithm>
#include <exception>

#include "sources/hcl/parser_impl.hpp"

namespace iamtrim::hcl {

const Attribute* Body::attribute(std::string_view name) const {
  for (const Attribute& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

std::string_view text_of(const SourceFile& file, std::uint32_t begin, std::uint32_t end) {
  const std::string& t = file.text();
  begin = std::min<std::uint32_t>(begin, t.size());
  end = std::clamp<std::uint32_t>(end, begin, t.size());
  return std::string_view(t).substr(begin, end - begin);
}

// The parser checks every access; the catch is the boundary's guarantee
// that nothing (not even an allocation failure) escapes as an exception.
HclResult parse(const SourceFile& file) {
  try {
    return detail::Parser(file).run();
  } catch (const std::exception& e) {
    HclResult r;
    r.diagnostics.push_back({"IAM090", std::string("invalid HCL: ") + e.what(), file.span(0, 0), "", {}});
    return r;
  }
}
TemplateResult parse_template(const SourceFile& file) {
  try {
    return detail::Parser(file).run_template();
  } catch (const std::exception& e) {
    TemplateResult r;
    r.diagnostics.push_back({"IAM090", std::string("invalid template: ") + e.what(), file.span(0, 0), "", {}});
    return r;
  }
}

namespace detail {

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_identifier_char(char c) { return is_identifier_start(c) || (c >= '0' && c <= '9') || c == '-'; }

Parser::Parser(const SourceFile& file) : file_(file), text_(file.text()) {
  if (file.has_bom()) pos_ = 3;
}

HclResult Parser::run() {
  HclResult r;
  parse_body(r.body, false);
  r.ok = !failed_;
  r.diagnostics = std::move(diagnostics_);
  return r;
}

TemplateResult Parser::run_template() {
  TemplateResult r;
  r.tmpl = parse_template_body();
  r.ok = !failed_;
  r.diagnostics = std::move(diagnostics_);
  return r;
}

void Parser::fail(const std::string& message, std::uint32_t at) {
  if (failed_) return;  // the first error is the one that explains the rest
  failed_ = true;
  std::uint32_t end = at < text_.size() ? at + 1 : at;
  diagnostics_.push_back({"IAM090", "invalid HCL: " + message, file_.span(at, end), "", {}});
  pos_ = text_.size();  // stop every loop
}

void Parser::skip_space() {
  while (!at_end()) {
    char c = peek();
    if (c == ' ' || c == '\t') {
      ++pos_;
    } else if ((c == '\n' || c == '\r') && !newlines_) {
      ++pos_;
    } else if (c == '#' || (c == '/' && peek(1) == '/')) {
      while (!at_end() && !at_newline()) ++pos_;
    } else if (c == '/' && peek(1) == '*') {
      std::size_t close = text_.find("*/", pos_ + 2);
      if (close == std::string::npos) return fail("unterminated /* comment");
      pos_ = close + 2;
    } else {
      return;
    }
  }
}

void Parser::skip_space_and_newlines() {
  NewlineScope scope(*this, false);
  skip_space();
}

std::string Parser::read_identifier() {
  if (!is_identifier_start(peek())) return {};
  std::size_t start = pos_;
  while (!at_end() && is_identifier_char(peek())) ++pos_;
  return text_.substr(start, pos_ - start);
}

void Parser::parse_body(Body& body, bool nested) {
  DepthScope depth(*this);
  NewlineScope lines(*this, true);
  while (!failed_) {
    skip_space_and_newlines();
    if (at_end()) {
      if (nested) fail("missing \"}\" at the end of a block");
      return;
    }
    if (peek() == '}') {
      if (!nested) fail("unexpected \"}\"");
      return;
    }
    std::uint32_t start = pos_;
    std::string name = read_identifier();
    if (name.empty()) return fail("expected an attribute or a block");
    std::uint32_t name_end = pos_;
    skip_space();
    if (peek() == '=' && peek(1) != '=') {
      ++pos_;
      Attribute a{name, start, name_end, {}};
      a.value = parse_expression();
      if (failed_) return;
      skip_space();
      if (!at_end() && !at_newline() && !(nested && peek() == '}'))
        return fail("unexpected text after the value of \"" + name + "\"");
      if (body.attribute(name)) return fail("attribute \"" + name + "\" is defined twice", start);
      body.attributes.push_back(std::move(a));
      continue;
    }
    Block b;
    b.type = name;
    b.begin = start;
    while (!failed_ && peek() != '{') {
      if (peek() == '"') {
        Expr label = parse_quoted();
        if (!label.tmpl.literal()) return fail("a block label cannot contain an interpolation", label.begin);
        b.labels.push_back(label.tmpl.text);
      } else {
        std::string label = read_identifier();
        if (label.empty()) return fail("expected \"=\", a block label or \"{\" after \"" + name + "\"");
        b.labels.push_back(label);
      }
      skip_space();
    }
    if (failed_) return;
    b.open_brace = pos_++;
    parse_body(b.body, true);
    if (failed_) return;
    b.end = ++pos_;  // past "}"
    skip_space();
    if (!at_end() && !at_newline() && peek() != '}') return fail("unexpected text after a block");
    body.blocks.push_back(std::move(b));
  }
}

}  // namespace detail
}  // namespace iamtrim::hcl
