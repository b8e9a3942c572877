// The SARIF 2.1.0 log the gate (diff, check) and the escalation paths write:
// one run of the iamtrim driver with its rules and results. (Lint's SARIF,
// render/sarif.cpp, carries more per run and builds its own.)
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
#pragma once

#include <nlohmann/json.hpp>

namespace iamtrim::output {

// `logical`: run.logicalLocations (each resource named once, results refer
// to it by index); left out when empty.
nlohmann::ordered_json sarif_log(nlohmann::ordered_json rules, nlohmann::ordered_json results,
                                 nlohmann::ordered_json logical = nlohmann::ordered_json::array());

}  // namespace iamtrim::output
