// The method catalogue: rules/paths/methods.yaml, read strictly (unknown
// keys, duplicate keys, unknown actions and missing fields are errors, since
// a method the engine misreads would report or hide paths).
#include <set>

#include "iamtrim/paths.hpp"
#include "iamtrim/rules.hpp"
#include "lint/yaml_check.hpp"

namespace iamtrim {
namespace {

constexpr const char* kFile = "paths/methods.yaml";

std::optional<EdgeKind> parse_kind(const std::string& s) {
  if (s == "assume-role") return EdgeKind::AssumeRole;
  if (s == "pass-role") return EdgeKind::PassRole;
  if (s == "takeover") return EdgeKind::Takeover;
  if (s == "modify") return EdgeKind::Modify;
  if (s == "existing-resource") return EdgeKind::ExistingResource;
  return std::nullopt;
}

std::optional<MethodEffect> parse_effect(const std::string& s) {
  for (MethodEffect e : {MethodEffect::ActAs, MethodEffect::GrantAll, MethodEffect::GrantAllAndActAs,
                         MethodEffect::DropBoundary, MethodEffect::JoinGroup, MethodEffect::SetPolicyVersion})
    if (to_string(e) == s) return e;
  return std::nullopt;
}

std::optional<PrincipalType> parse_type(const std::string& s) {
  if (s == "user") return PrincipalType::User;
  if (s == "group") return PrincipalType::Group;
  if (s == "role") return PrincipalType::Role;
  return std::nullopt;
}

struct Reader {
  const Catalog& catalog;
  MethodCatalogue& out;
  std::string where;

  void error(const YAML::Node& at, const std::string& message) {
    out.errors.push_back(std::string(kFile) + ":" + std::to_string(at.Mark().line + 1) + ": " + where + message);
  }

  std::vector<std::string> strings(const YAML::Node& n, const char* what) {
    std::vector<std::string> v;
    if (n.IsScalar()) {
      v.push_back(n.Scalar());
    } else if (n.IsSequence()) {
      for (const YAML::Node& item : n) {
        if (auto s = lint::scalar(item)) v.push_back(*s);
        else error(item, std::string(what) + " must hold strings");
      }
    } else {
      error(n, std::string(what) + " must be a string or a list");
    }
    return v;
  }

  void action(const std::string& text, const YAML::Node& at, Method& m) {
    MethodAction a;
    std::string name = text;
    if (auto atpos = text.find('@'); atpos != std::string::npos) {
      name = text.substr(0, atpos);
      std::string r = text.substr(atpos + 1);
      if (r == "target") a.resource = MethodResource::Target;
      else if (r == "target-policy") a.resource = MethodResource::TargetPolicy;
      else error(at, "unknown resource '@" + r + "' (target, target-policy)");
    }
    auto id = catalog.find_action(name);
    if (!id) {
      error(at, "action '" + name + "' is not in catalog " + std::string(catalog.version()));
      return;
    }
    a.action = *id;
    a.name = name;
    m.actions.push_back(std::move(a));
  }

  void method(const YAML::Node& n) {
    Method m;
    for (const auto& kv : n) {
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      auto one = [&]() { return lint::scalar(v).value_or(""); };
      if (key == "name") {
        m.name = one();
        where = m.name + ": ";
      } else if (key == "kind") {
        if (auto k = parse_kind(one())) m.kind = *k;
        else error(v, "unknown kind '" + one() + "'");
      } else if (key == "target") {
        for (const std::string& t : strings(v, "target"))
          if (auto p = parse_type(t)) m.targets.push_back(*p);
          else error(v, "unknown target '" + t + "' (user, role, group)");
      } else if (key == "effect") {
        if (auto e = parse_effect(one())) m.effect = *e;
        else error(v, "unknown effect '" + one() + "'");
      } else if (key == "actions") {
        if (!v.IsSequence()) error(v, "actions must be a list");
        else
          for (const YAML::Node& item : v) action(lint::scalar(item).value_or(""), item, m);
      } else if (key == "service") {
        m.service = one();
      } else if (key == "instance-profile") {
        m.instance_profile = one() == "true";
      } else if (key == "actor") {
        if (one() != "user") error(v, "actor must be 'user'");
        m.users_only = true;
      } else if (key == "requires") {
        m.precondition = one();
      } else if (key == "summary") {
        m.summary = one();
      } else if (key == "sources") {
        m.sources = strings(v, "sources");
      } else {
        error(kv.first, "unknown key '" + key + "'");
      }
    }
    if (m.name.empty()) error(n, "a method needs a name");
    if (m.targets.empty()) error(n, "needs a target");
    if (m.actions.empty()) error(n, "needs actions");
    if (m.sources.empty()) error(n, "needs sources");
    if (m.summary.empty()) error(n, "needs a summary");
    if ((m.kind == EdgeKind::PassRole || m.kind == EdgeKind::ExistingResource) && m.service.empty())
      error(n, "pass-role and existing-resource methods name the service the role must trust");
    if (m.kind == EdgeKind::ExistingResource && m.precondition.empty())
      error(n, "an existing-resource method states the resource it requires");
    out.methods.push_back(std::move(m));
    where.clear();
  }
};

}  // namespace

std::string_view to_string(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::AssumeRole: return "assume-role";
    case EdgeKind::PassRole: return "pass-role";
    case EdgeKind::Takeover: return "takeover";
    case EdgeKind::Modify: return "modify";
    case EdgeKind::ExistingResource: return "existing-resource";
    case EdgeKind::Member: return "member";
    case EdgeKind::ServiceTrust: return "service-trust";
  }
  return "";
}

std::string_view to_string(MethodEffect effect) {
  switch (effect) {
    case MethodEffect::ActAs: return "act-as";
    case MethodEffect::GrantAll: return "grant-all";
    case MethodEffect::GrantAllAndActAs: return "grant-all-and-act-as";
    case MethodEffect::DropBoundary: return "drop-boundary";
    case MethodEffect::JoinGroup: return "join-group";
    case MethodEffect::SetPolicyVersion: return "set-policy-version";
  }
  return "";
}

const Method* MethodCatalogue::find(std::string_view name) const {
  for (const Method& m : methods)
    if (m.name == name) return &m;
  return nullptr;
}

MethodCatalogue load_methods(const Catalog& catalog) {
  MethodCatalogue out;
  auto text = embedded_rule_file(kFile);
  if (!text) {
    out.errors.push_back(std::string(kFile) + ": not embedded");
    return out;
  }
  std::string error;
  auto doc = lint::load_yaml(kFile, *text, error);
  if (!doc) {
    out.errors.push_back(error);
    return out;
  }
  lint::find_duplicate_keys(*doc, kFile, out.errors);
  const YAML::Node list = doc->IsMap() ? (*doc)["methods"] : YAML::Node();
  if (!list || !list.IsSequence()) {
    out.errors.push_back(std::string(kFile) + ": expected a top-level 'methods' list");
    return out;
  }
  Reader r{catalog, out, ""};
  for (const YAML::Node& n : list) {
    if (!n.IsMap()) {
      r.error(n, "a method must be a mapping");
      continue;
    }
    r.method(n);
  }
  std::set<std::string> seen;
  for (const Method& m : out.methods)
    if (!seen.insert(m.name).second) out.errors.push_back(std::string(kFile) + ": method " + m.name + " is listed twice");
  return out;
}

}  // namespace iamtrim
