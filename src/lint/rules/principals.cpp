// Principal and trust rules: IAM401 public principal, IAM402 cross-account
// trust without an external ID or organization condition, IAM403 GitHub
// OIDC trust without a sub condition, IAM404 NotPrincipal with Allow.
#include <algorithm>
#include <memory>
#include <string>

#include "lint/arn.hpp"
#include "lint/check.hpp"
#include "lint/facts.hpp"

namespace iamtrim::lint {
namespace {

// What a public statement exposes, named after the services it acts on.
std::string exposed(const Catalog& catalog, const StatementActions& a, PolicyKind kind) {
  if (kind == PolicyKind::Trust) return "role";
  std::string out;
  a.actions.for_each([&](ActionId id) {
    if (!out.empty()) return;
    std::string_view p = catalog.service_of(id).prefix;
    out = p == "s3" ? "bucket" : p == "sqs" ? "queue" : p == "sns" ? "topic" : p == "kms" ? "key" : "";
  });
  return out.empty() ? "resource" : out;
}

class PublicPrincipal final : public Check {
 public:
  std::string_view code() const override { return "IAM401"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    const auto& statements = ctx.parsed.policy.statements;
    for (std::size_t si = 0; si < statements.size(); ++si) {
      const Statement& s = statements[si];
      if (s.effect != Effect::Allow || !s.principal) continue;
      Span where;
      if (s.principal->star) where = s.principal->span;
      for (const PrincipalEntry& e : s.principal->entries)
        if (e.type == "AWS")
          for (const Item& v : e.values.items)
            if (v.text == "*" && !where.known()) where = v.span;
      if (!where.known()) continue;
      std::string key = narrowing_key(
          s, {"aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner", "aws:SourceOrgID", "aws:SourceOrgPaths",
              "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
              "aws:SourceVpc", "aws:SourceVpce", "aws:SourceIp", "aws:userid", "aws:PrincipalServiceName",
              "kms:CallerAccount", "kms:ViaService"});
      if (!key.empty()) continue;
      std::string what = exposed(ctx.catalog, ctx.actions[si], ctx.kind);
      out.push_back({at(code(), "any principal (\"*\") is allowed and no condition narrows it: the " + what +
                                    " is public",
                        where, s.pointer + "/Principal"),
                     {}, computed_condition_note(s)});
    }
  }
};

// The account a principal value names: "123456789012" or an ARN's account.
std::string account_of(std::string_view v) {
  if (v.size() == 12 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::string(v);
  if (auto parts = split_arn(v)) return std::string(parts->account);
  return "";
}

bool allows(const PolicyContext& ctx, std::size_t si, std::string_view action) {
  auto id = ctx.catalog.find_action(action);
  return id && ctx.actions[si].actions.contains(*id);
}

class CrossAccountTrust final : public Check {
 public:
  std::string_view code() const override { return "IAM402"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    const auto& statements = ctx.parsed.policy.statements;
    for (std::size_t si = 0; si < statements.size(); ++si) {
      const Statement& s = statements[si];
      if (s.effect != Effect::Allow || !s.principal || !allows(ctx, si, "sts:AssumeRole")) continue;
      if (!narrowing_key(s, {"sts:ExternalId", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths"}).empty()) continue;
      std::string lower = narrowing_key(s, {"aws:PrincipalArn", "aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce"});
      const std::string note = lower.empty() ? computed_condition_note(s) : "the condition on " + lower + " limits who can assume it";
      for (const PrincipalEntry& e : s.principal->entries) {
        if (e.type != "AWS") continue;
        for (const Item& v : e.values.items) {
          std::string account = account_of(v.text);
          if (account.empty() || account == "*" ||
              std::find(ctx.config.known_accounts.begin(), ctx.config.known_accounts.end(), account) !=
                  ctx.config.known_accounts.end())
            continue;
          out.push_back({at(code(), "account " + account +
                                        " may assume this role without an sts:ExternalId or organization condition",
                            v.span, s.pointer + "/Principal/AWS"),
                         {}, note});
        }
      }
    }
  }
};

bool github_oidc(const Principal& p) {
  for (const PrincipalEntry& e : p.entries)
    if (e.type == "Federated")
      for (const Item& v : e.values.items)
        if (v.text.find("token.actions.githubusercontent.com") != std::string::npos) return true;
  return false;
}

// A sub condition narrows when every value names at least a repository.
bool sub_narrows(const Statement& s) {
  if (!s.condition) return false;
  for (const ConditionOperator& op : s.condition->operators) {
    if (is_negated_operator(op.base) || op.qualifier == SetQualifier::ForAllValues || op.base == "Null") continue;
    for (const ConditionKey& k : op.keys) {
      if (!iequals(k.key, "token.actions.githubusercontent.com:sub")) continue;
      bool all = !k.values.items.empty();
      for (const Item& v : k.values.items)
        all &= !(v.text.empty() || v.text[0] == '*' || v.text.rfind("repo:*", 0) == 0);
      if (all) return true;
    }
  }
  return false;
}

class OidcTrustWithoutSub final : public Check {
 public:
  std::string_view code() const override { return "IAM403"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements) {
      if (s.effect != Effect::Allow || !s.principal || !github_oidc(*s.principal) || sub_narrows(s)) continue;
      out.push_back({at(code(), "GitHub Actions OIDC trust without a condition on "
                                "\"token.actions.githubusercontent.com:sub\": any repository can assume this role",
                        s.principal->span, s.pointer + "/Principal"),
                     {}, computed_condition_note(s)});
    }
  }
};

class NotPrincipalWithAllow final : public Check {
 public:
  std::string_view code() const override { return "IAM404"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements)
      if (s.effect == Effect::Allow && s.not_principal)
        out.push_back({at(code(), "Allow with NotPrincipal grants access to every principal not listed, "
                                  "anonymous users included",
                          s.not_principal->key_span, s.pointer + "/NotPrincipal"),
                       {}, ""});
  }
};

}  // namespace

std::unique_ptr<Check> make_public_principal() { return std::make_unique<PublicPrincipal>(); }
std::unique_ptr<Check> make_cross_account_trust_without_external_id() { return std::make_unique<CrossAccountTrust>(); }
std::unique_ptr<Check> make_oidc_trust_without_sub() { return std::make_unique<OidcTrustWithoutSub>(); }
std::unique_ptr<Check> make_not_principal_with_allow() { return std::make_unique<NotPrincipalWithAllow>(); }

}  // namespace iamtrim::lint
