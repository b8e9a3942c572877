// How `iamtrim diff` and `iamtrim check` print their report: the format
// asked for, colour and --quiet for text, and with GitHub annotations the
// Markdown report on the run's summary page too.
#include <iostream>

#include "cli/context.hpp"
#include "render/gate_ci.hpp"

namespace iamtrim::cli {

void print_gate_report(const Context& ctx, const Catalog& catalog, const GateReport& report, const std::string& format) {
  if (format == "text") {
    std::cout << render_text(catalog, report, GateTextOptions{ctx.color_for(1), !ctx.quiet});
    return;
  }
  std::cout << render_gate(catalog, report, format).value_or("");
  // GitHub shows ten annotations per level and step: the summary page gets them all.
  if (format == "github") append_step_summary(render_markdown(catalog, report));
}

}  // namespace iamtrim::cli
