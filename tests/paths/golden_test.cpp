// End-to-end goldens for `iamtrim paths`: one small account per thing it must
// get right (testdata/paths/<case>/authorization-details.json, written by
// testdata/paths/make_fixtures.py), the report compared byte for byte.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

struct GoldenCase {
  const char* name;        // folder under testdata/paths
  const char* golden;      // file in that folder
  std::vector<std::string> args;  // after `paths --account DETAILS --no-config`
  int exit_code;
};

const std::vector<GoldenCase>& cases() {
  static const std::vector<GoldenCase> k = {
      // A chain user -> role -> passed role -> admin, in every format.
      {"worked-example", "expected.txt", {}, 1},
      {"worked-example", "expected.json", {"--format", "json"}, 1},
      {"worked-example", "expected.sarif", {"--format", "sarif"}, 1},
      {"worked-example", "expected.dot", {"--format", "dot"}, 1},
      {"worked-example", "expected.mmd", {"--format", "mermaid"}, 1},
      {"worked-example", "expected-from-ci.txt", {"--from", "user/ci"}, 1},
      {"worked-example", "expected-to-ops.txt", {"--to", "role/Ops"}, 1},
      {"worked-example", "expected-to-passrole.txt",
       {"--to", "iam:PassRole@arn:aws:iam::111122223333:role/Ops"}, 1},
      // One case per edge kind.
      {"assume-role", "expected.txt", {}, 1},
      {"pass-role-ec2", "expected.txt", {}, 1},
      {"takeover", "expected.txt", {}, 1},
      {"modify", "expected.txt", {}, 1},
      {"existing-resource", "expected.txt", {}, 1},
      {"join-group", "expected.txt", {}, 1},
      {"federation", "expected.txt", {}, 1},
      {"drop-boundary", "expected.txt", {}, 1},
      // Chains broken by a Deny, a boundary, PassedToService, another account's trust; by an SCP.
      {"broken-chains", "expected.txt", {}, 1},
      {"scp", "expected.txt", {"--scp", "testdata/paths/scp/scp.json"}, 1},
      {"scp", "expected-without-scp.txt", {}, 1},
      // Conditions, group membership, a cycle.
      {"mfa", "expected.txt", {}, 1},
      {"mfa", "expected-fail-on-security.txt", {"--fail-on", "security"}, 0},
      {"group-membership", "expected.txt", {}, 1},
      {"group-membership", "expected.mmd", {"--format", "mermaid"}, 1},
      {"cycle", "expected.txt", {}, 1},
  };
  return k;
}

std::vector<std::string> command(const GoldenCase& c) {
  std::vector<std::string> args{"paths", "--account", "testdata/paths/" + std::string(c.name) + "/authorization-details.json",
                                "--no-config"};
  args.insert(args.end(), c.args.begin(), c.args.end());
  return args;
}

TEST(PathsGolden, EveryCase) {
  for (const GoldenCase& c : cases()) {
    RunResult r = run_cli(command(c));
    const std::string golden = std::string(c.name) + "/" + c.golden;
    EXPECT_EQ(r.exit_code, c.exit_code) << golden << "\n" << r.err;
    EXPECT_EQ(check_golden(testdata("paths/" + golden), r.out), "") << golden;
  }
}

// Code scanning rejects a SARIF file that does not match the schema.
TEST(PathsGolden, SarifMatchesTheOfficialSchema) {
  TempDir t;
  std::vector<std::filesystem::path> files;
  for (const char* name : {"worked-example", "mfa", "federation", "modify", "group-membership"}) {
    RunResult r = run_cli({"paths", "--account", "testdata/paths/" + std::string(name) + "/authorization-details.json",
                           "--no-config", "--format", "sarif"});
    files.push_back(t.dir() / (std::string(name) + ".sarif"));
    write_file(files.back(), r.out);
  }
  // The two-run log of diff --account (tests/paths/diff_test.cpp writes it).
  files.push_back(testdata("paths/change/expected-diff.sarif"));
  std::string skip;
  auto errors = sarif_schema_errors(files, &skip);
  if (!errors) GTEST_SKIP() << skip;
  EXPECT_EQ(*errors, "");
}

TEST(PathsCli, BadInputIsAUsageErrorWithAPreciseMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::string details = "testdata/paths/worked-example/authorization-details.json";
  const std::vector<Case> bad = {
      {{"paths", "--account", "testdata/paths/none.json", "--no-config"}, "iamtrim: cannot read testdata/paths/none.json: no such file\n"},
      {{"paths", "--account", "testdata/paths/scp/scp.json", "--no-config"},
       "testdata/paths/scp/scp.json:1:1: not a get-account-authorization-details output: expected UserDetailList, "
       "GroupDetailList, RoleDetailList or Policies at the top level\n"},
      {{"paths", "--account", details, "--no-config", "--from", "user/nobody"},
       "iamtrim: --from user/nobody: no such principal in the account\n"},
      {{"paths", "--account", details, "--no-config", "--to", "iam:PassRol"},
       "iamtrim: target iam:PassRol: unknown action in catalog "},
      {{"paths", "--account", details, "--no-config", "--to", "nonsense"},
       "iamtrim: --to nonsense: expected admin, a principal (user/NAME, group/NAME, role/NAME, an ARN) or "
       "ACTION[@RESOURCE]\n"},
      {{"paths", "--account", details, "--no-config", "--scp", details},
       "testdata/paths/worked-example/authorization-details.json: not a service control policy"},
  };
  for (const Case& c : bad) {
    RunResult r = run_cli(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args.back();
    EXPECT_EQ(r.err.substr(0, c.message.size()), c.message) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST(PathsCli, BaselineAcceptsTodaysPathsAndReportsNewOnes) {
  auto dir = std::filesystem::temp_directory_path() / ("iamtrim-paths-baseline-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string baseline = (dir / "paths-baseline.json").string();
  const std::string details = "testdata/paths/worked-example/authorization-details.json";
  RunResult w = run_cli({"paths", "--account", details, "--no-config", "--write-baseline", baseline});
  EXPECT_EQ(w.exit_code, 0) << w.err;
  EXPECT_EQ(w.err, "iamtrim: wrote 2 paths to " + baseline + "\n");
  RunResult accepted = run_cli({"paths", "--account", details, "--no-config", "--baseline", baseline});
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_NE(accepted.out.find("0 principals reach admin"), std::string::npos) << accepted.out;
  EXPECT_EQ(accepted.err, "2 accepted in the baseline\n");
  // The same baseline against another account: its paths are new, the old ones are gone.
  RunResult other = run_cli({"paths", "--account", "testdata/paths/cycle/authorization-details.json", "--no-config",
                             "--baseline", baseline});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.out.find("user/entry reaches admin in 3 steps"), std::string::npos) << other.out;
  EXPECT_NE(other.err.find("iamtrim: gone since the baseline: " + details +
                           ": escalation-path user/ci -> role/Deployer -> role/Ops => admin [user/ci]\n"),
            std::string::npos)
      << other.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iamtrim::test
