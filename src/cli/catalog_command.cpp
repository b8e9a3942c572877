// iamtrim catalog info|show|search: look inside the catalog in force.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "iamtrim/actions.hpp"

namespace iamtrim::cli {
namespace {

struct CatalogOptions {
  std::string name;
  std::string text;
  std::string format = "text";
  std::size_t limit = 50;
};

std::size_t count_resource_types(const Catalog& c) {
  std::size_t n = 0;
  for (const ServiceInfo& s : c.services()) n += c.resource_types(s).size();
  return n;
}
std::size_t count_condition_keys(const Catalog& c) {
  std::size_t n = c.global_condition_keys().size();
  for (const ServiceInfo& s : c.services()) n += c.condition_keys(s).size();
  return n;
}

int info(const Catalog& c, const CatalogOptions& o) {
  nlohmann::ordered_json j{{"version", c.version()},
                           {"date", c.date()},
                           {"source", c.source()},
                           {"services", c.services().size()},
                           {"actions", c.action_count()},
                           {"resource_types", count_resource_types(c)},
                           {"condition_keys", count_condition_keys(c)},
                           {"global_condition_keys", c.global_condition_keys().size()}};
  if (o.format == "json") {
    std::cout << j.dump(2) << "\n";
    return kExitClean;
  }
  for (const auto& [k, v] : j.items())
    std::cout << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
  return kExitClean;
}

nlohmann::ordered_json describe(const Catalog& c, ActionId id) {
  const ServiceInfo& s = c.service_of(id);
  nlohmann::ordered_json j;
  j["action"] = c.full_name(id);
  j["service"] = s.name;
  j["access_level"] = to_string(c.access_level(id));
  Tracking t = c.tracking(id);
  j["last_accessed_tracking"] = t == Tracking::Tracked ? "tracked" : t == Tracking::NotTracked ? "not tracked" : "unknown";
  auto resources = nlohmann::ordered_json::array();
  for (const ActionResource& r : c.resource_types(id)) {
    nlohmann::ordered_json rj{{"name", r.name}, {"required", r.required}};
    if (r.type) rj["arn"] = r.type->arn;
    resources.push_back(std::move(rj));
  }
  j["resource_types"] = std::move(resources);
  j["condition_keys"] = c.condition_keys(id);
  return j;
}

int show(const Catalog& c, const CatalogOptions& o) {
  PatternMatch m = expand_pattern(c, o.name);
  if (m.status != MatchStatus::Matched) {
    std::cerr << "iamtrim: " << o.name << ": " << to_string(m.status);
    if (!m.suggestions.empty()) std::cerr << " (did you mean " << m.suggestions.front() << "?)";
    std::cerr << "\n";
    return kExitFindings;
  }
  auto all = nlohmann::ordered_json::array();
  m.actions.for_each([&](ActionId id) { all.push_back(describe(c, id)); });
  if (o.format == "json") {
    std::cout << (all.size() == 1 ? all[0] : all).dump(2) << "\n";
    return kExitClean;
  }
  for (const auto& j : all) {
    std::cout << j["action"].get<std::string>() << "\n  service: " << j["service"].get<std::string>()
              << "\n  access level: " << j["access_level"].get<std::string>()
              << "\n  last accessed tracking: " << j["last_accessed_tracking"].get<std::string>()
              << "\n  resource types:";
    if (j["resource_types"].empty()) std::cout << " none (the action supports only \"Resource\": \"*\")";
    std::cout << "\n";
    for (const auto& r : j["resource_types"]) {
      std::cout << "    " << r["name"].get<std::string>() << (r["required"].get<bool>() ? " (required)" : "");
      if (r.contains("arn")) std::cout << "  " << r["arn"].get<std::string>();
      std::cout << "\n";
    }
    std::cout << "  condition keys:";
    if (j["condition_keys"].empty()) std::cout << " none";
    std::cout << "\n";
    for (const auto& k : j["condition_keys"]) std::cout << "    " << k.get<std::string>() << "\n";
  }
  return kExitClean;
}

int search(const Catalog& c, const CatalogOptions& o) {
  // A plain substring search over service prefixes, service names and action
  // names; use `expand` for IAM wildcard semantics.
  std::string needle = to_lower(o.text);
  auto hits = nlohmann::ordered_json::array();
  std::size_t total = 0;
  for (const ServiceInfo& s : c.services()) {
    bool service_hit = to_lower(s.prefix).find(needle) != std::string::npos ||
                       to_lower(s.name).find(needle) != std::string::npos;
    if (service_hit && ++total <= o.limit)
      hits.push_back({{"service", s.prefix}, {"name", s.name}, {"actions", s.end - s.first}});
    for (ActionId id = s.first; id < s.end; ++id) {
      if (to_lower(c.full_name(id)).find(needle) == std::string::npos) continue;
      if (++total <= o.limit)
        hits.push_back({{"action", c.full_name(id)}, {"access_level", to_string(c.access_level(id))}});
    }
  }
  if (o.format == "json") {
    std::cout << nlohmann::ordered_json{{"query", o.text}, {"total", total}, {"results", hits}}.dump(2) << "\n";
  } else {
    for (const auto& h : hits) {
      if (h.contains("service"))
        std::cout << h["service"].get<std::string>() << "  (service: " << h["name"].get<std::string>() << ", "
                  << h["actions"].get<int>() << " actions)\n";
      else
        std::cout << h["action"].get<std::string>() << "  (" << h["access_level"].get<std::string>() << ")\n";
    }
    if (total > o.limit) std::cout << "... " << (total - o.limit) << " more (raise --limit)\n";
  }
  return total ? kExitClean : kExitFindings;
}

}  // namespace

void add_catalog_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<CatalogOptions>();
  CLI::App* cmd = app.add_subcommand("catalog", "Inspect the AWS service and action catalog");
  cmd->require_subcommand(1);
  auto run = [o, &ctx](int (*f)(const Catalog&, const CatalogOptions&)) {
    return [o, &ctx, f] {
      const Catalog* c = ctx.catalog();
      ctx.exit_code = c ? f(*c, *o) : kExitUsage;
    };
  };
  CLI::App* info_cmd = cmd->add_subcommand("info", "Catalog version, date and counts");
  add_choice(*info_cmd, "--format", o->format, "", {"text", "json"});
  info_cmd->callback(run(info));
  CLI::App* show_cmd = cmd->add_subcommand("show", "Access level, resource types and condition keys of an action (wildcards allowed)");
  show_cmd->add_option("action", o->name, "e.g. s3:GetObject")->required();
  add_choice(*show_cmd, "--format", o->format, "", {"text", "json"});
  show_cmd->callback(run(show));
  CLI::App* search_cmd = cmd->add_subcommand("search", "Find services and actions whose names contain TEXT");
  search_cmd->add_option("text", o->text)->required();
  search_cmd->add_option("--limit", o->limit, "Most results to print");
  add_choice(*search_cmd, "--format", o->format, "", {"text", "json"});
  search_cmd->callback(run(search));
}

}  // namespace iamtrim::cli
