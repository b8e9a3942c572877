// Account mode at scale: generates a get-account-authorization-details
// document with ROLES roles (three inline policies each, two of ten shared
// customer-managed policies, wildcards, a trust policy) and one
// action-level last-accessed report per role, then reads and narrows the
// whole account in one process through the library, as `iamtrim narrow
// --account` does. Prints wall time per stage and peak RSS. Not a test: the
// budget is 5,000 roles in under 2 s on one core (Release build).
//
//   narrow_account [ROLES] [REPEAT] [--details | --html]
//
// --details keeps every action's decision, as `--report` needs; without it
// the run is what the summary table and --out need. --html also renders the
// HTML report (`--report report.html`) and prints its time and size.
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bench_util.hpp"
#include "iamtrim/account.hpp"
#include "iamtrim/report_html.hpp"

namespace {

using Json = nlohmann::ordered_json;
const std::string kAccount = "arn:aws:iam::123456789012:";

Json statement(const std::vector<std::string>& actions, const std::string& resource) {
  return {{"Effect", "Allow"}, {"Action", actions}, {"Resource", resource}};
}

Json document(std::vector<Json> statements) {
  return {{"Version", "2012-10-17"}, {"Statement", std::move(statements)}};
}

// Shared policy k: what a platform team attaches to many roles.
Json shared_policy(int k) {
  static const std::vector<std::vector<std::string>> kSets = {
      {"ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
      {"xray:PutTraceSegments", "xray:PutTelemetryRecords"},
      {"cloudwatch:PutMetricData", "cloudwatch:GetMetricData"},
      {"ssm:GetParameter*", "ssm:DescribeParameters"},
      {"kms:Decrypt", "kms:GenerateDataKey*"},
      {"sns:Publish", "sns:Subscribe"},
      {"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"},
      {"events:PutEvents", "states:StartExecution"},
      {"athena:StartQueryExecution", "athena:GetQueryResults", "glue:GetTable"},
      {"kinesis:PutRecord*", "firehose:PutRecord*"},
  };
  return document({statement(kSets[k], "*"), {{"Effect", "Deny"}, {"Action", "iam:*"}, {"Resource", "*"}}});
}

Json role(int i) {
  const std::string name = "app-" + std::to_string(i);
  Json inline_policies = Json::array();
  inline_policies.push_back(
      {{"PolicyName", "Data"},
       {"PolicyDocument",
        document({statement({"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteBucket"}, "arn:aws:s3:::" + name + "/*"),
                  statement({"dynamodb:*"}, "arn:aws:dynamodb:us-east-1:123456789012:table/" + name)})}});
  inline_policies.push_back(
      {{"PolicyName", "Ops"},
       {"PolicyDocument", document({statement({"logs:CreateLogStream", "logs:PutLogEvents"}, "*"),
                                    statement({"ec2:Describe*"}, "*"), statement({"lambda:InvokeFunction"}, "*")})}});
  inline_policies.push_back({{"PolicyName", "Secrets"},
                             {"PolicyDocument", document({statement({"secretsmanager:GetSecretValue"}, "*")})}});
  Json attached = Json::array();
  for (int k : {i % 10, (i + 3) % 10})
    attached.push_back({{"PolicyName", "Shared-" + std::to_string(k)}, {"PolicyArn", kAccount + "policy/Shared-" + std::to_string(k)}});
  return {{"Path", "/"},
          {"RoleName", name},
          {"Arn", kAccount + "role/" + name},
          {"CreateDate", "2020-01-01T00:00:00Z"},
          {"AssumeRolePolicyDocument",
           document({{{"Effect", "Allow"}, {"Principal", {{"Service", "ecs-tasks.amazonaws.com"}}}, {"Action", "sts:AssumeRole"}}})},
          {"RolePolicyList", std::move(inline_policies)},
          {"AttachedManagedPolicies", std::move(attached)}};
}

// Role i's report: which services it used varies with i, so some policies
// narrow, some do not, and shared policies see mixed evidence.
std::string evidence(int i) {
  const std::string arn = kAccount + "role/app-" + std::to_string(i);
  auto service = [&](const std::string& ns, bool used, std::vector<std::pair<std::string, bool>> tracked) {
    Json s = {{"ServiceName", ns}, {"ServiceNamespace", ns}, {"TotalAuthenticatedEntities", used ? 1 : 0}};
    if (used) s["LastAuthenticated"] = "2024-06-2" + std::to_string(i % 9) + "T10:00:00Z";
    Json list = Json::array();
    for (const auto& [action, a_used] : tracked) {
      Json a = {{"ActionName", action}};
      if (a_used) a["LastAccessedTime"] = "2024-06-20T10:00:00Z";
      list.push_back(a);
    }
    s["TrackedActionsLastAccessed"] = list;
    return s;
  };
  Json services = Json::array({
      service("s3", true, {{"ListBucket", true}, {"DeleteBucket", false}}),
      service("dynamodb", i % 3 != 0, {{"DescribeTable", i % 3 == 1}, {"CreateTable", false}, {"DeleteTable", false}}),
      service("logs", true, {{"CreateLogStream", true}}),
      service("ec2", i % 5 == 0, {{"DescribeInstances", i % 5 == 0}, {"DescribeVpcs", false}}),
      service("lambda", i % 2 == 0, {{"InvokeFunction", i % 2 == 0}}),
      service("secretsmanager", i % 7 != 0, {{"GetSecretValue", i % 7 != 0}}),
  });
  for (const char* ns : {"ecr", "xray", "cloudwatch", "ssm", "kms", "sns", "sqs", "events", "states", "athena", "glue",
                         "kinesis", "firehose"})
    services.push_back(service(ns, (i + ns[0]) % 4 == 0, {}));
  Json doc = {{"JobStatus", "COMPLETED"}, {"JobType", "ACTION_LEVEL"}, {"JobCreationDate", "2024-06-30T06:00:00Z"},
              {"JobCompletionDate", "2024-06-30T06:00:03Z"}, {"ServicesLastAccessed", services}, {"IsTruncated", false}};
  return doc.dump(4);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace iamtrim;
  const int roles = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5000;
  const int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  const bool html = argc > 3 && std::string(argv[3]) == "--html";
  const bool keep_details = html || (argc > 3 && std::string(argv[3]) == "--details");
  // The generator's JSON tree is freed before anything is measured.
  std::string details_text;
  {
    Json details = {{"UserDetailList", Json::array()}, {"GroupDetailList", Json::array()}, {"RoleDetailList", Json::array()},
                    {"Policies", Json::array()}};
    for (int i = 0; i < roles; ++i) details["RoleDetailList"].push_back(role(i));
    for (int k = 0; k < 10; ++k)
      details["Policies"].push_back({{"PolicyName", "Shared-" + std::to_string(k)},
                                     {"Arn", kAccount + "policy/Shared-" + std::to_string(k)},
                                     {"CreateDate", "2020-01-01T00:00:00Z"},
                                     {"PolicyVersionList", Json::array({{{"Document", shared_policy(k)}, {"VersionId", "v1"}, {"IsDefaultVersion", true}}})}});
    details_text = details.dump(4);
  }
  std::vector<std::pair<SourceFile, SourceFile>> evidence_files;
  for (int i = 0; i < roles; ++i)
    evidence_files.emplace_back(
        SourceFile::from_string("evidence/app-" + std::to_string(i) + ".json", evidence(i)),
        SourceFile::from_string("evidence/app-" + std::to_string(i) + ".request.json",
                                "{\"Arn\": \"" + kAccount + "role/app-" + std::to_string(i) + "\", \"Granularity\": \"ACTION_LEVEL\"}"));
  std::size_t evidence_bytes = 0;
  for (const auto& [f, s] : evidence_files) evidence_bytes += f.text().size();

  const Catalog& catalog = Catalog::embedded();
  const TrackingRules& rules = TrackingRules::embedded();
  double best_read = 1e18, best_evidence = 1e18, best_narrow = 1e18, best_html = 1e18, best_total = 1e18;
  std::size_t html_bytes = 0;
  AccountNarrowResult result;
  for (int round = 0; round < repeat; ++round) {
    const double t0 = bench::now_ms();
    AccountResult account = read_account(std::make_shared<const SourceFile>(SourceFile::from_string("details.json", details_text)));
    if (!account.ok()) {
      std::cerr << format_error(account.errors.front()) << "\n";
      return 2;
    }
    const double t1 = bench::now_ms();
    std::vector<Report> reports;
    for (const auto& [file, sidecar] : evidence_files) {
      EvidenceResult ev = read_evidence(file, &sidecar, {});
      if (!ev.ok()) {
        std::cerr << format_error(ev.errors.front()) << "\n";
        return 2;
      }
      for (Report& r : ev.reports) reports.push_back(std::move(r));
    }
    // As read_evidence_files() does: join the pages of each job.
    EvidenceResult merged = merge_pages(std::move(reports));
    if (!merged.ok()) {
      std::cerr << format_error(merged.errors.front()) << "\n";
      return 2;
    }
    reports = std::move(merged.reports);
    const double t2 = bench::now_ms();
    AccountOptions options;
    options.keep_details = keep_details;
    result = narrow_account(catalog, *account.account, std::move(reports), rules, options);
    const std::string table = account_summary_table(result);
    const double t3 = bench::now_ms();
    if (!result.ok() || !result.verified()) {
      std::cerr << "narrow_account: errors or failed verification\n";
      return 2;
    }
    if (html) {
      html_bytes = account_report_html(catalog, result, {.title = "", .nonce = "bench"}).size();
      best_html = std::min(best_html, bench::now_ms() - t3);
    }
    best_read = std::min(best_read, t1 - t0);
    best_evidence = std::min(best_evidence, t2 - t1);
    best_narrow = std::min(best_narrow, t3 - t2);
    best_total = std::min(best_total, bench::now_ms() - t0);
  }
  std::size_t narrowed = 0, removed = 0;
  for (const AccountPolicyResult& p : result.policies) {
    narrowed += p.rewrite_due();
    removed += p.removed;
  }
  std::cout << "roles " << roles << ", policies judged " << result.policies.size() << " (" << narrowed
            << " to rewrite, " << removed << " actions removed)\n"
            << "authorization details " << details_text.size() / 1024 << " KiB, evidence " << evidence_bytes / 1024
            << " KiB in " << evidence_files.size() << " reports\n"
            << "read authorization details " << best_read << " ms\nread evidence " << best_evidence
            << " ms\nnarrow account + summary " << best_narrow << " ms\n";
  if (html) std::cout << "HTML report " << best_html << " ms, " << html_bytes / 1024 << " KiB\n";
  std::cout << "total " << best_total << " ms (best of "
            << repeat << (keep_details ? ", every decision kept" : ", decisions dropped after counting")
            << ")\npeak RSS " << bench::peak_rss_kib() / 1024 << " MiB\n";
  return 0;
}
