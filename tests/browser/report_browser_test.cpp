// The HTML reports in Debian's headless Chromium. The checks live in
// report_browser_test.py (WebDriver through chromedriver, Python's standard
// library only); this test runs it against the built iamtrim and keeps its
// screenshots under BUILD/browser-artifacts. Skipped, with the script's
// reason, when chromium or chromium-driver is not installed.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

TEST(BrowserTest, ReportsRenderFilterSortExpandAndLoadFastInChromium) {
  namespace fs = std::filesystem;
  const fs::path cli = IAMTRIM_CLI_PATH;
  const fs::path artifacts = cli.parent_path() / "browser-artifacts";
  const fs::path script = fs::path(IAMTRIM_SOURCE_DIR) / "tests" / "browser" / "report_browser_test.py";
  const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const std::string cmd = python + " " + quote(script.string()) + " --iamtrim " + quote(cli.string()) +
                          " --source-dir " + quote(IAMTRIM_SOURCE_DIR) + " --artifacts " +
                          quote(artifacts.string()) + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = ::pclose(p);
  ASSERT_TRUE(WIFEXITED(status)) << out;
  const int code = WEXITSTATUS(status);
  if (code == 77) GTEST_SKIP() << out;
  std::printf("%s", out.c_str());
  EXPECT_EQ(code, 0) << out;
  EXPECT_TRUE(fs::exists(artifacts / "account-report.png")) << "no screenshot in " << artifacts;
}

}  // namespace
