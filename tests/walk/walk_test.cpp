// The directory walk on real trees: vendored and hidden folders, symlinked
// files and folders (loops included), FIFOs, named paths, each file once.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "iamtrim/system.hpp"
#include "iamtrim/walk.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> paths_of(const WalkResult& r) {
  std::vector<std::string> out;
  for (const WalkedFile& f : r.files) out.push_back(f.path);
  return out;
}

std::string skipped(const WalkResult& r) {
  std::string out;
  for (const WalkSkip& s : r.skipped) out += s.path + ": " + s.reason + "\n";
  return out;
}

// Paths relative to the temporary directory, as a user in it sees them.
class Walk : public ::testing::Test {
 protected:
  void SetUp() override {
    old_ = fs::current_path();
    fs::current_path(dir_.path());
  }
  void TearDown() override { fs::current_path(old_); }
  void file(const std::string& path, const std::string& text = "{}") { test::write_file(dir_ / path, text); }

  test::TempDir dir_{"walk"};
  fs::path old_;
};

TEST_F(Walk, SkipsVendoredAndHiddenFoldersAndListsWhy) {
  file("policies/a.json");
  file("policies/b.tf", "");
  file("node_modules/lib/package.json");
  file("vendor/x/policy.json");
  file(".terraform/modules/m/policy.json");
  file(".github/workflows/ci.yml", "on: push\n");
  file("src/app.py", "print()\n");
  file(".iamtrim.yaml", "fail-on: error\n");
  WalkResult r = walk_paths({"."});
  EXPECT_EQ(paths_of(r), (std::vector<std::string>{"policies/a.json", "policies/b.tf"}));
  EXPECT_EQ(skipped(r),
            ".github/: hidden folder\n"
            ".iamtrim.yaml: hidden file\n"
            ".terraform/: hidden folder\n"
            "node_modules/: vendored folder\n"
            "vendor/: vendored folder\n");
  WalkOptions all;
  all.default_excludes = false;
  EXPECT_EQ(paths_of(walk_paths({"."}, all)),
            (std::vector<std::string>{".github/workflows/ci.yml", ".iamtrim.yaml", ".terraform/modules/m/policy.json",
                                      "node_modules/lib/package.json", "policies/a.json", "policies/b.tf",
                                      "vendor/x/policy.json"}));
}

TEST_F(Walk, SymlinkLoopsAreNotFollowed) {
  file("p.json");
  file("sub/q.json");
  fs::create_directory_symlink(".", dir_ / "x");
  fs::create_directory_symlink(".", dir_ / "y");
  fs::create_directory_symlink("..", dir_ / "sub/up");
  fs::create_symlink("p.json", dir_ / "link.json");
  fs::create_symlink("missing.json", dir_ / "broken.json");
  auto start = std::chrono::steady_clock::now();
  WalkResult r = walk_paths({"."});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // The symlinked file once, under its own path; no folder twice.
  EXPECT_EQ(paths_of(r), (std::vector<std::string>{"link.json", "p.json", "sub/q.json"}));
  EXPECT_EQ(skipped(r),
            "broken.json: broken symlink\n"
            "sub/up/: symlinked folder (not followed)\n"
            "x/: symlinked folder (not followed)\n"
            "y/: symlinked folder (not followed)\n");
}

TEST_F(Walk, FollowingSymlinksVisitsEachRealFolderOnce) {
  file("p.json");
  file("real/q.json");
  fs::create_directory_symlink(".", dir_ / "x");
  fs::create_directory_symlink(".", dir_ / "y");
  fs::create_directory_symlink("real", dir_ / "alias");
  // A cycle through two links: a/b -> ../c, c/d -> ../a.
  fs::create_directories(dir_ / "a");
  fs::create_directories(dir_ / "c");
  fs::create_directory_symlink("../c", dir_ / "a/b");
  fs::create_directory_symlink("../a", dir_ / "c/d");
  WalkOptions o;
  o.follow_symlinks = true;
  WalkResult r = walk_paths({"."}, o);
  EXPECT_EQ(paths_of(r), (std::vector<std::string>{"alias/q.json", "p.json"})) << skipped(r);
  EXPECT_EQ(skipped(r),
            "a/b/d/: already walked (symlink cycle or second link)\n"
            "c/: already walked (symlink cycle or second link)\n"
            "real/: already walked (symlink cycle or second link)\n"
            "x/: already walked (symlink cycle or second link)\n"
            "y/: already walked (symlink cycle or second link)\n");
}

TEST_F(Walk, FifosAndDevicesAreNeverOpened) {
  file("p.json");
  ASSERT_EQ(::mkfifo((dir_ / "pipe.json").c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", dir_ / "zero.json");
  WalkResult r = walk_paths({"."});
  EXPECT_EQ(paths_of(r), (std::vector<std::string>{"p.json"}));
  EXPECT_EQ(skipped(r), "pipe.json: not a regular file\nzero.json: not a regular file\n");
  // Reading one refuses it at once instead of hanging or filling memory.
  EXPECT_EQ(read_regular_file("pipe.json", 1 << 20).error, "not a regular file");
  EXPECT_EQ(read_regular_file("/dev/zero", 1 << 20).error, "not a regular file");
  EXPECT_EQ(read_regular_file("p.json", 1).error, "larger than 1 bytes");
  EXPECT_EQ(*read_regular_file("p.json", 2).text, "{}");
}

// What a command names as its input may be a stream: bash's <(...), a FIFO
// another process writes, /dev/stdin. It is read to its end, but never past
// the cap, so /dev/zero is an error and not unbounded memory.
TEST_F(Walk, NamedInputsReadStreamsToTheirEndAndNeverPastTheCap) {
  file("p.json", "{\"Version\": \"2012-10-17\"}");
  EXPECT_EQ(*read_input_file("p.json", 1 << 20).text, "{\"Version\": \"2012-10-17\"}");
  EXPECT_EQ(read_input_file("p.json", 4).error, "larger than 4 bytes");
  EXPECT_EQ(read_input_file("missing.json", 1 << 20).error, "no such file");
  EXPECT_EQ(read_input_file(".", 1 << 20).error, "is a directory");
  FileRead zero = read_input_file("/dev/zero", 1 << 20);
  EXPECT_FALSE(zero.text);
  EXPECT_EQ(zero.error, "larger than 1048576 bytes");
  // A FIFO whose writer comes after the reader opened it, and writes more
  // than a pipe's buffer in several pieces.
  ASSERT_EQ(::mkfifo((dir_ / "pipe.json").c_str(), 0600), 0);
  std::string big(200000, 'x');
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    FILE* f = std::fopen((dir_ / "pipe.json").c_str(), "w");
    ASSERT_NE(f, nullptr);
    for (std::size_t at = 0; at < big.size(); at += 70000)
      std::fwrite(big.data() + at, 1, std::min<std::size_t>(70000, big.size() - at), f);
    std::fclose(f);
  });
  FileRead piped = read_input_file("pipe.json", 1 << 20);
  writer.join();
  ASSERT_TRUE(piped.text) << piped.error;
  EXPECT_EQ(*piped.text, big);
  // The regular-file reader the walk uses still refuses both.
  EXPECT_EQ(read_regular_file("/dev/zero", 1 << 20).error, "not a regular file");
  EXPECT_EQ(read_regular_file("pipe.json", 1 << 20).error, "not a regular file");  // and never waits for a writer
}

// A regular file is read in one read when its size has not changed since
// fstat (a short read is its end); the cap holds at its exact size, an empty
// file is "", and a file whose size says nothing (/proc) is still read whole.
TEST_F(Walk, RegularFilesAreReadWholeAtEverySize) {
  file("four.json", "abcd");
  file("empty.json", "");
  EXPECT_EQ(*read_regular_file("four.json", 4).text, "abcd");
  EXPECT_EQ(read_regular_file("four.json", 3).error, "larger than 3 bytes");
  EXPECT_EQ(*read_regular_file("empty.json", 0).text, "");
  EXPECT_EQ(*read_input_file("four.json", 4).text, "abcd");
  const std::string big(300000, 'y');
  file("big.json", big);
  EXPECT_EQ(*read_regular_file("big.json", 300000).text, big);
  FileRead status = read_regular_file("/proc/self/status", 1 << 20);  // st_size 0
  ASSERT_TRUE(status.text) << status.error;
  EXPECT_NE(status.text->find("Name:"), std::string::npos);
  EXPECT_EQ(status.text->back(), '\n');
}

TEST_F(Walk, NamedPathsDuplicatesAndMissingPaths) {
  file("p.json");
  file("build/q.json");
  file("notes.txt", "x");
  file(".gitignore", "build/\n");
  WalkResult r = walk_paths({"notes.txt", "./p.json", ".", "build/q.json", "missing.json", "build"});
  // Named files are read whatever their name and even when ignored; each path once.
  ASSERT_EQ(paths_of(r), (std::vector<std::string>{"notes.txt", "p.json", "build/q.json"}));
  EXPECT_TRUE(r.files[0].named);
  EXPECT_TRUE(r.files[1].named);
  EXPECT_TRUE(r.files[2].named);
  EXPECT_EQ(r.problems, (std::vector<std::string>{"missing.json: no such file or directory"}));
  EXPECT_EQ(skipped(r), "build/: ignored by .gitignore:1\n");
}

TEST_F(Walk, StartingBelowTheRepositoryRootReadsTheIgnoreFilesAbove) {
  if (run_process({"git", "--version"}).status != 0) GTEST_SKIP() << "git is not installed";
  ASSERT_EQ(run_process({"git", "init", "-q"}, dir_.path().string()).status, 0);
  file(".gitignore", "generated/\n*.tmp.json\n");
  file("infra/.gitignore", "!keep.tmp.json\n");
  file("infra/policies/a.json");
  file("infra/policies/b.tmp.json");
  file("infra/policies/keep.tmp.json");
  file("infra/policies/generated/c.json");
  fs::current_path(dir_ / "infra");
  WalkResult r = walk_paths({"policies"});
  EXPECT_EQ(paths_of(r), (std::vector<std::string>{"policies/a.json", "policies/keep.tmp.json"}));
  EXPECT_EQ(skipped(r),
            "policies/b.tmp.json: ignored by .gitignore:2\n"
            "policies/generated/: ignored by .gitignore:1\n");
  EXPECT_EQ(repository_root("policies"), dir_.path().lexically_normal().generic_string());
  WalkOptions no_ignore;
  no_ignore.gitignore = false;
  EXPECT_EQ(walk_paths({"policies"}, no_ignore).files.size(), 4u);
}

TEST_F(Walk, ANestedRepositoryHasItsOwnRules) {
  if (run_process({"git", "--version"}).status != 0) GTEST_SKIP() << "git is not installed";
  ASSERT_EQ(run_process({"git", "init", "-q"}, dir_.path().string()).status, 0);
  file(".gitignore", "*.gen.json\n");
  file("sub/a.gen.json");
  file("inner/a.gen.json");
  file("inner/b.json");
  ASSERT_EQ(run_process({"git", "init", "-q"}, (dir_ / "inner").string()).status, 0);
  file("inner/.gitignore", "b.json\n");
  EXPECT_EQ(paths_of(walk_paths({"."})), (std::vector<std::string>{"inner/a.gen.json"}));
}

}  // namespace
}  // namespace iamtrim
