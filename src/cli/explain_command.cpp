// iamtrim explain CODE: a rule's documentation, in the fixed sections every
// rule doc has; the custom rules of the configuration are explained too.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/context.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/lint.hpp"
#include "render/render.hpp"

namespace iamtrim::cli {
namespace {

struct ExplainOptions {
  std::string code;
  std::string config_file;
  bool no_config = false;
};

void section(const std::string& title, const std::string& body, bool color) {
  if (body.empty()) return;
  std::cout << "\n" << (color ? "\033[1m" + title + ":\033[0m" : title + ":") << "\n";
  std::string text = body;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::cout << (line.empty() ? "" : "  ") << line << "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

int explain(const Context& ctx, const ExplainOptions& o) {
  auto cfg = load_configuration(o.config_file, o.no_config);
  if (!cfg) return kExitUsage;
  std::vector<RuleInfo> rules = lint_rules();
  for (const CustomRule& c : cfg->custom_rules) rules.push_back(custom_rule_info(c));
  const RuleInfo* r = nullptr;
  std::vector<std::string> names;
  for (const RuleInfo& rule : rules) {
    if (iequals(rule.code, o.code) || rule.slug == o.code) r = &rule;
    names.push_back(rule.code);
    names.push_back(rule.slug);
  }
  if (!r) {
    std::cerr << "iamtrim: unknown rule '" << o.code << "'";
    auto near = nearest_names(o.code, names);
    if (!near.empty()) {
      std::cerr << " (did you mean ";
      for (std::size_t i = 0; i < near.size(); ++i) std::cerr << (i ? ", " : "") << near[i];
      std::cerr << "?)";
    }
    std::cerr << "; `iamtrim rules` lists them all\n";
    return kExitUsage;
  }
  bool color = ctx.color_for(1);
  std::cout << (color ? "\033[1m" + r->code + "\033[0m" : r->code) << " " << r->slug << " (" << to_string(r->severity)
            << ", " << r->category << ")\n";
  std::cout << r->summary << "\n";
  if (!r->applies_to.empty()) {
    std::cout << "applies to:";
    for (const std::string& kind : r->applies_to) std::cout << " " << kind;
    std::cout << "\n";
  }
  section(r->category == "custom" ? "Documentation" : "Why it matters", r->rationale, color);
  section("Bad example", r->bad_example, color);
  section("Good example", r->good_example, color);
  section("Fix", r->fix, color);
  section("Options", r->options, color);
  std::string refs;
  for (const std::string& ref : r->references) refs += ref + "\n";
  section("References", refs, color);
  if (std::string url = render::rule_doc_url(*r); !url.empty() && r->category != "custom")
    std::cout << "\ndocs: " << url << "\n";
  return kExitClean;
}

}  // namespace

void add_explain_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ExplainOptions>();
  CLI::App* cmd = app.add_subcommand("explain", "Print a rule's documentation (by code or slug)");
  cmd->add_option("rule", o->code, "Rule code or slug, e.g. IAM104 or unknown-action")->required();
  auto* config_opt = cmd->add_option("--config", o->config_file, "Read custom rules from this configuration");
  cmd->add_flag("--no-config", o->no_config, "Ignore .iamtrim.yaml files")->excludes(config_opt);
  cmd->callback([o, &ctx] { ctx.exit_code = explain(ctx, *o); });
}

}  // namespace iamtrim::cli
