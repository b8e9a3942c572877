// "A rewrite never loses a concurrent edit", through the commands that
// write: narrow --write (JSON and Terraform), lint --fix, --report, --output,
// --write-baseline and account --out. Each test names the hole it closes;
// all of them wrote over the user's file before these checks existed.
#include <gtest/gtest.h>

#include <algorithm>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "cli/atomic_write.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

const std::vector<std::string> kS3 = {"--window", "90", "--as-of", "2024-06-30"};

class WriteSafety : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir("iamtrim-write");
    fs::copy_file(testdata("narrow/s3-role.policy.json"), dir_ / "policy.json");
    fs::copy_file(testdata("narrow/s3-role.evidence.json"), dir_ / "evidence.json");
    fs::copy_file(testdata("narrow/s3-role.evidence.request.json"), dir_ / "evidence.request.json");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string at(const std::string& name) const { return (dir_ / name).string(); }
  std::vector<std::string> narrow(const std::string& policy, std::vector<std::string> extra) const {
    std::vector<std::string> args = {"narrow", policy, "--evidence", at("evidence.json")};
    args.insert(args.end(), kS3.begin(), kS3.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  // Runs `args` while another program edits `file`: the evidence is a FIFO,
  // which iamtrim opens only after it has read the policy; the edit happens
  // then, and the evidence is written after it.
  RunResult run_with_concurrent_edit(std::vector<std::string> args, const std::string& file, const std::string& edited,
                                     const std::string& evidence_text) {
    const std::string fifo = at("fifo.json");
    EXPECT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (std::string& a : args)
      if (a == at("evidence.json")) a = fifo;
    RunResult result;
    std::thread cli([&] { result = run_cli(args); });
    {
      std::ofstream feed(fifo, std::ios::binary);  // blocks until iamtrim opens the evidence
      write_file(file, edited);                     // the concurrent edit
      feed << evidence_text;
    }
    cli.join();
    return result;
  }
  fs::path dir_;
};

TEST_F(WriteSafety, NarrowWriteRefusesAFileEditedSinceItWasRead) {
  std::string edited = read_file(at("policy.json"));
  edited.insert(edited.rfind(']'), ",\n        {\"Sid\": \"AddedMeanwhile\", \"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n    ");
  RunResult r = run_with_concurrent_edit(narrow(at("policy.json"), {"--write"}), at("policy.json"), edited,
                                         read_file(at("evidence.json")));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("iamtrim: " + at("policy.json") + " changed since iamtrim read it (its size changed): not "
                       "rewritten, so nothing written there is lost; run iamtrim again on the new contents\n"),
            std::string::npos) << r.err;
  EXPECT_EQ(read_file(at("policy.json")), edited);
  // No temporary file is left behind.
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().filename().string().find(".iamtrim-"), std::string::npos);
}

TEST_F(WriteSafety, InPlaceTerraformWriteRefusesAFileEditedSinceItWasRead) {
  for (const char* f : {"main.tf", "evidence.json", "evidence.request.json"})
    fs::copy_file(testdata(std::string("../examples/terraform-module/") + f), dir_ / (std::string("tf-") + f));
  std::string edited = read_file(at("tf-main.tf")) + "\n# edited meanwhile\n";
  RunResult r = run_with_concurrent_edit({"narrow", at("tf-main.tf"), "--evidence", at("evidence.json"), "--write",
                                          "--principal", "arn:aws:iam::123456789012:role/worker"},
                                         at("tf-main.tf"), edited, read_file(at("tf-evidence.json")));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("changed since iamtrim read it"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(at("tf-main.tf")), edited);
}

// Found by fuzz_edit: Terraform refuses a resource declared twice, and an
// edit found again by its address could land in the other copy. Neither
// copy is edited; the file is left as it was, and the exit says so.
TEST_F(WriteSafety, ATerraformResourceDeclaredTwiceIsNeverEdited) {
  const std::string block = R"(resource "aws_iam_role_policy" "uploader" {
  role = "Uploader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:ListBucket", "s3:DeleteBucket"], Resource = "arn:aws:s3:::uploads-bucket" }]
  })
}
)";
  const std::string twice = block + "\n" + block;
  write_file(at("main.tf"), twice);
  RunResult r = run_cli(narrow(at("main.tf"), {"--write"}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("main.tf:9:1: IAM002 duplicate resource aws_iam_role_policy.uploader (first at line 1): Terraform "
                       "refuses this configuration"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("cannot edit in place: the file declares aws_iam_role_policy.uploader.policy more than once"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(at("main.tf")), twice);
  // The same block once is narrowed as usual.
  write_file(at("main.tf"), block);
  RunResult once = run_cli(narrow(at("main.tf"), {"--write"}));
  EXPECT_EQ(once.exit_code, 0) << once.err;
  EXPECT_EQ(read_file(at("main.tf")).find("s3:DeleteBucket"), std::string::npos) << read_file(at("main.tf"));
}

// The check itself, as lint --fix and account --out use it: size, time and
// content each give a change away; an unchanged file is replaced.
TEST_F(WriteSafety, ReplaceFileComparesWhatWasRead) {
  const std::string path = at("policy.json"), original = read_file(path);
  cli::FileSnapshot read = cli::snapshot_file(path, original);
  ASSERT_TRUE(read.known);
  // Same size, same modification time, other bytes.
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  std::string same_size = original;
  same_size[same_size.find("uploads")] = 'U';
  write_file(path, same_size);
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  EXPECT_NE(cli::replace_file(path, "{}", read, false).find("(its contents changed)"), std::string::npos);
  EXPECT_EQ(read_file(path), same_size);
  // A newer modification time alone.
  write_file(path, original);
  EXPECT_NE(cli::replace_file(path, "{}", read, false).find("changed since iamtrim read it"), std::string::npos);
  EXPECT_EQ(read_file(path), original);
  // Unchanged since read: replaced, mode kept.
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  read = cli::snapshot_file(path, original);
  EXPECT_EQ(cli::replace_file(path, "{}", read, false), "");
  EXPECT_EQ(read_file(path), "{}");
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
}

TEST_F(WriteSafety, AReadOnlyFileIsRewrittenOnlyWithForce) {
  const std::string path = at("policy.json"), original = read_file(path);
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
  RunResult r = run_cli(narrow(path, {"--write"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("iamtrim: " + path + " is read-only (mode 0444): not rewritten; --force rewrites it anyway, "
                       "keeping the mode\n"),
            std::string::npos) << r.err;
  EXPECT_EQ(read_file(path), original);
  RunResult forced = run_cli(narrow(path, {"--write", "--force"}));
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(read_file(path), read_file(testdata("narrow/s3-role.expected.json")));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0444u);
}

TEST_F(WriteSafety, LintFixRefusesAReadOnlyFileUnlessForced) {
  const std::string path = at("fixable.json");
  const std::string text = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*"], "Resource": "*"}]})";
  write_file(path, text);
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
  RunResult r = run_cli({"lint", "--no-config", "--fix", path});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(path + " is read-only (mode 0444)"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(path), text);
  RunResult forced = run_cli({"lint", "--no-config", "--fix", "--force", path});
  EXPECT_NE(forced.err.find("fixed"), std::string::npos) << forced.err;
  EXPECT_EQ(read_file(path).find("\"s3:GetObject\""), std::string::npos) << read_file(path);
}

// --report over the policy, its evidence or a sidecar, by any spelling.
TEST_F(WriteSafety, AReportNeverOverwritesAnInput) {
  fs::create_directories(dir_ / "sub");
  fs::create_symlink(dir_ / "policy.json", dir_ / "link.json");
  const std::string policy = read_file(at("policy.json")), sidecar = read_file(at("evidence.request.json"));
  for (const std::string& report : {at("policy.json"), at("link.json"), at("sub/../policy.json"), at("evidence.json"),
                                    at("evidence.request.json")}) {
    RunResult r = run_cli(narrow(at("policy.json"), {"--report", report}));
    EXPECT_EQ(r.exit_code, 2) << report;
    EXPECT_NE(r.err.find("iamtrim: --report " + report + ": " + report), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(": not overwritten\n"), std::string::npos) << r.err;
  }
  EXPECT_EQ(read_file(at("policy.json")), policy);
  EXPECT_EQ(read_file(at("evidence.request.json")), sidecar);
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
}

TEST_F(WriteSafety, LintOutputNeverOverwritesAnInput) {
  const std::string policy = read_file(at("policy.json"));
  RunResult named = run_cli({"lint", "--no-config", at("policy.json"), "--output", at("policy.json")});
  EXPECT_EQ(named.exit_code, 2);
  EXPECT_EQ(named.err, "iamtrim: --output " + at("policy.json") + " is an input of this command: not overwritten\n");
  // Found by walking the folder, and holding a policy.
  RunResult walked = run_cli({"lint", "--no-config", dir_.string(), "--output", at("policy.json")});
  EXPECT_EQ(walked.exit_code, 2) << walked.err;
  RunResult baseline = run_cli({"lint", "--no-config", at("policy.json"), "--write-baseline", at("policy.json")});
  EXPECT_EQ(baseline.exit_code, 2) << baseline.err;
  EXPECT_EQ(read_file(at("policy.json")), policy);
  // A previous report in the folder is no policy: it is replaced as before.
  write_file(at("report.txt"), "old report\n");
  RunResult again = run_cli({"lint", "--no-config", at("policy.json"), "--output", at("report.txt")});
  EXPECT_NE(read_file(at("report.txt")), "old report\n") << again.err;
}

// A bare file name has no folder part: writing it must not try to create "".
TEST_F(WriteSafety, ABareReportNameWorksInAccountAndOrganizationsModes) {
  const std::string account = testdata("narrow/account/shared-ec2").string();
  RunResult a = run_cli({"narrow", "--account", account + "/authorization-details.json", "--evidence",
                         account + "/evidence/builder.json", "--report", "account.md"}, "", dir_);
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_TRUE(fs::exists(dir_ / "account.md"));
  const std::string org = testdata("narrow/organizations/ou-two-unused/access-report.json").string();
  RunResult o = run_cli({"narrow", "--organizations", org, "--window", "180", "--report", "ou.json"}, "", dir_);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(fs::exists(dir_ / "ou.json"));
  // And never over the account's own file (a copy: a failing build must not damage the fixture).
  fs::copy_file(account + "/authorization-details.json", dir_ / "details.json");
  RunResult over = run_cli({"narrow", "--account", at("details.json"), "--evidence", account + "/evidence/builder.json",
                            "--report", at("details.json")});
  EXPECT_EQ(over.exit_code, 2);
  EXPECT_NE(over.err.find("is an input of this command: not overwritten"), std::string::npos) << over.err;
}

// Account --out's new files: each folder is made or checked once, many
// threads write into the same folders at once, a new file gets 0666 less the
// umask, nothing already at a path is touched (the caller replaces it with
// the checks of an existing file), no link below the root is followed and no
// temporary file is left behind.
TEST_F(WriteSafety, OutputFolderWritesNewFilesOnlyAndNeverThroughALink) {
  const fs::path root = dir_ / "out";
  fs::create_directories(dir_ / "elsewhere");
  fs::create_directories(root / "role");
  fs::create_directory_symlink(dir_ / "elsewhere", root / "role/linked");
  write_file(root / "role/kept/inline/p.json", "reviewed\n");
  write_file(root / "role/blocker", "a file where a folder must go\n");
  const mode_t old_mask = ::umask(027);
  cli::OutputFolder out(root.string());
  std::vector<std::thread> threads;
  std::vector<std::vector<std::pair<cli::OutputFolder::NewFile, std::string>>> results(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::string error;
        const std::string relative = "role/r" + std::to_string(i % 10) + "/inline/p" + std::to_string(t) + "-" +
                                     std::to_string(i) + ".json";
        results[t].emplace_back(out.write_new(relative, relative + "\n", error), error);
      }
    });
  for (std::thread& t : threads) t.join();
  std::string error;
  const auto kept = out.write_new("role/kept/inline/p.json", "new\n", error);
  const auto linked = out.write_new("role/linked/inline/p.json", "new\n", error);
  const std::string link_error = error;
  const auto blocked = out.write_new("role/blocker/inline/p.json", "new\n", error);
  ::umask(old_mask);
  for (int t = 0; t < 4; ++t)
    for (int i = 0; i < 50; ++i) {
      EXPECT_EQ(results[t][i].first, cli::OutputFolder::NewFile::Written) << results[t][i].second;
      const fs::path file = root / ("role/r" + std::to_string(i % 10)) / "inline" /
                            ("p" + std::to_string(t) + "-" + std::to_string(i) + ".json");
      EXPECT_EQ(read_file(file), fs::relative(file, root).string() + "\n");
      struct stat st {};
      ASSERT_EQ(::stat(file.c_str(), &st), 0);
      EXPECT_EQ(st.st_mode & 07777, 0640u) << file;
      ASSERT_EQ(::stat(file.parent_path().c_str(), &st), 0);
      EXPECT_EQ(st.st_mode & 07777, 0750u) << file.parent_path();
    }
  EXPECT_EQ(kept, cli::OutputFolder::NewFile::Exists);
  EXPECT_EQ(read_file(root / "role/kept/inline/p.json"), "reviewed\n");
  EXPECT_EQ(linked, cli::OutputFolder::NewFile::Failed);
  EXPECT_EQ(link_error, (root / "role/linked").string() + " is a symbolic link: not written through");
  EXPECT_TRUE(fs::is_empty(dir_ / "elsewhere"));
  EXPECT_EQ(blocked, cli::OutputFolder::NewFile::Failed);
  EXPECT_EQ(error, (root / "role/blocker").string() + " exists and is not a folder");
  for (const auto& e : fs::recursive_directory_iterator(root))
    EXPECT_EQ(e.path().filename().string().find(".iamtrim-"), std::string::npos) << e.path();
}

// In a folder the run made itself nothing is looked up before writing; a
// file another process puts there meanwhile is still never replaced: the
// rename into place refuses it (RENAME_NOREPLACE), the file keeps its bytes,
// the temporary file is removed and the caller hears Exists.
TEST_F(WriteSafety, OutputFolderNeverReplacesAFileThatAppearsInAFolderItMade) {
  const fs::path root = dir_ / "out";
  cli::OutputFolder out(root.string());
  std::string error;
  ASSERT_EQ(out.write_new("role/new/inline/a.json", "a\n", error), cli::OutputFolder::NewFile::Written) << error;
  write_file(root / "role/new/inline/b.json", "written by someone else\n");
  EXPECT_EQ(out.write_new("role/new/inline/b.json", "b\n", error), cli::OutputFolder::NewFile::Exists) << error;
  EXPECT_EQ(error, "");
  EXPECT_EQ(read_file(root / "role/new/inline/b.json"), "written by someone else\n");
  EXPECT_EQ(read_file(root / "role/new/inline/a.json"), "a\n");
  // A folder someone else makes where the run would make one is checked as an existing folder.
  fs::create_directories(dir_ / "elsewhere");
  fs::create_directory_symlink(dir_ / "elsewhere", root / "role/late");
  EXPECT_EQ(out.write_new("role/late/inline/c.json", "c\n", error), cli::OutputFolder::NewFile::Failed);
  EXPECT_EQ(error, (root / "role/late").string() + " is a symbolic link: not written through");
  EXPECT_TRUE(fs::is_empty(dir_ / "elsewhere"));
  for (const auto& e : fs::recursive_directory_iterator(root))
    EXPECT_EQ(e.path().filename().string().find(".iamtrim-"), std::string::npos) << e.path();
}

// An account's files staged beside their places and put in place later:
// commit() never replaces what is there (Exists, the temporary file kept);
// replace() then puts the staged file over a regular file only, keeping its
// mode, refuses a read-only one unless forced and anything that is not a
// regular file, and leaves the temporary file to discard when it refuses.
TEST_F(WriteSafety, StagedFilesReplaceOnlyRegularFilesAndKeepTheirMode) {
  const fs::path root = dir_ / "out";
  write_file(root / "details/role/a.json", "old a\n");
  ::chmod((root / "details/role/a.json").c_str(), 0600);
  write_file(root / "details/role/ro.json", "reviewed\n");
  ::chmod((root / "details/role/ro.json").c_str(), 0444);
  fs::create_directories(root / "details/role/dir.json");
  cli::OutputFolder out(root.string());
  std::string error;
  auto staged = [&](const std::string& relative, const std::string& text) {
    cli::OutputFolder::Staged s;
    EXPECT_TRUE(out.stage(relative, text, s, error)) << error;
    EXPECT_EQ(read_file(s.temp), text);
    EXPECT_EQ(s.target, (root / relative).string());
    return s;
  };
  const auto fresh = staged("details/role/new.json", "new\n");
  EXPECT_FALSE(fs::exists(root / "details/role/new.json")) << "staged, not yet in place";
  EXPECT_EQ(out.commit(fresh, error), cli::OutputFolder::NewFile::Written) << error;
  EXPECT_EQ(read_file(root / "details/role/new.json"), "new\n");

  const auto a = staged("details/role/a.json", "new a\n");
  EXPECT_EQ(out.commit(a, error), cli::OutputFolder::NewFile::Exists);
  EXPECT_EQ(read_file(root / "details/role/a.json"), "old a\n");
  EXPECT_EQ(out.replace(a, false), "");
  EXPECT_EQ(read_file(root / "details/role/a.json"), "new a\n");
  struct stat st {};
  ASSERT_EQ(::stat((root / "details/role/a.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_FALSE(fs::exists(a.temp));

  const auto ro = staged("details/role/ro.json", "new ro\n");
  EXPECT_EQ(out.commit(ro, error), cli::OutputFolder::NewFile::Exists);
  EXPECT_EQ(out.replace(ro, false), (root / "details/role/ro.json").string() +
                                        " is read-only (mode 0444): not rewritten; --force rewrites it anyway, keeping "
                                        "the mode");
  EXPECT_EQ(read_file(root / "details/role/ro.json"), "reviewed\n");
  EXPECT_TRUE(fs::exists(ro.temp)) << "left to the caller";
  EXPECT_EQ(out.replace(ro, true), "");
  EXPECT_EQ(read_file(root / "details/role/ro.json"), "new ro\n");
  ASSERT_EQ(::stat((root / "details/role/ro.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0444u);

  const auto dir = staged("details/role/dir.json", "x\n");
  EXPECT_EQ(out.commit(dir, error), cli::OutputFolder::NewFile::Exists);
  EXPECT_EQ(out.replace(dir, true), (root / "details/role/dir.json").string() +
                                        " exists and is not a regular file: not replaced");
  EXPECT_TRUE(fs::is_directory(root / "details/role/dir.json"));
  cli::OutputFolder::discard(dir);
  for (const auto& e : fs::recursive_directory_iterator(root))
    EXPECT_EQ(e.path().filename().string().find(".iamtrim-"), std::string::npos) << e.path();
}

// A run that puts nothing in place removes the folders it made (deepest
// first, the output folder too when it made it) and never one it found.
TEST_F(WriteSafety, OutputFolderRemovesOnlyTheFoldersItMade) {
  const fs::path root = dir_ / "out";
  fs::create_directories(root / "details/role/found");
  {
    cli::OutputFolder out(root.string());
    std::string error;
    cli::OutputFolder::Staged a, b;
    ASSERT_TRUE(out.stage("details/role/found/x/a.json", "a\n", a, error)) << error;
    ASSERT_TRUE(out.stage("details/policy/b.json", "b\n", b, error)) << error;
    cli::OutputFolder::discard(a);
    cli::OutputFolder::discard(b);
    out.remove_made_folders();
  }
  std::vector<std::string> left;
  for (const auto& e : fs::recursive_directory_iterator(root)) left.push_back(fs::relative(e.path(), root).string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"details", "details/role", "details/role/found"}));
  const fs::path made = dir_ / "made/out";
  {
    cli::OutputFolder out(made.string());
    std::string error;
    cli::OutputFolder::Staged a;
    ASSERT_TRUE(out.stage("details/a.json", "a\n", a, error)) << error;
    cli::OutputFolder::discard(a);
    out.remove_made_folders();
  }
  EXPECT_FALSE(fs::exists(dir_ / "made")) << "made on the way to the output folder";
  EXPECT_TRUE(fs::exists(dir_));
}

}  // namespace
}  // namespace iamtrim::test
