// What every narrow mode reads from its options: the as-of date and the
// evidence files, with the reasons printed when they cannot be used; and
// what every mode prints the same way (notes, the binding of the evidence).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/atomic_write.hpp"
#include "iamtrim/binding.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/narrow.hpp"
#include "iamtrim/policy.hpp"

namespace iamtrim::cli {

// Sets input.as_of from --as-of (YYYY-MM-DD); an empty text leaves the
// report's job date in force. False, after saying why, for a bad date.
bool as_of_input(const std::string& text, DecisionInput& input);

// The reports of `paths`, or nullopt after printing every error.
std::optional<EvidenceResult> read_evidence_or_report(const std::vector<std::string>& paths, const ReadOptions& options);

// The same for one policy's --evidence: report files only. A folder (such
// as collect's, every principal's reports) is refused with what to give
// instead, before anything is read.
std::optional<EvidenceResult> read_policy_evidence(const std::vector<std::string>& paths, const ReadOptions& options);

// Records the evidence files and their sidecars as inputs.
void add_evidence_inputs(InputFiles& inputs, const std::vector<std::string>& paths);

// Binds the evidence to the policies (account.hpp) and prints the reports
// that contradict themselves (nullopt: exit 2) and those nothing uses.
std::optional<BindResult> bind_or_report(const std::vector<const FoundPolicy*>& policies,
                                         const std::vector<Report>& reports, const BindOptions& options);

// Writes the --report file (Markdown for FILE.md, the HTML page for
// FILE.html, else JSON), never over an input; false after saying why.
bool write_report(const Catalog& catalog, const std::string& path, const std::vector<NarrowedPolicy>& policies,
                  const std::string& as_of, const InputFiles& inputs);

// Prints notes once per run: duplicates once, and the "job created ...; it
// speaks for activity up to ..." notes of reports with the same dates as one
// line naming every file.
void print_notes(const std::vector<std::string>& notes);

}  // namespace iamtrim::cli
