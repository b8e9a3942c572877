// Feeds arbitrary bytes through every stage a policy file meets: the JSON
// reader, the policy reader, expansion, and the writer (whose output must
// read back to the same text). Any crash, sanitizer report or broken
// invariant is a bug.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const iamtrim::Catalog catalog = iamtrim::Catalog::embedded();
  std::string text(reinterpret_cast<const char*>(data), size);
  iamtrim::SourceFile file = iamtrim::SourceFile::from_string("fuzz.json", text);
  iamtrim::JsonResult json = iamtrim::parse_json(file);
  for (const auto& d : json.diagnostics)
    if (d.span.begin.offset > size || d.span.end.offset > size) std::abort();
  if (!json.ok()) return 0;
  iamtrim::PolicyResult policy = iamtrim::parse_policy(json.value);
  if (!policy.usable) return 0;
  for (const auto& st : policy.policy.statements) (void)iamtrim::expand_statement(catalog, st);
  std::string out = iamtrim::write_policy(policy.policy);
  iamtrim::SourceFile again = iamtrim::SourceFile::from_string("again.json", out);
  iamtrim::JsonResult json2 = iamtrim::parse_json(again);
  if (!json2.ok()) std::abort();  // the writer must always write JSON
  if (iamtrim::write_policy(iamtrim::parse_policy(json2.value).policy) != out) std::abort();
  return 0;
}
