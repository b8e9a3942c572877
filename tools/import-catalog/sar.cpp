// Reader for AWS's Service Authorization Reference in JSON
// (https://docs.aws.amazon.com/service-authorization/latest/reference/service-reference.html).
//
// iam-data stays the base: it marks required resource types, which this
// format does not. The reference adds what iam-data lacks (services, actions,
// resource types and condition keys published here first) and the one fact
// only it carries: SupportedBy."IAM Action Last Accessed", whether AWS tracks
// the action in action last accessed data.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "json_input.hpp"
#include "names.hpp"
#include "stages.hpp"

namespace iamtrim::importer {

namespace fs = std::filesystem;

namespace {

// The reference has no access level field, only flags. Permissions
// management and tagging actions also carry IsWrite, so they are tested
// first; an action with no flag set is Read.
char access_level(const Node& action) {
  const Node properties = action.at("Annotations").at("Properties");
  auto flag = [&](std::string_view name) {
    auto node = properties.find(name);
    return node && node->boolean();
  };
  if (flag("IsPermissionManagement")) return 'P';
  if (flag("IsTaggingOnly")) return 'T';
  if (flag("IsWrite")) return 'W';
  if (flag("IsList")) return 'L';
  return 'R';
}

// '1' / '0' when the reference states it, '-' when the flag is absent.
char tracking(const Node& action) {
  auto supported_by = action.find("SupportedBy");
  if (!supported_by) return '-';
  auto flag = supported_by->find("IAM Action Last Accessed");
  if (!flag) return '-';
  return flag->boolean() ? '1' : '0';
}

void merge_condition_keys(const Node& root, Service& service) {
  auto keys = root.find("ConditionKeys");
  if (!keys) return;
  for (const Node& entry : keys->elements()) {
    ConditionKey key;
    key.key = entry.at("Name").list_item();
    // Types is a list; every key in the published files has one entry. Should
    // one ever have several, all of them are kept, joined by '|'.
    for (const Node& type : entry.at("Types").elements()) {
      if (!key.type.empty()) key.type += '|';
      key.type += type.text();
    }
    if (key.type.empty()) entry.at("Types").fail("no type given");
    service.condition_keys.try_emplace(lower(key.key), std::move(key));
  }
}

void merge_resource_types(const Node& root, Service& service) {
  auto resources = root.find("Resources");
  if (!resources) return;
  for (const Node& entry : resources->elements()) {
    ResourceType type;
    type.name = resource_name(entry.at("Name"));
    // catalog.tsv holds one ARN format per resource type; the first one is
    // the one the reference pages show.
    const auto formats = entry.at("ARNFormats").elements();
    if (formats.empty()) entry.at("ARNFormats").fail("no ARN format given");
    type.arn = formats.front().text();
    if (auto keys = entry.find("ConditionKeys")) {
      for (const Node& key : keys->elements()) add_unique(type.condition_keys, key.list_item());
    }
    sort_keys(type.condition_keys);
    service.resource_types.try_emplace(lower(type.name), std::move(type));
  }
}

// Returns whether the action was new to the model. An action iam-data
// already has keeps its access level and required flags; the reference adds
// the tracking flag and any resource type or condition key iam-data lacks.
bool merge_action(const Node& entry, Service& service, SarStats& stats) {
  const std::string name = action_name(entry.at("Name"));
  const char level = access_level(entry);
  auto [it, added] = service.actions.try_emplace(lower(name));
  Action& action = it->second;
  if (added) {
    action.name = name;
    action.level = level;
  }
  if (const char tracked = tracking(entry); tracked != '-') {
    action.tracked = tracked;
    ++stats.tracking_flags;
  }
  if (auto resources = entry.find("Resources")) {
    // The reference does not say which resource types are required; marking
    // none required claims the least.
    for (const Node& resource : resources->elements()) {
      add_unique(action.resources, ActionResource{resource_name(resource.at("Name")), false});
    }
  }
  if (auto keys = entry.find("ActionConditionKeys")) {
    for (const Node& key : keys->elements()) add_unique(action.condition_keys, key.list_item());
  }
  sort_keys(action.condition_keys);
  return added;
}

std::vector<fs::path> sar_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) fail(dir, "not a directory");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) files.push_back(entry.path());
  }
  if (ec) fail(dir, "cannot list the directory: " + ec.message());
  if (files.empty()) fail(dir, "no .json files in the directory");
  // Directory order differs between machines; the merge must not.
  std::sort(files.begin(), files.end());
  return files;
}

std::string newest_file_date(const std::vector<fs::path>& files) {
  fs::file_time_type newest = fs::file_time_type::min();
  for (const auto& file : files) {
    std::error_code ec;
    auto time = fs::last_write_time(file, ec);
    if (ec) fail(file, "cannot read the modification time: " + ec.message());
    newest = std::max(newest, time);
  }
  const auto day = std::chrono::floor<std::chrono::days>(std::chrono::file_clock::to_sys(newest));
  const std::chrono::year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

}  // namespace

SarStats merge_sar(const fs::path& dir, std::string date, Model& model) {
  const std::vector<fs::path> files = sar_files(dir);
  if (date.empty()) date = newest_file_date(files);
  if (!is_iso_date(date)) fail(dir, "the date of the reference must be YYYY-MM-DD, got " + in_quotes(date));

  SarStats stats;
  std::map<std::string, fs::path> seen;  // prefix -> file, to reject a service given twice
  for (const auto& file : files) {
    const nlohmann::json json = parse_json_file(file);
    const Node root(json, file.generic_string());
    const Node name = root.at("Name");
    const std::string prefix = service_prefix(name);
    if (auto [it, added] = seen.emplace(prefix, file); !added) {
      name.fail("service " + in_quotes(prefix) + " is also defined in " + it->second.generic_string());
    }
    ++stats.files;

    auto [service_it, added] = model.services.try_emplace(prefix);
    Service& service = service_it->second;
    if (added) {
      // The reference carries no display name; the prefix stands in for it.
      service.prefix = prefix;
      service.name = prefix;
      ++stats.services_added;
    }
    merge_condition_keys(root, service);
    merge_resource_types(root, service);
    std::set<std::string> names;
    for (const Node& action : root.at("Actions").elements()) {
      const std::string key = lower(action.at("Name").text());
      if (!names.insert(key).second) action.at("Name").fail("action " + in_quotes(key) + " is listed twice");
      if (merge_action(action, service, stats)) ++stats.actions_added;
    }
  }
  model.source += "; AWS Service Authorization Reference " + date;
  return stats;
}

}  // namespace iamtrim::importer
