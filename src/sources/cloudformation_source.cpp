// CloudFormation (and SAM) templates in JSON or YAML: every resource
// property that holds a policy document, with the logical id as owner.
// Intrinsic functions ({"Fn::Sub": ...}, {"Ref": ...}, !Sub, !GetAtt, ...)
// are Opaque values: CloudFormation resolves them at deploy time.
// Property names: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
#include "iamtrim/json.hpp"
#include "iamtrim/sources.hpp"
#include "iamtrim/text.hpp"
#include "sources/cloudformation_principals.hpp"
#include "sources/parsed_readers.hpp"
#include "sources/policy_attributes.hpp"
#include "sources/computed.hpp"
#include "sources/embedded_json.hpp"
#include "sources/recognise.hpp"
#include "sources/yaml_value.hpp"

namespace iamtrim {
namespace {

using sources::mentions_cloudformation;
// {"Ref": x} and {"Fn::Name": x}: computed by CloudFormation.
bool is_intrinsic(const Value& v) {
  if (!v.is_object() || v.members.size() != 1) return false;
  const std::string& k = v.members[0].key;
  return k == "Ref" || k.rfind("Fn::", 0) == 0;
}

void mark_intrinsics(const SourceFile& file, Value& v) {
  if (is_intrinsic(v)) {
    v.kind = ValueKind::Opaque;
    v.text = file.text().substr(v.span.begin.offset, v.span.end.offset - v.span.begin.offset);
    v.members.clear();
    return;
  }
  for (Value& item : v.items) mark_intrinsics(file, item);
  for (Member& m : v.members) mark_intrinsics(file, m.value);
}

class CfnReader {
 public:
  CfnReader(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options, SourceFormat format)
      : file_(file), options_(options), format_(format) {}

  SourceResult run(const Value& root) {
    const Value* resources = root.find("Resources");
    if (!resources || !resources->is_object()) return std::move(result_);
    const sources::CfnPrincipals principals(*resources);
    for (const Member& r : resources->members) {
      const Value* type = r.value.find("Type");
      const Value* props = r.value.find("Properties");
      if (!type || !type->is_string() || !props) continue;
      managed_ = {};
      principals_ = principals.of_policy(type->text, r.key, *props, managed_);
      for (const sources::PolicyAttribute& c : sources::cloudformation_policy_attributes()) {
        if (c.type != type->text) continue;
        std::string pointer = pointer_append(pointer_append("/Resources", r.key), "Properties");
        walk(*props, c.attribute, pointer, r.key, "", c);
      }
    }
    return std::move(result_);
  }

 private:
  void walk(const Value& v, std::string_view path, const std::string& pointer, const std::string& owner,
            const std::string& name, const sources::PolicyAttribute& c) {
    if (path.empty()) return policy(v, pointer, owner, name, c);
    if (path.substr(0, 2) == "[]") {
      if (!v.is_array()) return;
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        const Value& item = v.items[i];
        const Value* policy_name = item.find("PolicyName");
        std::string rest(path.substr(path.size() > 2 && path[2] == '.' ? 3 : 2));
        walk(item, rest, pointer_append(pointer, i), owner, policy_name && policy_name->is_string() ? policy_name->text : name, c);
      }
      return;
    }
    std::size_t cut = path.find_first_of(".[");
    std::string key(path.substr(0, cut));
    const Value* child = v.find(key);
    if (!child) return;
    std::string_view rest = cut == std::string_view::npos ? "" : path.substr(path[cut] == '.' ? cut + 1 : cut);
    walk(*child, rest, pointer_append(pointer, key), owner, name, c);
  }

  void policy(const Value& v, const std::string& pointer, const std::string& owner, const std::string& name, const sources::PolicyAttribute& c) {
    FoundPolicy p;
    p.file = file_;
    p.pointer = pointer;
    p.owner = owner;
    p.name = name;
    p.format = format_;
    p.kind = c.kind;
    p.attachment = c.attachment;
    p.principals = principals_;
    p.managed = managed_;
    p.expression = v.span;
    if (v.is_object()) {
      // SAM lists managed policy names and policy templates beside documents.
      if (c.type.rfind("AWS::Serverless::", 0) == 0 && !v.find("Statement")) return;
      p.document = v;
      p.rewritable = format_ == SourceFormat::CloudFormationJson;
    } else if (v.is_string() && sources::looks_like_json_object(v.text) && format_ == SourceFormat::CloudFormationJson) {
      JsonResult json = sources::parse_embedded_json(*file_, v);
      if (!json.ok()) return fail(json, owner, pointer);
      p.document = std::move(json.value);
    } else if (v.is_string() && sources::looks_like_json_object(v.text)) {
      // A JSON string in YAML: a literal block scalar maps back line by
      // line; other scalar styles fold text, so the document points at them.
      OffsetMap map;
      if (literal_block(v, map)) {
        JsonResult json = parse_json_fragment(*file_, v.text, map);
        if (!json.ok()) return fail(json, owner, pointer);
        p.document = std::move(json.value);
      } else {
        SourceFile inner = SourceFile::from_string(file_->path(), v.text);
        JsonResult json = parse_json(inner);
        if (!json.ok()) return fail(json, owner, pointer);
        p.document = std::move(json.value);
        respan(p.document, v.span);
      }
    } else if (v.kind == ValueKind::Opaque && c.type.rfind("AWS::Serverless::", 0) != 0) {
      result_.diagnostics.push_back({"IAM091", owner + ": policy is computed (" + one_line(v.text) + "); not analysed", v.span, pointer, {}});
      return;
    } else {
      return;
    }
    mark_intrinsics(*file_, p.document);
    sources::note_computed_elements(owner, p.document, sources::Noted::Nothing, result_.diagnostics);
    result_.policies.push_back(std::move(p));
  }

  // `|` block: each content line minus the block's indentation. True when
  // that reproduces the scalar's text, so the map is exact.
  bool literal_block(const Value& v, OffsetMap& map) const {
    const std::string& t = file_->text();
    std::uint32_t at = v.span.begin.offset;
    if (at >= t.size() || t[at] != '|') return false;
    std::size_t line = t.find('\n', at);
    if (line == std::string::npos) return false;
    ++line;
    std::size_t indent = std::string::npos;
    std::string derived;
    while (line < t.size() && derived.size() < v.text.size()) {
      std::size_t eol = t.find('\n', line);
      std::size_t stop = eol == std::string::npos ? t.size() : eol;
      std::size_t content_end = stop > line && t[stop - 1] == '\r' ? stop - 1 : stop;
      std::size_t first = t.find_first_not_of(' ', line);
      if (indent == std::string::npos && first < content_end) indent = first - line;
      std::size_t from = indent == std::string::npos ? content_end : std::min(line + indent, content_end);
      map.add(static_cast<std::uint32_t>(derived.size()), static_cast<std::uint32_t>(from),
              static_cast<std::uint32_t>(content_end - from + 1));
      derived.append(t, from, content_end - from);
      derived += '\n';
      if (eol == std::string::npos) break;
      line = eol + 1;
    }
    return derived.compare(0, v.text.size(), v.text) == 0;
  }

  static void respan(Value& v, Span span) {
    v.span = span;
    for (Value& item : v.items) respan(item, span);
    for (Member& m : v.members) {
      m.key_span = span;
      respan(m.value, span);
    }
  }

  void fail(JsonResult& json, const std::string& owner, const std::string& pointer) {
    for (Diagnostic& d : json.diagnostics) result_.diagnostics.push_back({d.code, owner + ": " + d.message, d.span, pointer, {}});
  }

  std::shared_ptr<const SourceFile> file_;
  SourceOptions options_;
  SourceFormat format_;
  SourceResult result_;
  std::vector<PolicyPrincipal> principals_;  // of the resource being read
  PolicyPrincipal managed_;
};

bool is_template(const Value& root) {
  if (!root.is_object()) return false;
  if (root.find("AWSTemplateFormatVersion")) return true;
  const Value* resources = root.find("Resources");
  if (!resources || !resources->is_object()) return false;
  for (const Member& r : resources->members) {
    const Value* type = r.value.find("Type");
    if (type && type->is_string() && (type->text.rfind("AWS::", 0) == 0 || type->text.rfind("Custom::", 0) == 0)) return true;
  }
  return false;
}

// A template in JSON syntax, already parsed.
SourceResult read_template(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options,
                           JsonResult parsed) {
  SourceResult r;
  if (parsed.ok() && is_template(parsed.value)) {
    r = CfnReader(file, options, SourceFormat::CloudFormationJson).run(parsed.value);
  } else if (parsed.ok() || !mentions_cloudformation(file->text())) {
    return sources::not_a_policy(parsed.ok() ? "JSON that is no CloudFormation template" : "not JSON, and shows no template");
  }
  for (Diagnostic& d : parsed.diagnostics) r.diagnostics.insert(r.diagnostics.begin(), std::move(d));
  return r;
}

// A policy document written in YAML: linted like JSON, not rewritten.
void yaml_policy(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options, Value doc,
                 SourceResult& r) {
  FoundPolicy p;
  p.file = file;
  p.format = SourceFormat::Yaml;
  p.kind = options.kind.value_or(PolicyKind::Unknown);
  p.expression = doc.span;
  p.document = std::move(doc);
  r.policies.push_back(std::move(p));
}

// YAML: every document of the stream that is a template (or a policy).
SourceResult read_yaml(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  const std::string& text = file->text();
  sources::YamlStream stream = sources::parse_yaml(*file);
  SourceResult r;
  if (!stream.ok()) {
    if (!mentions_cloudformation(text) && !sources::mentions_policy(text))
      return sources::not_a_policy("not YAML iamtrim can parse, and shows no template or policy");
    r.diagnostics = std::move(stream.diagnostics);
    return r;
  }
  bool any = false;
  for (Value& doc : stream.documents) {
    if (is_template(doc)) {
      SourceResult one = CfnReader(file, options, SourceFormat::CloudFormationYaml).run(doc);
      for (FoundPolicy& p : one.policies) r.policies.push_back(std::move(p));
      for (Diagnostic& d : one.diagnostics) r.diagnostics.push_back(std::move(d));
      any = true;
    } else if (sources::is_policy_document(doc)) {
      yaml_policy(file, options, std::move(doc), r);
      any = true;
    }
  }
  if (!any) return sources::not_a_policy("YAML that is no CloudFormation template or policy");
  r.diagnostics.insert(r.diagnostics.begin(), stream.diagnostics.begin(), stream.diagnostics.end());
  return r;
}

}  // namespace

std::optional<SourceResult> read_iac_json_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  std::size_t first = file->text().find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos || file->text()[first] != '{') return std::nullopt;
  JsonResult parsed = parse_json(*file);
  return sources::read_iac_json(file, options, parsed);
}

std::optional<SourceResult> sources::read_iac_json(const std::shared_ptr<const SourceFile>& file,
                                                   const SourceOptions& options, JsonResult& parsed) {
  if (!parsed.ok()) return std::nullopt;
  const Value& root = parsed.value;
  if (root.find("format_version") && (root.find("planned_values") || root.find("values") || root.find("resource_changes")))
    return sources::read_terraform_plan(file, options, std::move(parsed));
  if (is_template(root)) return read_template(file, options, std::move(parsed));
  return std::nullopt;
}

SourceResult read_cloudformation_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  const std::string& text = file->text();
  if (!sources::worth_parsing(text)) return sources::not_a_policy(sources::kNoSignOfAPolicy);
  std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string::npos && text[first] == '{') return read_template(file, options, parse_json(*file));
  return read_yaml(file, options);
}

}  // namespace iamtrim
