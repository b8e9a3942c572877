// Recognises which AWS output an evidence file is, reads it with the reader
// for that shape, and settles the report's subject (option, the report
// itself, or the FILE.request.json sidecar).
#include <algorithm>
#include <filesystem>

#include "evidence/coverage.hpp"
#include "evidence/readers.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/parallel.hpp"
#include "iamtrim/system.hpp"

namespace iamtrim {
namespace {

using evidence::Fields;

// Netflix aardvark caches Access Advisor data keyed by ARN with camelCase
// entries; it is not an AWS output and carries no job, so it is refused.
bool looks_like_aardvark(const Value& root) {
  for (const Member& m : root.members)
    if (m.key.rfind("arn:", 0) == 0 && m.value.is_array() && !m.value.items.empty() &&
        m.value.items[0].find("serviceNamespace") && m.value.items[0].find("lastAuthenticated"))
      return true;
  return false;
}

// What recognise_not_evidence found, as a parenthesised hint; else "".
std::string what_else(const Value& root) {
  switch (recognise_not_evidence(root)) {
    case NotEvidence::PolicyDocument: return " (this is an IAM policy document, not evidence)";
    case NotEvidence::NarrowingReport:
      return " (this is an iamtrim narrowing report, not evidence; a run leaves out only its own --out folder and "
             "--report file)";
    case NotEvidence::AuthorizationDetails:
      return " (this is get-account-authorization-details output: pass it with --account, not --evidence)";
    case NotEvidence::Unrecognised: break;
  }
  return "";
}

void dispatch(const Value& root, Fields& f, Report& r) {
  const std::string unknown =
      "unknown evidence format: expected the JSON output of aws iam get-service-last-accessed-details, "
      "get-service-last-accessed-details-with-entities, get-organizations-access-report or "
      "aws accessanalyzer get-finding-v2";
  if (!root.is_object()) {
    f.error(&root, "", unknown + " (the file is " + std::string(to_string(root.kind)) + ", not an object)");
    return;
  }
  if (root.find("findingDetails")) return read_unused_access_finding(root, f, r);
  if (root.find("findings")) {
    f.error(root.find("findings"), "/findings",
            "list-findings-v2 output names findings but not their unused actions: run "
            "aws accessanalyzer get-finding-v2 --id ID for each finding and pass those outputs");
    return;
  }
  if (looks_like_aardvark(root)) {
    f.error(&root, "", unknown + " (this looks like aardvark's cached Access Advisor data, not an AWS CLI output)");
    return;
  }
  const bool iam_job = root.find("JobStatus") || root.find("ServicesLastAccessed") ||
                       root.find("EntityDetailsList") || root.find("AccessDetails");
  if (!iam_job) {
    if (root.find("JobId"))
      f.error(root.find("JobId"), "/JobId",
              "this is the output of a generate-* command (a JobId only): pass the output of the matching get-* "
              "command for that job");
    else
      f.error(&root, "", unknown + what_else(root));
    return;
  }
  if (!evidence::check_job_status(root, f)) return;
  if (root.find("EntityDetailsList")) return evidence::read_with_entities(root, f, r);
  if (root.find("AccessDetails")) return evidence::read_organizations_access(root, f, r);
  evidence::read_service_last_accessed(root, f, r);
}

// The sidecar is the request that started the job, as for --cli-input-json.
void apply_sidecar(const SourceFile& file, Report& r, std::vector<EvidenceError>& errors) {
  Fields f(file, errors);
  JsonResult json = parse_json(file);
  for (const Diagnostic& d : json.diagnostics) errors.push_back({file.path(), d.span, d.pointer, d.message});
  if (!json.ok()) return;
  const Value& root = json.value;
  if (!f.is_object(root, "")) return;
  static const char* kKnown[] = {"Arn",    "EntityPath", "Granularity", "ServiceNamespace", "JobId",
                                 "Marker", "MaxItems",   "SortKey",     "OrganizationsPolicyId"};
  for (const Member& m : root.members)
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return m.key == k; }))
      f.error(&m.value, pointer_append("", m.key), "unknown request key '" + m.key + "'");
  const std::string origin = "sidecar " + file.path();
  auto arn = f.text(root, "", "Arn", false);
  auto path = f.text(root, "", "EntityPath", false);
  if (arn && path) f.error(&root, "", "give Arn or EntityPath, not both");
  std::string subject = arn ? *arn : path.value_or("");
  if (!subject.empty()) {
    if (r.subject.empty()) {
      r.subject = subject;
      r.subject_origin = origin;
    } else if (r.subject != subject) {
      f.error(&root, "", "the sidecar names '" + subject + "' but the report is about '" + r.subject + "'");
    }
  }
  if (auto ns = f.text(root, "", "ServiceNamespace", false)) r.service_namespace = to_lower(*ns);
  if (auto id = f.text(root, "", "JobId", false)) r.job_id = *id;
  if (auto g = f.text(root, "", "Granularity", false)) {
    const bool action = *g == "ACTION_LEVEL";
    if (!action && *g != "SERVICE_LEVEL")
      f.error(root.find("Granularity"), "/Granularity", "unknown Granularity '" + *g + "'");
    else if (r.kind == ReportKind::ServiceLastAccessed && action != (r.granularity == Granularity::ActionLevel))
      f.error(root.find("Granularity"), "/Granularity",
              "the sidecar asks for " + *g + " but the report is " + std::string(to_string(r.granularity)));
  }
}

// An evidence file as named: a regular file or a stream (bash's <(...)),
// never more than the command line's input cap.
FileRead slurp(const std::string& path) { return read_input_file(path, kMaxInputFile); }

}  // namespace

std::string_view to_string(ReportKind kind) {
  switch (kind) {
    case ReportKind::ServiceLastAccessed: return "service-last-accessed";
    case ReportKind::WithEntities: return "service-last-accessed-with-entities";
    case ReportKind::OrganizationsAccess: return "organizations-access";
    case ReportKind::UnusedAccessFindings: return "unused-access-finding";
  }
  return "service-last-accessed";
}

std::string_view to_string(Granularity g) { return g == Granularity::ActionLevel ? "ACTION_LEVEL" : "SERVICE_LEVEL"; }

const ServiceAccess* Report::find_service(std::string_view ns) const {
  for (const ServiceAccess& s : services)
    if (iequals(s.service_namespace, ns)) return &s;
  return nullptr;
}

std::string format_error(const EvidenceError& e) {
  std::string out = e.file;
  if (e.span.known()) out += ":" + std::to_string(e.span.begin.line) + ":" + std::to_string(e.span.begin.column);
  out += ": " + e.message;
  if (!e.pointer.empty() && !e.span.known()) out += " (at " + e.pointer + ")";
  return out;
}

EvidenceResult read_evidence(const SourceFile& file, const SourceFile* sidecar, const ReadOptions& options) {
  EvidenceResult out;
  JsonResult json = parse_json(file);
  for (const Diagnostic& d : json.diagnostics) out.errors.push_back({file.path(), d.span, d.pointer, d.message});
  if (!json.ok()) return out;
  Report r;
  r.files = {file.path()};
  Fields f(file, out.errors);
  dispatch(json.value, f, r);
  // A job that completed before it was created is not an AWS output anyone
  // can trust; the clock check needs the current time and is decide()'s.
  if (out.errors.empty())
    for (EvidenceError& e : evidence::date_errors(r, std::nullopt)) out.errors.push_back(std::move(e));
  // Readers check the job before its contents; a person wants file order.
  std::stable_sort(out.errors.begin(), out.errors.end(), [](const EvidenceError& a, const EvidenceError& b) {
    return a.span.begin.offset < b.span.begin.offset;
  });
  if (!out.errors.empty()) return out;
  if (sidecar) apply_sidecar(*sidecar, r, out.errors);
  if (!options.subject.empty()) {
    if (r.subject_origin == "report" && r.subject != options.subject)
      out.errors.push_back({file.path(), {}, "",
                            "--principal '" + options.subject + "' does not match the report's subject '" + r.subject + "'"});
    r.subject = options.subject;
    r.subject_origin = "option";
  }
  std::stable_sort(r.services.begin(), r.services.end(),
                   [](const ServiceAccess& a, const ServiceAccess& b) { return a.service_namespace < b.service_namespace; });
  for (std::size_t i = 1; i < r.services.size(); ++i)
    if (r.services[i].service_namespace == r.services[i - 1].service_namespace)
      out.errors.push_back({file.path(), {}, r.services[i].pointer,
                            "service '" + r.services[i].service_namespace + "' is listed twice"});
  if (out.errors.empty()) out.reports.push_back(std::move(r));
  return out;
}

std::string evidence_sidecar_path(const std::string& path) {
  std::string base = path;
  if (base.size() > 5 && base.compare(base.size() - 5, 5, ".json") == 0) base.resize(base.size() - 5);
  return base + ".request.json";
}

namespace {

// One evidence file and its sidecar, read and parsed; errors in the order a
// serial reading gives them (the sidecar's own read failure first).
EvidenceResult read_page(const std::string& path, const ReadOptions& options) {
  EvidenceResult out;
  FileRead text = slurp(path);
  if (!text.text) {
    out.errors.push_back({path, {}, "", "cannot read the file (" + text.error + ")"});
    return out;
  }
  SourceFile file = SourceFile::from_string(path, std::move(*text.text));
  const std::string sidecar_path = evidence_sidecar_path(path);
  std::optional<SourceFile> sidecar;
  // A sidecar is a regular file or absent (read as such: one stat, no second one to tell a stream).
  if (std::error_code ec; std::filesystem::is_regular_file(sidecar_path, ec)) {
    FileRead side = read_regular_file(sidecar_path, kMaxInputFile);
    if (side.text) sidecar = SourceFile::from_string(sidecar_path, std::move(*side.text));
    else out.errors.push_back({sidecar_path, {}, "", "cannot read the file (" + side.error + ")"});
  }
  EvidenceResult one = read_evidence(file, sidecar ? &*sidecar : nullptr, options);
  out.errors.insert(out.errors.end(), one.errors.begin(), one.errors.end());
  out.reports = std::move(one.reports);
  return out;
}

}  // namespace

EvidenceResult read_evidence_pages(const std::vector<std::string>& paths, const ReadOptions& options) {
  // Files are independent: read and parsed on every core, gathered in the
  // order given, so the result does not depend on the number of threads.
  EvidenceResult all;
  for_each_ordered(
      paths.size(), available_cores(), [&](std::size_t i) { return read_page(paths[i], options); },
      [&](std::size_t, EvidenceResult one) {
        all.errors.insert(all.errors.end(), std::make_move_iterator(one.errors.begin()),
                          std::make_move_iterator(one.errors.end()));
        for (Report& r : one.reports) all.reports.push_back(std::move(r));
      });
  return all;
}

EvidenceResult read_evidence_files(const std::vector<std::string>& paths, const ReadOptions& options) {
  EvidenceResult all = read_evidence_pages(paths, options);
  EvidenceResult merged = merge_pages(std::move(all.reports));
  all.errors.insert(all.errors.end(), merged.errors.begin(), merged.errors.end());
  all.reports = std::move(merged.reports);
  return all;
}

NotEvidence recognise_not_evidence(const Value& root) {
  if (!root.is_object()) return NotEvidence::Unrecognised;
  if (root.find("Statement")) return NotEvidence::PolicyDocument;
  if (root.find("catalog") && root.find("as_of") && (root.find("policies") || root.find("totals")))
    return NotEvidence::NarrowingReport;
  if (root.find("RoleDetailList") || root.find("UserDetailList") || root.find("GroupDetailList"))
    return NotEvidence::AuthorizationDetails;
  return NotEvidence::Unrecognised;
}

}  // namespace iamtrim
