// `iamtrim narrow FILE` for Terraform and CloudFormation files: narrows every
// identity policy in the file and edits it in place (narrow_file(),
// pipeline.hpp; whether a file is one: edits_in_place()), printing
// the rewritten file, a diff, or only the verdict.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/atomic_write.hpp"
#include "cli/narrow_settings.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim::cli {

struct InPlaceArgs {
  std::string path;
  std::vector<std::string> evidence;
  int window = 90;
  std::string as_of, principal, report;
  std::string only;  // --only ADDRESS: a pointer, an owner, or a principal (address or role/NAME)
  bool compress = false, write = false, check = false, diff = false, force = false;
  FileSnapshot snapshot;             // the file as it was read
  const InputFiles* inputs = nullptr;  // what --report must not overwrite
  NarrowConfigArgs config;
  bool split = false;  // --split: a policy over its quota is written as parts beside the file
};

int narrow_in_place(const Catalog& catalog, const InPlaceArgs& args, const std::shared_ptr<const SourceFile>& file,
                    const SourceResult& source);

}  // namespace iamtrim::cli
