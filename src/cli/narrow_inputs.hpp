// What every narrow mode reads from its options: the as-of date and the
// evidence files, with the reasons printed when they cannot be used.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "iamtrim/evidence.hpp"
#include "iamtrim/policy.hpp"

namespace iamtrim::cli {

// Sets input.as_of from --as-of (YYYY-MM-DD); an empty text leaves the
// report's job date in force. False, after saying why, for a bad date.
bool as_of_input(const std::string& text, DecisionInput& input);

// The decisions for what `policy`'s Allow statements grant (unknown action
// names passed on, so they are kept as unknown), or nullopt after printing
// why the evidence cannot decide. Warnings are printed.
std::optional<DecideResult> decide_for_policy(const Catalog& catalog, const Policy& policy, const EvidenceResult& evidence,
                                              const TrackingRules& rules, const DecisionInput& input);

// The reports of `paths`, or nullopt after printing every error.
std::optional<EvidenceResult> read_evidence_or_report(const std::vector<std::string>& paths, const ReadOptions& options);

}  // namespace iamtrim::cli
