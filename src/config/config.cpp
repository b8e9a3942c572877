#include "config/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "config/custom_rules.hpp"
#include "config/glob.hpp"
#include "config/yaml_reader.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/evidence.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim::config {
namespace {

struct Parser : YamlReader {
  const RuleExists& rule_exists;
  // Rule names met in rules, severity and paths.ignore-rules, checked once
  // the custom rules (which may come later in the file) are known.
  mutable std::vector<YAML::Node> rule_names;

  std::string rule(const YAML::Node& key) const {
    rule_names.push_back(key);
    return key.Scalar();
  }

  void check_rule_names(const Config& c) const {
    for (const YAML::Node& key : rule_names) {
      const std::string& name = key.Scalar();
      if (rule_exists(name)) continue;
      bool custom = std::any_of(c.custom_rules.begin(), c.custom_rules.end(), [&](const CustomRule& r) {
        return iequals(r.code, name) || r.slug == name;
      });
      if (custom) continue;
      // The nearest names among the rules this parse accepts.
      std::vector<std::string> names;
      for (const RuleInfo& r : lint_rules())
        if (rule_exists(r.code)) names.push_back(r.code), names.push_back(r.slug);
      for (const CustomRule& r : c.custom_rules) names.push_back(r.code), names.push_back(r.slug);
      auto near = nearest_names(name, names, 1);
      fail(key, "unknown rule '" + name + "'" + (near.empty() ? "" : " (did you mean " + near.front() + "?)") +
                    " (see `iamtrim rules`)");
    }
  }

  void rules(const YAML::Node& n, Config& c) const {
    for (auto& [key, value] : entries(n, "rules")) {
      std::string v = scalar(value, "rules." + key.Scalar());
      // YAML 1.1 readers turn bare on/off into booleans; accept both spellings.
      if (v == "on" || v == "true") c.rules[rule(key)] = true;
      else if (v == "off" || v == "false") c.rules[rule(key)] = false;
      else fail(value, "rules." + key.Scalar() + " must be on or off, not '" + v + "'");
    }
  }

  void severity(const YAML::Node& n, Config& c) const {
    for (auto& [key, value] : entries(n, "severity")) {
      std::string v = scalar(value, "severity." + key.Scalar());
      auto s = parse_severity(v);
      if (!s) fail(value, "severity." + key.Scalar() + " must be error, security, warning or suggestion, not '" + v + "'");
      c.severity[rule(key)] = *s;
    }
  }

  void paths(const YAML::Node& n, Config& c) const {
    if (!n.IsSequence()) fail(n, "paths must be a list of {glob, kind, ignore-rules}");
    for (const YAML::Node& item : n) {
      PathRule r;
      for (auto& [key, value] : entries(item, "paths entry")) {
        const std::string& k = key.Scalar();
        if (k == "glob") {
          r.glob = scalar(value, "paths.glob");
        } else if (k == "kind") {
          std::string v = scalar(value, "paths.kind");
          r.kind = parse_policy_kind(v);
          if (!r.kind) fail(value, "unknown policy kind '" + v + "' (identity, resource, trust, scp, boundary)");
        } else if (k == "ignore-rules") {
          if (!value.IsSequence()) fail(value, "paths.ignore-rules must be a list");
          for (const YAML::Node& code : value) {
            scalar(code, "paths.ignore-rules entries");
            r.ignore_rules.push_back(rule(code));
          }
        } else {
          fail(key, "unknown key '" + k + "' in paths entry (glob, kind, ignore-rules)");
        }
      }
      if (r.glob.empty()) fail(item, "paths entry needs a glob");
      c.paths.push_back(std::move(r));
    }
  }

  std::vector<AccessLevel> access_levels(const YAML::Node& n, const std::string& what) const {
    std::vector<AccessLevel> out;
    if (!n.IsSequence()) fail(n, what + " must be a list of access levels (List, Read, Write, Permissions management, Tagging)");
    for (const YAML::Node& item : n) {
      const std::string v = scalar(item, what + " entries");
      std::optional<AccessLevel> level;
      for (AccessLevel l : {AccessLevel::List, AccessLevel::Read, AccessLevel::Write, AccessLevel::PermissionsManagement,
                            AccessLevel::Tagging})
        if (iequals(v, to_string(l))) level = l;
      if (!level) fail(item, what + ": unknown access level '" + v + "' (List, Read, Write, Permissions management, Tagging)");
      if (std::find(out.begin(), out.end(), *level) == out.end()) out.push_back(*level);
    }
    return out;
  }

  // narrow.keep_low_risk_wildcards: true/false, or which access levels and
  // services count as low-risk (narrow.hpp, LowRiskWildcards).
  LowRiskWildcards low_risk(const YAML::Node& n) const {
    const std::string what = "narrow.keep_low_risk_wildcards";
    LowRiskWildcards r;
    if (n.IsScalar()) {
      const std::string v = n.Scalar();
      if (v == "true" || v == "on") return r;
      if (v == "false" || v == "off") {
        r.enabled = false;
        return r;
      }
      fail(n, what + " must be true, false or a mapping {access_levels, services, except}, not '" + v + "'");
    }
    for (auto& [key, value] : entries(n, what)) {
      const std::string& k = key.Scalar();
      if (k == "access_levels") {
        r.access_levels = access_levels(value, what + ".access_levels");
      } else if (k == "services") {
        for (auto& [svc, levels] : entries(value, what + ".services")) {
          const std::string prefix = to_lower(svc.Scalar());
          if (!Catalog::embedded().find_service(prefix))
            fail(svc, what + ".services: unknown service prefix '" + svc.Scalar() + "' (catalog " +
                          std::string(Catalog::embedded().version()) + ")");
          r.services[prefix] = access_levels(levels, what + ".services." + svc.Scalar());
        }
      } else if (k == "except") {
        if (!value.IsSequence()) fail(value, what + ".except must be a list of action patterns");
        for (const YAML::Node& item : value) {
          const std::string p = scalar(item, what + ".except entries");
          if (p.find(':') == std::string::npos || p.find(':') == 0 || p.find(':') + 1 == p.size())
            fail(item, what + ".except: '" + p + "' is not an action pattern service:Action");
          r.except.push_back(p);
        }
      } else {
        fail(key, "unknown key '" + k + "' in " + what + " (access_levels, services, except)");
      }
    }
    return r;
  }

  void narrow(const YAML::Node& n, Config& c) const {
    for (auto& [key, value] : entries(n, "narrow")) {
      if (key.Scalar() == "keep_low_risk_wildcards") c.low_risk = low_risk(value);
      else fail(key, "unknown key '" + key.Scalar() + "' in narrow (keep_low_risk_wildcards)");
    }
  }

  // narrow's sections, read by the evidence stage: checked on scratch
  // copies so that lint refuses what narrow would refuse.
  void evidence_sections(const std::string& text) const {
    TrackingRules rules = TrackingRules::embedded();
    DecisionInput input;
    EvidenceConfigResult r = apply_evidence_config(text, file, rules, input);
    if (!r.ok()) throw Failure{format_error(r.errors.front())};
  }

  Config parse(const std::string& text, const std::filesystem::path& path) const {
    Config c;
    c.file = path;
    c.base = path.parent_path();
    YAML::Node root = YAML::Load(text);
    if (root.IsNull()) return c;  // an empty file is a valid, empty configuration
    const YAML::Node& sections = root;  // const: a lookup must not add the key
    if (root.IsMap() && (sections["evidence"] || sections["tracking"])) evidence_sections(text);
    for (auto& [key, value] : entries(root, "the configuration")) {
      const std::string& k = key.Scalar();
      if (k == "rules") rules(value, c);
      else if (k == "severity") severity(value, c);
      else if (k == "ignore") c.ignore = scalars(value, "ignore");
      else if (k == "paths") paths(value, c);
      else if (k == "narrow") narrow(value, c);
      else if (k == "catalog") c.catalog = c.base / scalar(value, "catalog");
      else if (k == "fail-on") {
        std::string v = scalar(value, "fail-on");
        c.fail_on = parse_fail_on(v);
        if (!c.fail_on) fail(value, "fail-on must be error, security, warning, suggestion or none, not '" + v + "'");
      } else if (k == "report-unused-ignores") {
        std::string v = scalar(value, "report-unused-ignores");
        if (v != "true" && v != "false") fail(value, "report-unused-ignores must be true or false, not '" + v + "'");
        c.report_unused_ignores = v == "true";
      } else if (k == "custom-rules") {
        read_custom_rules(*this, value, c.custom_rules);
      } else if (k == "custom-rules-dir") {
        read_custom_rules_dir(*this, value, c.base, c.custom_rules);
      } else if (std::find(std::begin(kReservedSections), std::end(kReservedSections), k) ==
                 std::end(kReservedSections)) {
        std::vector<std::string> keys = {"rules",   "severity", "ignore",  "paths", "catalog", "fail-on",
                                         "report-unused-ignores", "custom-rules", "custom-rules-dir"};
        auto near = nearest_names(k, keys, 1);
        fail(key, "unknown key '" + k + "'" + (near.empty() ? "" : " (did you mean " + near.front() + "?)") +
                      "; the keys are " + join(keys) + ", and the sections " + join({"narrow", "evidence"}) +
                      " of other commands");
      }
    }
    check_custom_rules_unique(c.custom_rules, rule_exists);
    check_rule_names(c);
    return c;
  }
};

}  // namespace

std::optional<FailOn> parse_fail_on(std::string_view text) {
  if (text == "none") return FailOn{};
  if (auto s = parse_severity(text)) return FailOn{*s};
  return std::nullopt;
}

bool fails(const FailOn& threshold, Severity severity) {
  // Severity is ordered from most to least severe.
  return threshold.at_least && static_cast<int>(severity) <= static_cast<int>(*threshold.at_least);
}

std::optional<Config> parse_config(const std::string& text, const std::filesystem::path& file,
                                   const RuleExists& rule_exists, ConfigError* error) {
  Parser p{{file.generic_string()}, rule_exists, {}};
  // YAML admits no NUL byte, and yaml-cpp's positions go wrong after one.
  if (std::size_t nul = text.find('\0'); nul != std::string::npos) {
    std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
    if (error) error->message = p.file + ":" + std::to_string(line) + ": a NUL byte: not a YAML text file";
    return std::nullopt;
  }
  try {
    return p.parse(text, file);
  } catch (const Failure& f) {
    if (error) error->message = f.message;
  } catch (const YAML::Exception& e) {
    std::string where = p.file;
    if (e.mark.line >= 0) where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    if (error) error->message = where + ": invalid YAML: " + e.msg;
  }
  return std::nullopt;
}

std::optional<Config> load_config(const std::filesystem::path& file, const RuleExists& rule_exists,
                                  ConfigError* error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (error) error->message = file.generic_string() + ": cannot read the configuration file";
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), file, rule_exists, error);
}

std::optional<std::filesystem::path> find_config(const std::filesystem::path& start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start, ec);
  if (ec) return std::nullopt;
  while (true) {
    std::filesystem::path candidate = dir / kConfigFileName;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

bool is_ignored(const Config& config, std::string_view relative_path) {
  for (const std::string& g : config.ignore)
    if (glob_match(g, relative_path)) return true;
  return false;
}

const PathRule* path_rule(const Config& config, std::string_view relative_path) {
  for (const PathRule& r : config.paths)
    if (glob_match(r.glob, relative_path)) return &r;
  return nullptr;
}

}  // namespace iamtrim::config
