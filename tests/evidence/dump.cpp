#include "dump.hpp"

#include <filesystem>

#include "support/files.hpp"

namespace iamtrim::test {
namespace {
std::string opt_time(const std::optional<TimeMs>& t) { return t ? format_timestamp(*t) : "-"; }
// Fixture paths differ between machines; dumps name files only.
std::string base(const std::string& path) { return std::filesystem::path(path).filename().string(); }
// Notes and joined file lists carry full paths; goldens must not.
std::string scrub(std::string text) {
  const std::string dir = testdata("evidence").string() + "/";
  for (std::size_t at; (at = text.find(dir)) != std::string::npos;) text.erase(at, dir.size());
  return text;
}
}  // namespace

std::string dump(const Report& r) {
  std::string out = "report " + std::string(to_string(r.kind)) + " " + std::string(to_string(r.granularity)) + "\n";
  for (const std::string& f : r.files) out += "  file " + base(f) + "\n";
  out += "  subject " + (r.subject.empty() ? "-" : r.subject) + " (" +
         (r.subject_origin.rfind("sidecar ", 0) == 0 ? "sidecar " + base(r.subject_origin.substr(8)) : r.subject_origin) +
         ")\n";
  if (!r.service_namespace.empty()) out += "  service " + r.service_namespace + "\n";
  if (!r.job_id.empty()) out += "  job " + r.job_id + "\n";
  out += "  created " + format_timestamp(r.job_created) + " completed " + opt_time(r.job_completed) + "\n";
  if (r.truncated) out += "  truncated, marker " + r.marker + "\n";
  for (const ServiceAccess& s : r.services) {
    out += "  service " + s.service_namespace + " \"" + s.service_name + "\" last " + opt_time(s.last_authenticated);
    if (!s.region.empty()) out += " in " + s.region;
    if (!s.entity.empty()) out += " by " + s.entity;
    if (s.total_entities) out += " entities " + std::to_string(*s.total_entities);
    if (s.whole_service_unused) out += " whole-service-unused";
    out += s.has_tracked_actions ? " tracked:\n" : "\n";
    for (const TrackedAction& a : s.tracked_actions) {
      out += "    " + a.action + " last " + opt_time(a.last_accessed);
      if (!a.region.empty()) out += " in " + a.region;
      if (!a.entity.empty()) out += " by " + a.entity;
      out += "\n";
    }
  }
  for (const EntityAccess& e : r.entities)
    out += "  entity " + e.arn + " " + e.type + " " + e.name + " " + e.id + " " + e.path + " last " +
           opt_time(e.last_authenticated) + "\n";
  return out;
}

std::string dump_errors(const std::vector<EvidenceError>& errors) {
  std::string out;
  for (const EvidenceError& e : errors) out += format_error(e) + "\n";
  return scrub(out);
}

std::string dump(const EvidenceResult& r) {
  std::string out;
  for (const Report& rep : r.reports) out += dump(rep);
  return scrub(out + dump_errors(r.errors));
}

std::string dump(const Catalog& catalog, const DecideResult& r) {
  std::string out = "as-of " + r.decisions.as_of + "\n";
  for (const auto& [id, d] : r.decisions.by_action) {
    out += catalog.full_name(id) + ": " + std::string(to_string(d.reason)) + "\n";
    const EvidenceRef& e = d.evidence;
    if (!e.file().empty())
      out += "  evidence " + e.file() + " subject " + e.subject() + " job " + e.job_date() + " window " +
             std::to_string(e.window_days) + "\n";
    if (e.last_accessed_at) out += "  last accessed " + e.last_accessed() + "\n";
    if (!e.rule().empty()) out += "  rule " + e.rule() + " (start " + e.tracking_start() + ")\n";
    out += "  " + d.detail + "\n";
  }
  for (const auto& [name, d] : r.decisions.unknown)
    out += name + ": " + std::string(to_string(d.reason)) + "\n  " + d.detail + "\n";
  for (const std::string& n : r.notes) out += "note: " + n + "\n";
  return scrub(out + dump_errors(r.errors));
}

}  // namespace iamtrim::test
