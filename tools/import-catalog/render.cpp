// Writer for catalog.tsv (format in include/iamtrim/catalog.hpp). The model
// is already sorted by its maps and every field was checked when it was
// read, so this is plain printing.
#include "stages.hpp"

namespace iamtrim::importer {

namespace {

class Lines {
 public:
  template <typename... Fields>
  void add(std::string_view first, const Fields&... rest) {
    out_ += first;
    ((out_ += '\t', out_ += rest), ...);
    out_ += '\n';
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

std::string resources_field(const std::vector<ActionResource>& resources) {
  std::string out;
  for (const auto& resource : resources) {
    if (!out.empty()) out += ',';
    out += resource.name;
    if (resource.required) out += '*';
  }
  return out;
}

}  // namespace

std::string render(const Model& model) {
  Lines lines;
  lines.add("iamtrim-catalog", "1");
  lines.add("version", model.version);
  lines.add("date", model.date);
  lines.add("source", model.source);
  for (const auto& [lowered, key] : model.global_keys) lines.add("G", key.key, key.type);
  for (const auto& [prefix, service] : model.services) {
    lines.add("S", service.prefix, service.name);
    for (const auto& [lowered, key] : service.condition_keys) lines.add("C", key.key, key.type);
    for (const auto& [lowered, type] : service.resource_types) {
      lines.add("R", type.name, type.arn, join(type.condition_keys));
    }
    for (const auto& [lowered, action] : service.actions) {
      lines.add("A", action.name, std::string(1, action.level), resources_field(action.resources),
                join(action.condition_keys), std::string(1, action.tracked));
    }
  }
  return lines.take();
}

}  // namespace iamtrim::importer
