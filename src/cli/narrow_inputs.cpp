#include "cli/narrow_inputs.hpp"

#include <iostream>

#include "iamtrim/actions.hpp"

namespace iamtrim::cli {

bool as_of_input(const std::string& text, DecisionInput& input) {
  if (text.empty()) return true;
  auto day = parse_date(text);
  if (!day) std::cerr << "iamtrim: --as-of " << text << ": expected a date YYYY-MM-DD\n";
  else input.as_of = *day * kMsPerDay;
  return day.has_value();
}

std::optional<DecideResult> decide_for_policy(const Catalog& catalog, const Policy& policy, const EvidenceResult& evidence,
                                              const TrackingRules& rules, const DecisionInput& base) {
  ActionSet granted(catalog.action_count());
  DecisionInput input = base;
  for (const Statement& st : policy.statements) {
    if (st.effect != Effect::Allow || !st.actions()) continue;
    StatementActions sa = expand_statement(catalog, st);
    granted |= sa.actions;
    for (std::size_t i = 0; i < sa.matches.size(); ++i)
      if (sa.matches[i].status != MatchStatus::Matched && st.actions()->items[i].kind == ValueKind::String)
        input.unknown_actions.push_back(st.actions()->items[i].text);
  }
  DecideResult decided = decide(catalog, granted, evidence.reports, rules, input);
  for (const EvidenceError& e : decided.errors) std::cerr << format_error(e) << "\n";
  for (const std::string& w : decided.warnings) std::cerr << "iamtrim: warning: " << w << "\n";
  if (!decided.ok()) return std::nullopt;
  return decided;
}

std::optional<EvidenceResult> read_evidence_or_report(const std::vector<std::string>& paths, const ReadOptions& options) {
  EvidenceResult ev = read_evidence_files(paths, options);
  for (const EvidenceError& e : ev.errors) std::cerr << format_error(e) << "\n";
  if (!ev.ok()) return std::nullopt;
  return ev;
}

}  // namespace iamtrim::cli
