// The escalation paths a change creates: each changed policy file is mapped
// onto the account (see MappedPolicy in paths.hpp), the account is evaluated
// with the files' old versions and with their new versions, and the paths
// that exist only after the change are reported.
#include <filesystem>
#include <map>

#include "config/glob.hpp"
#include "paths/internal.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

bool is_policy_extension(const std::string& ext) {
  for (const char* e : {".json", ".tf", ".yaml", ".yml", ".template", ".tpl"})
    if (ext == e) return true;
  return false;
}

// "iam/deployer.policy.json" -> "deployer.policy"; "a.tf.json" -> "a".
std::string stem_of(const std::string& path) {
  fs::path p = fs::path(path).filename();
  while (is_policy_extension(p.extension().string())) p = p.stem();
  return p.string();
}

std::string relative_to(const std::string& file, const std::string& dir) {
  std::error_code ec;
  fs::path rel = fs::relative(fs::absolute(file, ec), fs::absolute(dir.empty() ? "." : dir, ec), ec);
  return ec ? file : rel.generic_string();
}

MappedPolicy map_policy(const Account& account, const std::string& path, const FoundPolicy& p,
                        const PathsConfig& config, const std::string& config_dir) {
  MappedPolicy m;
  m.file = path;
  m.name = p.name;
  const std::string rel = relative_to(path, config_dir);
  for (const MapRule& rule : config.map) {
    if (!config::glob_match(rule.file, rel) || (!rule.name.empty() && rule.name != p.name)) continue;
    m.slot = PolicySlot::parse(rule.policy, nullptr);
    m.reason = "configuration map: " + rule.file + " -> " + rule.policy;
    return m;
  }
  const bool owned = p.owner.rfind("role/", 0) == 0 || p.owner.rfind("user/", 0) == 0 || p.owner.rfind("group/", 0) == 0;
  if (owned && is_aws_cli_output(p.format)) {
    PolicySlot s;
    s.owner = p.owner;
    if (p.kind == PolicyKind::Trust) {
      s.kind = PolicySlot::Kind::Trust;
    } else {
      s.name = p.name;
    }
    m.slot = s;
    m.reason = "owner stated by the AWS CLI output";
    return m;
  }
  const std::string name = p.name.empty() ? stem_of(path) : p.name;
  m.name = name;
  if (p.kind == PolicyKind::Trust) {
    for (const AccountPrincipal& pr : account.principals)
      if (pr.type == PrincipalType::Role && pr.name == name) {
        m.slot = PolicySlot{PolicySlot::Kind::Trust, pr.owner(), "trust"};
        m.reason = "trust policy of the role named " + name;
        return m;
      }
    m.reason = "trust policy '" + name + "': no role of that name in the account";
    return m;
  }
  for (const ManagedPolicyInfo& mi : account.managed)
    if (!mi.aws_managed && mi.name == name) {
      m.slot = PolicySlot{PolicySlot::Kind::Managed, "", mi.name};
      m.reason = "customer-managed policy named " + name;
      return m;
    }
  std::vector<std::string> owners;
  for (const FoundPolicy& f : account.policies)
    if (f.kind != PolicyKind::Trust && f.attachment != Attachment::Managed && f.name == name) owners.push_back(f.owner);
  if (owners.size() == 1) {
    m.slot = PolicySlot{PolicySlot::Kind::Inline, owners[0], name};
    m.reason = "the inline policy named " + name;
    return m;
  }
  if (owners.empty()) {
    m.reason = "no customer-managed or inline policy named '" + name +
               "' in the account; add an escalation.map entry to .iamtrim.yaml";
  } else {
    std::string list;
    for (const std::string& o : owners) list += (list.empty() ? "" : ", ") + o;
    m.reason = "inline policy '" + name + "' exists for " + list + "; add an escalation.map entry to .iamtrim.yaml";
  }
  return m;
}

// The policies of one version of a file, or errors.
std::vector<FoundPolicy> policies_of(const std::shared_ptr<const SourceFile>& file, std::vector<EvidenceError>& errors) {
  if (!file) return {};
  SourceResult r = read_source(file);
  for (const Diagnostic& d : r.diagnostics)
    if (d.code == "IAM001" || d.code == "IAM002") errors.push_back({file->path(), d.span, d.pointer, d.message});
  return r.policies;
}

bool same_slot(const PolicySlot& a, const PolicySlot& b) {
  return a.kind == b.kind && iequals(a.owner, b.owner) && a.name == b.name;
}

}  // namespace

PathChanges compare_paths(const Catalog& catalog, const Account& account, const std::vector<ChangedPolicyFile>& files,
                          const PathsConfig& config, const std::string& config_dir, const PathsOptions& options) {
  PathChanges out;
  PathsOptions before = options, after = options;
  for (const ChangedPolicyFile& f : files) {
    std::vector<FoundPolicy> olds = policies_of(f.before, out.errors);
    std::vector<FoundPolicy> news = policies_of(f.after, out.errors);
    std::vector<std::pair<PolicySlot, const FoundPolicy*>> old_slots;
    for (const FoundPolicy& p : olds) {
      MappedPolicy m = map_policy(account, f.path, p, config, config_dir);
      if (m.slot) old_slots.emplace_back(*m.slot, &p);
    }
    std::vector<PolicySlot> new_slots;
    for (const FoundPolicy& p : news) {
      MappedPolicy m = map_policy(account, f.path, p, config, config_dir);
      if (!m.slot) {
        out.unmapped.push_back(std::move(m));
        continue;
      }
      after.overrides.push_back({*m.slot, p});
      new_slots.push_back(*m.slot);
      out.mapped.push_back(std::move(m));
    }
    for (const auto& [slot, p] : old_slots) {
      before.overrides.push_back({slot, *p});
      bool kept = false;
      for (const PolicySlot& s : new_slots) kept = kept || same_slot(s, slot);
      if (!kept) after.overrides.push_back({slot, std::nullopt});  // deleted by the change
    }
  }
  out.before = find_paths(catalog, account, before);
  out.after = find_paths(catalog, account, after);
  std::map<std::size_t, const EscalationPath*> had;
  for (const EscalationPath& p : out.before.paths) had[p.source] = &p;
  std::map<std::size_t, bool> was_at_target;
  for (const TargetReach& t : out.before.at_target) was_at_target[t.node] = true;
  // Node indexes agree: both runs build the nodes from the same account, and
  // outside nodes only from trust policies; compare by id to be safe.
  auto before_node = [&](std::size_t after_node) { return out.before.find_node(out.after.nodes[after_node].id); };
  for (const TargetReach& t : out.after.at_target) {
    auto b = before_node(t.node);
    if (b && was_at_target.count(*b)) continue;
    EscalationPath p;
    p.source = t.node;
    p.reach = t;
    p.conditional = t.conditional();
    p.fingerprint = paths::fingerprint(out.after, p);
    out.new_paths.push_back(std::move(p));
  }
  for (const EscalationPath& p : out.after.paths) {
    auto b = before_node(p.source);
    if (b) {
      if (was_at_target.count(*b)) continue;
      auto it = had.find(*b);
      if (it != had.end() && (!it->second->conditional || p.conditional)) continue;
    }
    out.new_paths.push_back(p);
  }
  return out;
}

}  // namespace iamtrim
