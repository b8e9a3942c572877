// The check that runs one custom rule (iamtrim/custom_rules.hpp) through the
// same engine as the built-in checks.
#pragma once

#include <memory>

#include "iamtrim/custom_rules.hpp"
#include "lint/check.hpp"

namespace iamtrim::lint {

// Resolves the rule's action tests against `catalog` once; the check is
// then immutable.
std::unique_ptr<Check> make_custom_check(const CustomRule& rule, const Catalog& catalog);

}  // namespace iamtrim::lint
