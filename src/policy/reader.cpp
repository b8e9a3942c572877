// Reads the policy grammar from a Value tree. Every problem is a diagnostic;
// reading goes on past it so one run reports everything, and an element of
// the wrong type is treated as absent.
#include <algorithm>
#include <array>
#include <iterator>

#include "iamtrim/catalog.hpp"
#include "iamtrim/parallel.hpp"
#include "iamtrim/policy.hpp"

namespace iamtrim {
namespace {

constexpr std::array kTopElements = {"Version", "Id", "Statement"};
constexpr std::array kStatementElements = {"Sid",      "Effect",      "Principal",
                                           "NotPrincipal", "Action",  "NotAction",
                                           "Resource", "NotResource", "Condition"};

template <std::size_t N>
const char* case_match(const std::array<const char*, N>& names, std::string_view key) {
  for (const char* n : names)
    if (iequals(n, key)) return n;
  return nullptr;
}

// A JSON pointer built only when a diagnostic needs it: reading a valid
// policy then allocates no pointer strings at all.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;
  std::size_t index = 0;
  bool is_index = false;
  const std::string* root = nullptr;  // set on the outermost Path only

  Path child(std::string_view k) const { return {this, k, 0, false, nullptr}; }
  Path child(std::size_t i) const { return {this, {}, i, true, nullptr}; }
  std::string str() const {
    std::string out;
    append_to(out);
    return out;
  }
  void append_to(std::string& out) const {
    if (!parent) {
      if (root) out += *root;
      return;
    }
    parent->append_to(out);
    if (is_index) append_pointer_token(out, index);
    else append_pointer_token(out, key);
  }
};

class PolicyReader {
 public:
  PolicyReader(Diagnostics& diags, unsigned jobs) : diags_(diags), jobs_(jobs) {}

  void report(const char* code, std::string message, const Span& span, const Path& pointer) {
    diags_.push_back({code, std::move(message), span, pointer.str(), {}});
  }

  void wrong_type(const Value& v, std::string_view element, std::string_view expected,
                  const Path& pointer) {
    report("IAM018",
           std::string(element) + " must be " + std::string(expected) + ", found " +
               std::string(to_string(v.kind)),
           v.span, pointer);
  }

  void unknown(std::vector<UnknownElement>& out, const Member& m, const char* suggestion,
               std::string_view where, const Path& pointer) {
    out.push_back({m.key, m.key_span});
    Diagnostic d{"IAM003", "unknown " + std::string(where) + " element \"" + m.key + "\"",
                 m.key_span, pointer.child(m.key).str(), {}};
    if (suggestion) d.suggestions.push_back(suggestion);
    diags_.push_back(std::move(d));
  }

  std::optional<Item> scalar_string(const Value& v, std::string_view element,
                                    const Path& pointer) {
    if (v.kind == ValueKind::String || v.kind == ValueKind::Opaque)
      return Item{v.text, v.span, v.kind};
    wrong_type(v, element, "a string", pointer);
    return std::nullopt;
  }

  // An element (an ItemList, Principal or Condition) as it starts out:
  // where its value and its key are.
  template <class Element>
  static Element located(const Value& v, const Member& m) {
    Element e;
    e.span = v.span;
    e.key_span = m.key_span;
    return e;
  }

  // String-or-list element. `scalars` admits numbers and booleans (condition values).
  std::optional<ItemList> items(const Value& v, const Member& m, const Path& pointer,
                                bool scalars) {
    ItemList list = located<ItemList>(v, m);
    auto accept = [&](const Value& x) {
      return x.kind == ValueKind::String || x.kind == ValueKind::Opaque ||
             (scalars && (x.kind == ValueKind::Number || x.kind == ValueKind::Bool));
    };
    auto item = [](const Value& x) {
      Item it{x.text, x.span, x.kind};
      if (x.kind == ValueKind::Bool) it.text = x.boolean ? "true" : "false";
      return it;
    };
    const char* expected = scalars ? "a string, number, boolean or a list of them"
                                   : "a string or a list of strings";
    if (v.kind == ValueKind::Opaque) {
      // A computed element: a single interpolation that may yield a list.
      list.opaque = true;
      list.single = true;
      list.items.push_back(item(v));
      return list;
    }
    if (accept(v)) {
      list.single = true;
      list.items.push_back(item(v));
      return list;
    }
    if (v.kind != ValueKind::Array) {
      wrong_type(v, m.key, expected, pointer);
      return std::nullopt;
    }
    if (v.items.empty()) report("IAM015", m.key + " is an empty list", v.span, pointer);
    list.items.reserve(v.items.size());
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const Value& x = v.items[i];
      if (accept(x)) list.items.push_back(item(x));
      else wrong_type(x, m.key + " item", scalars ? "a string, number or boolean" : "a string",
                      pointer.child(i));
    }
    return list;
  }

  std::optional<Principal> principal(const Member& m, const Path& pointer) {
    const Value& v = m.value;
    Principal p = located<Principal>(v, m);
    if (v.kind == ValueKind::String && v.text == "*") {
      p.star = true;
      return p;
    }
    if (v.kind == ValueKind::Opaque) {  // computed: PolicyResult::computed_parts
      p.computed = true;
      return p;
    }
    if (v.kind != ValueKind::Object) {
      wrong_type(v, m.key, "\"*\" or an object such as {\"AWS\": ...}", pointer);
      return std::nullopt;
    }
    if (v.members.empty()) report("IAM015", m.key + " is an empty object", v.span, pointer);
    for (const Member& e : v.members) {
      Path ep = pointer.child(e.key);
      auto values = items(e.value, e, ep, false);
      if (!values) continue;
      p.entries.push_back({e.key, e.key_span, std::move(*values)});
    }
    return p;
  }

  std::optional<Condition> condition(const Member& m, const Path& pointer) {
    const Value& v = m.value;
    Condition c = located<Condition>(v, m);
    if (v.kind == ValueKind::Opaque) {  // computed: PolicyResult::computed_parts
      c.computed = true;
      return c;
    }
    if (v.kind != ValueKind::Object) {
      wrong_type(v, "Condition", "an object of operators", pointer);
      return std::nullopt;
    }
    for (const Member& om : v.members) {
      Path op_pointer = pointer.child(om.key);
      if (om.value.kind == ValueKind::Opaque) {  // computed: PolicyResult::computed_parts
        c.computed = true;
        continue;
      }
      if (om.value.kind != ValueKind::Object) {
        wrong_type(om.value, "condition operator " + om.key, "an object of keys", op_pointer);
        continue;
      }
      ConditionOperator op;
      op.text = om.key;
      op.span = om.key_span;
      std::string_view base = om.key;
      if (base.rfind("ForAllValues:", 0) == 0) {
        op.qualifier = SetQualifier::ForAllValues;
        base.remove_prefix(13);
      } else if (base.rfind("ForAnyValue:", 0) == 0) {
        op.qualifier = SetQualifier::ForAnyValue;
        base.remove_prefix(12);
      }
      if (base.size() > 8 && base.substr(base.size() - 8) == "IfExists") {
        op.if_exists = true;
        base.remove_suffix(8);
      }
      op.base = std::string(base);
      if (om.value.members.empty())
        report("IAM015", "condition operator " + om.key + " has no keys", om.value.span, op_pointer);
      for (const Member& km : om.value.members) {
        auto values = items(km.value, km, op_pointer.child(km.key), true);
        if (!values) continue;
        op.keys.push_back({km.key, km.key_span, std::move(*values)});
      }
      c.operators.push_back(std::move(op));
    }
    return c;
  }

  void effect(Statement& s, const Member& m, const Path& pointer) {
    auto item = scalar_string(m.value, "Effect", pointer);
    if (!item) return;
    s.effect_item = item;
    // Computed by Terraform or CloudFormation: the source reader reports it
    // as not evaluated (IAM091); the statement's Effect stays unknown.
    if (item->kind == ValueKind::Opaque) return;
    if (item->text == "Allow") s.effect = Effect::Allow;
    else if (item->text == "Deny") s.effect = Effect::Deny;
    else {
      Diagnostic d{"IAM004", "invalid Effect \"" + item->text + "\": must be \"Allow\" or \"Deny\"",
                   item->span, pointer.str(), {}};
      if (iequals(item->text, "allow") || item->text.rfind("Al", 0) == 0) d.suggestions.push_back("Allow");
      else if (iequals(item->text, "deny") || item->text.rfind("De", 0) == 0) d.suggestions.push_back("Deny");
      diags_.push_back(std::move(d));
    }
  }

  void both(const Statement& s, bool a, bool b, const char* code, const char* an, const char* bn) {
    if (a && b)
      diags_.push_back({code, std::string("statement has both ") + an + " and " + bn, s.span, s.pointer, {}});
  }

  Statement statement(const Value& v, std::size_t index, const Path& pointer) {
    Statement s;
    s.span = v.span;
    s.index = index;
    s.pointer = pointer.str();
    s.order.reserve(v.members.size());
    bool has_effect_key = false, has_action = false, has_not_action = false, has_resource = false,
         has_not_resource = false, has_principal = false, has_not_principal = false;
    // Elements whose value is computed (a Terraform expression such as
    // try(var.x, null), a CloudFormation !If with AWS::NoValue) may turn out
    // absent: a pair that needs one of them is not reported as both.
    bool computed_action = false, computed_not_action = false, computed_resource = false,
         computed_not_resource = false, computed_principal = false, computed_not_principal = false;
    for (const Member& m : v.members) {
      Path mp = pointer.child(m.key);
      const std::string_view k = m.key;
      const bool computed = m.value.kind == ValueKind::Opaque;
      s.order.push_back(m.key);
      // The has_ flags say the element is written, whatever its value reads as.
      if (k == "Sid") s.sid = scalar_string(m.value, "Sid", mp);
      else if (k == "Effect") { has_effect_key = true; effect(s, m, mp); }
      else if (k == "Principal") { has_principal = true; computed_principal = computed; s.principal = principal(m, mp); }
      else if (k == "NotPrincipal") { has_not_principal = true; computed_not_principal = computed; s.not_principal = principal(m, mp); }
      else if (k == "Action") { has_action = true; computed_action = computed; s.action = items(m.value, m, mp, false); }
      else if (k == "NotAction") { has_not_action = true; computed_not_action = computed; s.not_action = items(m.value, m, mp, false); }
      else if (k == "Resource") { has_resource = true; computed_resource = computed; s.resource = items(m.value, m, mp, false); }
      else if (k == "NotResource") { has_not_resource = true; computed_not_resource = computed; s.not_resource = items(m.value, m, mp, false); }
      else if (k == "Condition") s.condition = condition(m, mp);
      else unknown(s.unknown, m, case_match(kStatementElements, k), "statement", pointer);
    }
    if (!has_effect_key) report("IAM004", "statement has no Effect", v.span, pointer);
    if (!has_action && !has_not_action)
      report("IAM005", "statement has neither Action nor NotAction", v.span, pointer);
    both(s, has_action && !computed_action, has_not_action && !computed_not_action, "IAM006", "Action", "NotAction");
    both(s, has_resource && !computed_resource, has_not_resource && !computed_not_resource, "IAM007", "Resource",
         "NotResource");
    both(s, has_principal && !computed_principal, has_not_principal && !computed_not_principal, "IAM008", "Principal",
         "NotPrincipal");
    return s;
  }

  Policy policy(const Value& doc, const Path& pointer) {
    Policy p;
    p.span = doc.span;
    const Value* statements = nullptr;
    const Member* statement_member = nullptr;
    for (const Member& m : doc.members) {
      Path mp = pointer.child(m.key);
      p.order.push_back(m.key);
      if (m.key == "Version") {
        p.version = scalar_string(m.value, "Version", mp);
        if (p.version && p.version->kind == ValueKind::String && p.version->text != "2012-10-17" &&
            p.version->text != "2008-10-17")
          report("IAM010",
                 "invalid Version \"" + p.version->text + "\": must be \"2012-10-17\" or \"2008-10-17\"",
                 p.version->span, mp);
      } else if (m.key == "Id") {
        p.id = scalar_string(m.value, "Id", mp);
      } else if (m.key == "Statement") {
        statements = &m.value;
        statement_member = &m;
      } else {
        unknown(p.unknown, m, case_match(kTopElements, m.key), "policy", pointer);
      }
    }
    if (!statements) {
      report("IAM019", "policy has no Statement", doc.span, pointer);
      return p;
    }
    p.has_statement = true;
    p.statement_span = statements->span;
    Path sp = pointer.child("Statement");
    if (statements->kind == ValueKind::Object) {
      p.statement_single = true;
      p.statements.push_back(statement(*statements, 0, sp));
    } else if (statements->kind == ValueKind::Array) {
      if (statements->items.empty())
        report("IAM015", "Statement is an empty list", statements->span, sp);
      p.statements.reserve(statements->items.size());  // no growth copies: policies can be huge
      read_statements(*statements, sp, p.statements);
    } else if (statements->kind != ValueKind::Opaque) {  // computed: PolicyResult::computed_parts
      (void)statement_member;
      wrong_type(*statements, "Statement", "an object or a list of objects", sp);
    }
    return p;
  }

  // The statements of a Statement list, in order. A long list is read in
  // chunks on jobs_ threads, each with its own diagnostics, joined in
  // order: the same statements and the same diagnostics in the same order
  // as one reader going through the list.
  void read_statements(const Value& list, const Path& sp, std::vector<Statement>& out) {
    constexpr std::size_t kChunk = 256;
    const std::size_t n = list.items.size();
    auto read = [&](PolicyReader& reader, std::size_t begin, std::size_t end, std::vector<Statement>& into) {
      for (std::size_t i = begin; i < end; ++i) {
        const Value& item = list.items[i];
        Path ip = sp.child(i);
        if (item.kind == ValueKind::Opaque) continue;  // computed: PolicyResult::computed_parts
        if (item.kind != ValueKind::Object) {
          reader.wrong_type(item, "statement", "an object", ip);
          continue;
        }
        into.push_back(reader.statement(item, i, ip));
      }
    };
    if (jobs_ <= 1 || n < 2 * kChunk) {
      read(*this, 0, n, out);
      return;
    }
    struct Part {
      std::vector<Statement> statements;
      Diagnostics diagnostics;
    };
    for_each_ordered(
        (n + kChunk - 1) / kChunk, jobs_,
        [&](std::size_t k) {
          Part part;
          PolicyReader reader(part.diagnostics, 1);
          const std::size_t begin = k * kChunk, end = std::min(n, begin + kChunk);
          part.statements.reserve(end - begin);
          read(reader, begin, end, part.statements);
          return part;
        },
        [&](std::size_t, Part part) {
          std::move(part.statements.begin(), part.statements.end(), std::back_inserter(out));
          std::move(part.diagnostics.begin(), part.diagnostics.end(), std::back_inserter(diags_));
        });
  }

 private:
  Diagnostics& diags_;
  unsigned jobs_;
};

}  // namespace

bool breaks_meaning(std::string_view code) {
  for (std::string_view c : {"IAM001", "IAM002", "IAM004", "IAM005", "IAM006", "IAM007", "IAM008", "IAM018", "IAM019"})
    if (code == c) return true;
  return false;
}

PolicyResult parse_policy(const Value& doc, const std::string& pointer, unsigned jobs) {
  PolicyResult r;
  PolicyReader reader(r.diagnostics, jobs);
  if (doc.kind != ValueKind::Object) {
    reader.wrong_type(doc, "a policy", "a JSON object", Path{nullptr, {}, 0, false, &pointer});
    return r;
  }
  Path root{nullptr, {}, 0, false, &pointer};
  r.policy = reader.policy(doc, root);
  r.usable = true;
  if (const Value* statements = doc.find("Statement")) {
    auto condition = [&r](const Value& statement) {
      for (const char* who : {"Principal", "NotPrincipal"})
        if (const Value* p = statement.find(who); p && p->kind == ValueKind::Opaque) r.computed_parts.push_back(p->span);
      const Value* c = statement.find("Condition");
      if (!c) return;
      if (c->kind == ValueKind::Opaque) r.computed_parts.push_back(c->span);
      for (const Member& op : c->members)
        if (op.value.kind == ValueKind::Opaque) r.computed_parts.push_back(op.value.span);
    };
    if (statements->kind == ValueKind::Opaque) r.computed_parts.push_back(statements->span);
    if (statements->kind == ValueKind::Object) condition(*statements);
    for (const Value& item : statements->items) {
      if (item.kind == ValueKind::Opaque) r.computed_parts.push_back(item.span);
      else condition(item);
    }
  }
  // Reported in reading order, which is not source order (Statement is read last).
  std::stable_sort(r.diagnostics.begin(), r.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.span.begin.offset < b.span.begin.offset;
  });
  return r;
}

bool has_policy_variable(std::string_view text) {
  auto open = text.find("${");
  return open != std::string_view::npos && text.find('}', open) != std::string_view::npos;
}

}  // namespace iamtrim
