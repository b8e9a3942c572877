// Internals shared by the HCL parser's files (body, expressions, templates).
#pragma once

#include <string>

#include "sources/hcl/parser.hpp"

namespace iamtrim::hcl::detail {

class Parser {
 public:
  explicit Parser(const SourceFile& file);
  HclResult run();
  TemplateResult run_template();

  // Body and blocks (body.cpp).
  void parse_body(Body& body, bool nested);
  // Expressions (expression.cpp).
  Expr parse_expression();
  // Templates (template.cpp): at '"' or at "<<".
  Expr parse_quoted();
  Expr parse_heredoc();
  Template parse_template_body();  // from here to the end of the file

  // Cursor helpers.
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool at_end() const { return pos_ >= text_.size(); }
  bool looking_at(std::string_view s) const {
    return pos_ <= text_.size() && std::string_view(text_).substr(pos_, s.size()) == s;
  }
  // Skips blanks and comments; newlines too when they are not significant.
  void skip_space();
  void skip_space_and_newlines();
  bool at_newline() const { return peek() == '\n' || peek() == '\r'; }
  std::string read_identifier();  // empty when not at one
  void fail(const std::string& message, std::uint32_t at);
  void fail(const std::string& message) { fail(message, static_cast<std::uint32_t>(pos_)); }
  bool failed() const { return failed_; }

  // Newlines end an expression in a body and in an object, but not inside
  // brackets, parentheses and template interpolations.
  struct NewlineScope {
    NewlineScope(Parser& p, bool significant) : p_(p), saved_(p.newlines_) { p.newlines_ = significant; }
    ~NewlineScope() { p_.newlines_ = saved_; }
    Parser& p_;
    bool saved_;
  };
  struct DepthScope {
    explicit DepthScope(Parser& p) : p_(p) {
      if (++p.depth_ > kMaxDepth) p.fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    ~DepthScope() { --p_.depth_; }
    Parser& p_;
  };

  const SourceFile& file_;
  const std::string& text_;
  std::size_t pos_ = 0;
  bool newlines_ = true;
  int depth_ = 0;

 private:
  bool failed_ = false;
  Diagnostics diagnostics_;
};

bool is_identifier_start(char c);
bool is_identifier_char(char c);

}  // namespace iamtrim::hcl::detail
