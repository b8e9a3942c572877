// Expressions: operators by precedence, postfix traversals, collections,
// for-expressions and function calls.
#include <array>

#include "sources/hcl/parser_impl.hpp"

namespace iamtrim::hcl::detail {
namespace {

// Binary operators from the loosest to the tightest binding level.
const std::array<std::vector<std::string_view>, 6> kLevels = {{
    {"||"},
    {"&&"},
    {"==", "!="},
    {"<=", ">=", "<", ">"},
    {"+", "-"},
    {"*", "/", "%"},
}};

class ExpressionParser {
 public:
  explicit ExpressionParser(Parser& p) : p_(p) {}

  Expr conditional() {
    Parser::DepthScope depth(p_);
    std::uint32_t start = p_.pos_;
    Expr cond = binary(0);
    if (p_.failed()) return cond;
    p_.skip_space();
    if (p_.peek() != '?') return cond;
    ++p_.pos_;
    Expr e{ExprKind::Conditional, start};
    e.items.push_back(std::move(cond));
    p_.skip_space_and_newlines();
    e.items.push_back(conditional());
    p_.skip_space_and_newlines();
    if (p_.peek() != ':') {
      p_.fail("expected \":\" in a conditional expression");
      return e;
    }
    ++p_.pos_;
    p_.skip_space_and_newlines();
    e.items.push_back(conditional());
    e.end = e.items.back().end;
    return e;
  }

 private:
  std::string_view match_operator(std::size_t level) {
    for (std::string_view op : kLevels[level]) {
      if (!p_.looking_at(op)) continue;
      // "=>" and "==" are not "<"/">"/"="; "->" cannot occur.
      if ((op == "<" || op == ">") && p_.peek(1) == '=') continue;
      return op;
    }
    return {};
  }

  Expr binary(std::size_t level) {
    if (level == kLevels.size()) return unary();
    std::uint32_t start = p_.pos_;
    Expr left = binary(level + 1);
    while (!p_.failed()) {
      p_.skip_space();
      std::string_view op = match_operator(level);
      if (op.empty()) break;
      p_.pos_ += op.size();
      p_.skip_space_and_newlines();
      Expr e{ExprKind::Operation, start};
      e.name = std::string(op);
      e.items.push_back(std::move(left));
      e.items.push_back(binary(level + 1));
      e.end = e.items.back().end;
      left = std::move(e);
    }
    return left;
  }

  Expr unary() {
    Parser::DepthScope depth(p_);
    char c = p_.peek();
    if (c == '!' || c == '-') {
      std::uint32_t start = p_.pos_++;
      p_.skip_space();
      Expr e{ExprKind::Operation, start};
      e.name = std::string(1, c);
      e.items.push_back(unary());
      e.end = e.items.back().end;
      return e;
    }
    return postfix(primary());
  }

  Expr postfix(Expr base) {
    while (!p_.failed()) {
      std::size_t save = p_.pos_;
      p_.skip_space();
      if (p_.peek() == '.' ) {
        ++p_.pos_;
        std::string step;
        if (p_.peek() == '*') {
          ++p_.pos_;
          step = "*";
        } else if (p_.peek() >= '0' && p_.peek() <= '9') {
          while (p_.peek() >= '0' && p_.peek() <= '9') step += p_.text_[p_.pos_++];
        } else {
          step = p_.read_identifier();
          if (step.empty()) {
            p_.fail("expected an attribute name after \".\"");
            return base;
          }
        }
        base = step_into(std::move(base), "." + step);
      } else if (p_.peek() == '[') {
        ++p_.pos_;
        Parser::NewlineScope lines(p_, false);
        p_.skip_space();
        std::string step = "[*]";
        if (p_.peek() == '*') {
          ++p_.pos_;
        } else {
          Expr index = conditional();
          step = "[" + std::string(text_of(p_.file_, index.begin, index.end)) + "]";
        }
        p_.skip_space();
        if (p_.peek() != ']') {
          p_.fail("expected \"]\" after an index");
          return base;
        }
        ++p_.pos_;
        base = step_into(std::move(base), step);
      } else {
        p_.pos_ = save;
        return base;
      }
    }
    return base;
  }

  // A traversal keeps its dotted path in `name`; anything else becomes the
  // root of a new traversal whose name starts with its source text.
  Expr step_into(Expr base, const std::string& step) {
    Expr e{ExprKind::Traversal, base.begin, static_cast<std::uint32_t>(p_.pos_)};
    e.name = base.kind == ExprKind::Traversal ? base.name + step
                                              : std::string(text_of(p_.file_, base.begin, base.end)) + step;
    if (base.kind != ExprKind::Traversal) e.items.push_back(std::move(base));
    return e;
  }

  Expr primary() {
    std::uint32_t start = p_.pos_;
    char c = p_.peek();
    if (c == '"') return p_.parse_quoted();
    if (c == '<' && p_.peek(1) == '<') return p_.parse_heredoc();
    if (c >= '0' && c <= '9') return number();
    if (c == '(') {
      ++p_.pos_;
      Parser::NewlineScope lines(p_, false);
      Expr e{ExprKind::Paren, start};
      p_.skip_space();
      e.items.push_back(conditional());
      p_.skip_space();
      if (p_.peek() != ')') p_.fail("expected \")\"");
      ++p_.pos_;
      e.end = p_.pos_;
      return e;
    }
    if (c == '[') return tuple();
    if (c == '{') return object();
    std::string name = p_.read_identifier();
    if (name.empty()) {
      p_.fail(p_.at_end() ? "expected an expression before the end of the file" : "expected an expression");
      return {};
    }
    while (p_.looking_at("::")) {  // provider::aws::arn_parse
      p_.pos_ += 2;
      std::string part = p_.read_identifier();
      if (part.empty()) p_.fail("expected a name after \"::\"");
      name += "::" + part;
    }
    Expr e{ExprKind::Traversal, start, static_cast<std::uint32_t>(p_.pos_)};
    e.name = name;
    if (name == "true" || name == "false") e.kind = ExprKind::Bool;
    if (name == "null") e.kind = ExprKind::Null;
    if (p_.peek() == '(') return call(std::move(e));
    return e;
  }

  Expr number() {
    std::uint32_t start = p_.pos_;
    auto digits = [&] { while (p_.peek() >= '0' && p_.peek() <= '9') ++p_.pos_; };
    digits();
    if (p_.peek() == '.' && p_.peek(1) >= '0' && p_.peek(1) <= '9') {
      ++p_.pos_;
      digits();
    }
    if (p_.peek() == 'e' || p_.peek() == 'E') {
      ++p_.pos_;
      if (p_.peek() == '+' || p_.peek() == '-') ++p_.pos_;
      digits();
    }
    Expr e{ExprKind::Number, start, static_cast<std::uint32_t>(p_.pos_)};
    e.name = p_.text_.substr(start, p_.pos_ - start);
    return e;
  }

  Expr call(Expr callee) {
    Expr e{ExprKind::Call, callee.begin};
    e.name = callee.name;
    ++p_.pos_;  // "("
    Parser::NewlineScope lines(p_, false);
    p_.skip_space();
    while (!p_.failed() && p_.peek() != ')') {
      e.items.push_back(conditional());
      p_.skip_space();
      if (p_.looking_at("...")) {
        p_.pos_ += 3;
        p_.skip_space();
      }
      if (p_.peek() == ',') {
        ++p_.pos_;
        p_.skip_space();
      } else if (p_.peek() != ')') {
        p_.fail("expected \",\" or \")\" in the arguments of " + e.name + "()");
      }
    }
    ++p_.pos_;
    e.end = p_.pos_;
    return e;
  }

  bool at_for() {
    return p_.looking_at("for") && !is_identifier_char(p_.peek(3));
  }

  // [for v in coll : expr if cond] and {for k, v in coll : k => v... if cond}
  Expr for_expression(std::uint32_t start, char close) {
    Expr e{ExprKind::For, start};
    p_.pos_ += 3;
    p_.skip_space();
    for (int i = 0; i < 2 && !p_.failed(); ++i) {
      if (p_.read_identifier().empty()) p_.fail("expected a variable name after \"for\"");
      p_.skip_space();
      if (p_.peek() != ',') break;
      ++p_.pos_;
      p_.skip_space();
    }
    if (!p_.looking_at("in") || is_identifier_char(p_.peek(2))) p_.fail("expected \"in\" in a for expression");
    p_.pos_ += 2;
    p_.skip_space();
    e.items.push_back(conditional());
    p_.skip_space();
    if (p_.peek() != ':') p_.fail("expected \":\" in a for expression");
    ++p_.pos_;
    p_.skip_space();
    e.items.push_back(conditional());
    p_.skip_space();
    if (close == '}') {
      if (!p_.looking_at("=>")) p_.fail("expected \"=>\" in a for expression");
      p_.pos_ += 2;
      p_.skip_space();
      e.items.push_back(conditional());
      p_.skip_space();
      if (p_.looking_at("...")) p_.pos_ += 3;
      p_.skip_space();
    }
    if (p_.looking_at("if") && !is_identifier_char(p_.peek(2))) {
      p_.pos_ += 2;
      p_.skip_space();
      e.items.push_back(conditional());
      p_.skip_space();
    }
    if (p_.peek() != close) p_.fail(std::string("expected \"") + close + "\" at the end of a for expression");
    ++p_.pos_;
    e.end = p_.pos_;
    return e;
  }

  Expr tuple() {
    std::uint32_t start = p_.pos_++;
    Parser::NewlineScope lines(p_, false);
    p_.skip_space();
    if (at_for()) return for_expression(start, ']');
    Expr e{ExprKind::Tuple, start};
    while (!p_.failed() && p_.peek() != ']') {
      e.items.push_back(conditional());
      p_.skip_space();
      if (p_.peek() == ',') {
        ++p_.pos_;
        p_.skip_space();
      } else if (p_.peek() != ']') {
        p_.fail("expected \",\" or \"]\" in a list");
      }
    }
    ++p_.pos_;
    e.end = p_.pos_;
    return e;
  }

  Expr object() {
    std::uint32_t start = p_.pos_++;
    p_.skip_space_and_newlines();
    if (at_for()) {
      Parser::NewlineScope lines(p_, false);
      return for_expression(start, '}');
    }
    Parser::NewlineScope lines(p_, true);
    Expr e{ExprKind::Object, start};
    while (!p_.failed()) {
      p_.skip_space_and_newlines();
      if (p_.peek() == '}') break;
      ObjectItem item;
      item.key = conditional();
      item.bare_key = item.key.kind == ExprKind::Traversal && item.key.name.find_first_of(".[") == std::string::npos &&
                      item.key.items.empty();
      p_.skip_space();
      if ((p_.peek() == '=' && p_.peek(1) != '=' && p_.peek(1) != '>') || p_.peek() == ':') {
        ++p_.pos_;
      } else {
        p_.fail("expected \"=\" or \":\" after an object key");
        break;
      }
      p_.skip_space();
      item.value = conditional();
      e.members.push_back(std::move(item));
      p_.skip_space();
      if (p_.peek() == ',') {
        ++p_.pos_;
      } else if (p_.peek() != '}' && !p_.at_newline()) {
        p_.fail("expected \",\", a new line or \"}\" after an object item");
      }
    }
    ++p_.pos_;
    e.end = p_.pos_;
    return e;
  }

  Parser& p_;
};

}  // namespace

Expr Parser::parse_expression() {
  skip_space();
  return ExpressionParser(*this).conditional();
}

}  // namespace iamtrim::hcl::detail
