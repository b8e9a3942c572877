// Compact text dumps of evidence results, so tests compare whole results.
#pragma once

#include <string>

#include "iamtrim/evidence.hpp"

namespace iamtrim::test {

std::string dump(const Report& r);
std::string dump(const EvidenceResult& r);
std::string dump_errors(const std::vector<EvidenceError>& errors);
std::string dump(const Catalog& catalog, const DecideResult& r);

}  // namespace iamtrim::test
