#include "cli/narrow_inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/narrow_output.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/report_html.hpp"

namespace iamtrim::cli {

bool as_of_input(const std::string& text, DecisionInput& input) {
  if (text.empty()) return true;
  auto day = parse_date(text);
  if (!day) std::cerr << "iamtrim: --as-of " << text << ": expected a date YYYY-MM-DD\n";
  else input.as_of = *day * kMsPerDay;
  return day.has_value();
}

std::optional<EvidenceResult> read_evidence_or_report(const std::vector<std::string>& paths, const ReadOptions& options) {
  EvidenceResult ev = read_evidence_files(paths, options);
  for (const EvidenceError& e : ev.errors) std::cerr << format_error(e) << "\n";
  if (!ev.ok()) return std::nullopt;
  return ev;
}

std::optional<EvidenceResult> read_policy_evidence(const std::vector<std::string>& paths, const ReadOptions& options) {
  bool folders = false;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!std::filesystem::is_directory(p, ec)) continue;
    std::cerr << "iamtrim: --evidence " << printable(p)
              << " is a folder: give the report files about this policy's principal (narrow --account --evidence DIR "
                 "reads a whole account's folder)\n";
    folders = true;
  }
  if (folders) return std::nullopt;
  return read_evidence_or_report(paths, options);
}

void add_evidence_inputs(InputFiles& inputs, const std::vector<std::string>& paths) {
  for (const std::string& p : paths) {
    inputs.add(p);
    inputs.add(evidence_sidecar_path(p));
  }
}

std::optional<BindResult> bind_or_report(const std::vector<const FoundPolicy*>& policies,
                                         const std::vector<Report>& reports, const BindOptions& options) {
  BindResult bound = bind_evidence(policies, reports, options);
  for (const EvidenceError& e : bound.errors) std::cerr << format_error(e) << "\n";
  if (!bound.ok()) return std::nullopt;
  // Unused evidence is worth a warning when the policies were narrowed; a
  // refusal already names what the evidence is about.
  if (std::all_of(bound.policies.begin(), bound.policies.end(), [](const PolicyBinding& b) { return b.bound; }))
    for (const std::string& u : bound.unused) std::cerr << "iamtrim: warning: " << u << "\n";
  return bound;
}

bool write_report(const Catalog& c, const std::string& path, const std::vector<NarrowedPolicy>& policies,
                  const std::string& as_of, const InputFiles& inputs) {
  return write_report_file(path,
                           {[&] { return narrow_report_json(c, policies, as_of); },
                            [&] { return narrow_report_markdown(c, policies, as_of); },
                            [&] { return narrow_report_html(c, policies, as_of); }},
                           inputs);
}

void print_notes(const std::vector<std::string>& notes) {
  // "FILE: job created T; it speaks for activity up to U (...)" (decide()),
  // one per report: the reports with the same dates share one line.
  const std::string marker = ": job created ";
  std::vector<std::pair<std::string, std::string>> lines;  // (what, files), in order of appearance
  for (const std::string& n : notes) {
    const std::size_t at = n.find(marker);
    const std::string what = at == std::string::npos ? n : n.substr(at + 2);
    const std::string file = at == std::string::npos ? "" : n.substr(0, at);
    auto it = std::find_if(lines.begin(), lines.end(), [&](const auto& l) { return l.first == what; });
    if (it == lines.end()) lines.push_back({what, file});
    else if (!file.empty() && (", " + it->second + ", ").find(", " + file + ", ") == std::string::npos)
      it->second += ", " + file;
  }
  for (const auto& [what, files] : lines)
    std::cerr << "iamtrim: note: " << (files.empty() ? "" : files + ": ") << what << "\n";
}

}  // namespace iamtrim::cli
