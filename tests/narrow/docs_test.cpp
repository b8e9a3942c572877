// The narrowing examples of README.md and docs/narrow.md are produced here,
// by the built binary on the bundled fixtures, so the documentation and the
// binary never disagree. IAMTRIM_UPDATE_GOLDEN=1 rewrites the blocks (read
// the diff before committing it).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "iamtrim/account.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

// A working directory with the named fixtures copied in under new names.
struct Workdir {
  explicit Workdir(const std::string& name) {
    path = fs::temp_directory_path() / ("iamtrim-docs-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Workdir() { fs::remove_all(path); }
  void copy(const std::string& fixture, const std::string& as) const {
    fs::copy(testdata(fixture), path / as, fs::copy_options::recursive);
  }
  fs::path path;
};

std::string marker(const std::string& name) { return "<!-- BEGIN " + name + " (tests/narrow/docs_test.cpp) -->\n"; }
std::string end_marker(const std::string& name) { return "<!-- END " + name + " -->"; }

void check(const std::string& doc, const std::string& name, const std::string& body) {
  const std::string problem = check_doc_block(doc, marker(name), end_marker(name), body);
  EXPECT_TRUE(problem.empty()) << problem;
}

std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir.parent_path()).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

// The AWS CLI command that applies one file of `narrow --account --out`.
std::string apply_command(const std::string& file, const nlohmann::json& details) {
  const std::string document = " --policy-document file://" + file;
  std::vector<std::string> parts;
  for (std::size_t at = 0, next; at <= file.size(); at = next + 1) {
    next = std::min(file.find('/', at), file.size());
    parts.push_back(file.substr(at, next - at));
  }
  const auto stem = [](const std::string& name) { return name.substr(0, name.size() - 5); };
  if (parts.size() == 3 && parts[1] == "policy") {
    for (const auto& p : details["Policies"])
      if (p["PolicyName"] == stem(parts[2]))
        return "aws iam create-policy-version --policy-arn " + p["Arn"].get<std::string>() + document +
               " --set-as-default";
    ADD_FAILURE() << "no managed policy for " << file;
  }
  if (parts.size() == 5 && parts[3] == "inline")
    return "aws iam put-" + parts[1] + "-policy --" + parts[1] + "-name " + parts[2] + " --policy-name " +
           stem(parts[4]) + document;
  ADD_FAILURE() << "unexpected file " << file;
  return "";
}

// README.md "A whole account" and docs/narrow.md "Account mode": the three
// steps after collect, on the bundled account example.
TEST(NarrowDocs, AccountWorkflowIsTheCommandsOutput) {
  Workdir w("account");
  w.copy("narrow/account/shared-ec2/authorization-details.json", "authorization-details.json");
  w.copy("narrow/account/shared-ec2/evidence", "evidence");
  const std::vector<std::string> args{"narrow",      "--account", "authorization-details.json", "--evidence", "evidence/",
                                      "--report", "report.html", "--out", "narrowed/"};
  RunResult r = run_cli(args, "", w.path);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(w.path / "report.html"));
  const std::string page = read_file(w.path / "report.html");
  EXPECT_EQ(page.find("http://"), std::string::npos);
  // Each kind of policy of the example, and why the AWS-managed one stays.
  for (const char* kind : {"\"kind\":\"aws-managed\"", "\"kind\":\"inline\"", "\"kind\":\"managed\""})
    EXPECT_NE(page.find(kind), std::string::npos) << kind;
  EXPECT_NE(page.find(std::string(AccountPolicyResult{.outcome = AccountOutcome::AwsManaged}.note())), std::string::npos);
  const nlohmann::json details = nlohmann::json::parse(read_file(w.path / "authorization-details.json"));
  std::string listing = "$ find narrowed -type f | sort\n", apply;
  for (const std::string& f : files_under(w.path / "narrowed")) {
    listing += f + "\n";
    apply += apply_command(f, details) + "\n";
  }
  check("README.md", "account", "```console\n" + console_session(args, r) + listing + "```\n");
  check("README.md", "account-apply", "```sh\n" + apply + "```\n");
  check("docs/narrow.md", "account", "```console\n" + console_session(args, r) + listing + "```\n");
}

// docs/narrow.md "Low-risk wildcards" and "Size quotas": the issue's
// example, ec2:Describe* with two unused reads.
TEST(NarrowDocs, LowRiskWildcardAndSplitExamples) {
  Workdir w("ec2");
  w.copy("narrow/ec2-describe.policy.json", "policy.json");
  w.copy("narrow/ec2-describe.evidence.json", "evidence.json");
  w.copy("narrow/ec2-describe.evidence.request.json", "evidence.request.json");
  const std::vector<std::string> base{"narrow", "policy.json", "--evidence", "evidence.json", "--as-of", "2024-06-30"};
  const auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = base;
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  const std::string original = read_file(w.path / "policy.json");

  const auto diff = with({"--diff"});
  RunResult d = run_cli(diff, "", w.path);
  EXPECT_EQ(d.exit_code, 1) << d.err;
  check("docs/narrow.md", "low-risk", "```console\n" + console_session(diff, d) + "```\n");

  const auto strict = with({"--strict", "--write"});
  RunResult s = run_cli(strict, "", w.path);
  EXPECT_EQ(s.exit_code, 2) << s.err;
  EXPECT_EQ(read_file(w.path / "policy.json"), original);
  const auto split = with({"--strict", "--write", "--split"});
  RunResult p = run_cli(split, "", w.path);
  EXPECT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(read_file(w.path / "policy.json"), original);
  EXPECT_TRUE(fs::exists(w.path / "policy.part2.json"));
  check("docs/narrow.md", "split", "```console\n" + console_session(strict, s) + console_session(split, p) + "```\n");

  // The configuration example, applied: Describe actions are of the List
  // access level, so keeping only Read wildcards removes them.
  const std::string yaml =
      "narrow:\n"
      "  keep_low_risk_wildcards:\n"
      "    access_levels: [List, Read]     # the default\n"
      "    services:\n"
      "      s3: [List]                    # in S3 only List actions are low-risk\n"
      "      ec2: []                       # and in EC2 none: every unused EC2 action goes\n"
      "    except: [\"dynamodb:Scan\"]       # never low-risk (nor the risk lists' sensitive reads)\n";
  write_file(w.path / ".iamtrim.yaml", yaml);
  RunResult c = run_cli(with({"--write"}), "", w.path);
  EXPECT_EQ(c.exit_code, 2) << c.err;  // as with --strict: over the managed quota
  EXPECT_NE(c.err.find("not written: the rewrite exceeds its size quota"), std::string::npos) << c.err;
  check("docs/narrow.md", "low-risk-config", "```yaml\n" + yaml + "```\n");
}

}  // namespace
}  // namespace iamtrim::test
