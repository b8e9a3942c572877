// The get-account-authorization-details reader (narrow --account) on
// arbitrary bytes: errors and every policy it finds point inside the input,
// an account it accepts is consistent (every principal named, every found
// policy from this file), and nothing crashes or hangs.
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_check.hpp"
#include "iamtrim/account.hpp"

using iamtrim::fuzz::check_span;
using iamtrim::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto file = std::make_shared<const iamtrim::SourceFile>(iamtrim::SourceFile::from_string("fuzz.json", text));
  iamtrim::AccountResult r = iamtrim::read_account(file);
  for (const iamtrim::EvidenceError& e : r.errors) {
    check_span(e.span, size, file.get());
    require(!e.message.empty());
  }
  require(r.ok() == r.account.has_value());
  if (!r.account) return 0;
  for (const iamtrim::AccountPrincipal& p : r.account->principals) require(!p.name.empty());
  for (const iamtrim::FoundPolicy& p : r.account->policies) {
    require(p.file == file);
    check_span(p.document.span, size, file.get());
    check_span(p.expression, size, file.get());
    (void)iamtrim::parse_policy(p.document, p.pointer);
  }
  return 0;
}
