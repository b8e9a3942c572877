// The account report of a result whose per-action outcomes were dropped as
// each policy was judged (AccountOptions::render_details, what --report
// JSON and Markdown do) against the result that keeps every outcome: the
// same report bytes, the same detail texts, and per policy the summary the
// outcomes themselves give.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "../../bench/account_gen.hpp"
#include "helpers.hpp"
#include "iamtrim/actions.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

using Json = nlohmann::ordered_json;

const std::string kShared = arn_of("policy", "Shared");
const std::string kOld = "2020-01-01T00:00:00Z";

struct Streamed {
  AccountNarrowResult result;
  std::map<std::string, std::string> details;  // out_path -> text
  std::vector<std::string> order;              // out_paths in the order handed over
};

Streamed narrow_streamed(const Account& a, const std::vector<Report>& reports) {
  Streamed s;
  AccountOptions options;
  options.render_details = [](const AccountPolicyResult& p, const std::string& as_of) {
    return account_policy_details_json(Catalog::embedded(), as_of, p);
  };
  options.take_details = [&s](const AccountPolicyResult& p, std::string text) {
    s.order.push_back(p.out_path);
    s.details[p.out_path] = std::move(text);
  };
  s.result = narrow_account(Catalog::embedded(), a, reports, TrackingRules::embedded(), options);
  return s;
}

// The per-policy summary as the outcomes give it, computed here: each
// distinct removed action under its first removal's reason, grouped by
// service and reason with sorted names; keeps of actions not removed, by
// reason.
Json removed_by_service_of(const AccountPolicyResult& p) {
  std::map<std::string, std::map<std::string, std::vector<std::string>>> removed;
  std::set<ActionId> seen;
  for (const ActionOutcome& o : p.narrowed->result.removed)
    if (seen.insert(o.action).second) {
      const std::string name = Catalog::embedded().full_name(o.action);
      removed[name.substr(0, name.find(':'))][std::string(to_string(o.decision.reason))].push_back(name);
    }
  Json out = Json::array();
  for (auto& [service, reasons] : removed) {
    Json rs = Json::array();
    std::size_t count = 0;
    for (auto& [reason, actions] : reasons) {
      std::sort(actions.begin(), actions.end());
      rs.push_back({{"reason", reason}, {"count", actions.size()}, {"actions", actions}});
      count += actions.size();
    }
    out.push_back({{"service", service}, {"count", count}, {"reasons", rs}});
  }
  return out;
}

Json kept_by_reason_of(const AccountPolicyResult& p) {
  std::set<ActionId> removed, seen;
  for (const ActionOutcome& o : p.narrowed->result.removed) removed.insert(o.action);
  std::map<std::string, std::size_t> kept;
  for (const ActionOutcome& o : p.narrowed->result.kept)
    if (!removed.count(o.action) && seen.insert(o.action).second) ++kept[std::string(to_string(o.decision.reason))];
  Json out = Json::object();
  for (const auto& [reason, n] : kept) out[reason] = n;
  return out;
}

void expect_same_reports(const Account& a, const std::vector<Report>& reports) {
  AccountNarrowResult full = narrow_account(Catalog::embedded(), a, reports, TrackingRules::embedded(), {});
  Streamed s = narrow_streamed(a, reports);
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(full.policies.size(), s.result.policies.size());
  const AccountReportOptions with_details{"out"};
  for (const AccountReportOptions& options : {AccountReportOptions{}, with_details}) {
    EXPECT_EQ(account_report_json(Catalog::embedded(), s.result, options),
              account_report_json(Catalog::embedded(), full, options));
    EXPECT_EQ(account_report_markdown(Catalog::embedded(), s.result, options),
              account_report_markdown(Catalog::embedded(), full, options));
  }
  const Json report = Json::parse(account_report_json(Catalog::embedded(), s.result, with_details));
  std::size_t judged = 0;
  for (std::size_t i = 0; i < full.policies.size(); ++i) {
    const AccountPolicyResult &f = full.policies[i], &p = s.result.policies[i];
    ASSERT_EQ(f.out_path, p.out_path);
    EXPECT_EQ(text_of(f), text_of(p)) << f.owner;
    if (!f.narrowed) continue;
    ++judged;
    EXPECT_EQ(s.details.at(p.out_path), account_policy_details_json(Catalog::embedded(), full, f)) << f.owner;
    EXPECT_TRUE(p.narrowed->result.removed.empty() && p.narrowed->result.kept.empty()) << p.owner;
    EXPECT_EQ(report["policies"][i]["removed_by_service"], removed_by_service_of(f)) << f.owner;
    EXPECT_EQ(report["policies"][i]["kept_by_reason"], kept_by_reason_of(f)) << f.owner;
  }
  EXPECT_EQ(s.details.size(), judged);
  EXPECT_EQ(s.order.size(), judged);
}

Json two_statements() {
  Json doc = allow({"sns:Publish", "s3:GetObject", "ec2:DescribeInstances"});
  Json second = doc["Statement"][0];
  second["Action"] = {"sns:Publish", "s3:Get*", "sqs:SendMessage"};
  second["Resource"] = "arn:aws:s3:::bucket/*";
  doc["Statement"].push_back(second);
  return doc;
}

TEST(AccountReportStream, EveryOutcomeOfAHandBuiltAccount) {
  Account a = Details()
                  .principal("user", "u", kOld, {{"Own", allow({"sns:Publish", "sqs:SendMessage", "iam:PassRole"})}}, {kShared})
                  .principal("role", "young", "2024-06-10T00:00:00Z", {{"Y", allow({"sns:Publish"})}})
                  .principal("role", "none", kOld, {{"N", allow({"sns:Publish"})}}, {kShared})
                  .principal("role", "used", kOld, {{"U", allow({"ec2:Describe*", "sns:Publish", "s3:Get*"})}}, {kShared})
                  .principal("role", "gone", kOld, {{"G", allow({"sqs:SendMessage"})}})
                  // An action granted by two statements is one action of the summary.
                  .principal("role", "twice", kOld, {{"T", two_statements()}})
                  .managed(kShared, allow({"sns:Publish", "ec2:DescribeInstances"}))
                  .read();
  expect_same_reports(a, {service_report(arn_of("user", "u"), {"sqs"}, {"sns", "iam"}),
                          service_report(arn_of("role", "young"), {}, {"sns"}),
                          service_report(arn_of("role", "used"), {"ec2"}, {"sns", "s3"}),
                          service_report(arn_of("role", "gone"), {}, {"sqs"}),
                          service_report(arn_of("role", "twice"), {"ec2"}, {"sns", "s3", "sqs"})});
}

TEST(AccountReportStream, AGeneratedAccount) {
  TempDir dir("account-stream");
  bench::account::write_account(dir.path(), 40, 2, 1);
  auto file = std::make_shared<const SourceFile>(
      SourceFile::from_string((dir / "authorization-details.json").string(), read_file(dir / "authorization-details.json")));
  AccountResult account = read_account(file);
  ASSERT_TRUE(account.ok());
  std::vector<std::string> paths;
  for (const auto& e : fs::directory_iterator(dir / "evidence"))
    if (!e.path().string().ends_with(".request.json")) paths.push_back(e.path().string());
  std::sort(paths.begin(), paths.end());
  ASSERT_EQ(paths.size(), 40u);
  EvidenceResult pages = read_evidence_pages(paths, {});
  ASSERT_TRUE(pages.ok());
  EvidenceResult ev = bind_account_evidence(*account.account, std::move(pages.reports));
  ASSERT_TRUE(ev.ok());
  expect_same_reports(*account.account, ev.reports);
}

}  // namespace
}  // namespace iamtrim::test
