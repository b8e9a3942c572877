// Within render/: the escalation paths' SARIF, shared by the full report
// (paths_json.cpp) and the paths a change creates (paths_changes.cpp).
#pragma once

#include <string>
#include <vector>

#include "iamtrim/paths.hpp"

namespace iamtrim::output {

// SARIF whose results point at the cited statements in `changed` files when
// a path has some (diff --account), else at the path's first hop.
std::string render_paths_sarif(const PathsResult& result, const std::vector<std::string>& changed);

}  // namespace iamtrim::output
