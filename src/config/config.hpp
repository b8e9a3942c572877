// .iamtrim.yaml: project configuration for `iamtrim lint`.
//
// Found by walking from the working directory up to the filesystem root
// (the first file wins), or named with --config. Schema (docs/lint-usage.md):
//
//   rules:    {IAM104: off, IAM201: on}         on/off per rule (code or slug)
//   severity: {IAM104: error}                   severity override per rule
//   ignore:   ["vendor/**", "*.tfstate.json"]   paths never linted
//   paths:                                      per-path settings, first match wins
//     - glob: "scp/**"
//       kind: scp
//       ignore-rules: [IAM401]
//   catalog: ./catalog                          catalog DIR, relative to this file
//   fail-on: security                           error|security|warning|suggestion|none
//
// Sections reserved for other commands (kReservedSections) are accepted and
// left to them, except that `evidence:` and `tracking:` (narrow's settings,
// docs/evidence.md) are checked here too, so every command reports their
// mistakes; any other unknown key is an error with its line and column, and
// so is a duplicate key. Globs are relative to the configuration file's
// directory.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/lint.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim::config {

inline constexpr std::string_view kConfigFileName = ".iamtrim.yaml";
// Top-level sections owned by other commands; lint ignores them.
inline constexpr std::string_view kReservedSections[] = {"narrow", "evidence", "tracking", "escalation"};

// The --fail-on threshold: findings at or above it fail the run.
struct FailOn {
  std::optional<Severity> at_least;  // nullopt = "none": never fail on findings
};
std::optional<FailOn> parse_fail_on(std::string_view text);
bool fails(const FailOn& threshold, Severity severity);

struct PathRule {
  std::string glob;
  std::optional<PolicyKind> kind;
  std::vector<std::string> ignore_rules;
};

struct Config {
  std::filesystem::path file;  // where it was read; empty for defaults
  std::filesystem::path base;  // directory the globs are relative to
  std::map<std::string, bool> rules;
  std::map<std::string, Severity> severity;
  std::vector<std::string> ignore;
  std::vector<PathRule> paths;
  std::filesystem::path catalog;  // resolved against `base`; empty = embedded
  std::optional<FailOn> fail_on;
};

struct ConfigError {
  std::string message;  // "file:line:col: what is wrong"
};

// Whether a rule code or slug exists; the CLI passes the lint registry.
using RuleExists = std::function<bool(std::string_view)>;

std::optional<Config> parse_config(const std::string& text, const std::filesystem::path& file,
                                   const RuleExists& rule_exists, ConfigError* error);
std::optional<Config> load_config(const std::filesystem::path& file, const RuleExists& rule_exists,
                                  ConfigError* error);

// The nearest .iamtrim.yaml in `start` or its parents.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

// True when `relative_path` (relative to config.base, '/' separators) is ignored.
bool is_ignored(const Config& config, std::string_view relative_path);
// The first paths: entry matching the path, or nullptr.
const PathRule* path_rule(const Config& config, std::string_view relative_path);

}  // namespace iamtrim::config
