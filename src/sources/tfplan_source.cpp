// `terraform show -json` output for a plan (planned_values, prior_state,
// resource_changes) or a state (values). Policies there are evaluated JSON
// strings; a policy Terraform only knows after apply is reported with its
// address, never guessed.
// Format: https://developer.hashicorp.com/terraform/internals/json-format
#include <map>

#include "iamtrim/json.hpp"
#include "iamtrim/sources.hpp"
#include "sources/parsed_readers.hpp"
#include "sources/embedded_json.hpp"
#include "sources/policy_attributes.hpp"

namespace iamtrim {
namespace {

constexpr const char* kNotEvaluated = "IAM091";

struct Owner {
  std::string address;
  PolicyKind kind = PolicyKind::Unknown;
  Attachment attachment = Attachment::Unknown;
};

class PlanReader {
 public:
  PlanReader(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options, SourceFormat format)
      : file_(file), options_(options), format_(format) {}

  SourceResult run(const Value& root) {
    if (const Value* config = root.find("configuration")) referrers(config->find("root_module"), "");
    if (const Value* planned = root.find("planned_values")) {
      module(planned->find("root_module"), "/planned_values/root_module", false);
      if (const Value* prior = root.find("prior_state"); prior && prior->find("values"))
        module(prior->find("values")->find("root_module"), "/prior_state/values/root_module", true);
    } else if (const Value* values = root.find("values")) {
      module(values->find("root_module"), "/values/root_module", false);
    }
    if (const Value* changes = root.find("resource_changes"); changes && changes->is_array())
      for (const Value& change : changes->items) unknown_after_apply(change);
    return std::move(result_);
  }

 private:
  static std::string text(const Value* v) { return v && v->is_string() ? v->text : std::string(); }

  // configuration: which resource attributes reference which policy
  // documents, so a data document takes the kind of the policy it feeds.
  void referrers(const Value* module, const std::string& prefix) {
    if (!module) return;
    if (const Value* resources = module->find("resources"); resources && resources->is_array()) {
      for (const Value& r : resources->items) {
        const Value* expressions = r.find("expressions");
        if (!expressions || !expressions->is_object()) continue;
        for (const Member& m : expressions->members) {
          const sources::PolicyAttribute* p = sources::terraform_policy_attribute(text(r.find("type")), m.key);
          const Value* refs = m.value.find("references");
          if (!p || !refs || !refs->is_array()) continue;
          for (const Value& ref : refs->items) {
            std::string target = ref.text;
            if (target.size() > 5 && target.compare(target.size() - 5, 5, ".json") == 0)
              documents_[prefix + target.substr(0, target.size() - 5)] = {prefix + text(r.find("address")), p->kind, p->attachment};
          }
        }
      }
    }
    if (const Value* calls = module->find("module_calls"); calls && calls->is_object())
      for (const Member& call : calls->members) referrers(call.value.find("module"), prefix + "module." + call.key + ".");
  }

  void module(const Value* m, const std::string& pointer, bool data_only) {
    if (!m || !m->is_object()) return;
    if (const Value* resources = m->find("resources"); resources && resources->is_array())
      for (std::size_t i = 0; i < resources->items.size(); ++i)
        resource(resources->items[i], pointer_append(pointer_append(pointer, "resources"), i), data_only);
    if (const Value* children = m->find("child_modules"); children && children->is_array())
      for (std::size_t i = 0; i < children->items.size(); ++i)
        module(&children->items[i], pointer_append(pointer_append(pointer, "child_modules"), i), data_only);
  }

  void resource(const Value& r, const std::string& pointer, bool data_only) {
    std::string address = text(r.find("address")), type = text(r.find("type"));
    bool data = text(r.find("mode")) == "data";
    const Value* values = r.find("values");
    if (!values || !values->is_object() || (data_only && !data)) return;
    std::string at = pointer_append(pointer, "values");
    if (data) {
      if (type != "aws_iam_policy_document") return;
      std::string base = address.substr(0, address.find('['));
      Owner owner{address, options_.kind.value_or(PolicyKind::Unknown), Attachment::Unknown};
      if (auto it = documents_.find(base); it != documents_.end()) owner = it->second;
      if (const Value* json = values->find("json")) policy(*json, owner, pointer_append(at, "json"), "");
      return;
    }
    for (const Member& m : values->members) {
      if (const sources::PolicyAttribute* p = sources::terraform_policy_attribute(type, m.key))
        policy(m.value, {address, p->kind, p->attachment}, pointer_append(at, m.key), text(values->find("name")));
    }
    const sources::PolicyAttribute* inline_policy = sources::terraform_policy_attribute(type, "inline_policy.policy");
    const Value* inlines = values->find("inline_policy");
    if (!inline_policy || !inlines || !inlines->is_array()) return;
    for (std::size_t i = 0; i < inlines->items.size(); ++i) {
      const Value& item = inlines->items[i];
      if (const Value* doc = item.find("policy"))
        policy(*doc, {address, inline_policy->kind, inline_policy->attachment},
               pointer_append(pointer_append(pointer_append(at, "inline_policy"), i), "policy"), text(item.find("name")));
    }
  }

  void policy(const Value& v, const Owner& owner, const std::string& pointer, const std::string& name) {
    if (!v.is_string() || v.text.empty()) return;  // null: unknown or absent; see resource_changes
    JsonResult json = sources::parse_embedded_json(*file_, v);
    if (!json.ok()) {
      for (Diagnostic& d : json.diagnostics) {
        d.message = owner.address + ": " + d.message;
        d.pointer = pointer;
        result_.diagnostics.push_back(std::move(d));
      }
      return;
    }
    FoundPolicy p;
    p.file = file_;
    p.pointer = pointer;
    p.owner = owner.address;
    p.name = name;
    p.format = format_;
    p.kind = owner.kind == PolicyKind::Unknown ? options_.kind.value_or(PolicyKind::Unknown) : owner.kind;
    p.attachment = owner.attachment;
    p.expression = v.span;
    p.rewritable = false;  // a plan is an output: fix the configuration instead
    p.document = std::move(json.value);
    result_.policies.push_back(std::move(p));
  }

  void unknown_after_apply(const Value& change) {
    std::string address = text(change.find("address")), type = text(change.find("type"));
    const Value* c = change.find("change");
    const Value* unknown = c ? c->find("after_unknown") : nullptr;
    if (!unknown || !unknown->is_object()) return;
    bool data = text(change.find("mode")) == "data";
    for (const Member& m : unknown->members) {
      bool policy = data ? type == "aws_iam_policy_document" && m.key == "json"
                         : sources::terraform_policy_attribute(type, m.key) != nullptr;
      if (!policy || m.value.kind != ValueKind::Bool || !m.value.boolean) continue;
      const Value* where = change.find("address");
      result_.diagnostics.push_back({kNotEvaluated, address + ": " + m.key + " is known after apply; not analysed",
                                     where ? where->span : m.key_span, "", {}});
    }
  }

  std::shared_ptr<const SourceFile> file_;
  SourceOptions options_;
  SourceFormat format_;
  SourceResult result_;
  std::map<std::string, Owner> documents_;
};

}  // namespace

SourceResult read_terraform_plan_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  return sources::read_terraform_plan(file, options, parse_json(*file));
}

SourceResult sources::read_terraform_plan(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options,
                                          JsonResult json) {
  if (!json.ok()) {
    SourceResult r;
    r.diagnostics = std::move(json.diagnostics);
    return r;
  }
  SourceFormat format = json.value.find("planned_values") ? SourceFormat::TerraformPlan : SourceFormat::TerraformState;
  SourceResult r = PlanReader(file, options, format).run(json.value);
  for (Diagnostic& d : json.diagnostics) r.diagnostics.insert(r.diagnostics.begin(), std::move(d));
  return r;
}

}  // namespace iamtrim
