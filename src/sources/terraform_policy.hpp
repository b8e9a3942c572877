// The value of one policy-carrying attribute in a .tf file, whatever form
// it takes, turned into FoundPolicy values (or into a note saying why the
// policy cannot be read without running Terraform).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "iamtrim/sources.hpp"
#include "sources/hcl/ast.hpp"

namespace iamtrim::terraform {

// "${expr}" alone in a string is just expr (Terraform 0.11 style); so is (expr).
const hcl::Expr& unwrap(const hcl::Expr& e);

// Where a policy value sits and what its surroundings imply.
struct PolicySite {
  std::shared_ptr<const SourceFile> file;
  std::string owner;    // resource address: "aws_iam_role.this", "module.x"
  std::string pointer;  // owner plus attribute: "aws_iam_role.this.assume_role_policy"
  std::string name;     // the policy's literal name, when given
  PolicyKind kind = PolicyKind::Unknown;
  Attachment attachment = Attachment::Unknown;
  std::vector<PolicyPrincipal> principals;  // whom it applies to (terraform_principals.hpp)
  PolicyPrincipal managed;                  // an aws_iam_policy's own identity
};

class PolicyValues {
 public:
  PolicyValues(const std::shared_ptr<const SourceFile>& file, SourceResult& result)
      : shared_(file), file_(*file), result_(result) {}

  // `known`: the attribute is documented to hold a policy, so a value that
  // cannot be read is reported; for a guessed attribute it is skipped.
  void policy(const PolicySite& site, const hcl::Expr& value, bool known, const SourceOptions& options);

  // One FoundPolicy per data "aws_iam_policy_document" block, owned by the
  // resources that reference it (or by itself when nothing does).
  void emit_documents(const SourceOptions& options);

  std::map<std::string, const hcl::Expr*> locals;
  std::map<std::string, const hcl::Block*> documents;

 private:
  void note(const PolicySite& site, const std::string& message, const hcl::Expr& at);
  void found(const PolicySite& site, Value document, SourceFormat format, bool rewritable,
             const SourceOptions& options, std::shared_ptr<const SourceFile> file = nullptr);
  void template_policy(const PolicySite& site, const hcl::Expr& e, bool known, const SourceOptions& options);
  void file_policy(const PolicySite& site, const hcl::Expr& call, const SourceOptions& options);

  std::shared_ptr<const SourceFile> shared_;
  const SourceFile& file_;
  SourceResult& result_;
  std::map<std::string, std::vector<PolicySite>> references_;
};

}  // namespace iamtrim::terraform
