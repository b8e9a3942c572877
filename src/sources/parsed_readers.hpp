// The JSON readers, taking a document that is already parsed: read_source()
// parses a .json file once and offers the tree to each reader in turn,
// instead of every reader parsing the whole file again to look at its shape.
// A reader that returns nullopt has left `json` untouched.
#pragma once

#include <memory>
#include <optional>

#include "iamtrim/json.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim::sources {

// Terraform plan/state or a CloudFormation template in JSON syntax.
std::optional<SourceResult> read_iac_json(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options,
                                          JsonResult& json);
SourceResult read_terraform_plan(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options,
                                 JsonResult json);
std::optional<SourceResult> read_aws_cli(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options,
                                         JsonResult& json);
SourceResult read_plain_json(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options,
                             JsonResult json);

}  // namespace iamtrim::sources
