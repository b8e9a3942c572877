// iamtrim explain CODE: a rule's documentation, in the fixed sections every
// rule doc has (the custom rules of the configuration too); iamtrim explain
// REASON: what a narrow decision reason (kept:permission-only,
// service-not-accessed, ...) means; iamtrim explain reasons: every reason.
#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/decision.hpp"
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

// "kept:permission-only", "removable:action-not-accessed" or the bare slug.
std::optional<DecisionReason> reason_of(std::string_view text) {
  for (std::string_view prefix : {"kept:", "removable:", "reason:"})
    if (text.size() > prefix.size() && iequals(text.substr(0, prefix.size()), prefix)) {
      auto r = parse_decision_reason(text.substr(prefix.size()));
      // The prefix must say what the reason does.
      if (r && prefix != "reason:" && is_removable(*r) != (prefix == "removable:")) return std::nullopt;
      return r;
    }
  return parse_decision_reason(text);
}

std::string label(DecisionReason r) {
  return std::string(is_removable(r) ? "removable:" : "kept:") + std::string(to_string(r));
}

int explain_reason_slug(DecisionReason reason, bool color) {
  const ReasonDoc& doc = explain_reason(reason);
  std::cout << label(reason) << " (narrow decision reason)\n" << doc.summary << "\n";
  section("What it means", std::string(doc.details), color);
  section("What to do", std::string(doc.action), color);
  std::cout << "\ndocs: docs/evidence.md (The decision for each granted action)\n";
  return kExitClean;
}

int list_reasons() {
  for (DecisionReason r : kAllDecisionReasons) {
    const std::string l = label(r);
    std::cout << l << std::string(l.size() < 32 ? 32 - l.size() : 1, ' ') << explain_reason(r).summary << "\n";
  }
  return kExitClean;
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
  bool color = ctx.color_for(1);
  if (!r && o.code == "reasons") return list_reasons();
  if (!r) {
    if (auto reason = reason_of(o.code)) return explain_reason_slug(*reason, color);
    names.push_back("reasons");
    for (DecisionReason reason : kAllDecisionReasons) names.push_back(label(reason));
    std::cerr << "iamtrim: unknown rule or decision reason '" << o.code << "'";
    auto near = nearest_names(o.code, names);
    if (!near.empty()) {
      std::cerr << " (did you mean ";
      for (std::size_t i = 0; i < near.size(); ++i) std::cerr << (i ? ", " : "") << near[i];
      std::cerr << "?)";
    }
    std::cerr << "; `iamtrim rules` and `iamtrim explain reasons` list them all\n";
    return kExitUsage;
  }
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
  auto [cmd, o] = add_command<ExplainOptions>(app, ctx, "explain", "Print a rule's documentation (by code or slug), or what a narrow decision reason means", explain);
  cmd->add_option("rule", o->code,
                  "Rule code or slug (IAM104, unknown-action), a decision reason (kept:permission-only), or 'reasons'")
      ->required();
  auto* config_opt = cmd->add_option("--config", o->config_file, "Read custom rules from this configuration");
  cmd->add_flag("--no-config", o->no_config, "Ignore .iamtrim.yaml files")->excludes(config_opt);
}

}  // namespace iamtrim::cli
