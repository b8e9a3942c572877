// iamtrim explain CODE: a rule's documentation, in the fixed sections every
// rule doc has.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/context.hpp"
#include "iamtrim/lint.hpp"
#include "render/render.hpp"

namespace iamtrim::cli {
namespace {

void section(const std::string& title, const std::string& body) {
  if (body.empty()) return;
  std::cout << "\n" << title << ":\n";
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

int explain(const std::string& code) {
  const RuleInfo* r = find_rule(code);
  if (!r) {
    std::cerr << "iamtrim: unknown rule '" << code << "' (see `iamtrim rules`)\n";
    return kExitUsage;
  }
  std::cout << r->code << " " << r->slug << " (" << to_string(r->severity) << ", " << r->category << ")\n";
  std::cout << r->summary << "\n";
  if (!r->applies_to.empty()) {
    std::cout << "applies to:";
    for (const std::string& kind : r->applies_to) std::cout << " " << kind;
    std::cout << "\n";
  }
  section("Why it matters", r->rationale);
  section("Bad example", r->bad_example);
  section("Good example", r->good_example);
  section("Fix", r->fix);
  section("Options", r->options);
  std::string refs;
  for (const std::string& ref : r->references) refs += ref + "\n";
  section("References", refs);
  if (std::string url = render::rule_doc_url(*r); !url.empty()) std::cout << "\ndocs: " << url << "\n";
  return kExitClean;
}

}  // namespace

void add_explain_command(CLI::App& app, Context& ctx) {
  auto code = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("explain", "Print a rule's documentation (by code or slug)");
  cmd->add_option("rule", *code, "Rule code or slug, e.g. IAM104 or unknown-action")->required();
  cmd->callback([code, &ctx] { ctx.exit_code = explain(*code); });
}

}  // namespace iamtrim::cli
