// iamtrim-builtin-data: the build step that compiles rules/ into tables.
//
//   iamtrim-builtin-data --catalog FILE.tsv --rules RULES_DIR --out DIR
//
// Reads the catalog, rules/risk-actions.yaml, rules/condition-keys.yaml,
// rules/arn-services.yaml, rules/quotas.yaml and rules/tracking.yaml with the library's own readers (the same code that
// reads `--catalog DIR` and a user's tracking overrides at run time) and
// writes into DIR:
//   catalog.image         the catalog's binary image (src/catalog/image.hpp),
//                         embedded with .incbin
//   builtin_risk.cpp      the risk lists, the always-present condition keys
//                         actions and the ARN service aliases, with action
//                         ids in that catalog
//   builtin_quotas.cpp    the size quotas
//   builtin_tracking.cpp  the tracking-period rules
// A defect in any file is an error here, so a broken data file fails the
// build instead of a run. Files whose content did not change are not
// rewritten, so an unchanged table is not recompiled; builtin.stamp is
// always touched, for the build's bookkeeping.
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/image.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/evidence.hpp"
#include "lint/risk_data.hpp"

namespace fs = std::filesystem;
using namespace iamtrim;

namespace {

std::optional<std::string> read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool write_if_changed(const fs::path& path, std::string_view content) {
  if (auto old = read(path); old && *old == content) return true;
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) return false;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  return !ec;
}

// A C++ string literal: printable ASCII as is, everything else escaped.
std::string literal(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7F && c != '?') {  // '?': no trigraph surprises
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    }
  }
  return out + "\"";
}

std::string days(Days d) {
  if (d == std::numeric_limits<Days>::min()) return "std::numeric_limits<Days>::min()";
  return "Days{" + std::to_string(d) + "}";
}

const char* kHeader = "// Generated at build time by iamtrim-builtin-data (tools/builtin-data) from rules/. Do not edit.\n";

std::string risk_source(const lint::RiskLists& lists, const lint::ConditionKeyList& keys, const lint::AliasList& aliases,
                        const Catalog& catalog, std::vector<std::string>& unresolved) {
  std::ostringstream o;
  o << kHeader << "#include \"lint/risk_data.hpp\"\n\nnamespace iamtrim::lint {\nnamespace {\n\n";
  auto array = [&](const std::string& name, const std::vector<std::string>& actions) -> std::string {
    if (actions.empty()) return "{}";
    o << "constexpr BuiltinAction " << name << "[] = {\n";
    for (const std::string& a : actions) {
      auto id = catalog.find_action(a);
      if (!id) unresolved.push_back(a);
      o << "    {" << literal(a) << ", " << (id ? std::to_string(*id) + "u" : "kNoAction") << "},\n";
    }
    o << "};\n";
    return name;
  };
  std::string exfiltration = array("kDataExfiltration", lists.data_exfiltration);
  std::string credentials = array("kCredentialsExposure", lists.credentials_exposure);
  std::vector<std::string> methods;
  for (std::size_t i = 0; i < lists.privilege_escalation.size(); ++i)
    methods.push_back(array("kEscalation" + std::to_string(i), lists.privilege_escalation[i].second));
  std::string escalation = "{}";
  if (!methods.empty()) {
    o << "constexpr BuiltinEscalation kEscalation[] = {\n";
    for (std::size_t i = 0; i < methods.size(); ++i)
      o << "    {" << literal(lists.privilege_escalation[i].first) << ", " << methods[i] << "},\n";
    o << "};\n";
    escalation = "kEscalation";
  }
  // condition-keys.yaml: each entry's keys, and its actions as resolve_rule()
  // finds them in this catalog (lower-case full names, so another catalog
  // can look them up).
  std::vector<std::pair<std::string, std::string>> present;  // keys array, actions array
  for (std::size_t i = 0; i < keys.always_present.size(); ++i) {
    const lint::ConditionKeyRule& rule = keys.always_present[i];
    std::vector<std::string> names;
    for (ActionId id : lint::resolve_rule(catalog, rule, unresolved)) names.push_back(to_lower(catalog.full_name(id)));
    const std::string k = "kKeys" + std::to_string(i);
    o << "constexpr std::string_view " << k << "[] = {";
    for (const std::string& key : rule.keys) o << literal(key) << ", ";
    o << "};\n";
    present.emplace_back(k, array("kKeyActions" + std::to_string(i), names));
  }
  std::string always_present = "{}";
  if (!present.empty()) {
    o << "constexpr BuiltinAlwaysPresent kAlwaysPresent[] = {\n";
    for (const auto& [k, a] : present) o << "    {" << k << ", " << a << "},\n";
    o << "};\n";
    always_present = "kAlwaysPresent";
  }
  std::string service_aliases = "{}";
  if (!aliases.aliases.empty()) {
    o << "constexpr BuiltinAlias kServiceAliases[] = {\n";
    for (const auto& [a, b] : aliases.aliases) o << "    {" << literal(a) << ", " << literal(b) << "},\n";
    o << "};\n";
    service_aliases = "kServiceAliases";
  }
  o << "\n}  // namespace\n\nconst BuiltinRisk& builtin_risk() {\n"
    << "  static constexpr BuiltinRisk risk{" << literal(catalog.version()) << ", " << exfiltration << ", " << credentials
    << ", " << escalation << ", " << always_present << ", " << service_aliases
    << "};\n  return risk;\n}\n\n}  // namespace iamtrim::lint\n";
  return o.str();
}

std::string quota_source(const lint::QuotaList& list) {
  std::ostringstream o;
  o << kHeader << "#include \"iamtrim/rules.hpp\"\n\nnamespace iamtrim {\nnamespace {\n\n"
    << "constexpr SizeQuota kQuotas[] = {\n";
  for (const auto& [kind, q] : list.quotas)
    o << "    {" << literal(kind) << ", " << q.limit << ", " << (q.whitespace_counts ? "true" : "false") << ", "
      << literal(q.source) << "},\n";
  o << "};\n\n}  // namespace\n\nstd::span<const SizeQuota> size_quotas() { return kQuotas; }\n\n}  // namespace iamtrim\n";
  return o.str();
}

std::string tracking_source(const TrackingRules& r) {
  std::ostringstream o;
  o << kHeader << "#include <limits>\n\n#include \"evidence/builtin.hpp\"\n\nnamespace iamtrim::evidence {\n\n"
    << "TrackingRules builtin_tracking_rules() {\n  TrackingRules r;\n";
  o << "  r.service_level = {\n";
  for (const auto& s : r.service_level)
    o << "      {" << days(s.from) << ", " << s.days << ", " << literal(s.source) << "},\n";
  o << "  };\n";
  o << "  r.activity_delay_hours = " << r.activity_delay_hours << ";\n";
  o << "  r.activity_delay_source = " << literal(r.activity_delay_source) << ";\n";
  o << "  r.action_level_start = {\n";
  for (const auto& [service, fact] : r.action_level_start)
    o << "      {" << literal(service) << ", {" << days(fact.date) << ", " << literal(fact.source) << "}},\n";
  o << "  };\n";
  o << "  r.region_start = {\n";
  for (const auto& [name, region] : r.region_start)
    o << "      {" << literal(name) << ", {" << days(region.date) << ", "
      << (region.launched ? "std::optional<Days>{" + days(*region.launched) + "}" : std::string("std::nullopt")) << ", "
      << literal(region.source) << ", " << literal(region.launch_source) << "}},\n";
  o << "  };\n";
  o << "  r.region_table_captured = {" << days(r.region_table_captured.date) << ", "
    << literal(r.region_table_captured.source) << "};\n";
  o << "  r.never_tracked = {\n";
  for (const auto& n : r.never_tracked) o << "      {" << literal(n.pattern) << ", " << literal(n.source) << "},\n";
  o << "  };\n";
  o << "  r.permission_only = {\n";
  for (const auto& p : r.permission_only)
    o << "      {" << literal(p.pattern) << ", " << literal(p.reason) << ", " << literal(p.source) << "},\n";
  o << "  };\n  return r;\n}\n\n}  // namespace iamtrim::evidence\n";
  return o.str();
}

int usage() {
  std::cerr << "usage: iamtrim-builtin-data --catalog FILE.tsv --rules RULES_DIR --out DIR\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path catalog_file, rules, out;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--catalog") catalog_file = argv[i + 1];
    else if (flag == "--rules") rules = argv[i + 1];
    else if (flag == "--out") out = argv[i + 1];
    else return usage();
  }
  if (catalog_file.empty() || rules.empty() || out.empty() || argc % 2 == 0) return usage();
  int failures = 0;
  auto fail = [&](const std::string& message) {
    std::cerr << "iamtrim-builtin-data: " << message << "\n";
    ++failures;
  };
  auto text = [&](const fs::path& path) {
    auto t = read(path);
    if (!t) fail("cannot read " + path.string());
    return t.value_or("");
  };

  const std::string tsv = text(catalog_file);
  std::vector<std::uint64_t> image;
  CatalogError error;
  if (!catalog_image::build(tsv, image, &error))
    fail(catalog_file.string() + ":" + std::to_string(error.line) + ": " + error.message);
  auto catalog = Catalog::parse(tsv, &error);

  lint::RiskLists risk = lint::read_risk_lists(text(rules / "risk-actions.yaml"));
  for (const std::string& e : risk.errors) fail(e);
  lint::ConditionKeyList keys = lint::read_condition_keys(text(rules / "condition-keys.yaml"));
  for (const std::string& e : keys.errors) fail(e);
  lint::AliasList aliases = lint::read_arn_services(text(rules / "arn-services.yaml"));
  for (const std::string& e : aliases.errors) fail(e);
  lint::QuotaList quotas = lint::read_quotas(text(rules / "quotas.yaml"));
  for (const std::string& e : quotas.errors) fail(e);
  if (quotas.quotas.empty()) fail("quotas.yaml: no quota");
  TrackingRulesResult tracking = parse_tracking_rules(text(rules / "tracking.yaml"), "rules/tracking.yaml");
  for (const EvidenceError& e : tracking.errors) fail(e.file + ": " + e.message);
  if (failures || !catalog || !tracking.rules) return 1;

  std::vector<std::string> unresolved;
  const std::string risk_cpp = risk_source(risk, keys, aliases, *catalog, unresolved);
  // A name the catalog lacks is allowed (a risk list may be newer than the
  // catalog) but worth a line in the build log.
  for (const std::string& name : unresolved)
    std::cerr << "iamtrim-builtin-data: note: risk-actions.yaml or condition-keys.yaml names " << name
              << ", which catalog " << catalog->version() << " does not know\n";

  std::error_code ec;
  fs::create_directories(out, ec);
  const std::string_view image_bytes(reinterpret_cast<const char*>(image.data()), image.size() * sizeof(std::uint64_t));
  if (!write_if_changed(out / "catalog.image", image_bytes) || !write_if_changed(out / "builtin_risk.cpp", risk_cpp) ||
      !write_if_changed(out / "builtin_quotas.cpp", quota_source(quotas)) ||
      !write_if_changed(out / "builtin_tracking.cpp", tracking_source(*tracking.rules))) {
    fail("cannot write into " + out.string());
    return 1;
  }
  // Always touched: the build's record that this run happened.
  std::ofstream(out / "builtin.stamp", std::ios::trunc) << catalog->version() << "\n";
  return 0;
}
