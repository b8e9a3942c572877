// The whole `iamtrim lint --format json` output over the AWS managed
// policies and the Terraform and CloudFormation corpora, held byte for byte:
// refactoring and speed work (issue 11) must not change one byte of it.
//
// The goldens (testdata/corpus-output/<corpus>.golden) are digests, so that
// megabytes of output are not committed, laid out to be read in a diff:
//   output <digest of the whole output> <bytes> <findings>
//   <file> <digest of its findings> <codes of its findings, in output order>
// one line per file with findings. A change in one finding shows as the line
// of its file. The run's full output is kept in the temporary folder when it
// differs. IAMTRIM_UPDATE_GOLDEN=1 rewrites the goldens (read the diff: a
// rule change shows which files gained or lost which findings).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

// FNV-1a, 64 bit, as hex: a change detector, not a security property.
std::string digest(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string summary(const std::string& output) {
  auto json = nlohmann::ordered_json::parse(output);
  const auto& findings = json.at("findings");
  // Files in order of first appearance (the output's own order).
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::string, std::string>> per_file;  // dumps, codes
  for (const auto& f : findings) {
    const std::string file = f.at("file").get<std::string>();
    auto [it, fresh] = per_file.try_emplace(file);
    if (fresh) order.push_back(file);
    it->second.first += f.dump() + "\n";
    it->second.second += " " + f.at("code").get<std::string>();
  }
  std::string out = "output " + digest(output) + " " + std::to_string(output.size()) + " " +
                    std::to_string(findings.size()) + "\n";
  for (const std::string& file : order) out += file + " " + digest(per_file[file].first) + per_file[file].second + "\n";
  return out;
}

// The tool version is part of the output; a release must not change the golden.
std::string without_version(std::string text) {
  const std::string v = std::string("\"version\": \"") + IAMTRIM_VERSION + "\"";
  if (auto at = text.find(v); at != std::string::npos) text.replace(at, v.size(), "\"version\": \"VERSION\"");
  return text;
}

void expect_unchanged(const std::string& corpus) {
  IAMTRIM_REQUIRE_CORPUS(dir, corpus);
  // Run from the corpus folder so that the paths in the output do not name this machine.
  test::RunResult r = test::run_cli({"lint", "--no-config", "--format", "json", corpus}, "", dir.parent_path());
  ASSERT_EQ(r.exit_code, 1) << r.err;  // every corpus has findings
  const std::string output = without_version(r.out);
  const std::string problem = test::check_golden(test::testdata("corpus-output/" + corpus + ".golden"), summary(output));
  if (!problem.empty()) {
    const fs::path kept = fs::temp_directory_path() / ("iamtrim-corpus-output-" + corpus + ".json");
    test::write_file(kept, output);
    ADD_FAILURE() << problem << "\nthe whole output is in " << kept.string();
  }
}

TEST(CorpusOutput, AwsManagedPoliciesLintJsonIsUnchanged) { expect_unchanged("aws-managed"); }
TEST(CorpusOutput, TerraformLintJsonIsUnchanged) { expect_unchanged("terraform"); }
TEST(CorpusOutput, CloudFormationLintJsonIsUnchanged) { expect_unchanged("cloudformation"); }

}  // namespace
}  // namespace iamtrim
