// Custom rules (iamtrim/custom_rules.hpp): each rule's tests are evaluated
// per statement in three-valued logic. A value the readers could not see (a
// computed Terraform or CloudFormation value) is Unknown, and so is a test
// whose outcome depends on one; a statement is reported only when `when` is
// True and `unless` is False, so an unseen value never causes a finding and
// never hides one that holds whatever the value is.
#include "lint/custom_check.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <string>

#include "iamtrim/lint.hpp"
#include "lint/facts.hpp"

namespace iamtrim {

namespace {

// [A-Z][A-Z0-9]*[0-9]{3}, by hand: the code comes from a configuration, and
// only RE2 or plain code may look at what a configuration holds.
bool code_form(std::string_view c) {
  auto upper = [](char ch) { return ch >= 'A' && ch <= 'Z'; };
  auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  if (c.size() < 4 || !upper(c[0])) return false;
  for (std::size_t i = 1; i < c.size(); ++i)
    if (!(i + 3 >= c.size() ? digit(c[i]) : upper(c[i]) || digit(c[i]))) return false;
  return true;
}

}  // namespace

std::string custom_code_problem(std::string_view code) {
  std::string c(code);
  if (c.size() >= 3 && iequals(c.substr(0, 3), "IAM"))
    return "code '" + c + "': codes starting with IAM belong to the built-in rules" +
           (find_rule(c) ? " (" + c + " is " + find_rule(c)->slug + ")" : std::string()) +
           "; give custom rules your own prefix, such as ACME001";
  if (!code_form(c))
    return "code '" + c + "' must be upper-case letters and digits ending in three digits, such as ACME001";
  return "";
}

RuleInfo custom_rule_info(const CustomRule& rule) {
  RuleInfo r;
  r.code = rule.code;
  r.slug = rule.slug;
  r.severity = rule.severity;
  r.category = "custom";
  r.summary = rule.summary;
  r.rationale = rule.docs;
  r.applies_to = rule.applies_to;
  r.references = rule.references;
  r.options = "A custom rule, defined at " + rule.origin + ".";
  return r;
}

namespace lint {
namespace {

enum class Truth { False, Unknown, True };

Truth both(Truth a, Truth b) { return std::min(a, b); }  // False < Unknown < True

bool passes(const ValueTest& t, std::string_view value) {
  switch (t.kind) {
    case ValueTest::Kind::Wildcard: return wildcard_match(t.text, value);
    case ValueTest::Kind::Equals: return value == t.text;
    case ValueTest::Kind::Regex: return t.regex && RE2::PartialMatch(re2::StringPiece(value.data(), value.size()), *t.regex);
    case ValueTest::Kind::Not: return !t.children.empty() && !passes(t.children.front(), value);
    case ValueTest::Kind::AnyOf:
      return std::any_of(t.children.begin(), t.children.end(), [&](const ValueTest& c) { return passes(c, value); });
  }
  return false;
}

// One value of a statement: its text, or unknown, and where it is written.
struct Value {
  std::string text;
  bool known = true;
  Span span;
  std::string pointer;
};

// What a field test found: its truth, and the values that made it so (the
// ones that passed, for any and covers).
struct Outcome {
  Truth truth = Truth::False;
  std::vector<const Value*> matched;
};

Outcome quantify(const FieldTest& f, const std::vector<Value>& values) {
  Outcome o;
  bool unknown = false, failed = false;
  for (const Value& v : values) {
    if (!v.known) {
      unknown = true;
      continue;
    }
    if (passes(f.test, v.text)) o.matched.push_back(&v);
    else failed = true;
  }
  bool passed = !o.matched.empty();
  switch (f.quantifier) {
    case Quantifier::Any:
    case Quantifier::Covers:  // never used on these values (the parser allows covers on actions only)
      o.truth = passed ? Truth::True : unknown ? Truth::Unknown : Truth::False;
      break;
    case Quantifier::All:
      o.truth = failed || values.empty() ? Truth::False : unknown ? Truth::Unknown : Truth::True;
      break;
    case Quantifier::None:
      o.truth = passed ? Truth::False : unknown ? Truth::Unknown : Truth::True;
      break;
  }
  return o;
}

std::string element_pointer(const Statement& s, const char* element, const ItemList& list, std::size_t i) {
  return s.pointer + element + (list.single ? "" : "/" + std::to_string(i));
}

void list_values(const Statement& s, const char* element, const ItemList& list, std::vector<Value>& out) {
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const Item& item = list.items[i];
    out.push_back({item.text, item.kind != ValueKind::Opaque, item.span, element_pointer(s, element, list, i)});
  }
  if (list.opaque) out.push_back({"", false, list.span, s.pointer + element});
}

std::vector<Value> resource_values(const Statement& s) {
  std::vector<Value> out;
  if (s.resource) list_values(s, "/Resource", *s.resource, out);
  // NotResource applies to every resource but those listed.
  else if (s.not_resource) out.push_back({"*", true, s.not_resource->key_span, s.pointer + "/NotResource"});
  return out;
}

bool all_digits(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<Value> principal_values(const Statement& s, const std::vector<std::string>& types) {
  std::vector<Value> out;
  if (s.not_principal) {  // everyone but those listed
    out.push_back({"*", true, s.not_principal->key_span, s.pointer + "/NotPrincipal"});
    return out;
  }
  if (!s.principal) return out;
  const Principal& p = *s.principal;
  if (p.star) {
    out.push_back({"*", true, p.span, s.pointer + "/Principal"});
    return out;
  }
  for (const PrincipalEntry& e : p.entries) {
    bool wanted = types.empty();
    for (const std::string& t : types) wanted = wanted || iequals(t, e.type);
    std::string base = pointer_append(s.pointer + "/Principal", e.type);
    bool aws = iequals(e.type, "AWS");
    for (std::size_t i = 0; i < e.values.items.size(); ++i) {
      const Item& item = e.values.items[i];
      // "*" in any principal type means everyone, so every type filter keeps it.
      if (!wanted && item.text != "*") continue;
      std::string text = aws && all_digits(item.text) ? "arn:aws:iam::" + item.text + ":root" : item.text;
      out.push_back({text, item.kind != ValueKind::Opaque, item.span,
                     base + (e.values.single ? "" : "/" + std::to_string(i))});
    }
    if (wanted && e.values.opaque) out.push_back({"", false, e.values.span, base});
  }
  return out;
}

// The keys of the statement's Condition, those under an operator that
// passes `op_test` when there is one.
std::vector<Value> condition_key_values(const Statement& s, const std::optional<ValueTest>& op_test) {
  std::vector<Value> out;
  if (!s.condition) return out;
  for (const ConditionOperator& op : s.condition->operators) {
    if (op_test && !passes(*op_test, op.text)) continue;
    for (const ConditionKey& k : op.keys)
      out.push_back({k.key, true, k.key_span, pointer_append(pointer_append(s.pointer + "/Condition", op.text), k.key)});
  }
  return out;
}

// Up to three names of `set`, a service whose every action is in it written
// "svc:*", then "and N more".
std::string describe(const Catalog& catalog, const ActionSet& set) {
  std::vector<std::string> names;
  for (const ServiceInfo& svc : catalog.services()) {
    if (svc.first == svc.end) continue;
    ActionSet whole(catalog.action_count());
    whole.insert_range(svc.first, svc.end);
    ActionSet here = set & whole;
    if (here.empty()) continue;
    if (here == whole) names.push_back(std::string(svc.prefix) + ":*");
    else here.for_each([&](ActionId id) { names.push_back(catalog.full_name(id)); });
  }
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 3; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 3) out += " and " + std::to_string(names.size() - 3) + " more";
  return out;
}

std::string join(const std::vector<const Value*>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size() && i < 3; ++i) out += (i ? ", " : "") + values[i]->text;
  if (values.size() > 3) out += " and " + std::to_string(values.size() - 3) + " more";
  return out;
}

// An action test with its value test resolved against the catalog.
struct ActionTest {
  const FieldTest* field = nullptr;
  ActionSet matching;  // catalog actions that pass the value test
  ActionSet scope;     // catalog actions of the access levels asked for (all when none)
};

class CustomCheck final : public Check {
 public:
  CustomCheck(const CustomRule& rule, const Catalog& catalog) : rule_(rule) {
    resolve(rule_.when, when_, catalog);
    if (rule_.unless) resolve(*rule_.unless, unless_, catalog);
  }
  std::string_view code() const override { return rule_.code; }

  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    const auto& statements = ctx.parsed.policy.statements;
    for (std::size_t si = 0; si < statements.size(); ++si) {
      const Statement& s = statements[si];
      Evaluation when, unless;
      evaluate(ctx, si, rule_.when, when_, when);
      if (when.truth != Truth::True) continue;
      if (rule_.unless) {
        evaluate(ctx, si, *rule_.unless, unless_, unless);
        if (unless.truth != Truth::False) continue;
      }
      Span span = when.where ? when.where->span : action_span(s);
      std::string pointer = when.where ? when.where->pointer : s.pointer;
      out.push_back({at(code(), message(ctx, s, si, when), span, pointer), {}, ""});
    }
  }

 private:
  struct Evaluation {
    Truth truth = Truth::True;
    const Value* where = nullptr;  // the first value that made an `any` test pass
    std::vector<Value> resources, principals, keys;
    Outcome resource_outcome, principal_outcome, key_outcome;
    ActionSet action_match;  // the granted actions an actions test matched
    std::vector<std::string> other_actions;  // action items outside the catalog that passed
    bool actions_tested = false;
    Span action_where;
    std::string action_pointer;
    Value action_value;  // where an actions test points, when nothing else does
  };

  static void resolve(const StatementTest& t, ActionTest& out, const Catalog& catalog) {
    if (!t.actions) return;
    out.field = &*t.actions;
    out.matching = ActionSet(catalog.action_count());
    out.scope = ActionSet(catalog.action_count());
    for (ActionId id = 0; id < catalog.action_count(); ++id) {
      const auto& levels = t.actions->access;
      if (levels.empty() || std::find(levels.begin(), levels.end(), catalog.access_level(id)) != levels.end())
        out.scope.insert(id);
      if (passes(t.actions->test, catalog.full_name(id))) out.matching.insert(id);
    }
  }

  // The actions test, over the statement's expanded grant. Action items the
  // catalog does not know are tested by name (their access level is
  // unknown); a computed item makes the grant a lower bound.
  Truth test_actions(const PolicyContext& ctx, std::size_t si, const ActionTest& t, Evaluation& e) const {
    const Statement& s = ctx.parsed.policy.statements[si];
    const StatementActions& a = ctx.actions[si];
    const FieldTest& f = *t.field;
    ActionSet considered = a.actions & t.scope;
    ActionSet hit = considered & t.matching;
    bool unknown = a.has_opaque;
    bool other_pass = false, other_fail = false;
    std::optional<std::size_t> first_other;  // the first unknown item that passed
    if (const ItemList* list = s.actions(); list && !s.uses_not_action())
      for (std::size_t i = 0; i < list->items.size() && i < a.matches.size(); ++i) {
        const Item& item = list->items[i];
        if (item.kind == ValueKind::Opaque || a.matches[i].status == MatchStatus::Matched) continue;
        if (!f.access.empty()) {
          unknown = true;  // its access level is unknown
        } else if (passes(f.test, item.text)) {
          other_pass = true;
          e.other_actions.push_back(item.text);
          if (!first_other) first_other = i;
        } else {
          other_fail = true;
        }
      }
    e.actions_tested = true;
    e.action_match = hit;
    Truth truth = Truth::False;
    switch (f.quantifier) {
      case Quantifier::Any:
        truth = !hit.empty() || other_pass ? Truth::True : unknown ? Truth::Unknown : Truth::False;
        break;
      case Quantifier::All: {
        bool none = considered.empty() && !other_pass && !other_fail;
        truth = !(considered - t.matching).empty() || other_fail || (none && !unknown) ? Truth::False
                : unknown                                                           ? Truth::Unknown
                                                                                    : Truth::True;
        break;
      }
      case Quantifier::None:
        truth = !hit.empty() || other_pass ? Truth::False : unknown ? Truth::Unknown : Truth::True;
        break;
      case Quantifier::Covers: {
        ActionSet wanted = t.matching & t.scope;
        e.action_match = wanted & a.actions;
        truth = !wanted.empty() && wanted.is_subset_of(a.actions) ? Truth::True
                : unknown                                         ? Truth::Unknown
                                                                  : Truth::False;
        break;
      }
    }
    // Point at the first item that grants a matched action (or, failing
    // that, at the first action outside the catalog that passed).
    if (const ItemList* list = s.actions()) {
      e.action_where = list->key_span;
      e.action_pointer = s.pointer + (s.uses_not_action() ? "/NotAction" : "/Action");
      if (first_other && f.quantifier == Quantifier::Any) {
        e.action_where = list->items[*first_other].span;
        e.action_pointer = element_pointer(s, "/Action", *list, *first_other);
      }
      if (!s.uses_not_action())
        for (std::size_t i = 0; i < list->items.size() && i < a.matches.size(); ++i)
          if (a.matches[i].actions.intersects(e.action_match)) {
            e.action_where = list->items[i].span;
            e.action_pointer = element_pointer(s, "/Action", *list, i);
            break;
          }
    }
    return truth;
  }

  // Fills `e` in place: it keeps pointers into itself.
  void evaluate(const PolicyContext& ctx, std::size_t si, const StatementTest& t, const ActionTest& actions,
                Evaluation& e) const {
    const Statement& s = ctx.parsed.policy.statements[si];
    if (s.effect == Effect::Invalid || (t.effect && *t.effect != s.effect)) {
      e.truth = Truth::False;
      return;
    }
    if (t.actions) e.truth = both(e.truth, test_actions(ctx, si, actions, e));
    auto field = [&](const std::optional<FieldTest>& f, std::vector<Value>& values, Outcome& outcome) {
      if (!f) return;
      outcome = quantify(*f, values);
      e.truth = both(e.truth, outcome.truth);
      if (!e.where && f->quantifier == Quantifier::Any && outcome.truth == Truth::True)
        e.where = outcome.matched.front();
    };
    e.resources = resource_values(s);
    e.principals = principal_values(s, t.principals ? t.principals->principal_types : std::vector<std::string>{});
    e.keys = condition_key_values(s, t.condition_keys ? t.condition_keys->condition_operator : std::nullopt);
    field(t.resources, e.resources, e.resource_outcome);
    field(t.principals, e.principals, e.principal_outcome);
    field(t.condition_keys, e.keys, e.key_outcome);
    if (!e.where && e.actions_tested && e.action_where.known()) {
      e.action_value = {"", true, e.action_where, e.action_pointer};
      e.where = &e.action_value;
    }
  }

  static std::string values_text(const std::optional<FieldTest>& f, const Outcome& o, const std::vector<Value>& all) {
    if (f && (f->quantifier == Quantifier::Any) && !o.matched.empty()) return join(o.matched);
    std::vector<const Value*> known;
    for (const Value& v : all)
      if (v.known && !v.text.empty()) known.push_back(&v);
    return known.empty() ? "none" : join(known);
  }

  std::string message(const PolicyContext& ctx, const Statement& s, std::size_t si, const Evaluation& e) const {
    const StatementTest& t = rule_.when;
    bool matched = e.actions_tested && (!e.action_match.empty() || !e.other_actions.empty());
    std::string actions = describe(ctx.catalog, matched ? e.action_match : ctx.actions[si].actions);
    for (const std::string& other : matched ? e.other_actions : std::vector<std::string>{})
      actions += (actions.empty() ? "" : ", ") + other;
    std::string statement = "statement " + std::to_string(s.index) + (s.sid ? " (" + s.sid->text + ")" : "");
    std::string out;
    const std::string& m = rule_.message;
    for (std::size_t i = 0; i < m.size(); ++i) {
      if (m[i] == '{') {
        std::size_t close = m.find('}', i);
        std::string name = close == std::string::npos ? "" : m.substr(i + 1, close - i - 1);
        std::string value;
        bool known = true;
        if (name == "actions") value = actions.empty() ? "no action" : actions;
        else if (name == "resources") value = values_text(t.resources, e.resource_outcome, e.resources);
        else if (name == "principals") value = values_text(t.principals, e.principal_outcome, e.principals);
        else if (name == "condition_keys") value = values_text(t.condition_keys, e.key_outcome, e.keys);
        else if (name == "statement") value = statement;
        else known = false;  // the parser rejects unknown names; kept literally
        if (known) {
          out += value;
          i = close;
          continue;
        }
      }
      out.push_back(m[i]);
    }
    return out;
  }

  CustomRule rule_;
  ActionTest when_, unless_;
};

}  // namespace

std::unique_ptr<Check> make_custom_check(const CustomRule& rule, const Catalog& catalog) {
  return std::make_unique<CustomCheck>(rule, catalog);
}

}  // namespace lint

namespace {

// Every wildcard pattern of an action test, with the field it belongs to.
void wildcards(const ValueTest& t, std::vector<std::string>& out) {
  if (t.kind == ValueTest::Kind::Wildcard) out.push_back(t.text);
  for (const ValueTest& c : t.children) wildcards(c, out);
}

}  // namespace

std::vector<std::string> check_custom_rules(const Catalog& catalog, const std::vector<CustomRule>& rules) {
  std::vector<std::string> problems;
  for (const CustomRule& r : rules)
    for (const StatementTest* t : {&r.when, r.unless ? &*r.unless : nullptr}) {
      if (!t || !t->actions) continue;
      std::vector<std::string> patterns;
      wildcards(t->actions->test, patterns);
      for (const std::string& p : patterns) {
        PatternMatch m = expand_pattern(catalog, p);
        if (m.status == MatchStatus::Matched) continue;
        std::string why = m.status == MatchStatus::Malformed ? std::string(malformed_reason(p))
                                                             : std::string(to_string(m.status));
        std::string problem = r.origin + ": " + r.code + ": action pattern \"" + p + "\": " + why + " in catalog " +
                              std::string(catalog.version());
        if (!m.suggestions.empty()) problem += " (did you mean " + m.suggestions.front() + "?)";
        problems.push_back(problem);
      }
      if (t->actions->quantifier == Quantifier::Covers && patterns.empty()) {
        // A regex under covers: it must match some action, or the rule never fires.
        bool any = false;
        for (ActionId id = 0; id < catalog.action_count() && !any; ++id)
          any = lint::passes(t->actions->test, catalog.full_name(id));
        if (!any) problems.push_back(r.origin + ": " + r.code + ": the covers test matches no action in catalog " +
                                     std::string(catalog.version()));
      }
    }
  return problems;
}

}  // namespace iamtrim
