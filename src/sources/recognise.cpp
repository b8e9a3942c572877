#include "sources/recognise.hpp"

#include <algorithm>

#include "iamtrim/catalog.hpp"

namespace iamtrim::sources {
namespace {

const Value* find_ci(const Value& object, std::string_view key) {
  for (const Member& m : object.members)
    if (iequals(m.key, key)) return &m.value;
  return nullptr;
}

bool policy_version(std::string_view v) { return v == "2012-10-17" || v == "2008-10-17"; }

// Whether `v` (a statement, or a list of them) shows a policy element.
bool has_policy_element(const Value& v) {
  auto shows = [](const Value& statement) {
    for (std::string_view key : {"Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "Sid"})
      if (find_ci(statement, key)) return true;
    return false;
  };
  if (v.is_object()) return shows(v);
  return std::any_of(v.items.begin(), v.items.end(), shows);
}

}  // namespace

bool is_policy_document(const Value& root) {
  if (!root.is_object()) return false;
  const Value* version = find_ci(root, "Version");
  if (version && version->kind == ValueKind::String && policy_version(version->text)) return true;
  const Value* statement = find_ci(root, "Statement");
  if (!statement || !(statement->is_object() || statement->is_array())) return false;
  return root.find("Statement") || has_policy_element(*statement);
}

bool worth_parsing(std::string_view text) {
  // Escapes (JSON's \u, YAML's \x \u \U) can spell any key: such text is
  // parsed, or `{"St\u0061tement": ...}` would slip past the gate.
  for (std::size_t at = text.find('\\'); at != std::string_view::npos; at = text.find('\\', at + 1))
    if (at + 1 < text.size() && (text[at + 1] == 'u' || text[at + 1] == 'U' || text[at + 1] == 'x')) return true;
  // "Statement" in any case.
  for (std::size_t at = text.find_first_of("tT"); at != std::string_view::npos; at = text.find_first_of("tT", at + 1))
    if (at > 0 && at + 8 <= text.size() && iequals(text.substr(at - 1, 9), "statement")) return true;
  // Policy Versions, AWS CLI outputs, CloudFormation, the evidence reports lint names.
  for (std::string_view marker :
       {"2012-10-17", "2008-10-17", "PolicyDocument", "PolicyVersion", "DetailList", "AWS::", "AWSTemplateFormatVersion",
        "ServicesLastAccessed", "EntityDetailsList", "JobStatus", "findingType", "findingDetails", "AccessDetails"})
    if (text.find(marker) != std::string_view::npos) return true;
  return false;
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
