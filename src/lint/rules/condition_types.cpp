// Condition rules about types and sets: IAM304 operator or value of the
// wrong type, IAM305 a String operator on an ARN key, IAM306 ForAllValues on
// a single-valued key, IAM307 ForAllValues in an Allow that a request
// without the key satisfies.
#include <memory>
#include <string>

#include "lint/check.hpp"
#include "lint/condition_ops.hpp"
#include "lint/facts.hpp"
#include "lint/targets.hpp"
#include "lint/risk_data.hpp"

namespace iamtrim::lint {
namespace {

// A key's JSON pointer, built only for a finding (most keys get none).
struct KeyPointer {
  const Statement& s;
  const ConditionOperator& op;
  const ConditionKey& k;
  std::string str() const {
    std::string p = s.pointer + "/Condition";
    append_pointer_token(p, op.text);
    append_pointer_token(p, k.key);
    return p;
  }
};

template <typename F>
void each_key(const PolicyContext& ctx, F&& f) {
  for (const Statement& s : ctx.parsed.policy.statements) {
    if (!s.condition) continue;
    for (const ConditionOperator& op : s.condition->operators)
      for (const ConditionKey& k : op.keys) f(s, op, k, KeyPointer{s, op, k});
  }
}

class ConditionTypeMismatch final : public Check {
 public:
  std::string_view code() const override { return "IAM304"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_key(ctx, [&](const Statement&, const ConditionOperator& op, const ConditionKey& k, const KeyPointer& ptr) {
      OpFamily family = op_family(op.base);
      if (family == OpFamily::Unknown) return;  // IAM301's finding
      if (family != OpFamily::Null && family != OpFamily::String)
        if (const ConditionKeyInfo* info = ctx.memo.condition_key(ctx.catalog, k)) {
          KeyType type = key_type(info->type);
          // ARN operators on String keys are accepted: many String keys hold
          // ARNs (encryption contexts, tags), and AWS's own policies do this.
          bool arn_on_string = family == OpFamily::Arn && type.accepts(OpFamily::String);
          if (type.first != OpFamily::Unknown && !type.accepts(family) && !arn_on_string) {
            out.push_back({at(code(), "operator \"" + op.text + "\" compares " + std::string(to_string(family)) +
                                          " values, but \"" + k.key + "\" is a " + std::string(info->type) + " key",
                              k.key_span, ptr.str()),
                           {}, ""});
            return;
          }
        }
      if (family == OpFamily::String)
        if (const ConditionKeyInfo* info = ctx.memo.condition_key(ctx.catalog, k)) {
          KeyType type = key_type(info->type);
          bool stringish = type.accepts(OpFamily::String) || type.accepts(OpFamily::Arn) ||
                           type.first == OpFamily::Unknown;
          if (!stringish) {
            out.push_back({at(code(), "operator \"" + op.text + "\" compares strings, but \"" + k.key + "\" is a " +
                                          std::string(info->type) + " key",
                              k.key_span, ptr.str()),
                           {}, ""});
            return;
          }
        }
      for (const Item& v : k.values.items)
        if (!valid_value(family, v)) {
          out.push_back({at(code(), "\"" + v.text + "\" is not a valid " + std::string(to_string(family)) +
                                        " value for \"" + op.text + "\"",
                            v.span, ptr.str()),
                         {}, ""});
          return;
        }
    });
  }
};

class StringOperatorOnArnKey final : public Check {
 public:
  std::string_view code() const override { return "IAM305"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_key(ctx, [&](const Statement&, const ConditionOperator& op, const ConditionKey& k, const KeyPointer& ptr) {
      if (op_family(op.base) != OpFamily::String) return;
      const ConditionKeyInfo* info = ctx.memo.condition_key(ctx.catalog, k);
      if (!info || key_type(info->type).first != OpFamily::Arn) return;
      out.push_back({at(code(), "\"" + k.key + "\" is an ARN key compared with \"" + op.text +
                                    "\"; ArnEquals or ArnLike match ARNs part by part",
                        k.key_span, ptr.str()),
                     {}, ""});
    });
  }
};

class ForAllValuesSingleValuedKey final : public Check {
 public:
  std::string_view code() const override { return "IAM306"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_key(ctx, [&](const Statement&, const ConditionOperator& op, const ConditionKey& k, const KeyPointer& ptr) {
      if (op.qualifier != SetQualifier::ForAllValues) return;
      const ConditionKeyInfo* info = ctx.memo.condition_key(ctx.catalog, k);
      if (!info || key_type(info->type).multi || key_type(info->type).first == OpFamily::Unknown) return;
      out.push_back({at(code(), "\"" + op.text + "\" on single-valued key \"" + k.key +
                                    "\" is true whenever the key is absent",
                        k.key_span, ptr.str()),
                     {}, ""});
    });
  }
};

// Whether the operator can only hold when the key is in the request: a
// "Null": false test, or an operator that is false on an absent key. Not
// ForAllValues (vacuously true), not IfExists, and not a plain negated
// operator (StringNotEquals, ArnNotLike, ...: true when the key is absent);
// ForAnyValue is false on an absent key, negated or not.
bool requires_presence(const ConditionOperator& op, const ConditionKey& k) {
  if (op.if_exists || op.qualifier == SetQualifier::ForAllValues) return false;
  if (op.qualifier == SetQualifier::None && is_negated_operator(op.base)) return false;
  if (op.base != "Null") return true;
  for (const Item& v : k.values.items)
    if (!iequals(v.text, "false")) return false;
  return !k.values.items.empty();
}

// The request-tag keys whose presence implies a tag-key list: a request
// carrying "aws:RequestTag/team" carries "team" in aws:TagKeys.
std::string tag_value_prefix(std::string_view key) {
  if (iequals(key, "aws:TagKeys")) return "aws:RequestTag/";
  constexpr std::string_view suffix = "TagKeys";
  if (key.size() > suffix.size() && iequals(key.substr(key.size() - suffix.size()), suffix))
    return std::string(key.substr(0, key.size() - suffix.size())) + "Tag/";
  return "";
}

// Another condition of the statement already makes the key present: then a
// request without the key is refused anyway.
bool presence_required(const Statement& s, std::string_view key) {
  std::string tags = tag_value_prefix(key);
  for (const ConditionOperator& op : s.condition->operators)
    for (const ConditionKey& k : op.keys) {
      bool same = iequals(k.key, key);
      bool tag = !tags.empty() && k.key.size() > tags.size() && iequals(k.key.substr(0, tags.size()), tags);
      if ((same || tag) && requires_presence(op, k)) return true;
    }
  return false;
}

class ForAllValuesWithAllow final : public Check {
 public:
  std::string_view code() const override { return "IAM307"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    const auto& statements = ctx.parsed.policy.statements;
    for (std::size_t si = 0; si < statements.size(); ++si) {
      const Statement& s = statements[si];
      if (s.effect != Effect::Allow || !s.condition) continue;
      for (const ConditionOperator& op : s.condition->operators)
        for (const ConditionKey& k : op.keys) {
          if (op.qualifier != SetQualifier::ForAllValues) continue;
          const ConditionKeyInfo* info = ctx.memo.condition_key(ctx.catalog, k);
          if (info && !key_type(info->type).multi) continue;  // IAM306's finding
          if (presence_required(s, k.key)) continue;
          std::string hole;
          if (info && !open_to_absent_key(ctx, ctx.actions[si], info->key, hole)) continue;
          const KeyPointer ptr{s, op, k};
          out.push_back({at(code(), "\"" + op.text + "\" on \"" + k.key + "\" in an Allow also matches requests " +
                                        (hole.empty() ? "without the key" : "of " + hole + " without the key") +
                                        "; add \"Null\": {\"" + k.key + "\": \"false\"}",
                            k.key_span, ptr.str()),
                         {}, ""});
        }
    }
  }

 private:
  // Whether some action of the statement can be requested without the key.
  // Actions whose API requires the parameter behind the key
  // (rules/condition-keys.yaml: TagResource always carries tag keys,
  // ec2:DeleteTags does not) cannot. Only the actions that honour the key
  // count, unless none does. `hole` names one open action.
  static bool open_to_absent_key(const PolicyContext& ctx, const StatementActions& a, std::string_view key,
                                 std::string& hole) {
    if (a.has_opaque || a.actions.empty()) return true;
    ActionSet always(ctx.catalog.action_count());
    for (const AlwaysPresentKey& p : ctx.risk.always_present)
      for (const std::string& k : p.keys)
        if (iequals(k, key)) always |= p.actions;
    ActionSet honour(ctx.catalog.action_count());
    a.actions.for_each([&](ActionId id) {
      if (action_supports(ctx.catalog, id, key)) honour.insert(id);
    });
    const ActionSet& judged = honour.empty() ? a.actions : honour;
    ActionSet open = judged - always;
    if (open.empty()) return false;
    if (open.count() == 1) hole = ctx.catalog.full_name(open.ids().front());
    return true;
  }
};

}  // namespace

std::unique_ptr<Check> make_condition_type_mismatch() { return std::make_unique<ConditionTypeMismatch>(); }
std::unique_ptr<Check> make_string_operator_on_arn_key() { return std::make_unique<StringOperatorOnArnKey>(); }
std::unique_ptr<Check> make_forallvalues_single_valued_key() { return std::make_unique<ForAllValuesSingleValuedKey>(); }
std::unique_ptr<Check> make_forallvalues_with_allow() { return std::make_unique<ForAllValuesWithAllow>(); }

}  // namespace iamtrim::lint
