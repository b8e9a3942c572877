// IAM506: privilege escalation across statements. A method (from
// rules/risk-actions.yaml) applies when every action it needs is allowed on
// every resource by some Allow statement and not removed by an
// unconditional Deny on "*". Conditions do not stop it: escalation paths
// usually survive them, so the finding names the methods and leaves the
// judgement to a person.
#include <memory>
#include <string>

#include "lint/check.hpp"
#include "lint/facts.hpp"
#include "lint/risk_data.hpp"

namespace iamtrim::lint {
namespace {

class PrivilegeEscalation final : public Check {
 public:
  std::string_view code() const override { return "IAM506"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    const auto& statements = ctx.parsed.policy.statements;
    ActionSet allowed(ctx.catalog.action_count());
    const Statement* first = nullptr;
    for (std::size_t si = 0; si < statements.size(); ++si) {
      const Statement& s = statements[si];
      if (s.effect != Effect::Allow || !unrestricted_resource(s)) continue;
      allowed |= ctx.actions[si].actions;
      if (!first && !ctx.actions[si].actions.empty()) first = &s;
    }
    if (!first) return;
    allowed -= unconditional_denials(ctx);
    std::vector<std::string> methods;
    for (const EscalationMethod& m : ctx.risk.privilege_escalation) {
      if (!m.complete || m.actions.empty()) continue;
      bool all = true;
      for (ActionId id : m.actions) all &= allowed.contains(id);
      if (all) methods.push_back(m.name);
    }
    if (methods.empty()) return;
    std::string names;
    for (std::size_t i = 0; i < methods.size() && i < 4; ++i) names += (i ? ", " : "") + methods[i];
    if (methods.size() > 4) names += " and " + std::to_string(methods.size() - 4) + " more";
    out.push_back({at(code(), "policy allows privilege escalation by " + std::to_string(methods.size()) +
                                  (methods.size() == 1 ? " method: " : " methods: ") + names,
                      action_span(*first), first->pointer),
                   {}, ""});
  }
};

}  // namespace

std::unique_ptr<Check> make_privilege_escalation() { return std::make_unique<PrivilegeEscalation>(); }

}  // namespace iamtrim::lint
