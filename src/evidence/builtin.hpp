// rules/tracking.yaml, compiled in: the build reads it with
// parse_tracking_rules() (tools/builtin-data) and generates the definition
// of builtin_tracking_rules() (builtin_tracking.cpp in the build folder).
#pragma once

#include "iamtrim/evidence.hpp"

namespace iamtrim::evidence {

TrackingRules builtin_tracking_rules();

}  // namespace iamtrim::evidence
