// The `escalation:` section of .iamtrim.yaml and the PolicySlot notation.
// The rest of the file belongs to `iamtrim lint` (src/config), which leaves
// this section to us.
#include "iamtrim/paths.hpp"
#include "lint/yaml_check.hpp"

namespace iamtrim {
namespace {

struct Failure {
  std::string message;
};

struct Reader {
  std::string path;

  [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const {
    YAML::Mark m = at.Mark();
    throw Failure{path + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1) + ": " + message};
  }

  std::string scalar(const YAML::Node& n, const std::string& what) const {
    if (!n.IsScalar()) fail(n, what + " must be a string");
    return n.Scalar();
  }

  Capability capability(const YAML::Node& n) const {
    Capability c;
    if (n.IsScalar()) {
      c.action = n.Scalar();
    } else if (n.IsMap()) {
      for (const auto& kv : n) {
        const std::string k = scalar(kv.first, "a key");
        if (k == "action") c.action = scalar(kv.second, "action");
        else if (k == "resource") c.resource = scalar(kv.second, "resource");
        else fail(kv.first, "unknown key '" + k + "' in an admin entry (action, resource)");
      }
    } else {
      fail(n, "an admin entry is an action pattern or {action, resource}");
    }
    if (c.action != "*" && c.action.find(':') == std::string::npos)
      fail(n, "admin action '" + c.action + "' must be \"*\" or service:action");
    if (c.resource != "*" && c.resource.rfind("arn:", 0) != 0)
      fail(n, "admin resource '" + c.resource + "' must be \"*\" or an ARN pattern");
    return c;
  }

  MapRule map_rule(const YAML::Node& n) const {
    if (!n.IsMap()) fail(n, "a map entry is {file, policy, name}");
    MapRule r;
    for (const auto& kv : n) {
      const std::string k = scalar(kv.first, "a key");
      if (k == "file") r.file = scalar(kv.second, "file");
      else if (k == "policy") r.policy = scalar(kv.second, "policy");
      else if (k == "name") r.name = scalar(kv.second, "name");
      else fail(kv.first, "unknown key '" + k + "' in a map entry (file, policy, name)");
    }
    if (r.file.empty() || r.policy.empty()) fail(n, "a map entry needs file and policy");
    std::string error;
    if (!PolicySlot::parse(r.policy, &error)) fail(n, error);
    return r;
  }

  PathsConfig read(const YAML::Node& root) const {
    PathsConfig c;
    if (!root.IsMap()) return c;
    for (const auto& kv : root) {
      if (!kv.first.IsScalar() || kv.first.Scalar() != "escalation") continue;
      const YAML::Node& e = kv.second;
      if (e.IsNull()) return c;
      if (!e.IsMap()) fail(e, "escalation must be a mapping (admin, map)");
      for (const auto& item : e) {
        const std::string k = scalar(item.first, "a key");
        if (k == "admin") {
          if (!item.second.IsSequence() || item.second.size() == 0) fail(item.second, "admin must be a non-empty list");
          c.admin.clear();
          for (const YAML::Node& n : item.second) c.admin.push_back(capability(n));
        } else if (k == "map") {
          if (!item.second.IsSequence()) fail(item.second, "map must be a list");
          for (const YAML::Node& n : item.second) c.map.push_back(map_rule(n));
        } else {
          fail(item.first, "unknown key '" + k + "' in escalation (admin, map)");
        }
      }
    }
    return c;
  }
};

}  // namespace

std::optional<PathsConfig> parse_paths_config(std::string_view yaml, const std::string& path, std::string* error) {
  std::string message;
  auto doc = lint::load_yaml(path, yaml, message);
  if (!doc) {
    if (error) *error = message + " (invalid YAML)";
    return std::nullopt;
  }
  std::vector<std::string> duplicates;
  lint::find_duplicate_keys(*doc, path, duplicates);
  if (!duplicates.empty()) {
    if (error) *error = duplicates.front();
    return std::nullopt;
  }
  try {
    return Reader{path}.read(*doc);
  } catch (const Failure& f) {
    if (error) *error = f.message;
  } catch (const YAML::Exception& e) {
    if (error) *error = path + ": " + e.msg;
  }
  return std::nullopt;
}

std::optional<PolicySlot> PolicySlot::parse(std::string_view text, std::string* error) {
  PolicySlot s;
  const std::string t(text);
  auto fail = [&](const std::string& why) -> std::optional<PolicySlot> {
    if (error) *error = "policy '" + t + "': " + why;
    return std::nullopt;
  };
  if (t.rfind("arn:", 0) == 0) {
    if (t.find(":policy/") == std::string::npos) return fail("an ARN here names a managed policy (arn:...:policy/NAME)");
    s.kind = Kind::Managed;
    s.name = t;
    return s;
  }
  if (t.rfind("policy/", 0) == 0) {
    s.kind = Kind::Managed;
    s.name = t.substr(7);
    if (s.name.empty()) return fail("policy/ needs a name");
    return s;
  }
  std::size_t colon = t.find(':');
  std::string owner = t.substr(0, colon);
  if (colon == std::string::npos || colon + 1 == t.size() ||
      !(owner.rfind("user/", 0) == 0 || owner.rfind("group/", 0) == 0 || owner.rfind("role/", 0) == 0) ||
      owner.find('/') + 1 == owner.size())
    return fail("expected role/NAME:POLICY, user/NAME:POLICY, group/NAME:POLICY, role/NAME:trust, policy/NAME or a "
                "policy ARN");
  s.owner = owner;
  s.name = t.substr(colon + 1);
  if (s.name == "trust") {
    if (owner.rfind("role/", 0) != 0) return fail("only roles have a trust policy");
    s.kind = Kind::Trust;
  }
  return s;
}

std::string PolicySlot::label() const {
  switch (kind) {
    case Kind::Inline: return owner + ":" + name;
    case Kind::Trust: return owner + ":trust";
    case Kind::Managed: return name.rfind("arn:", 0) == 0 ? name : "policy/" + name;
  }
  return "";
}

}  // namespace iamtrim
