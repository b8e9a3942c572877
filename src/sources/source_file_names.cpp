// Which file names a directory walk hands to read_source() by default: the
// extensions read_source() dispatches on (keep the two in step), so
// `iamtrim lint DIR` picks up exactly what read_source reads.
#include <array>
#include <string_view>

#include "iamtrim/catalog.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

bool is_source_file_name(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kExtensions = {".json", ".tf", ".tpl", ".yaml", ".yml", ".template"};
  for (std::string_view ext : kExtensions)
    if (name.size() > ext.size() && iequals(name.substr(name.size() - ext.size()), ext)) return true;
  return false;
}

}  // namespace iamtrim
