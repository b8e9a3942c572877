// The account-wide modes through the command line: exit codes, --check,
// --out, and the messages for bad input.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

const std::string kCase = "testdata/narrow/account/shared-ec2";

// The fixture's evidence without decommissioned.json (about a role the
// account no longer has), which --check refuses to ignore.
std::vector<std::string> used_evidence() {
  return {"--evidence", kCase + "/evidence/alice.json", kCase + "/evidence/builder.json", kCase + "/evidence/reporter.json"};
}

std::vector<std::string> account_args(std::vector<std::string> extra) {
  std::vector<std::string> args = {"narrow", "--account", kCase + "/authorization-details.json"};
  for (const std::string& e : used_evidence()) args.push_back(e);
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(AccountCli, CheckExitsOneWhenARewriteIsDueAndPrintsNoTable) {
  RunResult r = run_cli(account_args({"--check"}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("iamtrim: policy/SharedOps / SharedOps: rewrite due: 3 actions removable\n"), std::string::npos)
      << r.err;
}

TEST(AccountCli, CheckExitsZeroWhenNothingIsProvenUnused) {
  // With a window longer than the tracking period nothing can be removed.
  RunResult r = run_cli(account_args({"--window", "1000", "--check"}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// CI must never pass on evidence it ignored: --check fails (exit 2) when an
// evidence file was dropped, here one about a role the account does not have.
TEST(AccountCli, CheckFailsWhenAnEvidenceFileWasNotUsed) {
  RunResult r = run_cli({"narrow", "--account", kCase + "/authorization-details.json", "--evidence", kCase + "/evidence",
                         "--check"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("iamtrim: warning: " + kCase + "/evidence/decommissioned.json (arn:aws:iam::123456789012:role/"
                       "Decommissioned): names no principal or managed policy of the account; not used\n"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("iamtrim: 1 evidence file(s) were not used (above): fix or remove them\n"), std::string::npos)
      << r.err;
}

TEST(AccountCli, BadInputIsAUsageErrorWithAPreciseMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"narrow", "--account", kCase + "/authorization-details.json", "--evidence", "no/such/dir"},
       "iamtrim: --evidence no/such/dir: no such file or directory\n"},
      {{"narrow", "--account", kCase + "/authorization-details.json"},
       "iamtrim: --account needs --evidence DIR (the last-accessed reports of the account's principals)\n"},
      {{"narrow", "--account", kCase + "/evidence/builder.json", "--evidence", kCase + "/evidence"},
       kCase + "/evidence/builder.json:1:1: not a get-account-authorization-details output: expected UserDetailList, "
               "GroupDetailList, RoleDetailList or Policies at the top level\n"},
      {{"narrow", "--organizations", kCase + "/evidence/builder.json"},
       "iamtrim: " + kCase + "/evidence/builder.json: expected one aws iam get-organizations-access-report output\n"},
      {{"narrow", "--account", kCase + "/authorization-details.json", "--evidence", kCase + "/evidence", "--as-of", "June"},
       "iamtrim: --as-of June: expected a date YYYY-MM-DD\n"},
      // A file named as --out: one error before any work (it was one per
      // policy, after all of them were narrowed), and the file is not touched.
      {{"narrow", "--account", kCase + "/authorization-details.json", "--evidence", kCase + "/evidence", "--out",
        kCase + "/evidence/alice.json"},
       "iamtrim: --out: " + kCase + "/evidence/alice.json exists and is not a folder\n"},
      {{"narrow", "--organizations", "testdata/narrow/organizations/ou-two-unused/access-report.json", "--out",
        kCase + "/evidence/alice.json/scps"},
       "iamtrim: --out: cannot examine " + kCase + "/evidence/alice.json/scps: Not a directory\n"},
  };
  const std::string named_as_out = read_file(kCase + "/evidence/alice.json");
  for (const Case& c : cases) {
    RunResult r = run_cli(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args[2];
    EXPECT_EQ(r.err, c.message) << c.args[2];
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(read_file(kCase + "/evidence/alice.json"), named_as_out);
}

TEST(AccountCli, ModesExcludeEachOther) {
  RunResult r = run_cli({"narrow", "policy.json", "--account", kCase + "/authorization-details.json", "--evidence", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--account, --organizations and POLICY exclude each other"), std::string::npos) << r.err;
  RunResult none = run_cli({"narrow"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("POLICY and --evidence are required (or --account, or --organizations)"), std::string::npos)
      << none.err;
}

TEST(AccountCli, CheckWritesNothingUnderOut) {
  fs::path out = fs::temp_directory_path() / "iamtrim-account-check-out";
  fs::remove_all(out);
  RunResult r = run_cli(account_args({"--check", "--out", out.string()}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace iamtrim::test
