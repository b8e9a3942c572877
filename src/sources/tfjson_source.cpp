// Terraform JSON syntax (.tf.json): the same resources as .tf, written as
// JSON. Every string there is a template, so a policy string is either a
// literal JSON document or, when it holds "${...}", computed.
// Syntax: https://developer.hashicorp.com/terraform/language/syntax/json
#include "iamtrim/json.hpp"
#include "iamtrim/sources.hpp"
#include "iamtrim/text.hpp"
#include "sources/embedded_json.hpp"
#include "sources/hcl/parser.hpp"
#include "sources/policy_attributes.hpp"
#include "sources/terraform_principals.hpp"
#include "sources/terraform_values.hpp"

namespace iamtrim {
namespace {

constexpr const char* kNotEvaluated = "IAM091";

// "$${" is a literal "${" in a .tf.json string.
void unescape_templates(Value& v) {
  if (v.is_string()) {
    for (std::size_t at = v.text.find("$${"); at != std::string::npos; at = v.text.find("$${", at + 2))
      v.text.erase(at, 1);
  }
  for (Value& item : v.items) unescape_templates(item);
  for (Member& m : v.members) unescape_templates(m.value);
}

class TfJsonReader {
 public:
  TfJsonReader(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options)
      : file_(file), options_(options) {}

  SourceResult run(const Value& root) {
    // First the principals and attachments, which policies anywhere in the file refer to.
    for (const Member& section : root.members) {
      if (!section.value.is_object() || (section.key != "resource" && section.key != "data")) continue;
      for (const Member& type : section.value.members)
        for_each_object(type.value, [&](const Member& name, const Value& body, const std::string&) {
          const std::string address = (section.key == "data" ? "data." : "") + type.key + "." + name.key;
          principals_.scan(section.key, type.key, address, view(body));
        });
    }
    for (const Member& section : root.members) {
      if (!section.value.is_object()) continue;
      if (section.key == "resource") {
        for (const Member& type : section.value.members)
          for_each_object(type.value, [&](const Member& name, const Value& body, const std::string& pointer) {
            resource(type.key, type.key + "." + name.key, body, pointer_append(pointer_append("/resource", type.key), name.key) + pointer);
          });
      } else if (section.key == "module") {
        for (const Member& name : section.value.members)
          for_each_body(name.value, [&](const Value& body, const std::string& pointer) {
            attributes("", "module." + name.key, body, pointer_append("/module", name.key) + pointer, false);
          });
      } else if (section.key == "data") {
        if (const Value* docs = section.value.find("aws_iam_policy_document"))
          for (const Member& name : docs->members)
            result_.diagnostics.push_back({kNotEvaluated,
                                           "data.aws_iam_policy_document." + name.key +
                                               ": policy documents in JSON syntax are not analysed",
                                           name.key_span, "", {}});
      }
    }
    return std::move(result_);
  }

 private:
  template <typename F>
  static void for_each_body(const Value& v, F f) {
    if (v.is_object()) f(v, std::string());
    if (v.is_array())
      for (std::size_t i = 0; i < v.items.size(); ++i)
        if (v.items[i].is_object()) f(v.items[i], "/" + std::to_string(i));
  }
  template <typename F>
  static void for_each_object(const Value& v, F f) {
    for (const Member& name : v.members) for_each_body(name.value, [&](const Value& body, const std::string& p) { f(name, body, p); });
  }

  void resource(const std::string& type, const std::string& address, const Value& body, const std::string& pointer) {
    attributes(type, address, body, pointer, true);
    const sources::PolicyAttribute* inline_policy = sources::terraform_policy_attribute(type, "inline_policy.policy");
    const Value* blocks = body.find("inline_policy");
    if (!inline_policy || !blocks) return;
    PolicyPrincipal unused;
    const std::vector<PolicyPrincipal> principals =
        principals_.of_policy(type, address, "inline_policy.policy", view(body), unused);
    for_each_body(*blocks, [&](const Value& b, const std::string& p) {
      if (const Value* doc = b.find("policy"))
        policy(*doc, address, inline_policy->kind, inline_policy->attachment, pointer + "/inline_policy" + p + "/policy", true,
               principals);
    });
  }

  void attributes(const std::string& type, const std::string& address, const Value& body, const std::string& pointer, bool resource) {
    for (const Member& m : body.members) {
      PolicyKind kind = PolicyKind::Unknown;
      const sources::PolicyAttribute* p = resource ? sources::terraform_policy_attribute(type, m.key) : nullptr;
      if (p) {
        PolicyPrincipal managed;
        std::vector<PolicyPrincipal> principals = principals_.of_policy(type, address, m.key, view(body), managed);
        policy(m.value, address, p->kind, p->attachment, pointer_append(pointer, m.key), true, principals, managed);
      } else if (sources::policy_like_name(m.key, kind)) {
        policy(m.value, address, kind, Attachment::Unknown, pointer_append(pointer, m.key), false);
      }
    }
  }

  // A .tf.json attribute as the principal tables read it.
  static terraform::BlockView view(const Value& body) {
    auto ref = [](const Value* v) -> terraform::Ref {
      if (!v || v->kind == ValueKind::Null) return {};
      if (v->is_string()) return terraform::ref_of_template_string(v->text);
      return {terraform::Ref::Computed, "a " + std::string(to_string(v->kind))};
    };
    return {[&body, ref](std::string_view name) { return ref(body.find(name)); },
            [&body, ref](std::string_view name) {
              std::vector<terraform::Ref> items;
              const Value* v = body.find(name);
              if (!v || v->kind == ValueKind::Null) return items;
              if (!v->is_array()) return std::vector<terraform::Ref>{ref(v)};
              for (const Value& item : v->items) items.push_back(ref(&item));
              return items;
            }};
  }

  void policy(const Value& v, const std::string& owner, PolicyKind kind, Attachment attachment, const std::string& pointer,
              bool known, const std::vector<PolicyPrincipal>& principals = {}, const PolicyPrincipal& managed = {}) {
    if (!v.is_string()) {
      if (known && v.kind != ValueKind::Null)
        result_.diagnostics.push_back({"IAM001", owner + ": a policy attribute must be a JSON string", v.span, pointer, {}});
      return;
    }
    SourceFile decoded = SourceFile::from_string("", v.text);
    hcl::TemplateResult t = hcl::parse_template(decoded);
    if (!t.ok || !t.tmpl.literal()) {
      if (known) result_.diagnostics.push_back({kNotEvaluated, owner + ": policy is computed (" + one_line(v.text) + "); not analysed", v.span, pointer, {}});
      return;
    }
    if (!sources::looks_like_json_object(v.text)) return;
    JsonResult json = sources::parse_embedded_json(*file_, v);
    if (!json.ok()) {
      for (Diagnostic& d : json.diagnostics) result_.diagnostics.push_back({d.code, owner + ": " + d.message, d.span, pointer, {}});
      return;
    }
    unescape_templates(json.value);
    FoundPolicy p;
    p.file = file_;
    p.pointer = pointer;
    p.owner = owner;
    p.format = SourceFormat::TerraformJson;
    p.kind = kind == PolicyKind::Unknown ? options_.kind.value_or(PolicyKind::Unknown) : kind;
    p.attachment = attachment;
    p.principals = principals;
    p.managed = managed;
    p.expression = v.span;
    p.document = std::move(json.value);
    result_.policies.push_back(std::move(p));
  }

  std::shared_ptr<const SourceFile> file_;
  SourceOptions options_;
  SourceResult result_;
  terraform::Principals principals_;
};

}  // namespace

SourceResult read_terraform_json_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  JsonResult json = parse_json(*file);
  SourceResult r;
  if (json.ok()) r = TfJsonReader(file, options).run(json.value);
  for (Diagnostic& d : json.diagnostics) r.diagnostics.insert(r.diagnostics.begin(), std::move(d));
  return r;
}

// A template file on its own (.tpl): the JSON it renders to, with computed
// strings opaque; directives make the text unreadable before rendering.
SourceResult read_policy_template_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  SourceResult r;
  hcl::TemplateResult t = hcl::parse_template(*file);
  if (!t.ok) {
    r.diagnostics = std::move(t.diagnostics);
    return r;
  }
  JsonResult json = terraform::template_json(*file, t.tmpl);
  if (!json.ok()) {
    if (t.tmpl.directives) {
      r.diagnostics.push_back({kNotEvaluated, "policy template uses %{ } directives; not analysed",
                               file->span(t.tmpl.holes.front().first, t.tmpl.holes.front().second), "", {}});
    } else {
      r.diagnostics = std::move(json.diagnostics);
    }
    return r;
  }
  FoundPolicy p;
  p.file = file;
  p.format = SourceFormat::TerraformTemplate;
  p.kind = options.kind.value_or(PolicyKind::Unknown);
  p.expression = json.value.span;
  p.document = std::move(json.value);
  r.policies.push_back(std::move(p));
  return r;
}

}  // namespace iamtrim
