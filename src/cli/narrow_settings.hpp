// The settings every narrow mode judges with: the tracking rules and the
// decision input from .iamtrim.yaml (found as lint finds it: --config, else
// the nearest .iamtrim.yaml in the working directory or its parents), then
// the command line, which wins (--window, --as-of), and the current time.
#pragma once

#include <optional>
#include <string>

#include "iamtrim/evidence.hpp"

namespace iamtrim::cli {

struct NarrowConfigArgs {
  std::string config;      // --config FILE; empty: search
  bool no_config = false;  // --no-config
  int window = 0;          // --window; 0: not given
  std::string as_of;       // --as-of; empty: not given
};

struct NarrowSettings {
  TrackingRules rules;
  DecisionInput input;
  std::string config_file;  // the file read, empty when none
};

// nullopt after printing why (unreadable file, any error in it with
// file:line:col, a bad --as-of). A file with an error changes nothing.
std::optional<NarrowSettings> narrow_settings(const NarrowConfigArgs& args);

}  // namespace iamtrim::cli
