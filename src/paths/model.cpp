// Compiles an account for evaluation: every policy document parsed and
// expanded once (a managed policy shared by a thousand roles is compiled
// once), every principal with the policies that apply to it, its boundary,
// tags and trust policy, and the SCPs.
#include <algorithm>
#include <cstdio>

#include "paths/internal.hpp"

namespace iamtrim::paths {
namespace {


// "arn:aws:iam::123456789012:role/x" -> partition and account.
bool split_account(std::string_view arn, std::string& partition, std::string& account) {
  if (arn.substr(0, 4) != "arn:") return false;
  std::size_t p1 = arn.find(':', 4);
  if (p1 == std::string_view::npos) return false;
  std::size_t p2 = arn.find(':', p1 + 1), p3 = p2 == std::string_view::npos ? p2 : arn.find(':', p2 + 1);
  std::size_t p4 = p3 == std::string_view::npos ? p3 : arn.find(':', p3 + 1);
  if (p4 == std::string_view::npos) return false;
  partition = std::string(arn.substr(4, p1 - 4));
  account = std::string(arn.substr(p3 + 1, p4 - p3 - 1));
  return true;
}

bool covers_every_arn(const std::string& pattern, const std::string& all) {
  if (pattern == "*") return true;
  if (pattern.find('*') == std::string::npos) return false;
  // A literal character the ARNs need not contain cannot be matched by all of
  // them: most patterns are settled here, before the containment search.
  for (char c : pattern)
    if (c != '*' && c != '?' && all.find(c) == std::string::npos) return false;
  return glob_contains(pattern, all) == GlobVerdict::Yes;
}

class Builder {
 public:
  Builder(const Catalog& catalog, const Account& account, const PathsOptions& options, Model& m)
      : catalog_(catalog), account_(account), options_(options), m_(m) {}

  void run() {
    m_.catalog = &catalog_;
    find_account();
    index_documents();
    apply_overrides();
    make_actors();
    read_scps();
  }

 private:
  struct Slot {
    std::string owner, name;  // owner "role/x" lower-cased; name as written
  };

  void find_account() {
    for (const AccountPrincipal& p : account_.principals) {
      std::string partition, account;
      if (!split_account(p.arn, partition, account)) continue;
      if (m_.account.empty()) {
        m_.account = account;
        m_.partition = partition;
      } else if (account != m_.account) {
        m_.errors.push_back({account_.file ? account_.file->path() : "", {}, p.pointer,
                             "principal " + p.arn + " belongs to account " + account + ", not " + m_.account +
                                 ": one authorization details file describes one account"});
      }
    }
    if (m_.partition.empty()) m_.partition = "aws";
    all_arns_ = "arn:" + m_.partition + ":*:*:*:*";
  }

  // Which document is the inline policy, trust policy or managed version.
  void index_documents() {
    for (const FoundPolicy& p : account_.policies) {
      if (p.kind == PolicyKind::Trust) {
        trust_[to_lower(p.owner)] = &p;
      } else if (p.attachment == Attachment::Managed) {
        // "/Policies/3/PolicyVersionList/0/Document"
        std::size_t index = 0;
        if (std::sscanf(p.pointer.c_str(), "/Policies/%zu/", &index) != 1 || index >= account_.managed.size()) continue;
        auto& versions = managed_docs_[index];
        if (p.default_version) versions.insert(versions.begin(), &p);
        else versions.push_back(&p);
      } else {
        inline_[to_lower(p.owner)].emplace_back(p.name, &p);
      }
    }
  }

  const ManagedPolicyInfo* managed_by(std::string_view name_or_arn, std::size_t* index) const {
    for (std::size_t i = 0; i < account_.managed.size(); ++i) {
      const ManagedPolicyInfo& mi = account_.managed[i];
      if (mi.aws_managed) continue;
      if (iequals(mi.arn, name_or_arn) || mi.name == name_or_arn) {
        *index = i;
        return &mi;
      }
    }
    return nullptr;
  }

  bool owner_exists(const std::string& owner) const {
    for (const AccountPrincipal& p : account_.principals)
      if (iequals(p.owner(), owner)) return true;
    return false;
  }

  void override_error(const PolicyOverride& o, const std::string& message) {
    m_.errors.push_back({o.document ? o.document->file->path() : "", {}, "", o.slot.label() + ": " + message});
  }

  void apply_overrides() {
    for (const PolicyOverride& o : options_.overrides) {
      const FoundPolicy* doc = nullptr;
      if (o.document) {
        extra_docs_.push_back(*o.document);
        doc = &extra_docs_.back();
      }
      const std::string owner = to_lower(o.slot.owner);
      switch (o.slot.kind) {
        case PolicySlot::Kind::Trust:
          if (!owner_exists(o.slot.owner) || owner.rfind("role/", 0) != 0) {
            override_error(o, "no such role in the account");
            break;
          }
          if (doc) trust_[owner] = doc;
          else trust_.erase(owner);
          break;
        case PolicySlot::Kind::Inline: {
          if (!owner_exists(o.slot.owner)) {
            override_error(o, "no such principal in the account");
            break;
          }
          auto& list = inline_[owner];
          auto it = std::find_if(list.begin(), list.end(), [&](const auto& e) { return e.first == o.slot.name; });
          if (it != list.end()) {
            if (doc) it->second = doc;
            else list.erase(it);
          } else if (doc) {
            list.emplace_back(o.slot.name, doc);
          }
          break;
        }
        case PolicySlot::Kind::Managed: {
          std::size_t index = 0;
          if (!managed_by(o.slot.name, &index)) {
            override_error(o, "no customer-managed policy of that name or ARN in the account");
            break;
          }
          auto& versions = managed_docs_[index];
          if (versions.empty() || !versions.front()->default_version) versions.insert(versions.begin(), nullptr);
          versions.front() = doc;  // nullptr: removed (attached principals lose it)
          break;
        }
      }
    }
  }

  const CPolicy* compile(const FoundPolicy& found, PolicyRole role, std::string label, std::string name,
                         std::string arn) {
    CPolicy& c = m_.policies.emplace_back();
    c.role = role;
    c.label = std::move(label);
    c.name = std::move(name);
    c.arn = std::move(arn);
    c.file = found.file;
    PolicyResult parsed = parse_policy(found.document, found.pointer);
    if (!parsed.usable) {
      m_.warnings.push_back(c.label + ": not a usable policy document; it is left out");
      parsed.policy = Policy{};
    }
    c.policy = std::make_unique<Policy>(std::move(parsed.policy));
    c.variables = c.policy->version && c.policy->version->text == "2012-10-17";
    c.model = ::iamtrim::build_model(catalog_, *c.policy);
    c.statements.reserve(c.model.grants.size());
    const std::size_t universe = catalog_.action_count();
    for (const Grant& g : c.model.grants) {
      CStatement s;
      s.grant = &g;
      s.all_actions = g.actions.count() == universe;
      if (!g.resources.negated)
        for (std::size_t i = 0; i < g.resources.patterns.size(); ++i)
          if (!g.resources.opaque[i] && covers_every_arn(g.resources.patterns[i], all_arns_)) s.covers_all = true;
      if (c.variables)
        for (const std::string& p : g.resources.patterns)
          if (has_policy_variable(p)) s.variables = true;
      c.statements.push_back(s);
    }
    return &c;
  }

  // The default version of managed policy `index` compiled for `role`.
  const CPolicy* managed(std::size_t index, PolicyRole role) {
    auto key = std::make_pair(index, role == PolicyRole::Boundary);
    if (auto it = managed_cache_.find(key); it != managed_cache_.end()) return it->second;
    const CPolicy* out = nullptr;
    auto docs = managed_docs_.find(index);
    const ManagedPolicyInfo& mi = account_.managed[index];
    if (docs != managed_docs_.end() && !docs->second.empty() && docs->second.front() &&
        docs->second.front()->default_version)
      out = compile(*docs->second.front(), role,
                    (role == PolicyRole::Boundary ? "permissions boundary " : "managed policy ") + mi.name, mi.name,
                    mi.arn);
    managed_cache_[key] = out;
    return out;
  }

  std::vector<const CPolicy*> other_versions(std::size_t index) {
    std::vector<const CPolicy*> out;
    auto docs = managed_docs_.find(index);
    if (docs == managed_docs_.end()) return out;
    const ManagedPolicyInfo& mi = account_.managed[index];
    for (const FoundPolicy* f : docs->second)
      if (f && !f->default_version)
        out.push_back(compile(*f, PolicyRole::Identity, "managed policy " + mi.name + " version " + f->version_id,
                              mi.name, mi.arn));
    return out;
  }

  std::optional<std::size_t> managed_index(const std::string& arn) {
    if (managed_by_arn_.empty())
      for (std::size_t i = 0; i < account_.managed.size(); ++i) managed_by_arn_.emplace(to_lower(account_.managed[i].arn), i);
    auto it = managed_by_arn_.find(to_lower(arn));
    if (it == managed_by_arn_.end()) return std::nullopt;
    return it->second;
  }

  void make_actors() {
    const std::string details = account_.file ? account_.file->path() : "";
    for (const AccountPrincipal& p : account_.principals) {
      Actor a;
      a.type = p.type;
      a.name = p.name;
      a.arn = p.arn;
      a.id = p.owner();
      a.tags = p.tags;
      a.instance_profile = !p.instance_profiles.empty();
      a.service_linked = p.arn.find(":role/aws-service-role/") != std::string::npos;
      a.node = m_.nodes.size();
      NodeKind kind = p.type == PrincipalType::User ? NodeKind::User
                      : p.type == PrincipalType::Group ? NodeKind::Group
                                                       : NodeKind::Role;
      m_.nodes.push_back({kind, a.id, a.arn});
      m_.node_index[a.id] = a.node;
      m_.actor_of_node.push_back(static_cast<std::ptrdiff_t>(m_.actors.size()));
      const std::string owner = to_lower(a.id);
      if (auto it = inline_.find(owner); it != inline_.end())
        for (const auto& [name, doc] : it->second)
          if (doc)
            a.identity.push_back({compile(*doc, PolicyRole::Identity, a.id + " inline policy " + name, name, ""), kNoGroup});
      for (const std::string& arn : p.managed) {
        auto index = managed_index(arn);
        const CPolicy* c = index ? managed(*index, PolicyRole::Identity) : nullptr;
        if (!c) {
          m_.warnings.push_back(arn + " (attached to " + a.id + ") is not in " + details +
                                ": what it grants is not known, so no path through it is reported");
          continue;
        }
        a.identity.push_back({c, kNoGroup});
        if (!account_.managed[*index].aws_managed) a.attached.push_back({c, other_versions(*index), kNoGroup});
      }
      if (!p.boundary.empty()) {
        a.boundary_arn = p.boundary;
        auto index = managed_index(p.boundary);
        a.boundary = index ? managed(*index, PolicyRole::Boundary) : nullptr;
        if (a.boundary) a.boundary_uses.push_back({a.boundary, kNoGroup});
        if (!a.boundary)
          m_.warnings.push_back("permissions boundary " + p.boundary + " of " + a.id + " is not in " + details +
                                ": edges it could limit are shown as conditional");
      }
      if (p.type == PrincipalType::Role) {
        if (auto it = trust_.find(owner); it != trust_.end() && it->second)
          a.trust = compile(*it->second, PolicyRole::Trust, a.id + " trust policy", "", "");
      }
      m_.by_arn[to_lower(a.arn)] = m_.actors.size();
      m_.by_id[owner] = m_.actors.size();
      m_.actors.push_back(std::move(a));
    }
    // Users take their groups' policies.
    for (std::size_t i = 0; i < account_.principals.size(); ++i) {
      const AccountPrincipal& p = account_.principals[i];
      if (p.type != PrincipalType::User) continue;
      Actor& user = m_.actors[i];
      for (const std::string& g : p.groups) {
        auto it = m_.by_id.find(to_lower("group/" + g));
        if (it == m_.by_id.end()) {
          m_.warnings.push_back(user.id + " is a member of group " + g + ", which is not in " + details);
          continue;
        }
        const Actor& group = m_.actors[it->second];
        const auto via = static_cast<std::ptrdiff_t>(it->second);
        user.groups.push_back(it->second);
        for (const PolicyUse& u : group.identity) user.identity.push_back({u.policy, via});
        for (const Attached& at : group.attached) user.attached.push_back({at.policy, at.other_versions, via});
      }
    }
    for (Actor& a : m_.actors)
      for (const PolicyUse& u : a.identity)
        for (const CStatement& s : u.policy->statements)
          if (s.grant->effect == Effect::Deny) a.has_deny = true;
  }

  void read_scps() {
    for (const auto& file : options_.scps) {
      SourceOptions so;
      so.kind = PolicyKind::Scp;
      SourceResult r = read_source(file, so);
      bool bad = r.unrecognised || r.policies.empty();
      for (const FoundPolicy& p : r.policies) bad = bad || p.format != SourceFormat::Json;
      for (const Diagnostic& d : r.diagnostics)
        if (d.code == "IAM001" || d.code == "IAM002") {
          m_.errors.push_back({file->path(), d.span, d.pointer, d.message});
          bad = true;
        }
      if (bad) {
        if (r.diagnostics.empty())
          m_.errors.push_back({file->path(), {}, "",
                               "not a service control policy (expected a policy document, as `aws organizations "
                               "describe-policy --query Policy.Content --output text` prints it)"});
        continue;
      }
      for (const FoundPolicy& p : r.policies) {
        PolicyResult parsed = parse_policy(p.document, p.pointer);
        if (!parsed.usable) {
          m_.errors.push_back({file->path(), p.document.span, p.pointer, "not a usable policy document"});
          continue;
        }
        std::string label = "SCP " + file->path() + (r.policies.size() > 1 && !p.name.empty() ? " " + p.name : "");
        const CPolicy* c = compile(p, PolicyRole::Scp, label, p.name, "");
        m_.scps.push_back(c);
        m_.scp_uses.push_back({c, kNoGroup});
        for (const CStatement& s : c->statements)
          if (s.grant->effect == Effect::Allow) m_.scp_allow_lists = true;
      }
    }
  }

  const Catalog& catalog_;
  const Account& account_;
  const PathsOptions& options_;
  Model& m_;
  std::string all_arns_;
  std::map<std::string, const FoundPolicy*> trust_;
  std::map<std::string, std::vector<std::pair<std::string, const FoundPolicy*>>> inline_;
  std::map<std::size_t, std::vector<const FoundPolicy*>> managed_docs_;  // default version first
  std::map<std::pair<std::size_t, bool>, const CPolicy*> managed_cache_;
  std::deque<FoundPolicy> extra_docs_;
  std::unordered_map<std::string, std::size_t> managed_by_arn_;  // lower-cased ARN -> index
};

}  // namespace

std::size_t Model::node_for(NodeKind kind, const std::string& id, const std::string& arn) {
  if (auto it = node_index.find(id); it != node_index.end()) return it->second;
  nodes.push_back({kind, id, arn});
  actor_of_node.push_back(-1);
  node_index[id] = nodes.size() - 1;
  return nodes.size() - 1;
}

Model build_model(const Catalog& catalog, const Account& account, const PathsOptions& options) {
  Model m;
  Builder(catalog, account, options, m).run();
  return m;
}

std::string_view Model::intern(std::string s) { return interned.emplace_back(std::move(s)); }

RawCitation raw(const PolicyUse& use, const Grant& grant, ActionId action, std::string_view label) {
  return {use.policy, &grant, use.via, action, label};
}

Citation materialize(const Model& model, const RawCitation& r) {
  Citation c;
  c.what = r.label.empty() ? model.catalog->full_name(r.action) : std::string(r.label);
  c.policy = r.policy->label;
  if (r.via != kNoGroup) c.via = model.actors[static_cast<std::size_t>(r.via)].id;
  c.path = r.policy->file ? r.policy->file->path() : "";
  if (const Statement* s = r.grant->statement) {
    c.span = s->span;
    c.pointer = s->pointer;
    c.statement = s->index;
    if (s->sid) c.sid = s->sid->text;
  }
  return c;
}

ConditionNote materialize(const Model& model, const RawNote& n) {
  ConditionNote out{n.text, std::nullopt};
  if (n.where) out.where = materialize(model, *n.where);
  return out;
}

Edge materialize(const Model& model, const GEdge& g) {
  Edge e;
  e.from = g.from;
  e.to = g.to;
  e.kind = g.kind;
  e.method = std::string(g.method);
  e.service = std::string(g.service);
  for (const RawCitation& c : g.citations) e.citations.push_back(materialize(model, c));
  for (const RawNote& n : g.conditions) e.conditions.push_back(materialize(model, n));
  for (std::string_view a : g.alternatives) e.alternatives.emplace_back(a);
  return e;
}

TargetReach materialize(const Model& model, const RawReach& r) {
  TargetReach t{r.node, r.summary, {}, {}};
  for (const RawCitation& c : r.citations) t.citations.push_back(materialize(model, c));
  for (const RawNote& n : r.conditions) t.conditions.push_back(materialize(model, n));
  return t;
}

}  // namespace iamtrim::paths
