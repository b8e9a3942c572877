// Inputs shared by `iamtrim paths` and `iamtrim diff --account`: the
// authorization details, the SCP files and the `escalation:` configuration.
// Each function prints why it failed and returns nullopt.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "iamtrim/paths.hpp"

namespace iamtrim::cli {

struct PathsInputs {
  std::optional<Account> account;
  std::vector<std::shared_ptr<const SourceFile>> scps;
  PathsConfig config;
  std::string config_dir;             // where map globs are relative to ("" = working directory)
  std::optional<config::FailOn> fail_on;  // the configuration's fail-on, if any
};

// --config FILE, else .iamtrim.yaml found upwards (unless --no-config).
std::optional<PathsInputs> read_paths_inputs(const std::string& account, const std::vector<std::string>& scps,
                                             const std::string& config_file, bool no_config);

}  // namespace iamtrim::cli
