// The README's Terraform demo, command by command: the exported module is
// committed, narrowed in place with its evidence, and `iamtrim diff --git`
// proves the change grants no new access (it only takes access away).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "iamtrim/diff.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

namespace fs = std::filesystem;

TEST(ReadmeDemo, NarrowInPlaceThenDiffAgainstGitShowsNoNewAccess) {
  fs::path repo = fs::temp_directory_path() / ("iamtrim-readme-demo-" + std::to_string(::getpid()));
  fs::remove_all(repo);
  fs::create_directories(repo);
  for (const char* f : {"main.tf", "evidence.json", "evidence.request.json"})
    fs::copy_file(testdata("../examples/terraform-module/" + std::string(f)), repo / f);
  auto git = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-c", "user.name=demo", "-c", "user.email=demo@example.com"});
    return run_process(args, repo.string());
  };
  if (git({"--version"}).status != 0) GTEST_SKIP() << "git is not installed";
  ASSERT_EQ(git({"init", "-q"}).status, 0);
  ASSERT_EQ(git({"add", "-A"}).status, 0);
  ASSERT_EQ(git({"commit", "-qm", "module as exported"}).status, 0);
  std::string before = read_file(repo / "main.tf");

  RunResult narrow = run_cli({"narrow", "main.tf", "--evidence", "evidence.json", "--write"}, "", repo);
  EXPECT_EQ(narrow.exit_code, 0) << narrow.err;
  EXPECT_EQ(narrow.out, "");
  // As the README shows it: the role's own evidence (its sidecar names role/worker,
  // the module's aws_iam_role.worker has that name), one note per run.
  EXPECT_EQ(narrow.err,
            "iamtrim: note: main.tf: aws_iam_role.worker (data.aws_iam_policy_document.assume): trust policy; only "
            "identity policies are narrowed\n"
            "iamtrim: note: evidence.json: job created 2026-11-20T06:00:00Z; it speaks for activity up to "
            "2026-11-20T02:00:00Z (recent activity can take 4 hours to appear; see "
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html (Things to "
            "know about last accessed information))\n"
            "iamtrim: note: tracking rules: Region table captured "
            "2023-08-31; Regions launched since are not in it "
            "(https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html (Where "
            "AWS tracks last accessed information; read in August 2023, the day not recorded, so the end of "
            "the month is given))\n");
  std::string after = read_file(repo / "main.tf");
  EXPECT_NE(after, before);
  EXPECT_EQ(after.find("s3:PutBucketPolicy"), std::string::npos);
  EXPECT_EQ(after.find("LegacyTable"), std::string::npos);
  EXPECT_NE(after.find("$${aws:PrincipalTag/team}"), std::string::npos);  // escapes kept

  ProcessResult diff = git({"diff", "--stat"});
  EXPECT_NE(diff.out.find("1 file changed, 7 deletions(-)"), std::string::npos) << diff.out;

  RunResult gate = run_cli({"diff", "--git", "HEAD"}, "", repo);
  EXPECT_EQ(gate.exit_code, 0) << gate.out << gate.err;
  EXPECT_NE(gate.out.find("no new access (2 other change(s))"), std::string::npos) << gate.out;
  EXPECT_NE(gate.out.find("no-longer-allowed"), std::string::npos) << gate.out;

  // A second narrowing with the same evidence changes nothing.
  RunResult again = run_cli({"narrow", "main.tf", "--evidence", "evidence.json", "--check"}, "", repo);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  fs::remove_all(repo);
}

}  // namespace
}  // namespace iamtrim::test
