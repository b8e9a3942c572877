#include "cli/narrow_settings.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/context.hpp"
#include "cli/narrow_inputs.hpp"
#include "config/config.hpp"
#include "iamtrim/lint.hpp"

namespace iamtrim::cli {

std::optional<NarrowSettings> narrow_settings(const NarrowConfigArgs& a) {
  NarrowSettings s;
  s.rules = TrackingRules::embedded();
  std::optional<std::filesystem::path> file;
  if (!a.no_config) file = a.config.empty() ? config::find_config(std::filesystem::current_path()) : a.config;
  if (file) {
    auto text = read_input(file->string());
    if (!text) return std::nullopt;
    // The whole file is checked as lint checks it, so a typo anywhere
    // (`evidnce:`) is an error here too, not a silently ignored section.
    config::ConfigError error;
    const auto rule_exists = [](std::string_view code) { return find_rule(code) != nullptr; };
    if (!config::parse_config(*text, *file, rule_exists, &error)) {
      std::cerr << "iamtrim: " << error.message << "\n";
      return std::nullopt;
    }
    EvidenceConfigResult r = apply_evidence_config(*text, file->generic_string(), s.rules, s.input);
    for (const EvidenceError& e : r.errors) std::cerr << "iamtrim: " << format_error(e) << "\n";
    if (!r.ok()) return std::nullopt;
    s.config_file = file->generic_string();
  }
  if (a.window > 0) s.input.window_days = a.window;
  if (!as_of_input(a.as_of, s.input)) return std::nullopt;
  // decide() reads no clock; reports dated after this instant are refused.
  s.input.now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  return s;
}

}  // namespace iamtrim::cli
