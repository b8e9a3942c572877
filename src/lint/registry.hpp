// The one explicit list of checks (src/lint/registry.cpp). A test proves it
// matches rules/lint/*.yaml one to one.
#pragma once

#include <memory>
#include <vector>

#include "lint/check.hpp"

namespace iamtrim::lint {

// Every check, sorted by code. Built once; the checks are stateless.
const std::vector<std::unique_ptr<Check>>& all_checks();

}  // namespace iamtrim::lint
