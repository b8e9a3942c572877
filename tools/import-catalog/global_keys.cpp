// Reader for rules/catalog/global-condition-keys.tsv. Neither source lists the
// aws: keys that every service accepts, so the project keeps them by hand,
// copied from the IAM User Guide page the file cites.
#include <sstream>

#include "json_input.hpp"
#include "stages.hpp"

namespace iamtrim::importer {

void load_global_keys(const std::filesystem::path& file, Model& model) {
  std::istringstream in(read_text_file(file));
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    auto at_line = [&](const std::string& what) {
      fail(file, "line " + std::to_string(number) + ": " + what);
    };
    if (!line.empty() && line.back() == '\r') line.pop_back();  // tolerate CRLF checkouts
    if (line.empty() || line.front() == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) at_line("expected \"key<TAB>type\", found no tab");
    ConditionKey key{line.substr(0, tab), line.substr(tab + 1)};
    if (key.type.find('\t') != std::string::npos) at_line("expected two fields, found more");
    if (auto problem = field_problem(key.key, true)) at_line("key " + in_quotes(key.key) + " " + *problem);
    if (auto problem = field_problem(key.type, false)) at_line("type " + in_quotes(key.type) + " " + *problem);
    if (key.key.rfind("aws:", 0) != 0) at_line("key " + in_quotes(key.key) + " does not start with \"aws:\"");
    if (key.type.find(' ') != std::string::npos) at_line("type " + in_quotes(key.type) + " contains a space");
    std::string map_key = lower(key.key);
    if (!model.global_keys.emplace(map_key, std::move(key)).second) {
      at_line("key " + in_quotes(map_key) + " is listed twice");
    }
  }
  if (model.global_keys.empty()) fail(file, "no keys in the file");
}

}  // namespace iamtrim::importer
