// Risk rules on single Allow statements: IAM501 full admin, IAM502
// NotAction with Allow, IAM503 NotResource with Allow, IAM504 service-wide
// wildcard with write access on "*", IAM505 iam:PassRole on "*", IAM507
// and IAM508 (the risk lists), IAM509 permissions management on "*".
// Actions removed by an unconditional Deny on "*" do not count.
#include <memory>
#include <optional>
#include <string>

#include "lint/check.hpp"
#include "lint/facts.hpp"
#include "lint/risk_data.hpp"

namespace iamtrim::lint {
namespace {

std::string lowered_by(const Statement& s) {
  std::string key = general_narrowing_key(s);
  return key.empty() ? computed_condition_note(s) : "the condition on " + key + " narrows the statement";
}

// Calls f(statement index, statement) for Allow statements on every resource.
template <typename F>
void each_broad_allow(const PolicyContext& ctx, F&& f) {
  const auto& statements = ctx.parsed.policy.statements;
  for (std::size_t si = 0; si < statements.size(); ++si)
    if (statements[si].effect == Effect::Allow && unrestricted_resource(statements[si])) f(si, statements[si]);
}

std::string on_what(const Statement& s) { return s.not_resource ? "on every resource but those listed" : "on \"*\""; }

class FullAdmin final : public Check {
 public:
  std::string_view code() const override { return "IAM501"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_broad_allow(ctx, [&](std::size_t si, const Statement& s) {
      if (ctx.actions[si].actions.count() != ctx.catalog.action_count()) return;
      out.push_back({at(code(), "statement allows every action of every service " + on_what(s), action_span(s),
                        s.pointer),
                     {}, lowered_by(s)});
    });
  }
};

class NotActionWithAllow final : public Check {
 public:
  std::string_view code() const override { return "IAM502"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements) {
      if (s.effect != Effect::Allow || !s.uses_not_action()) continue;
      std::string why = lowered_by(s);
      if (why.empty() && !unrestricted_resource(s)) why = "Resource limits the statement to specific ARNs";
      out.push_back({at(code(), "Allow with NotAction grants every action not listed, including those of "
                                "services AWS adds later",
                        s.not_action->key_span, s.pointer + "/NotAction"),
                     {}, why});
    }
  }
};

class NotResourceWithAllow final : public Check {
 public:
  std::string_view code() const override { return "IAM503"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements)
      if (s.effect == Effect::Allow && s.not_resource)
        out.push_back({at(code(), "Allow with NotResource grants the actions on every resource not listed, "
                                  "including resources created later",
                          s.not_resource->key_span, s.pointer + "/NotResource"),
                       {}, lowered_by(s)});
  }
};

class ServiceWildcardWriteOnStar final : public Check {
 public:
  std::string_view code() const override { return "IAM504"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    std::optional<ActionSet> denied;  // worked out at the first service wildcard
    each_broad_allow(ctx, [&](std::size_t si, const Statement& s) {
      if (!s.action) return;
      const auto& matches = ctx.actions[si].matches;
      for (std::size_t i = 0; i < s.action->items.size() && i < matches.size(); ++i) {
        const std::string_view text = s.action->items[i].text;
        std::size_t colon = text.find(':');
        if (colon == std::string::npos || text.substr(colon + 1) != "*" || has_wildcard(text.substr(0, colon)))
          continue;
        if (!denied) denied = unconditional_denials(ctx);
        ActionSet risky = (matches[i].actions & ctx.risk.write_or_permissions) - *denied;
        if (risky.empty()) continue;
        out.push_back({at(code(), "\"" + std::string(text) + "\" " + on_what(s) + " allows " + std::to_string(risky.count()) +
                                      " write or permissions-management actions",
                          s.action->items[i].span, s.pointer + "/Action"),
                       {}, lowered_by(s)});
      }
    });
  }
};

class PassRoleOnStar final : public Check {
 public:
  std::string_view code() const override { return "IAM505"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    auto pass_role = ctx.catalog.find_action("iam:PassRole");
    if (!pass_role) return;
    std::optional<ActionSet> denied;  // worked out at the first statement that grants it
    each_broad_allow(ctx, [&](std::size_t si, const Statement& s) {
      if (!ctx.actions[si].actions.contains(*pass_role)) return;
      if (!denied) denied = unconditional_denials(ctx);
      if (denied->contains(*pass_role)) return;
      if (!narrowing_key(s, {"iam:PassedToService"}).empty()) return;
      Span where = action_span(s);
      if (s.action)
        for (std::size_t i = 0; i < s.action->items.size() && i < ctx.actions[si].matches.size(); ++i)
          if (ctx.actions[si].matches[i].actions.contains(*pass_role)) {
            where = s.action->items[i].span;
            break;
          }
      out.push_back({at(code(), "iam:PassRole " + on_what(s) + " without an iam:PassedToService condition lets "
                                    "the holder hand any role to any service",
                        where, s.pointer),
                     {}, lowered_by(s)});
    });
  }
};

class RiskListCheck final : public Check {
 public:
  RiskListCheck(std::string_view code, const char* what, ActionSet RiskData::*list)
      : code_(code), what_(what), list_(list) {}
  std::string_view code() const override { return code_; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    std::optional<ActionSet> denied;  // worked out at the first statement that grants one
    each_broad_allow(ctx, [&](std::size_t si, const Statement& s) {
      const ActionSet& granted = ctx.actions[si].actions;
      if (!granted.intersects(ctx.risk.*list_)) return;  // most statements: no copy at all
      if (!denied) denied = unconditional_denials(ctx);
      ActionSet hits = (granted & ctx.risk.*list_) - *denied;
      if (hits.empty()) return;
      out.push_back({at(code_, "statement allows " + std::string(what_) + " " + on_what(s) + ": " +
                                   name_some(ctx.catalog, hits),
                        action_span(s), s.pointer),
                     {}, lowered_by(s)});
    });
  }

 private:
  std::string code_;
  const char* what_;
  ActionSet RiskData::*list_;
};

}  // namespace

std::unique_ptr<Check> make_full_admin() { return std::make_unique<FullAdmin>(); }
std::unique_ptr<Check> make_not_action_with_allow() { return std::make_unique<NotActionWithAllow>(); }
std::unique_ptr<Check> make_not_resource_with_allow() { return std::make_unique<NotResourceWithAllow>(); }
std::unique_ptr<Check> make_service_wildcard_write_on_star() { return std::make_unique<ServiceWildcardWriteOnStar>(); }
std::unique_ptr<Check> make_pass_role_on_star() { return std::make_unique<PassRoleOnStar>(); }
std::unique_ptr<Check> make_risk_list_check(std::string_view code) {
  if (code == "IAM507")
    return std::make_unique<RiskListCheck>(code, "credentials-exposing actions", &RiskData::credentials_exposure);
  if (code == "IAM508")
    return std::make_unique<RiskListCheck>(code, "data-exfiltration actions", &RiskData::data_exfiltration);
  return std::make_unique<RiskListCheck>(code, "permissions-management actions", &RiskData::permissions_management);
}
std::unique_ptr<Check> make_resource_exposure() { return make_risk_list_check("IAM509"); }

}  // namespace iamtrim::lint
