// The lint engine: parse once, expand once, resolve the policy kind, run the
// enabled checks that apply to that kind, attach severities from the rule
// metadata and the configuration.
#include <algorithm>
#include <cstdint>
#include <map>

#include "iamtrim/lint.hpp"
#include "lint/custom_check.hpp"
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

std::uint32_t kind_bit(PolicyKind kind) { return std::uint32_t{1} << static_cast<unsigned>(kind); }

// The policy kinds a rule applies to, one bit each (all for an empty
// applies_to): read once, not once per policy and rule.
std::uint32_t kinds_of(const RuleInfo& rule) {
  if (rule.applies_to.empty()) return ~std::uint32_t{0};
  std::uint32_t kinds = 0;
  for (const std::string& k : rule.applies_to)
    if (auto kind = parse_policy_kind(k)) kinds |= kind_bit(*kind);
  return kinds;
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
    Active(const lint::Check* c, const RuleInfo* r, FixSafety safety = {})
        : check(c), rule(r), fix_safety(safety), kinds(kinds_of(*r)) {}
    const lint::Check* check;
    const RuleInfo* rule;
    FixSafety fix_safety;  // the rule file's fix.safety, for every fix the check offers
    std::uint32_t kinds;   // kind_bit() of each policy kind the rule applies to
  };
  std::vector<Active> checks;
  // The custom rules: their metadata and checks, owned here (the built-in
  // checks are the registry's).
  std::vector<RuleInfo> custom_infos;
  std::vector<std::unique_ptr<lint::Check>> custom_checks;

  const RuleInfo* find_rule(std::string_view code_or_slug) const {
    if (const RuleInfo* r = lint::find_indexed_rule(code_or_slug)) return r;
    for (const RuleInfo& r : custom_infos)
      if (iequals(r.code, code_or_slug) || r.slug == code_or_slug) return &r;
    return nullptr;
  }
  // As written in an iamtrim:ignore comment: a code or slug in any case.
  const RuleInfo* find_suppressed_rule(std::string_view code_or_slug) const {
    if (const RuleInfo* r = find_rule(code_or_slug)) return r;
    for (const RuleInfo& r : lint::rule_index())
      if (iequals(r.slug, code_or_slug)) return &r;
    for (const RuleInfo& r : custom_infos)
      if (iequals(r.slug, code_or_slug)) return &r;
    return nullptr;
  }

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
      impl_->checks.emplace_back(check.get(), rule, lint::indexed_fix_safety(rule->code));
  impl_->custom_infos.reserve(impl_->config.custom_rules.size());
  for (const CustomRule& custom : impl_->config.custom_rules) {
    impl_->custom_infos.push_back(custom_rule_info(custom));
    impl_->custom_checks.push_back(lint::make_custom_check(custom, impl_->catalog));
    if (impl_->enabled(impl_->custom_infos.back()))
      impl_->checks.emplace_back(impl_->custom_checks.back().get(), &impl_->custom_infos.back());
  }
}

Linter::~Linter() = default;
Linter::Linter(Linter&&) noexcept = default;

const Catalog& Linter::catalog() const { return impl_->catalog; }

std::vector<RuleInfo> Linter::rules() const {
  std::vector<RuleInfo> out = lint_rules();
  out.insert(out.end(), impl_->custom_infos.begin(), impl_->custom_infos.end());
  std::sort(out.begin(), out.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.code < b.code; });
  return out;
}

const RuleInfo* Linter::find_rule(std::string_view code_or_slug) const { return impl_->find_rule(code_or_slug); }

Linter::Suppressions Linter::check_suppressions(const std::shared_ptr<const SourceFile>& file,
                                                const std::vector<Finding>& findings, bool report_unused) const {
  // Every file a finding points into, in order of first appearance.
  std::vector<std::shared_ptr<const SourceFile>> files{file};
  for (const Finding& f : findings)
    if (f.file && std::find(files.begin(), files.end(), f.file) == files.end()) files.push_back(f.file);
  // Each code of a comment is resolved to its rule once: a code that names
  // no rule suppresses nothing (and is IAM092), so that what a comment
  // silences and what IAM092 says about it always agree.
  struct Read {
    std::vector<Suppression> suppressions;
    std::vector<std::vector<const RuleInfo*>> rules;  // per suppression, per code; nullptr: no rule
    std::vector<std::vector<bool>> used;              // per suppression, per code
  };
  std::map<const SourceFile*, Read> read;
  for (const auto& f : files) {
    Read& r = read[f.get()];
    r.suppressions = read_suppressions(*f);
    for (const Suppression& s : r.suppressions) {
      r.used.emplace_back(s.codes.size(), false);
      r.rules.emplace_back();
      for (const std::string& code : s.codes) r.rules.back().push_back(impl_->find_suppressed_rule(code));
    }
  }
  Suppressions out;
  for (const Finding& f : findings) {
    bool hidden = false;
    if (f.file) {
      Read& r = read[f.file.get()];
      std::uint32_t line = f.diagnostic.span.begin.line;
      for (std::size_t i = 0; i < r.suppressions.size(); ++i) {
        const Suppression& s = r.suppressions[i];
        if (line < s.first_line || line > s.last_line) continue;
        for (std::size_t c = 0; c < s.codes.size(); ++c)
          if (r.rules[i][c] && r.rules[i][c]->code == f.diagnostic.code) hidden = true, r.used[i][c] = true;
      }
    }
    out.suppressed.push_back(hidden);
  }
  // What the comments themselves get wrong, relayed like the readers'
  // problems so that configuration applies to IAM092 and IAM093 too.
  // Every code and slug, for "did you mean": gathered only when a comment
  // names no rule (most files have no comment at all).
  std::vector<std::string> names;
  auto rule_names = [&]() -> const std::vector<std::string>& {
    if (names.empty()) {
      for (const RuleInfo& r : lint::rule_index()) names.push_back(r.code), names.push_back(r.slug);
      for (const RuleInfo& r : impl_->custom_infos) names.push_back(r.code), names.push_back(r.slug);
    }
    return names;
  };
  for (const auto& f : files) {
    const Read& r = read[f.get()];
    Diagnostics problems;
    for (std::size_t i = 0; i < r.suppressions.size(); ++i) {
      const Suppression& s = r.suppressions[i];
      for (std::size_t c = 0; c < s.codes.size(); ++c) {
        const std::string& code = s.codes[c];
        const RuleInfo* rule = r.rules[i][c];
        if (!rule) {
          Diagnostic d{"IAM092", "\"" + code + "\" in iamtrim:ignore names no rule, so it suppresses nothing",
                       s.code_spans[c], "", nearest_names(code, rule_names())};
          problems.push_back(std::move(d));
        } else if (report_unused && !r.used[i][c]) {
          std::string lines = s.first_line == s.last_line
                                  ? "line " + std::to_string(s.first_line)
                                  : "lines " + std::to_string(s.first_line) + "-" + std::to_string(s.last_line);
          std::string why = impl_->enabled(*rule) ? "no " + rule->code + " finding on " + lines
                                                  : rule->code + " is turned off";
          problems.push_back({"IAM093", "unused suppression of \"" + code + "\": " + why, s.code_spans[c], "", {}});
        }
      }
    }
    for (Finding& p : lint_source_problems(f, problems)) out.problems.push_back(std::move(p));
  }
  return out;
}

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
    if (!(a.kinds & kind_bit(kind)) || (a.check->needs_policy() && !parsed.usable)) continue;
    reports.clear();
    a.check->run(ctx, reports);
    for (lint::Report& r : reports) {
      Finding f = im.finding(*a.rule, std::move(r.diagnostic), policy.file, policy.owner);
      f.fixes = std::move(r.fixes);
      for (Fix& x : f.fixes) x.safety = a.fix_safety;
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
