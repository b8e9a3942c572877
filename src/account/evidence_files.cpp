// Account mode: evidence saved the way users save it
// (`get-service-last-accessed-details ... > evidence/AppA.json`), bound to
// the account's principals by file name when no sidecar names the subject.
#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "evidence/coverage.hpp"
#include "iamtrim/account.hpp"
#include "iamtrim/actions.hpp"

namespace iamtrim {
namespace {

std::string stem_of(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) name.resize(name.size() - 5);
  return name;
}

// The ARN as a file name: every ':' and '/' replaced by '_'.
std::string arn_stem(std::string arn) {
  std::replace(arn.begin(), arn.end(), ':', '_');
  std::replace(arn.begin(), arn.end(), '/', '_');
  return arn;
}

struct Candidate {
  std::string arn, owner;
};

// File stems (lower case) -> whom they name: principals by name, principals
// and managed policies by ARN (a report bound to an AWS-managed policy is
// then listed as not usable, with that reason). Built once: an account may
// have thousands of evidence files and thousands of principals. Entries
// without an ARN are left out: a subject is an ARN.
std::unordered_map<std::string, std::vector<Candidate>> stems_of(const Account& a) {
  std::unordered_map<std::string, std::vector<Candidate>> out;
  for (const AccountPrincipal& p : a.principals) {
    if (p.arn.empty()) continue;
    const std::string name = to_lower(p.name), arn = to_lower(arn_stem(p.arn));
    out[name].push_back({p.arn, p.owner()});
    if (arn != name) out[arn].push_back({p.arn, p.owner()});
  }
  for (const ManagedPolicyInfo& m : a.managed)
    if (!m.arn.empty()) out[to_lower(arn_stem(m.arn))].push_back({m.arn, "policy/" + m.name});
  return out;
}

}  // namespace

EvidenceResult bind_account_evidence(const Account& account, std::vector<Report> pages) {
  EvidenceResult out;
  const auto stems = stems_of(account);
  for (Report& r : pages) {
    if (!r.subject.empty() || r.files.empty()) continue;
    const std::string& file = r.files.front();
    auto hit = stems.find(to_lower(stem_of(file)));
    if (hit == stems.end()) continue;
    const std::vector<Candidate>& found = hit->second;
    if (found.size() == 1) {
      r.subject = found.front().arn;
      r.subject_origin = "file name " + file;
    } else {
      std::vector<std::string> owners;
      for (const Candidate& c : found) owners.push_back(c.owner + " (" + c.arn + ")");
      out.errors.push_back({file, {}, "", "the file name '" + stem_of(file) + "' names several principals of the account: " +
                                              evidence::join(owners) + "; write " + evidence_sidecar_path(file) +
                                              " with the Arn of the one the report is about"});
    }
  }
  if (!out.errors.empty()) return out;
  EvidenceResult merged = merge_pages(std::move(pages));
  out.errors = std::move(merged.errors);
  for (const Report& r : merged.reports) {
    if (!r.subject.empty() || (r.kind != ReportKind::ServiceLastAccessed && r.kind != ReportKind::UnusedAccessFindings))
      continue;
    const std::string& file = r.files.front();
    std::vector<std::string> entities = report_entities(r);
    const std::string arn = entities.empty() ? "ARN the job was generated for" : entities.front();
    out.errors.push_back(
        {file, {}, "",
         "the report does not say whom it is about, and '" + stem_of(file) +
             "' is not the name of a role, user or group of the account: write " + evidence_sidecar_path(file) +
             " containing {\"Arn\": \"" + arn + "\"}" +
             (entities.empty() ? "" : " (the report's LastAuthenticatedEntity: check it, a group's or a managed policy's "
                                      "report names its members)") +
             ", or name the file after the principal"});
  }
  if (out.errors.empty()) out.reports = std::move(merged.reports);
  return out;
}

}  // namespace iamtrim
