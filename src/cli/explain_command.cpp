// iamtrim explain CODE: a rule's documentation, in the fixed sections every
// rule doc has; iamtrim explain REASON: what a narrow decision reason
// (kept:permission-only, service-not-accessed, ...) means; iamtrim explain
// reasons: every reason.
#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "cli/context.hpp"
#include "iamtrim/decision.hpp"
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

int explain_reason_slug(DecisionReason reason) {
  const ReasonDoc& doc = explain_reason(reason);
  std::cout << label(reason) << " (narrow decision reason)\n" << doc.summary << "\n";
  section("What it means", std::string(doc.details));
  section("What to do", std::string(doc.action));
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

int explain(const std::string& code) {
  const RuleInfo* r = find_rule(code);
  if (!r && code == "reasons") return list_reasons();
  if (!r) {
    if (auto reason = reason_of(code)) return explain_reason_slug(*reason);
    std::cerr << "iamtrim: unknown rule or decision reason '" << code
              << "' (see `iamtrim rules` and `iamtrim explain reasons`)\n";
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
  CLI::App* cmd = app.add_subcommand("explain", "Print a rule's documentation (by code or slug), or what a narrow decision reason means");
  cmd->add_option("rule", *code, "Rule code or slug (IAM104, unknown-action), a decision reason (kept:permission-only), or 'reasons'")->required();
  cmd->callback([code, &ctx] { ctx.exit_code = explain(*code); });
}

}  // namespace iamtrim::cli
