// The interface between the lint engine and the checks. A check is one small
// class per rule (clang-tidy style): it reads the parsed and expanded policy
// and reports diagnostics; it never decides severity, never re-parses and
// never expands patterns itself (the engine does that once per policy).
#pragma once

#include <string_view>
#include <vector>

#include "iamtrim/actions.hpp"
#include "iamtrim/lint.hpp"
#include "iamtrim/policy.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim::lint {

struct RiskData;  // rules/risk-actions.yaml and rules/quotas.yaml, loaded once (src/lint/risk_data.hpp)
class PolicyMemo;  // facts shared by several checks, computed on first use (src/lint/targets.hpp)

struct PolicyContext {
  const Catalog& catalog;
  const FoundPolicy& source;
  const PolicyResult& parsed;          // parsed.policy, parsed.diagnostics (structural problems)
  PolicyKind kind;                     // resolved: configured, implied by the file, or inferred
  const std::vector<StatementActions>& actions;  // one per statement of parsed.policy
  const RiskData& risk;
  const LintConfig& config;
  PolicyMemo& memo;
};

struct Report {
  Diagnostic diagnostic;
  std::vector<Fix> fixes;
  // Set when a Condition narrows the statement enough to lower the finding
  // one severity step; the text says why (the rule doc explains the policy).
  std::string lowered_because;
};

class Check {
 public:
  virtual ~Check() = default;
  virtual std::string_view code() const = 0;  // must match a rules/lint/ YAML
  virtual void run(const PolicyContext& ctx, std::vector<Report>& out) const = 0;
  // Checks that only relay the parser's diagnostics also run on documents
  // too broken to read as a policy (not an object); the others do not.
  virtual bool needs_policy() const { return true; }
  // Whether the source readers report this code about a file as a whole
  // (not JSON, invalid HCL, a policy only Terraform can evaluate), before
  // any policy exists; Linter::lint_source_problems() relays those through
  // the check, so configuration treats them like every other finding.
  virtual bool relays_source_problems() const { return false; }
};

}  // namespace iamtrim::lint
