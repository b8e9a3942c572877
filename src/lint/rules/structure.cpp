// Structure rules that need more than one element at a time: IAM009,
// IAM011-IAM014, IAM016, IAM017, IAM020.
#include <map>
#include <memory>

#include "lint/check.hpp"
#include "lint/facts.hpp"

namespace iamtrim::lint {
namespace {

std::string kind_phrase(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::Identity: return "an identity policy";
    case PolicyKind::Resource: return "a resource policy";
    case PolicyKind::Trust: return "a trust policy";
    case PolicyKind::Scp: return "an SCP";
    case PolicyKind::PermissionsBoundary: return "a permissions boundary";
    case PolicyKind::Unknown: break;
  }
  return "this policy";
}

class MissingResource final : public Check {
 public:
  std::string_view code() const override { return "IAM009"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements)
      if (!s.resource && !s.not_resource)
        out.push_back({at(code(), "statement has neither Resource nor NotResource", s.span, s.pointer), {}, ""});
  }
};

class MissingVersion final : public Check {
 public:
  std::string_view code() const override { return "IAM011"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    const Policy& p = ctx.parsed.policy;
    if (!p.version)
      out.push_back({at(code(), "policy has no Version; \"2012-10-17\" is the current version", p.span,
                        ctx.source.pointer),
                     {}, ""});
  }
};

const Item* first_variable(const ItemList* list) {
  if (!list) return nullptr;
  for (const Item& i : list->items)
    if (i.kind == ValueKind::String && has_policy_variable(i.text)) return &i;
  return nullptr;
}

class VariableWithoutVersion final : public Check {
 public:
  std::string_view code() const override { return "IAM012"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    const Policy& p = ctx.parsed.policy;
    if (p.version && p.version->text == "2012-10-17") return;
    for (const Statement& s : p.statements) {
      const Item* v = first_variable(s.resource ? &*s.resource : nullptr);
      if (!v) v = first_variable(s.not_resource ? &*s.not_resource : nullptr);
      if (!v && s.condition)
        for (const ConditionOperator& op : s.condition->operators)
          for (const ConditionKey& k : op.keys)
            if (!v) v = first_variable(&k.values);
      if (!v) continue;
      std::string version = p.version ? "Version \"" + p.version->text + "\"" : "no Version";
      out.push_back({at(code(), "\"" + v->text + "\" is literal text with " + version +
                                    ": policy variables need \"2012-10-17\"",
                        v->span, s.pointer),
                     {}, ""});
      return;  // one finding: the fix (the Version) is one edit
    }
  }
};

class DuplicateSid final : public Check {
 public:
  std::string_view code() const override { return "IAM013"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    std::map<std::string, const Item*> seen;
    for (const Statement& s : ctx.parsed.policy.statements) {
      if (!s.sid || s.sid->kind != ValueKind::String || s.sid->text.empty()) continue;
      auto [it, fresh] = seen.emplace(s.sid->text, &*s.sid);
      if (!fresh)
        out.push_back({at(code(), "duplicate Sid \"" + s.sid->text + "\" (first used on line " +
                                      std::to_string(it->second->span.begin.line) + ")",
                          s.sid->span, s.pointer + "/Sid"),
                       {}, ""});
    }
  }
};

class InvalidSid final : public Check {
 public:
  std::string_view code() const override { return "IAM014"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements) {
      if (!s.sid || s.sid->kind != ValueKind::String) continue;
      for (char c : s.sid->text) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (ok) continue;
        std::string shown = c == ' ' ? "a space" : "'" + std::string(1, c) + "'";
        out.push_back({at(code(), "Sid \"" + s.sid->text + "\" contains " + shown +
                                      "; only letters and digits are allowed",
                          s.sid->span, s.pointer + "/Sid"),
                       {}, ""});
        break;
      }
    }
  }
};

class PrincipalInIdentityPolicy final : public Check {
 public:
  std::string_view code() const override { return "IAM016"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements)
      if (s.principal)
        out.push_back({at(code(), "Principal is not allowed in " + kind_phrase(ctx.kind),
                          s.principal->key_span, s.pointer + "/Principal"),
                       {}, ""});
  }
};

class NotPrincipalInIdentityOrTrust final : public Check {
 public:
  std::string_view code() const override { return "IAM017"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements)
      if (s.not_principal)
        out.push_back({at(code(), "NotPrincipal is not allowed in " + kind_phrase(ctx.kind),
                          s.not_principal->key_span, s.pointer + "/NotPrincipal"),
                       {}, ""});
  }
};

class MissingPrincipal final : public Check {
  // A Principal the reader could not take (a string other than "*", a
  // number) is written: IAM018 says what is wrong with it, and "no
  // Principal" would not be true.
  static bool written(const Statement& s) {
    for (const std::string& name : s.order)
      if (name == "Principal" || name == "NotPrincipal") return true;
    return false;
  }

 public:
  std::string_view code() const override { return "IAM020"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements)
      if (!s.principal && !s.not_principal && !written(s))
        out.push_back({at(code(), "statement has no Principal; " + kind_phrase(ctx.kind) +
                                      " must name who it applies to",
                          s.span, s.pointer),
                       {}, ""});
  }
};

}  // namespace

std::unique_ptr<Check> make_missing_resource() { return std::make_unique<MissingResource>(); }
std::unique_ptr<Check> make_missing_version() { return std::make_unique<MissingVersion>(); }
std::unique_ptr<Check> make_variable_without_version() { return std::make_unique<VariableWithoutVersion>(); }
std::unique_ptr<Check> make_duplicate_sid() { return std::make_unique<DuplicateSid>(); }
std::unique_ptr<Check> make_invalid_sid() { return std::make_unique<InvalidSid>(); }
std::unique_ptr<Check> make_principal_in_identity_policy() { return std::make_unique<PrincipalInIdentityPolicy>(); }
std::unique_ptr<Check> make_not_principal_in_identity_or_trust() {
  return std::make_unique<NotPrincipalInIdentityOrTrust>();
}
std::unique_ptr<Check> make_missing_principal() { return std::make_unique<MissingPrincipal>(); }

}  // namespace iamtrim::lint
