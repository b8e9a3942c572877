// iamtrim rules: the rule registry, one line a rule (or JSON).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "iamtrim/lint.hpp"
#include "render/render.hpp"

namespace iamtrim::cli {
namespace {

struct RulesOptions {
  std::string format = "text";
  std::string config_file;
  bool no_config = false;
};

int print_rules(const Context& ctx, const RulesOptions& o) {
  auto cfg = load_configuration(o.config_file, o.no_config);
  if (!cfg) return kExitUsage;
  std::vector<RuleInfo> rules = lint_rules();
  for (const CustomRule& c : cfg->custom_rules) rules.push_back(custom_rule_info(c));
  std::stable_sort(rules.begin(), rules.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.code < b.code; });
  if (o.format == "json") {
    auto out = nlohmann::ordered_json::array();
    for (const RuleInfo& r : rules) {
      out.push_back({{"code", r.code},
                     {"slug", r.slug},
                     {"severity", to_string(r.severity)},
                     {"category", r.category},
                     {"summary", r.summary},
                     {"applies_to", r.applies_to},
                     {"custom", r.category == "custom"}});
      if (std::string url = render::rule_doc_url(r); !url.empty()) out.back()["docs"] = url;
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitClean;
  }
  bool color = ctx.color_for(1);
  std::size_t slug_width = 0, code_width = 0;
  for (const RuleInfo& r : rules) slug_width = std::max(slug_width, r.slug.size()), code_width = std::max(code_width, r.code.size());
  for (const RuleInfo& r : rules) {
    std::string severity(to_string(r.severity));
    std::string code = r.code + std::string(code_width - r.code.size(), ' ');
    std::cout << (color ? "\033[1m" + code + "\033[0m" : code) << "  " << r.slug
              << std::string(slug_width - r.slug.size() + 2, ' ') << severity
              << std::string(12 - std::min<std::size_t>(severity.size(), 11), ' ') << r.summary << "\n";
  }
  return kExitClean;
}

}  // namespace

void add_rules_command(CLI::App& app, Context& ctx) {
  auto [cmd, o] = add_command<RulesOptions>(app, ctx, "rules", "List the lint rules (and the configuration's custom rules): code, slug, default severity, summary", print_rules);
  add_choice(*cmd, "--format", o->format, "Output format", {"text", "json"});
  auto* config_opt = cmd->add_option("--config", o->config_file, "Read custom rules from this configuration");
  cmd->add_flag("--no-config", o->no_config, "Ignore .iamtrim.yaml files")->excludes(config_opt);
}

}  // namespace iamtrim::cli
