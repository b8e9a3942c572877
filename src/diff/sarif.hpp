// The SARIF 2.1.0 log every iamtrim command writes: one run of the iamtrim
// driver with its rules and results. Shared by the gate (diff, check) and
// the escalation paths.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
#pragma once

#include <nlohmann/json.hpp>

namespace iamtrim::gate {

nlohmann::ordered_json sarif_log(nlohmann::ordered_json rules, nlohmann::ordered_json results);

}  // namespace iamtrim::gate
