// Writes a generated account to try account mode on, as a new user would:
//
//   gen_account DIR [ROLES] [INLINE] [SHARED]
//
// DIR/authorization-details.json (get-account-authorization-details output)
// with ROLES roles (default 5,000), each with INLINE inline policies
// (default 2) and SHARED shared customer-managed policies (default 1), and
// DIR/evidence/app-N.json (an action-level last-accessed report per role)
// with its sidecar app-N.request.json. The content is a function of the role
// number only (bench/account_gen.hpp), so every run writes the same bytes.
//
//   iamtrim narrow --account DIR/authorization-details.json --evidence DIR/evidence --out OUT
#include <cstdio>
#include <cstdlib>

#include "account_gen.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: gen_account DIR [ROLES] [INLINE] [SHARED]\n");
    return 2;
  }
  const int roles = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5000;
  const int inline_count = argc > 3 ? std::atoi(argv[3]) : 2;
  const int shared_count = argc > 4 ? std::atoi(argv[4]) : 1;
  iamtrim::bench::account::write_account(argv[1], roles, inline_count, shared_count);
  std::printf("%d roles (%d inline, %d shared policies each), %d reports with sidecars in %s\n", roles, inline_count,
              shared_count, roles, argv[1]);
  return 0;
}
