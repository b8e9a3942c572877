// The lint engine: parse once, expand once, resolve the policy kind, run the
// enabled checks that apply to that kind, attach severities from the rule
// metadata and the configuration.
#include <algorithm>

#include "iamtrim/lint.hpp"
#include "lint/facts.hpp"
#include "lint/registry.hpp"
#include "lint/targets.hpp"
#include "lint/risk_data.hpp"
#include "lint/rule_info.hpp"

namespace iamtrim {
namespace {

template <typename Map>
auto lookup(const Map& map, const RuleInfo& rule) -> const typename Map::mapped_type* {
  if (auto it = map.find(rule.code); it != map.end()) return &it->second;
  if (auto it = map.find(rule.slug); it != map.end()) return &it->second;
  return nullptr;
}

bool applies(const RuleInfo& rule, PolicyKind kind) {
  if (rule.applies_to.empty()) return true;
  for (const std::string& k : rule.applies_to)
    if (parse_policy_kind(k) == kind) return true;
  return false;
}

// One step down. Error drops to Warning: Security names dangerous access,
// which a structural problem never is.
Severity lowered(Severity s) {
  switch (s) {
    case Severity::Error: return Severity::Warning;
    case Severity::Security: return Severity::Warning;
    case Severity::Warning: return Severity::Suggestion;
    case Severity::Suggestion: return Severity::Suggestion;
  }
  return s;
}

// A statement that names a principal and only sts:AssumeRole* / TagSession
// style actions is a role trust statement.
bool trust_statement(const Catalog& catalog, const Statement& s, const StatementActions& a) {
  if (!s.principal && !s.not_principal) return false;
  const ServiceInfo* sts = catalog.find_service("sts");
  if (!sts || a.actions.empty() || s.uses_not_action()) return false;
  ActionSet sts_actions(catalog.action_count());
  sts_actions.insert_range(sts->first, sts->end);
  bool assume = false;
  a.actions.for_each([&](ActionId id) {
    if (catalog.action_name(id).substr(0, 10) == "AssumeRole") assume = true;
  });
  return assume && a.actions.is_subset_of(sts_actions);
}

}  // namespace

struct Linter::Impl {
  Impl(Catalog c, LintConfig cfg) : catalog(std::move(c)), config(std::move(cfg)), risk(lint::load_risk_data(catalog)) {}
  Catalog catalog;
  LintConfig config;
  lint::RiskData risk;
  struct Active {
    const lint::Check* check;
    const RuleInfo* rule;
  };
  std::vector<Active> checks;

  bool enabled(const RuleInfo& rule) const {
    const bool* on = lookup(config.enabled, rule);
    return on ? *on : true;
  }
  Severity severity(const RuleInfo& rule) const {
    const Severity* s = lookup(config.severity, rule);
    return s ? *s : rule.severity;
  }

  PolicyKind resolve_kind(const FoundPolicy& p, const PolicyResult& parsed,
                          const std::vector<StatementActions>& actions) const {
    if (config.kind && *config.kind != PolicyKind::Unknown) return *config.kind;
    if (p.kind != PolicyKind::Unknown) return p.kind;
    bool principal = false, trust = false;
    for (std::size_t i = 0; i < parsed.policy.statements.size(); ++i) {
      const Statement& s = parsed.policy.statements[i];
      if (s.principal || s.not_principal) principal = true;
      if (trust_statement(catalog, s, actions[i])) trust = true;
    }
    if (trust) return PolicyKind::Trust;
    return principal ? PolicyKind::Resource : PolicyKind::Identity;
  }

  Finding finding(const RuleInfo& rule, Diagnostic d, const std::shared_ptr<const SourceFile>& file,
                  const std::string& owner) const {
    Finding f;
    f.diagnostic = std::move(d);
    f.slug = rule.slug;
    f.severity = severity(rule);
    f.file = file;
    f.owner = owner;
    return f;
  }
};

Linter::Linter(Catalog catalog, LintConfig config)
    : impl_(std::make_unique<Impl>(std::move(catalog), std::move(config))) {
  for (const auto& check : lint::all_checks())
    if (const RuleInfo* rule = lint::find_indexed_rule(check->code()); rule && impl_->enabled(*rule))
      impl_->checks.push_back({check.get(), rule});
}

Linter::~Linter() = default;
Linter::Linter(Linter&&) noexcept = default;

const Catalog& Linter::catalog() const { return impl_->catalog; }

std::vector<Finding> Linter::lint(const FoundPolicy& policy) const {
  return lint(policy, parse_policy(policy.document, policy.pointer));
}

std::vector<Finding> Linter::lint(const FoundPolicy& policy, const PolicyResult& parsed) const {
  const Impl& im = *impl_;
  std::vector<StatementActions> actions;
  actions.reserve(parsed.policy.statements.size());
  for (const Statement& s : parsed.policy.statements) actions.push_back(expand_statement(im.catalog, s));
  PolicyKind kind = im.resolve_kind(policy, parsed, actions);
  lint::PolicyMemo memo(parsed.policy.statements.size());
  lint::PolicyContext ctx{im.catalog, policy, parsed, kind, actions, im.risk, im.config, memo};

  std::vector<Finding> out;
  std::vector<lint::Report> reports;
  for (const Impl::Active& a : im.checks) {
    if (!applies(*a.rule, kind) || (a.check->needs_policy() && !parsed.usable)) continue;
    reports.clear();
    a.check->run(ctx, reports);
    for (lint::Report& r : reports) {
      Finding f = im.finding(*a.rule, std::move(r.diagnostic), policy.file, policy.owner);
      f.fixes = std::move(r.fixes);
      if (!r.lowered_because.empty()) {
        f.note = "lowered from " + std::string(to_string(f.severity)) + ": " + r.lowered_because;
        f.severity = lowered(f.severity);
      }
      out.push_back(std::move(f));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.diagnostic.span.begin.offset != b.diagnostic.span.begin.offset)
      return a.diagnostic.span.begin.offset < b.diagnostic.span.begin.offset;
    return a.diagnostic.code < b.diagnostic.code;
  });
  return out;
}

std::vector<Finding> Linter::lint_source_problems(const std::shared_ptr<const SourceFile>& file,
                                                  const Diagnostics& problems) const {
  std::vector<Finding> out;
  for (const Diagnostic& d : problems) {
    auto active = std::find_if(impl_->checks.begin(), impl_->checks.end(), [&](const Impl::Active& a) {
      return a.rule->code == d.code && a.check->relays_source_problems();
    });
    if (active != impl_->checks.end()) {
      out.push_back(impl_->finding(*active->rule, d, file, ""));
      continue;
    }
    if (lint::find_indexed_rule(d.code)) continue;  // its rule is disabled
    // A reader's code without a rule still stops the run: the file could not
    // be read, whatever the rule set says.
    Finding f;
    f.diagnostic = d;
    f.severity = Severity::Error;
    f.file = file;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace iamtrim
