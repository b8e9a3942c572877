// The expand command's whole output, byte for byte: exit code, standard
// error and standard output of each run against a golden file under
// testdata/expand/golden/. Most runs use the small catalog of
// testdata/expand/catalog, whose version string and one action name need
// JSON escaping; the template gives two policies (with owners), a Sid that
// needs escaping, NotAction, a computed item, patterns that match nothing
// and an empty result. Regenerate with IAMTRIM_UPDATE_GOLDEN=1 and read the
// diff before committing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/files.hpp"

namespace iamtrim {
namespace {

using test::check_golden;
using test::run_cli;
using test::testdata;

struct GoldenRun {
  std::string name;  // golden file stem
  std::vector<std::string> args;
};

const std::vector<std::string> kSmallCatalog = {"--catalog", "testdata/expand/catalog"};

std::vector<std::string> with_small_catalog(std::vector<std::string> args) {
  args.insert(args.begin(), kSmallCatalog.begin(), kSmallCatalog.end());
  return args;
}

std::vector<GoldenRun> runs() {
  const std::string tpl = "testdata/expand/golden-template.json";
  return {
      {"template-json", with_small_catalog({"expand", "--policy", tpl, "--format", "json"})},
      {"template-text", with_small_catalog({"expand", "--policy", tpl})},
      {"template-list", with_small_catalog({"expand", "--policy", tpl, "--list"})},
      {"patterns-json",
       with_small_catalog({"expand", "--format", "json", "ab:get*", "ab:Say\"*", "nope:x", "zz:Nothing*", "ab:*thing?",
                           "ab:PutThing", "ab:Put", "ab*:x"})},
      {"patterns-text", with_small_catalog({"expand", "zz:*", "AB:?utThing", "ab:Say\"*"})},
      {"not-json", with_small_catalog({"expand", "--format", "json", "--not", "ab:*"})},
      {"not-text", with_small_catalog({"expand", "--not", "zz:*", "ab:Get*"})},
      {"nothing-json", with_small_catalog({"expand", "--format", "json", "zz:Nothing*"})},
      {"power-user-text", {"expand", "--policy", "testdata/expand/power-user.json"}},
      {"iam-role-json", {"expand", "--policy", "testdata/expand/iam-role.json", "--format", "json"}},
      {"iam-role-list", {"expand", "--policy", "testdata/expand/iam-role.json", "--list"}},
  };
}

TEST(ExpandGolden, OutputIsByteIdenticalToTheGoldenFiles) {
  for (const GoldenRun& run : runs()) {
    SCOPED_TRACE(run.name);
    auto r = run_cli(run.args);
    std::string whole = "exit " + std::to_string(r.exit_code) + "\n--- stderr\n" + r.err + "--- stdout\n" + r.out;
    EXPECT_EQ(check_golden(testdata("expand/golden/" + run.name + ".txt"), whole), "");
  }
}

}  // namespace
}  // namespace iamtrim
