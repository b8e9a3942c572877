// Terraform native syntax (.tf): every attribute that carries a policy,
// whatever form its value takes (jsonencode, heredoc, escaped string, a
// data "aws_iam_policy_document" reference, file()/templatefile()).
#include <map>

#include "iamtrim/sources.hpp"
#include "sources/hcl/parser.hpp"
#include "sources/policy_attributes.hpp"
#include "sources/terraform_policy.hpp"
#include "sources/terraform_principals.hpp"
#include "sources/terraform_values.hpp"

namespace iamtrim {
namespace {

using terraform::PolicySite;

std::string address_of(const hcl::Block& b) {
  if (b.type == "resource" && b.labels.size() == 2) return b.labels[0] + "." + b.labels[1];
  if (b.type == "data" && b.labels.size() == 2) return "data." + b.labels[0] + "." + b.labels[1];
  if (b.type == "module" && b.labels.size() == 1) return "module." + b.labels[0];
  return {};
}

std::string literal_name(const hcl::Body& body) {
  const hcl::Attribute* a = body.attribute("name");
  if (a && a->value.kind == hcl::ExprKind::Template && a->value.tmpl.literal()) return a->value.tmpl.text;
  return {};
}

class TerraformReader {
 public:
  TerraformReader(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options)
      : file_(file), options_(options), values_(file, result_) {}

  SourceResult run() {
    hcl::HclResult parsed = hcl::parse(*file_);
    if (!parsed.ok) {
      result_.diagnostics = std::move(parsed.diagnostics);
      return std::move(result_);
    }
    // Terraform refuses a resource, data source or module declared twice.
    std::map<std::string, const hcl::Block*> declared;
    for (const hcl::Block& b : parsed.body.blocks) {
      std::string address = address_of(b);
      if (address.empty()) continue;
      auto [first, fresh] = declared.emplace(address, &b);
      if (!fresh)
        result_.diagnostics.push_back(
            {"IAM002",
             "duplicate " + b.type + " " + address + " (first at line " +
                 std::to_string(file_->position(first->second->begin).line) + "): Terraform refuses this configuration",
             file_->span(b.begin, b.open_brace), "", {}});
    }
    for (const hcl::Block& b : parsed.body.blocks) {
      if (b.type == "locals")
        for (const hcl::Attribute& a : b.body.attributes) values_.locals[a.name] = &a.value;
      if (b.type == "data" && b.labels.size() == 2 && b.labels[0] == "aws_iam_policy_document")
        values_.documents[b.labels[1]] = &b;
    }
    for (const hcl::Block& b : parsed.body.blocks)
      if ((b.type == "resource" || b.type == "data") && b.labels.size() == 2)
        principals_.scan(b.type, b.labels[0], address_of(b), view(b.body));
    for (const hcl::Block& b : parsed.body.blocks) {
      if (b.type == "resource" && b.labels.size() == 2) resource(b);
      if (b.type == "module" && b.labels.size() == 1) module(b);
    }
    values_.emit_documents(options_);
    return std::move(result_);
  }

 private:
  void resource(const hcl::Block& b) {
    const std::string& type = b.labels[0];
    std::string address = address_of(b);
    std::string name = literal_name(b.body);
    for (const hcl::Attribute& a : b.body.attributes) {
      PolicySite site{file_, address, address + "." + a.name, name, PolicyKind::Unknown, Attachment::Unknown};
      if (const sources::PolicyAttribute* p = sources::terraform_policy_attribute(type, a.name)) {
        site.kind = p->kind;
        site.attachment = p->attachment;
        site.principals = principals_.of_policy(type, address, a.name, view(b.body), site.managed);
        values_.policy(site, a.value, true, options_);
      } else if (sources::policy_like_name(a.name, site.kind)) {
        values_.policy(site, a.value, false, options_);
      }
    }
    int index = 0;
    for (const hcl::Block& nested : b.body.blocks) {
      if (nested.type != "inline_policy") continue;
      std::string at = address + ".inline_policy[" + std::to_string(index++) + "]";
      const hcl::Attribute* policy = nested.body.attribute("policy");
      const sources::PolicyAttribute* p = sources::terraform_policy_attribute(type, "inline_policy.policy");
      if (!policy || !p) continue;
      PolicySite site{file_, address, at + ".policy", literal_name(nested.body), p->kind, p->attachment};
      PolicyPrincipal unused;
      site.principals = principals_.of_policy(type, address, "inline_policy.policy", view(b.body), unused);
      values_.policy(site, policy->value, true, options_);
    }
  }

  // Module inputs have no schema here: an input named like a policy counts
  // when its value is visibly a policy.
  void module(const hcl::Block& b) {
    std::string address = address_of(b);
    for (const hcl::Attribute& a : b.body.attributes) {
      PolicySite site{file_, address, address + "." + a.name, "", PolicyKind::Unknown, Attachment::Unknown};
      if (sources::policy_like_name(a.name, site.kind)) values_.policy(site, a.value, false, options_);
    }
  }

  // How a value names a principal or a policy: a literal (also through a
  // literal local), a reference, or something Terraform computes.
  terraform::Ref ref_of(const hcl::Expr& value, int depth = 0) const {
    const hcl::Expr& e = terraform::unwrap(value);
    if (e.kind == hcl::ExprKind::Null) return {};
    if (e.kind == hcl::ExprKind::Template && e.tmpl.literal()) return {terraform::Ref::Literal, e.tmpl.text};
    if (e.kind == hcl::ExprKind::Traversal) {
      if (e.name.rfind("local.", 0) == 0)
        if (auto it = values_.locals.find(e.name.substr(6)); it != values_.locals.end() && depth < 8)
          if (terraform::Ref local = ref_of(*it->second, depth + 1); local.kind == terraform::Ref::Literal) return local;
      return {terraform::Ref::Reference, e.name};
    }
    return {terraform::Ref::Computed, std::string(hcl::text_of(*file_, e.begin, e.end))};
  }

  terraform::BlockView view(const hcl::Body& body) const {
    return {[this, &body](std::string_view name) {
              const hcl::Attribute* a = body.attribute(name);
              return a ? ref_of(a->value) : terraform::Ref{};
            },
            [this, &body](std::string_view name) {
              std::vector<terraform::Ref> items;
              const hcl::Attribute* a = body.attribute(name);
              if (!a) return items;
              const hcl::Expr& e = terraform::unwrap(a->value);
              if (e.kind != hcl::ExprKind::Tuple) return std::vector<terraform::Ref>{{terraform::Ref::Computed, std::string(hcl::text_of(*file_, e.begin, e.end))}};
              for (const hcl::Expr& item : e.items) items.push_back(ref_of(item));
              return items;
            }};
  }

  std::shared_ptr<const SourceFile> file_;
  SourceOptions options_;
  SourceResult result_;
  terraform::PolicyValues values_;
  terraform::Principals principals_;
};

}  // namespace

SourceResult read_terraform_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  return TerraformReader(file, options).run();
}

}  // namespace iamtrim
