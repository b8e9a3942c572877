// What a JSON or YAML file is, when it is not one of the containers the
// readers know: a policy document, an evidence report, or something else
// (package.json, tsconfig.json, a GitHub workflow, a Helm chart), which a
// directory walk skips without a word.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "iamtrim/sources.hpp"
#include "iamtrim/value.hpp"

namespace iamtrim::sources {

// An object with an IAM policy language Version ("2012-10-17",
// "2008-10-17"), or with a Statement that is a list or an object: a policy,
// even a broken one (a misspelt "Statment" next to its Version is a
// finding, not a file to skip). A key spelt "statement" in another case
// counts when what it holds has a policy element (Effect, Action,
// Resource, ...): `{"statement": "SELECT 1"}` is no policy.
bool is_policy_document(const Value& root);

// A cheap look at the raw text, before any parsing: whether it could hold
// something read_source() reads (a policy, a template, an AWS CLI output, a
// Terraform plan with a policy) or an evidence report. What fails it is
// passed over unparsed, so a walk never builds a tree of a large data file
// or a lock file.
bool worth_parsing(std::string_view text);
inline constexpr const char* kNoSignOfAPolicy = "no Statement, policy Version, template or AWS CLI output in it";

// Whether text that did not parse still shows a policy ("Statement", a
// policy Version date, an AWS CLI output's "PolicyDocument", "PolicyVersion"
// or "...DetailList") or a CloudFormation template ("AWSTemplateFormatVersion",
// "AWS::"): then the syntax error is reported instead of skipping the file.
bool mentions_policy(std::string_view text);
bool mentions_cloudformation(std::string_view text);

// The outputs `iamtrim narrow --evidence` reads (IAM last-accessed reports,
// Organizations access reports, Access Analyzer findings), by their
// top-level keys: a description such as "an evidence report (aws iam
// get-service-last-accessed-details output)", or nullopt.
std::optional<std::string> evidence_report(const Value& root);

// A result for a file that holds no policy: `reason` says what it is.
SourceResult not_a_policy(std::string reason);

}  // namespace iamtrim::sources
