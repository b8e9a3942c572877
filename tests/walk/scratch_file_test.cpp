// open_scratch_file(): where the account command spools its detail texts.
// It must honour TMPDIR (std::tmpfile() does not) and leave nothing behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>

#include "iamtrim/system.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

// Sets TMPDIR for one test and puts back what was there.
class TmpdirIs {
 public:
  explicit TmpdirIs(const std::optional<std::string>& value) {
    if (const char* old = std::getenv("TMPDIR")) old_ = old;
    if (value) ::setenv("TMPDIR", value->c_str(), 1);
    else ::unsetenv("TMPDIR");
  }
  ~TmpdirIs() {
    if (old_) ::setenv("TMPDIR", old_->c_str(), 1);
    else ::unsetenv("TMPDIR");
  }

 private:
  std::optional<std::string> old_;
};

// What the kernel says the open file is: "/dir/name (deleted)" once unlinked.
std::string opened_as(std::FILE* f) {
  std::error_code ec;
  return fs::read_symlink("/proc/self/fd/" + std::to_string(fileno(f)), ec).string();
}

TEST(ScratchFile, IsMadeInTheFolderTMPDIRNamesAndIsAlreadyUnlinked) {
  test::TempDir dir("scratch");
  for (const std::string& named : {dir.path().string(), dir.path().string() + "/"}) {
    TmpdirIs tmpdir(named);
    std::FILE* f = open_scratch_file();
    ASSERT_NE(f, nullptr) << std::strerror(errno);
    const std::string path = opened_as(f);
    EXPECT_EQ(path.rfind((dir.path() / "iamtrim-scratch-").string(), 0), 0u) << path;
    EXPECT_NE(path.find(" (deleted)"), std::string::npos) << path;
    EXPECT_TRUE(fs::is_empty(dir.path())) << "nothing left to clean up";
    // It holds what is written and reads it back from anywhere.
    const std::string text = "{\"policies\": []}";
    ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), f), text.size());
    ASSERT_EQ(std::fflush(f), 0);
    std::string back(text.size(), '\0');
    ASSERT_EQ(::pread(fileno(f), back.data(), back.size(), 0), static_cast<ssize_t>(back.size()));
    EXPECT_EQ(back, text);
    EXPECT_EQ(std::fclose(f), 0);
  }
}

TEST(ScratchFile, WithoutTMPDIRItIsInTmp) {
  for (const std::optional<std::string>& unset : {std::optional<std::string>(), std::optional<std::string>("")}) {
    TmpdirIs tmpdir(unset);
    std::FILE* f = open_scratch_file();
    ASSERT_NE(f, nullptr) << std::strerror(errno);
    EXPECT_EQ(opened_as(f).rfind("/tmp/iamtrim-scratch-", 0), 0u) << opened_as(f);
    std::fclose(f);
  }
}

TEST(ScratchFile, AFolderThatCannotHoldItIsAnErrorNotAnotherFolder) {
  test::TempDir dir("scratch");
  TmpdirIs tmpdir((dir.path() / "missing").string());
  errno = 0;
  EXPECT_EQ(open_scratch_file(), nullptr);
  EXPECT_EQ(errno, ENOENT);
}

}  // namespace
}  // namespace iamtrim
