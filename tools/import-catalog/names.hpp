// names.hpp - checks for the names both sources supply. The same rules apply
// whichever source a name comes from, because catalog.tsv gives them
// meaning: ',' separates list items, a trailing '*' marks a required
// resource type, a prefix becomes a file name.
#pragma once

#include <string>

#include "json_input.hpp"

namespace iamtrim::importer {

std::string service_prefix(const Node& node);
std::string action_name(const Node& node);
std::string resource_name(const Node& node);

}  // namespace iamtrim::importer
