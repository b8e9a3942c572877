// How the subcommands register themselves and their options: one value per
// subcommand that CLI11 parses the options into, a run function whose result
// is the exit code, options that take one of a fixed list of words, and the
// lists more than one command offers.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "cli/context.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace iamtrim::cli {

// add_command's untemplated part: subcommand `name` of `app`, with `callback`.
CLI::App* add_subcommand(CLI::App& app, const std::string& name, const std::string& description,
                         std::function<void()> callback);

// Adds subcommand `name` to `app`. CLI11 parses its options into one
// `Options` value; when the subcommand is chosen, `run(ctx, options)` is
// called and its result becomes the exit code (a run may throw
// CLI::ValidationError for a usage error, as any CLI11 callback may).
// Returns the subcommand and the value, for the caller to declare the
// options; the value lives as long as the subcommand's callback.
//
//   auto [cmd, o] = add_command<RulesOptions>(app, ctx, "rules", "List the lint rules", print_rules);
//   add_choice(*cmd, "--format", o->format, "Output format", {"text", "json"});
template <class Options, class Run>
std::pair<CLI::App*, Options*> add_command(CLI::App& app, Context& ctx, const std::string& name,
                                           const std::string& description, Run run) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = add_subcommand(app, name, description, [options, &ctx, run] { ctx.exit_code = run(ctx, *options); });
  return {cmd, options.get()};
}

// `name` takes one of `choices`. CLI11 shows them in the help ("{text,json}")
// and `iamtrim completions` reads them back from there, so every command
// lists its words this one way.
CLI::Option* add_choice(CLI::App& cmd, const std::string& name, std::string& value, const std::string& help,
                        std::initializer_list<const char*> choices);

// --format of the gate's reports (diff, check): what print_gate_report writes.
CLI::Option* add_gate_format(CLI::App& cmd, std::string& format);

// --fail-on with a lint severity, or none (lint, paths).
CLI::Option* add_severity_fail_on(CLI::App& cmd, std::string& fail_on, const std::string& help);

}  // namespace iamtrim::cli
