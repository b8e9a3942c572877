// The SCP proposal: exactly the services proven unused, as svc:*, within the
// SCP quota (split when needed).
#include <gtest/gtest.h>

#include <set>

#include "helpers.hpp"
#include "iamtrim/json.hpp"

namespace iamtrim::test {
namespace {

Report org_report(const std::vector<std::pair<std::string, std::optional<TimeMs>>>& services) {
  Report r;
  r.kind = ReportKind::OrganizationsAccess;
  r.files = {"ou.json"};
  r.subject = "o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111";
  r.job_created = at(2024, 6, 30);
  for (const auto& [ns, last] : services) r.services.push_back({ns, ns, last, "us-east-1", r.subject});
  return r;
}

std::vector<std::string> names(const std::vector<ServiceDecision>& list) {
  std::vector<std::string> out;
  for (const ServiceDecision& s : list) out.push_back(s.service_namespace + " " + std::string(to_string(s.decision.reason)));
  return out;
}

// The Deny actions of a proposed SCP, which must parse as a policy.
std::vector<std::string> denied_actions(const std::string& scp) {
  SourceFile file = SourceFile::from_string("scp.json", scp);
  JsonResult json = parse_json(file);
  EXPECT_TRUE(json.ok() && json.diagnostics.empty()) << scp;
  PolicyResult p = parse_policy(json.value);
  EXPECT_TRUE(p.usable);
  std::vector<std::string> out;
  for (const Statement& s : p.policy.statements) {
    EXPECT_EQ(s.effect, Effect::Deny);
    for (const Item& i : s.action->items) out.push_back(i.text);
  }
  return out;
}

TEST(ProposeScp, DeniesExactlyTheServicesProvenUnused) {
  DecisionInput in;
  in.window_days = 180;
  Report r = org_report({{"ec2", at(2024, 6, 1)}, {"redshift", at(2023, 9, 1)}, {"s3", at(2024, 1, 10)},
                         {"sagemaker", std::nullopt}});
  ScpProposal p = propose_scp(Catalog::embedded(), r, TrackingRules::embedded(), in);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(names(p.denied), (std::vector<std::string>{"redshift service-not-accessed", "sagemaker service-not-accessed"}));
  EXPECT_EQ(names(p.kept), (std::vector<std::string>{"ec2 used", "s3 used"}));
  ASSERT_EQ(p.scps.size(), 1u);
  EXPECT_EQ(denied_actions(p.scps[0]), (std::vector<std::string>{"redshift:*", "sagemaker:*"}));
  EXPECT_EQ(p.quota, 5120u);
  EXPECT_EQ(p.sizes[0], p.scps[0].size());  // ASCII: characters are bytes, whitespace counts
}

TEST(ProposeScp, AWindowLongerThanTrackingDeniesNothing) {
  DecisionInput in;
  in.window_days = 500;  // service-level data reaches back 365 or 400 days
  ScpProposal p = propose_scp(Catalog::embedded(), org_report({{"sagemaker", std::nullopt}}), TrackingRules::embedded(), in);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p.scps.empty());
  EXPECT_EQ(names(p.kept), (std::vector<std::string>{"sagemaker beyond-retention"}));
}

TEST(ProposeScp, SplitsAListTooLargeForOneScp) {
  std::vector<std::pair<std::string, std::optional<TimeMs>>> services;
  const Catalog& c = Catalog::embedded();
  for (const ServiceInfo& s : c.services()) services.push_back({std::string(s.prefix), std::nullopt});
  std::sort(services.begin(), services.end());
  services.erase(std::unique(services.begin(), services.end()), services.end());
  DecisionInput in;
  in.window_days = 180;
  ScpProposal p = propose_scp(c, org_report(services), TrackingRules::embedded(), in);
  ASSERT_TRUE(p.ok());
  ASSERT_GT(p.scps.size(), 1u);
  std::vector<std::string> all;
  for (std::size_t i = 0; i < p.scps.size(); ++i) {
    EXPECT_LE(p.sizes[i], 5120u);
    EXPECT_EQ(p.sizes[i], p.scps[i].size());
    for (const std::string& a : denied_actions(p.scps[i])) all.push_back(a);
  }
  // Every denied service exactly once, in order, across the SCPs.
  ASSERT_EQ(all.size(), p.denied.size());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], p.denied[i].service_namespace + ":*");
}

TEST(ProposeScp, RefusesAnotherKindOfReport) {
  Report r = service_report(arn_of("role", "a"), {}, {"sns"});
  ScpProposal p = propose_scp(Catalog::embedded(), r, TrackingRules::embedded(), {});
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(format_error(p.errors[0]), "role/a.json: not an organizations access report");
}

}  // namespace
}  // namespace iamtrim::test
