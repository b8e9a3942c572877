// iamtrim rules: the rule registry, one line a rule (or JSON).
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "iamtrim/lint.hpp"
#include "render/render.hpp"

namespace iamtrim::cli {
namespace {

void print_rules(const std::string& format) {
  if (format == "json") {
    auto out = nlohmann::ordered_json::array();
    for (const RuleInfo& r : lint_rules()) {
      out.push_back({{"code", r.code},
                     {"slug", r.slug},
                     {"severity", to_string(r.severity)},
                     {"category", r.category},
                     {"summary", r.summary},
                     {"applies_to", r.applies_to}});
      if (std::string url = render::rule_doc_url(r); !url.empty()) out.back()["docs"] = url;
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  std::size_t slug_width = 0;
  for (const RuleInfo& r : lint_rules()) slug_width = std::max(slug_width, r.slug.size());
  for (const RuleInfo& r : lint_rules()) {
    std::string severity(to_string(r.severity));
    std::cout << r.code << "  " << r.slug << std::string(slug_width - r.slug.size() + 2, ' ') << severity
              << std::string(12 - std::min<std::size_t>(severity.size(), 11), ' ') << r.summary << "\n";
  }
}

}  // namespace

void add_rules_command(CLI::App& app, Context& ctx) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = app.add_subcommand("rules", "List the lint rules: code, slug, default severity, summary");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([format, &ctx] {
    print_rules(*format);
    ctx.exit_code = kExitClean;
  });
}

}  // namespace iamtrim::cli
