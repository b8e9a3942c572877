// Condition rules about names: IAM301 unknown operator, IAM302 unknown key,
// IAM303 key not for the statement's actions, IAM308 Null with IfExists,
// IAM309 keys differing only in case, IAM310 the Bool-false MFA pattern.
#include <memory>
#include <string>

#include "lint/check.hpp"
#include "lint/condition_ops.hpp"
#include "lint/facts.hpp"
#include "lint/targets.hpp"

namespace iamtrim::lint {
namespace {

std::string op_pointer(const Statement& s, const ConditionOperator& op) {
  return pointer_append(s.pointer + "/Condition", op.text);
}

template <typename F>
void each_key(const PolicyContext& ctx, F&& f) {
  const auto& statements = ctx.parsed.policy.statements;
  for (std::size_t si = 0; si < statements.size(); ++si) {
    const Statement& s = statements[si];
    if (!s.condition) continue;
    for (const ConditionOperator& op : s.condition->operators)
      for (const ConditionKey& k : op.keys) f(si, s, op, k);
  }
}

class UnknownConditionOperator final : public Check {
 public:
  std::string_view code() const override { return "IAM301"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements) {
      if (!s.condition) continue;
      for (const ConditionOperator& op : s.condition->operators) {
        if (op_family(op.base) != OpFamily::Unknown) continue;
        Diagnostic d = at(code(), "unknown condition operator \"" + op.text + "\"", op.span, op_pointer(s, op));
        if (auto near = operator_ignoring_case(op.base); !near.empty()) d.suggestions.emplace_back(near);
        out.push_back({std::move(d), {}, ""});
      }
    }
  }
};

// Keys set by a federated identity provider ("saml:aud",
// "token.actions.githubusercontent.com:sub", "accounts.google.com:aud"): the
// prefix is a provider, not a service, so the catalog cannot judge them.
bool identity_provider_key(std::string_view key) {
  std::string_view prefix = key.substr(0, key.find(':'));
  return prefix.size() < key.size() && (iequals(prefix, "saml") || prefix.find('.') != std::string_view::npos);
}

class UnknownConditionKey final : public Check {
 public:
  std::string_view code() const override { return "IAM302"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_key(ctx, [&](std::size_t, const Statement& s, const ConditionOperator& op, const ConditionKey& k) {
      if (ctx.memo.condition_key(ctx.catalog, k) || identity_provider_key(k.key)) return;
      std::string why = k.key.find(':') == std::string::npos
                            ? "a condition key is \"service:name\""
                            : "not a global key nor a key of its service in catalog " +
                                  std::string(ctx.catalog.version());
      out.push_back({at(code(), "unknown condition key \"" + k.key + "\": " + why, k.key_span,
                        pointer_append(op_pointer(s, op), k.key)),
                     {}, ""});
    });
  }
};

// Keys that name the request's or resource's tags: global, but only actions
// that document them honour them.
bool tag_key(std::string_view canonical) {
  return iequals(canonical, "aws:TagKeys") || iequals(canonical.substr(0, 15), "aws:RequestTag/") ||
         iequals(canonical.substr(0, 16), "aws:ResourceTag/");
}

// Service keys that describe the caller's credentials rather than the
// request, so they apply to every service's actions (AWS documents them as
// such: "ec2:SourceInstanceARN" on role credentials delivered to an
// instance, "lambda:SourceFunctionArn", "glue:RoleAssumedBy" ...).
bool credential_key(std::string_view canonical) {
  for (std::string_view k : {"ec2:SourceInstanceARN", "ec2:RoleDelivery", "lambda:SourceFunctionArn",
                             "glue:RoleAssumedBy", "glue:CredentialIssuingService", "ssm:SourceInstanceARN"})
    if (iequals(k, canonical)) return true;
  return false;
}

class ConditionKeyNotForActions final : public Check {
 public:
  std::string_view code() const override { return "IAM303"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_key(ctx, [&](std::size_t si, const Statement& s, const ConditionOperator& op, const ConditionKey& k) {
      const ConditionKeyInfo* info = ctx.memo.condition_key(ctx.catalog, k);
      const StatementActions& a = ctx.actions[si];
      if (!info || !s.action || a.has_opaque || a.actions.empty()) return;
      for (const PatternMatch& m : a.matches)
        if (m.status != MatchStatus::Matched) return;
      bool global = iequals(info->key.substr(0, 4), "aws:");
      if ((global && !tag_key(info->key)) || credential_key(info->key)) return;
      bool supported = false;
      a.actions.for_each([&](ActionId id) {
        if (!supported) supported = action_supports(ctx.catalog, id, info->key);
      });
      if (supported) return;
      std::string what = a.actions.count() == 1 ? ctx.catalog.full_name(a.actions.ids().front())
                                                : "any action of the statement";
      out.push_back({at(code(), "condition key \"" + k.key + "\" is not supported by " + what +
                                    ", so the condition never matches",
                        k.key_span, pointer_append(op_pointer(s, op), k.key)),
                     {}, ""});
    });
  }
};

class NullWithIfExists final : public Check {
 public:
  std::string_view code() const override { return "IAM308"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements) {
      if (!s.condition) continue;
      for (const ConditionOperator& op : s.condition->operators)
        if (op.base == "Null" && op.if_exists)
          out.push_back({at(code(), "\"" + op.text + "\": the Null operator cannot take the IfExists suffix",
                            op.span, op_pointer(s, op)),
                         {}, ""});
    }
  }
};

class ConditionKeyCaseDuplicate final : public Check {
 public:
  std::string_view code() const override { return "IAM309"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements) {
      if (!s.condition) continue;
      for (const ConditionOperator& op : s.condition->operators)
        for (std::size_t i = 0; i < op.keys.size(); ++i)
          for (std::size_t j = 0; j < i; ++j)
            if (op.keys[i].key != op.keys[j].key && iequals(op.keys[i].key, op.keys[j].key)) {
              out.push_back({at(code(), "condition key \"" + op.keys[i].key + "\" repeats \"" + op.keys[j].key +
                                            "\" in another case; keys are case-insensitive",
                                op.keys[i].key_span, pointer_append(op_pointer(s, op), op.keys[i].key)),
                             {}, ""});
              break;
            }
    }
  }
};

class MfaBoolFalse final : public Check {
 public:
  std::string_view code() const override { return "IAM310"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_key(ctx, [&](std::size_t, const Statement& s, const ConditionOperator& op, const ConditionKey& k) {
      if (op.base != "Bool" || op.if_exists || !iequals(k.key, "aws:MultiFactorAuthPresent")) return;
      for (const Item& v : k.values.items)
        if (iequals(v.text, "false")) {
          out.push_back({at(code(), "\"Bool\": {\"" + k.key + "\": \"false\"} does not match requests made "
                                    "with long-term access keys, which carry no MFA key at all",
                            k.key_span, pointer_append(op_pointer(s, op), k.key)),
                         {}, ""});
          return;
        }
    });
  }
};

}  // namespace

std::unique_ptr<Check> make_unknown_condition_operator() { return std::make_unique<UnknownConditionOperator>(); }
std::unique_ptr<Check> make_unknown_condition_key() { return std::make_unique<UnknownConditionKey>(); }
std::unique_ptr<Check> make_condition_key_not_for_actions() { return std::make_unique<ConditionKeyNotForActions>(); }
std::unique_ptr<Check> make_null_with_if_exists() { return std::make_unique<NullWithIfExists>(); }
std::unique_ptr<Check> make_condition_key_case_duplicate() { return std::make_unique<ConditionKeyCaseDuplicate>(); }
std::unique_ptr<Check> make_mfa_bool_false() { return std::make_unique<MfaBoolFalse>(); }

}  // namespace iamtrim::lint
