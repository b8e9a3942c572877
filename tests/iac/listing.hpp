// Text listings of what a source reader found, for golden files: one line
// per policy (owner, kind, format, pointer, position) and, in the detailed
// form, one line per leaf value with its position, so a golden shows
// exactly where every action string landed.
#pragma once

#include <string>

#include "iamtrim/sources.hpp"

namespace iamtrim::test {

// "name: owner kind format pointer line:col" per policy, then diagnostics.
std::string summary_listing(const std::string& name, const SourceResult& r);

// The summary plus every leaf of every document with its position.
std::string detailed_listing(const std::string& name, const SourceResult& r);

}  // namespace iamtrim::test
