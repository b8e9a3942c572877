// Size quotas for narrowed policies. The quotas themselves live in
// rules/quotas.yaml (shared with the lint rule IAM601), so the numbers are
// written down once.
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

#include "iamtrim/narrow.hpp"
#include "iamtrim/rules.hpp"

namespace iamtrim {
namespace {

struct Quota {
  std::string name;
  std::size_t limit = 0;
  bool whitespace_counts = false;
};

std::string quota_key(PolicyKind kind, Attachment attachment) {
  if (kind == PolicyKind::Scp) return "scp";
  if (kind == PolicyKind::Trust) return "trust";
  if (kind == PolicyKind::Resource) return "";  // resource policies have per-service limits
  switch (attachment) {
    case Attachment::InlineUser: return "inline-user";
    case Attachment::InlineGroup: return "inline-group";
    case Attachment::InlineRole: return "inline-role";
    // A policy file of unknown attachment is most often a managed policy
    // (and boundaries are managed policies), so that quota applies.
    case Attachment::Managed:
    case Attachment::Unknown: return "managed";
  }
  return "";
}

// Every entry of the embedded quotas file, parsed once: narrowing a whole
// account measures thousands of policies, and parsing the YAML for each one
// cost more than narrowing them. A broken file yields no quotas (the lint
// stage's tests check the file itself).
std::map<std::string, Quota> parse_quotas() {
  std::map<std::string, Quota> out;
  auto text = embedded_rule_file("quotas.yaml");
  if (!text) return out;
  try {
    YAML::Node root = YAML::Load(std::string(*text));
    std::set<std::string> seen;
    for (const auto& entry : root)
      if (!seen.insert(entry.first.as<std::string>()).second) return {};  // duplicate key
    for (const auto& entry : root) {
      const YAML::Node node = entry.second;
      if (!node["limit"]) continue;
      const std::string key = entry.first.as<std::string>();
      out[key] = Quota{key, node["limit"].as<std::size_t>(),
                       node["whitespace_counts"] && node["whitespace_counts"].as<bool>()};
    }
  } catch (const YAML::Exception&) {
    return {};
  }
  return out;
}

std::optional<Quota> load_quota(const std::string& key) {
  static const std::map<std::string, Quota> quotas = parse_quotas();  // thread-safe initialisation
  auto it = quotas.find(key);
  if (it == quotas.end()) return std::nullopt;
  return it->second;
}

// Characters (code points), the unit AWS counts quotas in.
std::size_t characters(std::string_view text) {
  std::size_t n = 0;
  for (char ch : text)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

std::size_t measure(const Policy& policy, const Quota& q) {
  // The compact form has no whitespace outside strings; whitespace inside
  // strings is counted, which can only overstate the size.
  return characters(write_policy(policy, {.pretty = q.whitespace_counts}));
}

}  // namespace

SizeReport check_size(const Catalog& catalog, const Policy& policy, PolicyKind kind, Attachment attachment) {
  SizeReport r;
  r.catalog_version = std::string(catalog.version());
  std::optional<Quota> q = load_quota(quota_key(kind, attachment));
  if (!q) {
    r.size = characters(write_policy(policy, {.pretty = false}));
    r.message = "no size quota applies to this policy kind";
    return r;
  }
  r.size = measure(policy, *q);
  r.quota = q->limit;
  r.quota_name = q->name;
  r.fits = r.size <= q->limit;
  if (r.fits) {
    r.message = std::to_string(r.size) + " of " + std::to_string(q->limit) + " characters (" + q->name + " quota)";
    return r;
  }
  // Propose a split: consecutive statements packed greedily into policies
  // that each fit, measured the same way as the whole.
  Policy part = policy;
  part.statements.clear();
  part.statement_single = false;
  part.has_statement = true;
  std::vector<std::size_t> group;
  bool single_too_large = false;
  for (std::size_t i = 0; i < policy.statements.size(); ++i) {
    part.statements.push_back(policy.statements[i]);
    if (measure(part, *q) > q->limit && !group.empty()) {
      r.split.push_back(group);
      group.clear();
      part.statements.erase(part.statements.begin(), part.statements.end() - 1);
    }
    group.push_back(i);
    if (part.statements.size() == 1 && measure(part, *q) > q->limit) single_too_large = true;
  }
  if (!group.empty()) r.split.push_back(group);
  r.message = std::to_string(r.size) + " characters exceed the " + q->name + " quota of " +
              std::to_string(q->limit) + "; ";
  if (single_too_large)
    r.message += "a single statement is larger than the quota, so split its Action list across policies";
  else
    r.message += "split into " + std::to_string(r.split.size()) + " policies by statement";
  return r;
}

}  // namespace iamtrim
