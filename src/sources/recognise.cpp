#include "sources/recognise.hpp"

#include "iamtrim/catalog.hpp"

namespace iamtrim::sources {
namespace {

const Value* find_ci(const Value& object, std::string_view key) {
  for (const Member& m : object.members)
    if (iequals(m.key, key)) return &m.value;
  return nullptr;
}

bool policy_version(std::string_view v) { return v == "2012-10-17" || v == "2008-10-17"; }

}  // namespace

bool is_policy_document(const Value& root) {
  if (!root.is_object()) return false;
  if (find_ci(root, "Statement")) return true;
  const Value* version = find_ci(root, "Version");
  return version && version->kind == ValueKind::String && policy_version(version->text);
}

bool mentions_policy(std::string_view text) {
  // A policy, or the AWS CLI outputs that carry one.
  for (std::string_view marker : {"Statement", "2012-10-17", "2008-10-17", "PolicyDocument", "PolicyVersion", "DetailList"})
    if (text.find(marker) != std::string_view::npos) return true;
  return false;
}

bool mentions_cloudformation(std::string_view text) {
  return text.find("AWSTemplateFormatVersion") != std::string_view::npos ||
         text.find("AWS::") != std::string_view::npos;
}

std::optional<std::string> evidence_report(const Value& root) {
  if (!root.is_object()) return std::nullopt;
  auto has = [&](std::string_view key) { return root.find(key) != nullptr; };
  std::string_view what;
  if (has("EntityDetailsList")) what = "aws iam get-service-last-accessed-details-with-entities output";
  else if (has("ServicesLastAccessed") || (has("JobStatus") && has("JobType")))
    what = "aws iam get-service-last-accessed-details output";
  else if (has("AccessDetails") && has("JobStatus")) what = "aws iam get-organizations-access-report output";
  else if (has("findingDetails") || (has("findingType") && has("resource")))
    what = "aws accessanalyzer get-finding-v2 output";
  else if (const Value* f = root.find("findings"); f && f->is_array() && !f->items.empty() && f->items[0].find("findingType"))
    what = "aws accessanalyzer list-findings-v2 output";
  else return std::nullopt;
  return "an evidence report (" + std::string(what) + "), which `iamtrim narrow --evidence` reads";
}

SourceResult not_a_policy(std::string reason) {
  SourceResult r;
  r.unrecognised = true;
  r.not_a_policy = std::move(reason);
  return r;
}

}  // namespace iamtrim::sources
