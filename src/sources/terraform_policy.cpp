#include "sources/terraform_policy.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "iamtrim/system.hpp"
#include "iamtrim/text.hpp"
#include "sources/computed.hpp"
#include "sources/embedded_json.hpp"
#include "sources/hcl/parser.hpp"
#include "sources/terraform_values.hpp"

namespace iamtrim::terraform {
namespace {

constexpr std::string_view kDocumentPrefix = "data.aws_iam_policy_document.";

// data.aws_iam_policy_document.NAME[index].ATTR -> {NAME, ATTR}
std::optional<std::pair<std::string, std::string>> document_name(const hcl::Expr& e) {
  if (e.kind != hcl::ExprKind::Traversal || e.name.rfind(kDocumentPrefix, 0) != 0) return std::nullopt;
  std::string rest = e.name.substr(kDocumentPrefix.size());
  std::string name = rest.substr(0, rest.find_first_of(".["));
  std::size_t dot = rest.rfind('.');
  std::string attr = dot == std::string::npos || dot < name.size() ? "" : rest.substr(dot + 1);
  return std::pair{name, attr};
}

void collect_documents(const hcl::Expr& e, std::vector<std::string>& names) {
  if (auto doc = document_name(e)) {
    if (std::find(names.begin(), names.end(), doc->first) == names.end()) names.push_back(doc->first);
    return;
  }
  for (const hcl::Expr& item : e.items) collect_documents(item, names);
  for (const hcl::ObjectItem& m : e.members) collect_documents(m.value, names);
  for (const hcl::Expr& i : e.tmpl.interpolations) collect_documents(i, names);
}

// The file a file()/templatefile() path names, if it may be read: inside
// the root (after resolving symlinks), a regular file, not too large.
struct Referenced {
  std::optional<std::string> text;
  std::string why;  // when not read
};

Referenced read_referenced(const std::filesystem::path& module_dir, const std::string& relative,
                           const SourceOptions& options) {
  namespace fs = std::filesystem;
  if (fs::path(relative).is_absolute()) return {std::nullopt, "is an absolute path; only files inside the repository are read"};
  std::error_code ec;
  fs::path dir = fs::absolute(module_dir.empty() ? fs::path(".") : module_dir, ec);
  std::string root = options.file_root ? *options.file_root : repository_root(dir.string()).value_or(dir.string());
  fs::path real_root = fs::weakly_canonical(fs::absolute(root, ec), ec);
  fs::path real = fs::weakly_canonical(dir / relative, ec);
  fs::path inside = real.lexically_relative(real_root);
  if (ec || inside.empty() || *inside.begin() == "..")
    return {std::nullopt, "is outside the repository; not read"};
  FileRead r = read_regular_file(real.string(), kMaxReferencedFile);
  if (!r.text) return {std::nullopt, r.error == "no such file" ? "not found next to the module" : r.error + "; not read"};
  return {std::move(r.text), ""};
}

}  // namespace

const hcl::Expr& unwrap(const hcl::Expr& e) {
  if (e.kind == hcl::ExprKind::Paren && !e.items.empty()) return unwrap(e.items.front());
  if (e.kind == hcl::ExprKind::Template && !e.tmpl.heredoc && e.tmpl.holes.size() == 1 &&
      e.tmpl.interpolations.size() == 1 && e.tmpl.holes[0].first == e.begin + 1 && e.tmpl.holes[0].second + 1 == e.end)
    return unwrap(e.tmpl.interpolations.front());
  return e;
}

void PolicyValues::note(const PolicySite& site, const std::string& message, const hcl::Expr& at) {
  result_.diagnostics.push_back({kNotEvaluated, site.owner + ": " + message, span_of(file_, at), "", {}});
}

void PolicyValues::found(const PolicySite& site, Value document, SourceFormat format, bool rewritable,
                         const SourceOptions& options, std::shared_ptr<const SourceFile> file) {
  // A statement whose Effect or actions Terraform computes is reported and
  // left alone (aws_iam_policy_document blocks note computed lists themselves).
  if (!file || format == SourceFormat::TerraformPolicyDocument)
    sources::note_computed_elements(site.owner, document,
                                    format == SourceFormat::TerraformPolicyDocument ? sources::Noted::ByTheDocumentBlock
                                                                                    : sources::Noted::Nothing,
                                    result_.diagnostics);
  FoundPolicy p;
  p.file = file ? std::move(file) : site.file ? site.file : shared_;
  p.pointer = site.pointer;
  p.owner = site.owner;
  p.name = site.name;
  p.format = format;
  p.kind = site.kind == PolicyKind::Unknown ? options.kind.value_or(PolicyKind::Unknown) : site.kind;
  p.attachment = site.attachment;
  p.principals = site.principals;
  p.managed = site.managed;
  p.expression = document.span;
  p.rewritable = rewritable;
  p.document = std::move(document);
  result_.policies.push_back(std::move(p));
}

void PolicyValues::policy(const PolicySite& site, const hcl::Expr& value, bool known, const SourceOptions& options) {
  const hcl::Expr& e = unwrap(value);
  switch (e.kind) {
    case hcl::ExprKind::Null:
      return;
    case hcl::ExprKind::Conditional:  // either branch may be the policy
      for (std::size_t i = 1; i < e.items.size(); ++i) policy(site, e.items[i], known, options);
      return;
    case hcl::ExprKind::Template:
      return template_policy(site, e, known, options);
    case hcl::ExprKind::Traversal:
      if (auto doc = document_name(e); doc && !doc->second.empty()) {
        if ((doc->second == "json" || doc->second == "minified_json") && documents.count(doc->first)) {
          references_[doc->first].push_back(site);
          return;
        }
        if (known) note(site, "policy document " + e.name + " is not defined in this file; not analysed", e);
        return;
      }
      break;
    case hcl::ExprKind::Call:
      if (e.name == "jsonencode" && e.items.size() == 1) {
        const hcl::Expr& arg = unwrap(e.items.front());
        const hcl::Expr* object = &arg;
        if (arg.kind == hcl::ExprKind::Traversal && arg.name.rfind("local.", 0) == 0) {
          auto it = locals.find(arg.name.substr(6));
          if (it != locals.end()) object = it->second;
        }
        if (object->kind == hcl::ExprKind::Object) {
          // JSON syntax is also HCL object syntax, so the object can be replaced in place.
          return found(site, to_value(file_, *object), SourceFormat::TerraformJsonencode, object == &arg, options);
        }
      }
      if ((e.name == "file" || e.name == "templatefile") && !e.items.empty()) return file_policy(site, e, options);
      break;
    default:
      break;
  }
  if (!known) return;
  // The documents a computed policy may pick from still take its owner and kind.
  std::vector<std::string> names;
  collect_documents(e, names);
  for (const std::string& name : names)
    if (documents.count(name)) references_[name].push_back(site);
  note(site, "policy is computed (" + one_line(hcl::text_of(file_, e.begin, e.end)) + "); not analysed", e);
}

void PolicyValues::template_policy(const PolicySite& site, const hcl::Expr& e, bool known, const SourceOptions& options) {
  const hcl::Template& t = e.tmpl;
  if (!sources::looks_like_json_object(t.text)) {
    if (known && !t.literal()) note(site, "policy is computed (" + one_line(hcl::text_of(file_, e.begin, e.end)) + "); not analysed", e);
    else if (known) result_.diagnostics.push_back({"IAM001", site.owner + ": invalid JSON: the policy is not a JSON object", span_of(file_, e), "", {}});
    return;
  }
  JsonResult json = template_json(file_, t);
  if (json.ok()) {
    for (Diagnostic& d : json.diagnostics) result_.diagnostics.push_back(std::move(d));
    return found(site, std::move(json.value), t.heredoc ? SourceFormat::TerraformHeredoc : SourceFormat::TerraformString,
                 t.heredoc && t.literal(), options);
  }
  if (!t.literal()) {
    note(site, t.directives ? "policy template uses %{ } directives; not analysed"
                            : "policy template is not JSON until Terraform renders it; not analysed", e);
    return;
  }
  for (Diagnostic& d : json.diagnostics) {
    d.message = site.owner + ": " + d.message;
    result_.diagnostics.push_back(std::move(d));
  }
}

// file("${path.module}/policy.json") and templatefile(...): the path must be
// literal apart from path.module / path.root, which name the .tf's folder.
void PolicyValues::file_policy(const PolicySite& site, const hcl::Expr& call, const SourceOptions& options) {
  const hcl::Expr& arg = unwrap(call.items.front());
  if (arg.kind != hcl::ExprKind::Template) return note(site, "policy file path is computed; not analysed", arg);
  for (const hcl::Expr& i : arg.tmpl.interpolations)
    if (i.kind != hcl::ExprKind::Traversal || (i.name != "path.module" && i.name != "path.root"))
      return note(site, "policy file path is computed; not analysed", arg);
  std::string relative;
  const std::string& text = arg.tmpl.text;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "${") == 0 && text.find('}', i) != std::string::npos) {
      i = text.find('}', i) + 1;
      if (!relative.empty() || i < text.size()) relative += ".";
    } else {
      relative += text[i++];
    }
  }
  std::filesystem::path module_dir = std::filesystem::path(file_.path()).parent_path();
  Referenced content = read_referenced(module_dir, relative, options);
  if (!content.text) return note(site, "policy file " + relative + " " + content.why, arg);
  std::filesystem::path path = module_dir / relative;
  auto other = std::make_shared<const SourceFile>(SourceFile::from_string(path.lexically_normal().generic_string(), std::move(*content.text)));
  JsonResult json;
  bool directives = false;
  if (call.name == "templatefile") {
    hcl::TemplateResult t = hcl::parse_template(*other);
    if (!t.ok) return note(site, "policy template " + relative + ": " + t.diagnostics.front().message, arg);
    json = template_json(*other, t.tmpl);
    directives = t.tmpl.directives;
  } else {
    json = parse_json(*other);
  }
  if (!json.ok()) {
    if (directives) return note(site, "policy template " + relative + " uses %{ } directives; not analysed", arg);
    const Diagnostic& d = json.diagnostics.front();
    result_.diagnostics.push_back({"IAM001", site.owner + ": policy file " + relative + ": " + d.message + " at " +
                                       std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column),
                                   span_of(file_, arg), "", {}});
    return;
  }
  found(site, std::move(json.value), call.name == "file" ? SourceFormat::TerraformFile : SourceFormat::TerraformTemplatefile,
        call.name == "file", options, other);
}

void PolicyValues::emit_documents(const SourceOptions& options) {
  // Source order, so the listing follows the file.
  std::vector<std::pair<std::string, const hcl::Block*>> ordered(documents.begin(), documents.end());
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.second->begin < b.second->begin; });
  for (const auto& [name, block] : ordered) {
    std::string address = std::string(kDocumentPrefix) + name;
    const std::vector<PolicySite>& refs = references_[name];
    PolicySite site{nullptr, address, address, "", PolicyKind::Unknown, Attachment::Unknown};
    if (!refs.empty()) {
      site = refs.front();
      site.pointer = address;
      for (std::size_t i = 1; i < refs.size(); ++i) {
        if (site.owner.find(refs[i].owner) == std::string::npos) site.owner += ", " + refs[i].owner;
        if (refs[i].kind != site.kind) site.kind = PolicyKind::Unknown;
        if (refs[i].attachment != site.attachment) site.attachment = Attachment::Unknown;
        if (refs[i].name != site.name) site.name.clear();
        // A document used by several resources applies to all their principals.
        for (const PolicyPrincipal& pr : refs[i].principals)
          if (std::find(site.principals.begin(), site.principals.end(), pr) == site.principals.end())
            site.principals.push_back(pr);
        if (refs[i].managed != site.managed) site.managed = {};
      }
    }
    Diagnostics notes;
    Value doc = policy_document(file_, *block, address, notes);
    for (Diagnostic& d : notes) result_.diagnostics.push_back(std::move(d));
    found(site, std::move(doc), SourceFormat::TerraformPolicyDocument, false, options,
          refs.empty() ? nullptr : refs.front().file);
  }
}

}  // namespace iamtrim::terraform
