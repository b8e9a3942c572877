// `iamtrim narrow --account` and `iamtrim narrow --organizations`: the
// account-wide modes of narrow, wired in narrow_account_command.cpp. The
// one-policy command (narrow_command.cpp) dispatches here when either option
// is given.
#pragma once

#include <string>
#include <vector>

#include "cli/narrow_settings.hpp"
#include "iamtrim/catalog.hpp"

namespace iamtrim::cli {

struct AccountArgs {
  std::string account;        // get-account-authorization-details output
  std::string organizations;  // get-organizations-access-report output
  std::vector<std::string> evidence;  // files or directories
  int window = 0;
  std::string as_of, report, out;
  bool check = false, compress = false;
  bool force = false;  // --out may replace read-only files
  NarrowConfigArgs config;
  bool split = false;  // --split: a rewrite over its quota is written as parts under --out
  bool progress = false;  // draw the progress line (standard error is a terminal, no --quiet)
  bool wide = false;      // --wide: the table's names whole, however wide the lines
};

int run_narrow_account(const Catalog& catalog, const AccountArgs& args);
int run_narrow_organizations(const Catalog& catalog, const AccountArgs& args);

}  // namespace iamtrim::cli
