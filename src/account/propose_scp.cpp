// Organizations: the SCP that denies what an OU or account has provably not
// used. Only service-level data exists at this level, so the proposal denies
// whole services (`svc:*`) and nothing finer; a service that was used, or
// whose non-use the tracking period cannot prove, is left alone.
#include <nlohmann/json.hpp>

#include "iamtrim/account.hpp"
#include "iamtrim/json.hpp"

namespace iamtrim {
namespace {

using Json = nlohmann::ordered_json;

// The SCP as iamtrim prints it, parsed back so that check_size() measures
// exactly the text the user will paste.
std::optional<Policy> scp_policy(const std::vector<std::string>& services, int window_days) {
  Json actions = Json::array();
  for (const std::string& s : services) actions.push_back(s + ":*");
  Json doc = {{"Version", "2012-10-17"},
              {"Statement", Json::array({{{"Sid", "DenyServicesUnused" + std::to_string(window_days) + "Days"},
                                          {"Effect", "Deny"},
                                          {"Action", actions},
                                          {"Resource", "*"}}})}};
  SourceFile file = SourceFile::from_string("scp", doc.dump());
  JsonResult json = parse_json(file);
  if (!json.ok()) return std::nullopt;
  PolicyResult p = parse_policy(json.value);
  if (!p.usable) return std::nullopt;
  return p.policy;
}

}  // namespace

ScpProposal propose_scp(const Catalog& catalog, const Report& report, const TrackingRules& rules,
                        const DecisionInput& input) {
  ScpProposal out;
  out.subject = report.subject;
  OrgDecideResult decided = decide_services(report, rules, input);
  out.errors = decided.errors;
  out.warnings = decided.warnings;
  if (!decided.ok()) return out;
  out.as_of = format_date(day_of(decided.as_of));
  for (ServiceDecision& s : decided.services)
    (s.decision.reason == DecisionReason::ServiceNotAccessed ? out.denied : out.kept).push_back(std::move(s));
  if (out.denied.empty()) return out;
  // Greedy packing in namespace order: each SCP takes services until the
  // next one would push it over the quota.
  std::vector<std::vector<std::string>> groups(1);
  for (const ServiceDecision& s : out.denied) {
    groups.back().push_back(s.service_namespace);
    std::optional<Policy> p = scp_policy(groups.back(), input.window_days);
    if (!p) continue;
    SizeReport size = check_size(catalog, *p, PolicyKind::Scp, Attachment::Unknown);
    if (!size.fits && groups.back().size() > 1) {
      groups.back().pop_back();
      groups.push_back({s.service_namespace});
    }
  }
  for (const auto& g : groups) {
    std::optional<Policy> p = scp_policy(g, input.window_days);
    if (!p) {
      out.errors.push_back({report.files.empty() ? std::string() : report.files.front(), {}, "",
                            "internal error: the proposed SCP does not parse"});
      return out;
    }
    SizeReport size = check_size(catalog, *p, PolicyKind::Scp, Attachment::Unknown);
    out.quota = size.quota.value_or(0);
    out.scps.push_back(write_policy(*p, {.pretty = true, .indent = 4}));
    out.sizes.push_back(size.size);
  }
  return out;
}

}  // namespace iamtrim
