// The generator links the library's code to use its readers, and that code
// also refers to what the generator itself produces (the compiled-in tables
// and the embedded catalog image). Inside the generator they do not exist
// yet: these definitions stand in for them and stop the program if anything
// reaches them, which would mean a reader depends on its own output.
#include <cstdio>
#include <cstdlib>

#include "evidence/builtin.hpp"
#include "lint/risk_data.hpp"

// An empty catalog image: Catalog::embedded() refuses it with a message.
asm(".section .rodata\n"
    ".global iamtrim_catalog_image_begin\n"
    ".global iamtrim_catalog_image_end\n"
    "iamtrim_catalog_image_begin:\n"
    "iamtrim_catalog_image_end:\n"
    ".byte 0\n"
    ".previous\n");

// An empty rules bundle: the generator reads rules/ from --rules, and the
// runtime readers of the bundle (condition keys, ARN aliases) find nothing.
asm(".section .rodata\n"
    ".global iamtrim_rules_data_begin\n"
    ".global iamtrim_rules_data_end\n"
    "iamtrim_rules_data_begin:\n"
    "iamtrim_rules_data_end:\n"
    ".byte 0\n"
    ".previous\n");

namespace {

[[noreturn]] void unavailable(const char* what) {
  std::fprintf(stderr, "iamtrim-builtin-data: %s used while it is being generated\n", what);
  std::abort();
}

}  // namespace

namespace iamtrim {

std::span<const SizeQuota> size_quotas() { unavailable("size_quotas()"); }

namespace lint {
const BuiltinRisk& builtin_risk() { unavailable("builtin_risk()"); }
}  // namespace lint

namespace evidence {
TrackingRules builtin_tracking_rules() { unavailable("builtin_tracking_rules()"); }
}  // namespace evidence

}  // namespace iamtrim
