// Canonical JSON for a Policy. Written by hand rather than through a JSON
// library so that single-string forms, number literals and the grammar's
// element order are kept exactly.
#include <functional>

#include "iamtrim/policy.hpp"
#include "parse/json_writer.hpp"

namespace iamtrim {
namespace {

class Writer {
 public:
  explicit Writer(const WriteOptions& o) : o_(o) {}
  std::string out;

  void newline(int depth) {
    if (!o_.pretty) return;
    out += '\n';
    out.append(static_cast<std::size_t>(depth * o_.indent), ' ');
  }
  void key(std::string_view k) {
    detail::append_json_string(out, k);
    out += o_.pretty ? ": " : ":";
  }
  void scalar(const Item& it) {
    if (it.kind == ValueKind::Number || it.kind == ValueKind::Bool) out += it.text;
    else detail::append_json_string(out, it.text);
  }
  void list(const ItemList& l, int depth) {
    if (l.single && l.items.size() == 1) {
      scalar(l.items.front());
      return;
    }
    if (l.items.empty()) {
      out += "[]";
      return;
    }
    out += '[';
    for (std::size_t i = 0; i < l.items.size(); ++i) {
      if (i) out += ',';
      newline(depth + 1);
      scalar(l.items[i]);
    }
    newline(depth);
    out += ']';
  }

  // Writes `{ "k": v, ... }` where each member is written by a callback.
  template <typename F>
  void object(int depth, std::size_t n, F&& member) {
    if (n == 0) {
      out += "{}";
      return;
    }
    out += '{';
    for (std::size_t i = 0; i < n; ++i) {
      if (i) out += ',';
      newline(depth + 1);
      member(i);
    }
    newline(depth);
    out += '}';
  }

  void principal(const Principal& p, int depth) {
    if (p.star) {
      out += "\"*\"";
      return;
    }
    object(depth, p.entries.size(), [&](std::size_t i) {
      key(p.entries[i].type);
      list(p.entries[i].values, depth + 1);
    });
  }

  void condition(const Condition& c, int depth) {
    object(depth, c.operators.size(), [&](std::size_t i) {
      const ConditionOperator& op = c.operators[i];
      key(op.text);
      object(depth + 1, op.keys.size(), [&](std::size_t j) {
        key(op.keys[j].key);
        list(op.keys[j].values, depth + 2);
      });
    });
  }

  void statement(const Statement& s, int depth) {
    std::vector<std::function<void()>> parts;
    auto add = [&](const char* k, auto&& write) {
      parts.push_back([this, k, write] {
        key(k);
        write();
      });
    };
    if (s.sid) add("Sid", [&] { scalar(*s.sid); });
    if (s.effect_item) add("Effect", [&] { scalar(*s.effect_item); });
    if (s.principal) add("Principal", [&] { principal(*s.principal, depth + 1); });
    if (s.not_principal) add("NotPrincipal", [&] { principal(*s.not_principal, depth + 1); });
    if (s.action) add("Action", [&] { list(*s.action, depth + 1); });
    if (s.not_action) add("NotAction", [&] { list(*s.not_action, depth + 1); });
    if (s.resource) add("Resource", [&] { list(*s.resource, depth + 1); });
    if (s.not_resource) add("NotResource", [&] { list(*s.not_resource, depth + 1); });
    if (s.condition) add("Condition", [&] { condition(*s.condition, depth + 1); });
    object(depth, parts.size(), [&](std::size_t i) { parts[i](); });
  }

  void policy(const Policy& p) {
    std::vector<std::function<void()>> parts;
    if (p.version) parts.push_back([&] { key("Version"); scalar(*p.version); });
    if (p.id) parts.push_back([&] { key("Id"); scalar(*p.id); });
    if (p.has_statement)
      parts.push_back([&] {
        key("Statement");
        if (p.statement_single && p.statements.size() == 1) {
          statement(p.statements.front(), 1);
          return;
        }
        if (p.statements.empty()) {
          out += "[]";
          return;
        }
        out += '[';
        for (std::size_t i = 0; i < p.statements.size(); ++i) {
          if (i) out += ',';
          newline(2);
          statement(p.statements[i], 2);
        }
        newline(1);
        out += ']';
      });
    object(0, parts.size(), [&](std::size_t i) { parts[i](); });
  }

 private:
  const WriteOptions& o_;
};

}  // namespace

std::string write_policy(const Policy& policy, const WriteOptions& options) {
  Writer w(options);
  w.policy(policy);
  if (options.pretty) w.out += '\n';
  return std::move(w.out);
}

}  // namespace iamtrim
