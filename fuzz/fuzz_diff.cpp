// The gate (`iamtrim diff`) on arbitrary pairs of files: the input is OLD,
// a NUL byte, then NEW (no NUL: a file against itself), read as each format. Every change must point inside the file it names, a policy
// compared with itself must never be new access for certain, and every
// renderer must cope with the result.
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_check.hpp"
#include "iamtrim/diff.hpp"

using iamtrim::fuzz::check_span;
using iamtrim::fuzz::require;

namespace {

const iamtrim::Catalog& catalog() {
  static const iamtrim::Catalog c = iamtrim::Catalog::embedded();
  return c;
}

void check_changes(const std::vector<iamtrim::Change>& changes, const iamtrim::LoadedFile* old_file,
                   const iamtrim::LoadedFile* new_file) {
  for (const iamtrim::Change& c : changes) {
    if (new_file && !new_file->policies.empty()) {
      const iamtrim::SourceFile& f = *new_file->policies.front().file;
      if (c.where.path == f.path()) check_span(c.where.span, f.text().size(), &f);
    }
    if (c.was && old_file && !old_file->policies.empty()) {
      const iamtrim::SourceFile& f = *old_file->policies.front().file;
      if (c.was->path == f.path()) check_span(c.was->span, f.text().size(), &f);
    }
  }
}

void diff_as(const char* name, const std::string& text) {
  std::size_t nul = text.find('\0');
  std::string old_text = nul == std::string::npos ? text : text.substr(0, nul);
  std::string new_text = nul == std::string::npos ? text : text.substr(nul + 1);
  auto old_file = iamtrim::load_policies(
      std::make_shared<const iamtrim::SourceFile>(iamtrim::SourceFile::from_string(std::string("old/") + name, old_text)));
  auto new_file = iamtrim::load_policies(
      std::make_shared<const iamtrim::SourceFile>(iamtrim::SourceFile::from_string(std::string("new/") + name, new_text)));
  for (const auto* f : {&old_file, &new_file})
    for (const iamtrim::GateInputError& e : f->errors)
      check_span(e.span, (f == &old_file ? old_text : new_text).size());
  iamtrim::GateReport report;
  report.command = "diff";
  report.policies = iamtrim::compare_files(catalog(), &old_file, &new_file);
  for (const iamtrim::PolicyDiff& d : report.policies) check_changes(d.changes, &old_file, &new_file);
  for (const char* format : {"text", "json", "markdown", "sarif"}) require(iamtrim::render(catalog(), report, format).has_value());
  // Each policy against itself: nothing is new access for certain.
  for (const iamtrim::GatePolicy& p : new_file.policies)
    for (const iamtrim::Change& c : iamtrim::compare(catalog(), &p, &p))
      require(!(c.new_access() && c.certainty == iamtrim::Certainty::Definite));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (const char* name : {"p.json", "main.tf", "stack.yaml", "main.tf.json"}) diff_as(name, text);
  return 0;
}
