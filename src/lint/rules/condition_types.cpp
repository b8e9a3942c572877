// Condition rules about types and sets: IAM304 operator or value of the
// wrong type, IAM305 a String operator on an ARN key, IAM306 ForAllValues on
// a single-valued key, IAM307 ForAllValues in an Allow without a Null check.
#include <memory>
#include <string>

#include "lint/check.hpp"
#include "lint/condition_ops.hpp"
#include "lint/facts.hpp"

namespace iamtrim::lint {
namespace {

template <typename F>
void each_key(const PolicyContext& ctx, F&& f) {
  for (const Statement& s : ctx.parsed.policy.statements) {
    if (!s.condition) continue;
    for (const ConditionOperator& op : s.condition->operators)
      for (const ConditionKey& k : op.keys)
        f(s, op, k, pointer_append(pointer_append(s.pointer + "/Condition", op.text), k.key));
  }
}

class ConditionTypeMismatch final : public Check {
 public:
  std::string_view code() const override { return "IAM304"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_key(ctx, [&](const Statement&, const ConditionOperator& op, const ConditionKey& k, const std::string& ptr) {
      OpFamily family = op_family(op.base);
      if (family == OpFamily::Unknown) return;  // IAM301's finding
      if (family != OpFamily::Null && family != OpFamily::String)
        if (const ConditionKeyInfo* info = ctx.catalog.find_condition_key(k.key)) {
          KeyType type = key_type(info->type);
          // ARN operators on String keys are accepted: many String keys hold
          // ARNs (encryption contexts, tags), and AWS's own policies do this.
          bool arn_on_string = family == OpFamily::Arn && type.accepts(OpFamily::String);
          if (type.first != OpFamily::Unknown && !type.accepts(family) && !arn_on_string) {
            out.push_back({at(code(), "operator \"" + op.text + "\" compares " + std::string(to_string(family)) +
                                          " values, but \"" + k.key + "\" is a " + std::string(info->type) + " key",
                              k.key_span, ptr),
                           {}, ""});
            return;
          }
        }
      if (family == OpFamily::String)
        if (const ConditionKeyInfo* info = ctx.catalog.find_condition_key(k.key)) {
          KeyType type = key_type(info->type);
          bool stringish = type.accepts(OpFamily::String) || type.accepts(OpFamily::Arn) ||
                           type.first == OpFamily::Unknown;
          if (!stringish) {
            out.push_back({at(code(), "operator \"" + op.text + "\" compares strings, but \"" + k.key + "\" is a " +
                                          std::string(info->type) + " key",
                              k.key_span, ptr),
                           {}, ""});
            return;
          }
        }
      for (const Item& v : k.values.items)
        if (!valid_value(family, v)) {
          out.push_back({at(code(), "\"" + v.text + "\" is not a valid " + std::string(to_string(family)) +
                                        " value for \"" + op.text + "\"",
                            v.span, ptr),
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
    each_key(ctx, [&](const Statement&, const ConditionOperator& op, const ConditionKey& k, const std::string& ptr) {
      if (op_family(op.base) != OpFamily::String) return;
      const ConditionKeyInfo* info = ctx.catalog.find_condition_key(k.key);
      if (!info || key_type(info->type).first != OpFamily::Arn) return;
      out.push_back({at(code(), "\"" + k.key + "\" is an ARN key compared with \"" + op.text +
                                    "\"; ArnEquals or ArnLike match ARNs part by part",
                        k.key_span, ptr),
                     {}, ""});
    });
  }
};

class ForAllValuesSingleValuedKey final : public Check {
 public:
  std::string_view code() const override { return "IAM306"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_key(ctx, [&](const Statement&, const ConditionOperator& op, const ConditionKey& k, const std::string& ptr) {
      if (op.qualifier != SetQualifier::ForAllValues) return;
      const ConditionKeyInfo* info = ctx.catalog.find_condition_key(k.key);
      if (!info || key_type(info->type).multi || key_type(info->type).first == OpFamily::Unknown) return;
      out.push_back({at(code(), "\"" + op.text + "\" on single-valued key \"" + k.key +
                                    "\" is true whenever the key is absent",
                        k.key_span, ptr),
                     {}, ""});
    });
  }
};

bool null_false_on(const Statement& s, std::string_view key) {
  for (const ConditionOperator& op : s.condition->operators)
    if (op.base == "Null" && !op.if_exists)
      for (const ConditionKey& k : op.keys)
        if (iequals(k.key, key))
          for (const Item& v : k.values.items)
            if (iequals(v.text, "false")) return true;
  return false;
}

class ForAllValuesWithAllow final : public Check {
 public:
  std::string_view code() const override { return "IAM307"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_key(ctx, [&](const Statement& s, const ConditionOperator& op, const ConditionKey& k, const std::string& ptr) {
      if (s.effect != Effect::Allow || op.qualifier != SetQualifier::ForAllValues) return;
      const ConditionKeyInfo* info = ctx.catalog.find_condition_key(k.key);
      if (info && !key_type(info->type).multi) return;  // IAM306's finding
      if (null_false_on(s, k.key)) return;
      out.push_back({at(code(), "\"" + op.text + "\" on \"" + k.key +
                                    "\" in an Allow also matches requests without the key; add "
                                    "\"Null\": {\"" + k.key + "\": \"false\"}",
                        k.key_span, ptr),
                     {}, ""});
    });
  }
};

}  // namespace

std::unique_ptr<Check> make_condition_type_mismatch() { return std::make_unique<ConditionTypeMismatch>(); }
std::unique_ptr<Check> make_string_operator_on_arn_key() { return std::make_unique<StringOperatorOnArnKey>(); }
std::unique_ptr<Check> make_forallvalues_single_valued_key() { return std::make_unique<ForAllValuesSingleValuedKey>(); }
std::unique_ptr<Check> make_forallvalues_with_allow() { return std::make_unique<ForAllValuesWithAllow>(); }

}  // namespace iamtrim::lint
