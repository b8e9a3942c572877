// The --report files of the SCP proposal: every service of the access
// report, denied or kept, with the decision that put it there.
#include <nlohmann/json.hpp>
#include <sstream>

#include "iamtrim/account.hpp"

namespace iamtrim {
namespace {

using Json = nlohmann::ordered_json;

Json service_json(const ServiceDecision& s) {
  const EvidenceRef& e = s.decision.evidence;
  return {{"service", s.service_namespace},
          {"name", s.service_name},
          {"reason", std::string(to_string(s.decision.reason))},
          {"last_accessed", e.last_accessed_at ? Json(e.last_accessed()) : Json()},
          {"window_days", e.window_days},
          {"tracking_start", e.tracking_start()},
          {"rule", e.rule()},
          {"detail", s.decision.detail}};
}

std::string cell(std::string s) {
  for (std::size_t i = 0; (i = s.find('|', i)) != std::string::npos; i += 2) s.replace(i, 1, "\\|");
  return s.empty() ? "-" : s;
}

void table(std::ostringstream& out, const std::vector<ServiceDecision>& list) {
  if (list.empty()) {
    out << "None.\n\n";
    return;
  }
  out << "| Service | Name | Reason | Last access | Window | Detail |\n|---|---|---|---|---|---|\n";
  for (const ServiceDecision& s : list)
    out << "| `" << s.service_namespace << "` | " << cell(s.service_name) << " | " << to_string(s.decision.reason)
        << " | " << cell(s.decision.evidence.last_accessed_at ? s.decision.evidence.last_accessed() : "never")
        << " | " << s.decision.evidence.window_days << " days | " << cell(s.decision.detail) << " |\n";
  out << "\n";
}

}  // namespace

std::string scp_report_json(const ScpProposal& p) {
  Json denied = Json::array(), kept = Json::array();
  for (const ServiceDecision& s : p.denied) denied.push_back(service_json(s));
  for (const ServiceDecision& s : p.kept) kept.push_back(service_json(s));
  Json j = {{"subject", p.subject},   {"as_of", p.as_of}, {"quota", p.quota}, {"sizes", p.sizes},
            {"scps", p.scps.size()},  {"denied", std::move(denied)},         {"kept", std::move(kept)},
            {"advice", "a proposal for review: iamtrim applies nothing"}};
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string scp_report_markdown(const ScpProposal& p) {
  std::ostringstream out;
  out << "# iamtrim SCP proposal\n\n"
      << "For " << (p.subject.empty() ? "the OU or account of the report" : "`" + p.subject + "`")
      << "; evidence as of " << p.as_of << ". A proposal for review: iamtrim applies nothing.\n\n";
  out << "- Denied services: " << p.denied.size() << "\n- Kept services: " << p.kept.size() << "\n";
  for (std::size_t i = 0; i < p.scps.size(); ++i)
    out << "- SCP " << i + 1 << " of " << p.scps.size() << ": " << p.sizes[i] << " of " << p.quota
        << " characters (SCP quota)\n";
  out << "\n## Denied (not used within the window, tracking covered it)\n\n";
  table(out, p.denied);
  out << "## Kept\n\n";
  table(out, p.kept);
  return out.str();
}

}  // namespace iamtrim
