#include "cli/options.hpp"

#include <CLI/CLI.hpp>

namespace iamtrim::cli {

CLI::App* add_subcommand(CLI::App& app, const std::string& name, const std::string& description,
                         std::function<void()> callback) {
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->callback(std::move(callback));
  return cmd;
}

CLI::Option* add_choice(CLI::App& cmd, const std::string& name, std::string& value, const std::string& help,
                        std::initializer_list<const char*> choices) {
  return cmd.add_option(name, value, help)->check(CLI::IsMember(choices));
}

CLI::Option* add_gate_format(CLI::App& cmd, std::string& format) {
  return add_choice(cmd, "--format", format, "Output format",
                    {"text", "json", "markdown", "sarif", "github", "junit", "gitlab"});
}

CLI::Option* add_severity_fail_on(CLI::App& cmd, std::string& fail_on, const std::string& help) {
  return add_choice(cmd, "--fail-on", fail_on, help, {"error", "security", "warning", "suggestion", "none"});
}

}  // namespace iamtrim::cli
