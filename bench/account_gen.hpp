// A generated AWS account for the account-mode benchmarks: a
// get-account-authorization-details document with N roles (inline policies
// with dynamodb:*, ec2:Describe*, S3 object and bucket actions, Lambda and
// Secrets Manager; shared customer-managed policies with wildcards and a
// Deny; a trust policy each) and one action-level last-accessed report per
// role with its sidecar. Deterministic: role i's content depends on i only.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

namespace iamtrim::bench::account {

using Json = nlohmann::ordered_json;

inline const std::string kAccount = "arn:aws:iam::123456789012:";

inline Json statement(const std::vector<std::string>& actions, const std::string& resource) {
  return {{"Effect", "Allow"}, {"Action", actions}, {"Resource", resource}};
}

inline Json document(std::vector<Json> statements) {
  return {{"Version", "2012-10-17"}, {"Statement", std::move(statements)}};
}

// Shared policy k: what a platform team attaches to many roles.
inline Json shared_policy(int k) {
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

// Role i with the first `inline_count` (1-3) of its inline policies (Data,
// Ops, Secrets) and `shared_count` (0-2) of the shared ones.
inline Json role(int i, int inline_count = 3, int shared_count = 2) {
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
  inline_policies.erase(inline_policies.begin() + std::clamp(inline_count, 1, 3), inline_policies.end());
  Json attached = Json::array();
  const int shared[] = {i % 10, (i + 3) % 10};
  for (int k : std::span(shared, static_cast<std::size_t>(std::clamp(shared_count, 0, 2))))
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
inline std::string evidence(int i) {
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


// The get-account-authorization-details document of `roles` roles and the
// ten shared policies, pretty-printed as the AWS CLI prints it.
inline std::string authorization_details(int roles, int inline_count = 3, int shared_count = 2) {
  Json details = {{"UserDetailList", Json::array()}, {"GroupDetailList", Json::array()}, {"RoleDetailList", Json::array()},
                  {"Policies", Json::array()}};
  for (int i = 0; i < roles; ++i) details["RoleDetailList"].push_back(role(i, inline_count, shared_count));
  for (int k = 0; k < 10; ++k)
    details["Policies"].push_back({{"PolicyName", "Shared-" + std::to_string(k)},
                                   {"Arn", kAccount + "policy/Shared-" + std::to_string(k)},
                                   {"CreateDate", "2020-01-01T00:00:00Z"},
                                   {"PolicyVersionList", Json::array({{{"Document", shared_policy(k)}, {"VersionId", "v1"}, {"IsDefaultVersion", true}}})}});
  return details.dump(4);
}

// The sidecar `iamtrim collect` writes beside role i's report.
inline std::string evidence_sidecar(int i) {
  return "{\"Arn\": \"" + kAccount + "role/app-" + std::to_string(i) + "\", \"Granularity\": \"ACTION_LEVEL\"}";
}

// Writes DIR/authorization-details.json and DIR/evidence/app-N.json with its
// sidecar app-N.request.json for each role; exits the program when it cannot.
inline void write_account(const std::filesystem::path& dir, int roles, int inline_count, int shared_count) {
  auto write = [](const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      std::fprintf(stderr, "bench: cannot write %s\n", path.string().c_str());
      std::exit(2);
    }
  };
  std::filesystem::create_directories(dir / "evidence");
  write(dir / "authorization-details.json", authorization_details(roles, inline_count, shared_count));
  for (int i = 0; i < roles; ++i) {
    const std::string name = "app-" + std::to_string(i);
    write(dir / "evidence" / (name + ".json"), evidence(i));
    write(dir / "evidence" / (name + ".request.json"), evidence_sidecar(i));
  }
}

}  // namespace iamtrim::bench::account
