// Terraform native syntax (.tf): every attribute that carries a policy,
// whatever form its value takes (jsonencode, heredoc, escaped string, a
// data "aws_iam_policy_document" reference, file()/templatefile()).
#include <map>

#include "iamtrim/sources.hpp"
#include "sources/hcl/parser.hpp"
#include "sources/policy_attributes.hpp"
#include "sources/terraform_policy.hpp"
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
    for (const hcl::Block& b : parsed.body.blocks) {
      if (b.type == "locals")
        for (const hcl::Attribute& a : b.body.attributes) values_.locals[a.name] = &a.value;
      if (b.type == "data" && b.labels.size() == 2 && b.labels[0] == "aws_iam_policy_document")
        values_.documents[b.labels[1]] = &b;
    }
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

  std::shared_ptr<const SourceFile> file_;
  SourceOptions options_;
  SourceResult result_;
  terraform::PolicyValues values_;
};

}  // namespace

SourceResult read_terraform_source(const std::shared_ptr<const SourceFile>& file, const SourceOptions& options) {
  return TerraformReader(file, options).run();
}

}  // namespace iamtrim
