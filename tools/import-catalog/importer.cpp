#include "importer.hpp"

#include <fstream>
#include <new>
#include <system_error>

#include "json_input.hpp"
#include "stages.hpp"

namespace iamtrim::importer {

namespace fs = std::filesystem;

namespace {

Summary count(const Model& model) {
  Summary summary;
  summary.services = model.services.size();
  summary.global_keys = model.global_keys.size();
  for (const auto& [prefix, service] : model.services) {
    summary.actions += service.actions.size();
    summary.resource_types += service.resource_types.size();
    summary.condition_keys += service.condition_keys.size();
  }
  return summary;
}

}  // namespace

Result import_catalog(const Options& options) {
  Result result;
  // This is the boundary where exceptions stop: the stages throw ImportError
  // for bad input, and the standard library or nlohmann may throw for what
  // the stages did not foresee; every one becomes a message.
  try {
    Model model;
    load_iam_data(options.iam_data_dir, model);
    load_global_keys(options.global_keys_file, model);
    SarStats sar;
    if (options.sar_dir) sar = merge_sar(*options.sar_dir, options.sar_date, model);
    result.text = render(model);
    result.summary = count(model);
    result.summary.sar_files = sar.files;
    result.summary.sar_services_added = sar.services_added;
    result.summary.sar_actions_added = sar.actions_added;
    result.summary.sar_tracking_flags = sar.tracking_flags;
    result.ok = true;
  } catch (const ImportError& e) {
    result.error = e.what();
  } catch (const nlohmann::json::exception& e) {
    result.error = std::string("unexpected JSON error: ") + e.what();
  } catch (const fs::filesystem_error& e) {
    result.error = e.what();
  } catch (const std::bad_alloc&) {
    result.error = "out of memory";
  } catch (const std::exception& e) {
    result.error = std::string("unexpected error: ") + e.what();
  }
  if (!result.ok) result.text.clear();
  return result;
}

bool write_catalog(const fs::path& out_dir, std::string_view text, std::string* error) {
  const fs::path target = out_dir / "catalog.tsv";
  const fs::path temp = out_dir / ".catalog.tsv.tmp";
  auto failed = [&](const std::string& what) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    if (error) *error = what;
    return false;
  };
  std::error_code ec;
  if (!fs::is_directory(out_dir, ec)) return failed(out_dir.generic_string() + ": not a directory");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return failed(temp.generic_string() + ": cannot create the file");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) return failed(temp.generic_string() + ": cannot write the file");
  }
  fs::rename(temp, target, ec);
  if (ec) return failed(target.generic_string() + ": cannot replace the file: " + ec.message());
  return true;
}

std::string describe(const Summary& summary) {
  std::string out = std::to_string(summary.services) + " services, " + std::to_string(summary.actions) +
                    " actions, " + std::to_string(summary.resource_types) + " resource types, " +
                    std::to_string(summary.condition_keys) + " condition keys, " +
                    std::to_string(summary.global_keys) + " global condition keys";
  if (summary.sar_files != 0) {
    out += "; Service Authorization Reference: " + std::to_string(summary.sar_files) + " files, " +
           std::to_string(summary.sar_services_added) + " services and " +
           std::to_string(summary.sar_actions_added) + " actions added, " +
           std::to_string(summary.sar_tracking_flags) + " tracking flags";
  }
  return out;
}

}  // namespace iamtrim::importer
