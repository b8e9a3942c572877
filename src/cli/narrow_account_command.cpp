// Wiring for the account-wide modes of `iamtrim narrow`: read the inputs,
// call the library (iamtrim/account.hpp), print and write what it returns.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/context.hpp"
#include "cli/narrow_inputs.hpp"
#include "cli/narrow_account.hpp"
#include "iamtrim/account.hpp"

namespace fs = std::filesystem;

namespace iamtrim::cli {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Every evidence file named or found under a named directory (sidecars are
// read with their report, so they are not reports themselves).
bool evidence_paths(const std::vector<std::string>& args, std::vector<std::string>& paths) {
  for (const std::string& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(a, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file() && ends_with(it->path().string(), ".json") &&
            !ends_with(it->path().string(), ".request.json"))
          found.push_back(it->path().string());
      if (ec) {
        std::cerr << "iamtrim: --evidence " << a << ": " << ec.message() << "\n";
        return false;
      }
      if (found.empty()) std::cerr << "iamtrim: warning: --evidence " << a << ": no .json files in the directory\n";
      std::sort(found.begin(), found.end());
      paths.insert(paths.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(a, ec)) {
      paths.push_back(a);
    } else {
      std::cerr << "iamtrim: --evidence " << a << ": no such file or directory\n";
      return false;
    }
  }
  return true;
}

bool write_text(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out || ec) std::cerr << "iamtrim: cannot write " << path.string() << "\n";
  return out && !ec;
}

bool is_markdown(const std::string& path) { return ends_with(path, ".md"); }

}  // namespace

int run_narrow_account(const Catalog& c, const AccountArgs& a) {
  if (a.evidence.empty()) {
    std::cerr << "iamtrim: --account needs --evidence DIR (the last-accessed reports of the account's principals)\n";
    return kExitUsage;
  }
  auto text = read_input(a.account);
  if (!text) return kExitUsage;
  AccountResult account = read_account(std::make_shared<const SourceFile>(SourceFile::from_string(a.account, *text)));
  for (const EvidenceError& e : account.errors) std::cerr << format_error(e) << "\n";
  if (!account.ok()) return kExitUsage;
  std::vector<std::string> paths;
  if (!evidence_paths(a.evidence, paths)) return kExitUsage;
  auto ev = read_evidence_or_report(paths, {});
  if (!ev) return kExitUsage;

  auto settings = narrow_settings(a.config);
  if (!settings) return kExitUsage;
  AccountOptions options;
  options.input = settings->input;
  options.compress = a.compress;
  options.keep_details = !a.report.empty();
  AccountNarrowResult r = narrow_account(c, *account.account, std::move(ev->reports), settings->rules, options);
  for (const EvidenceError& e : r.errors) std::cerr << format_error(e) << "\n";
  if (!r.ok()) return kExitUsage;
  if (!r.verified()) {
    // A rewrite broke its own contract: say which, write nothing.
    std::cerr << "iamtrim: internal error: a rewrite failed verification; nothing was written\n";
    for (const AccountPolicyResult& p : r.policies)
      if (p.outcome == AccountOutcome::Failed)
        for (const std::string& v : p.narrowed->result.verification.violations)
          std::cerr << "  " << p.owner << " / " << p.name << ": " << v << "\n";
    return kExitUsage;
  }
  for (const UnmatchedEvidence& u : r.unmatched)
    std::cerr << "iamtrim: warning: " << u.file << " (" << (u.subject.empty() ? "no subject" : u.subject)
              << "): " << u.reason << "; not used\n";
  for (const std::string& p : r.without_evidence)
    std::cerr << "iamtrim: warning: no evidence for " << p << ": the policies it uses are kept\n";
  for (const AccountPolicyResult& p : r.policies) {
    if (p.outcome == AccountOutcome::AwsManaged)
      std::cerr << "iamtrim: note: " << p.arn << " is AWS-managed and cannot be edited; to narrow it, replace it "
                << "with a customer-managed copy\n";
    else if (p.narrowed && p.narrowed->result.changed && !p.narrowed->result.size.fits)
      std::cerr << "iamtrim: " << p.owner << " / " << p.name << ": " << p.narrowed->result.size.message << "\n";
  }
  if (!a.report.empty() &&
      !write_text(a.report, is_markdown(a.report) ? account_report_markdown(c, r) : account_report_json(c, r)))
    return kExitUsage;
  if (a.check) {
    for (const AccountPolicyResult& p : r.policies)
      if (p.rewrite_due())
        std::cerr << "iamtrim: " << p.owner << " / " << p.name << ": rewrite due: " << p.removed
                  << " actions removable\n";
    return r.rewrite_due() ? kExitFindings : kExitClean;
  }
  std::cout << account_summary_table(r);
  if (!a.out.empty())
    for (const AccountPolicyResult& p : r.policies)
      if (p.rewrite_due() &&
          !write_text(fs::path(a.out) / p.out_path, write_policy(p.narrowed->result.policy, {.pretty = true, .indent = 4})))
        return kExitUsage;
  return kExitClean;
}

int run_narrow_organizations(const Catalog& c, const AccountArgs& a) {
  auto ev = read_evidence_or_report({a.organizations}, {});
  if (!ev) return kExitUsage;
  if (ev->reports.size() != 1 || ev->reports.front().kind != ReportKind::OrganizationsAccess) {
    std::cerr << "iamtrim: " << a.organizations << ": expected one aws iam get-organizations-access-report output\n";
    return kExitUsage;
  }
  auto settings = narrow_settings(a.config);
  if (!settings) return kExitUsage;
  ScpProposal p = propose_scp(c, ev->reports.front(), settings->rules, settings->input);
  for (const EvidenceError& e : p.errors) std::cerr << format_error(e) << "\n";
  for (const std::string& w : p.warnings) std::cerr << "iamtrim: warning: " << w << "\n";
  if (!p.ok()) return kExitUsage;
  if (!a.report.empty() && !write_text(a.report, is_markdown(a.report) ? scp_report_markdown(p) : scp_report_json(p))) return kExitUsage;

  std::cerr << "iamtrim: SCP proposal for " << (p.subject.empty() ? "the report's OU or account" : p.subject)
            << " as of " << p.as_of << ": deny " << p.denied.size() << " services, keep " << p.kept.size()
            << "; a proposal for review, iamtrim applies nothing\n";
  for (const ServiceDecision& s : p.kept)
    if (s.decision.reason != DecisionReason::Used)
      std::cerr << "iamtrim: kept " << s.service_namespace << ": " << to_string(s.decision.reason) << ": "
                << s.decision.detail << "\n";
  if (p.scps.size() > 1)
    std::cerr << "iamtrim: the Deny list exceeds the " << p.quota << "-character SCP quota: split into "
              << p.scps.size() << " SCPs (printed as a JSON array); attach all of them\n";
  if (a.check) return p.denied.empty() ? kExitClean : kExitFindings;
  if (p.scps.size() == 1) std::cout << p.scps.front();
  else if (p.scps.size() > 1) {
    std::cout << "[\n";
    for (std::size_t i = 0; i < p.scps.size(); ++i)  // each ends in a line break
      std::cout << p.scps[i].substr(0, p.scps[i].size() - 1) << (i + 1 < p.scps.size() ? ",\n" : "\n");
    std::cout << "]\n";
  }
  if (!a.out.empty())
    for (std::size_t i = 0; i < p.scps.size(); ++i)
      if (!write_text(fs::path(a.out) / (p.scps.size() == 1 ? "scp.json" : "scp-" + std::to_string(i + 1) + ".json"),
                      p.scps[i]))
        return kExitUsage;
  return kExitClean;
}

}  // namespace iamtrim::cli
