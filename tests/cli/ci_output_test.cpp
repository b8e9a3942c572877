// The CI formats of every command that has them, through the built binary,
// checked the way their consumers read them: SARIF against the official
// schema (lint, diff and check, custom rules included), JUnit XML by its
// structure, GitLab Code Quality against the documented field shape, GitHub
// annotations with the step summary appended to $GITHUB_STEP_SUMMARY.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;
using test::run_cli;
using test::RunResult;

using Temp = test::TempDir;

fs::path repo() { return IAMTRIM_SOURCE_DIR; }

// The commands whose outputs are checked, with the exit status each must have.
struct Invocation {
  std::string name;
  std::vector<std::string> args;  // without --format
  fs::path cwd;
  int exit_code;
};

std::vector<Invocation> invocations() {
  return {
      {"lint-project", {"lint"}, repo() / "testdata/cli/project", 1},
      {"lint-custom-rules", {"lint"}, repo() / "examples/custom-rules", 1},
      {"lint-terraform", {"lint", "main.tf"}, repo() / "testdata/cli/suppression", 1},
      {"lint-clean", {"lint", "policies/readonly.json"}, repo() / "testdata/cli/project", 0},
      {"diff", {"diff", "testdata/diff/trust-opened.old.json", "testdata/diff/trust-opened.new.json"}, repo(), 1},
      {"diff-none", {"diff", "testdata/diff/equivalent-rewrite.old.json", "testdata/diff/equivalent-rewrite.new.json"},
       repo(), 0},
      {"check", {"check", "--not-granted", "iam:PassRole", "testdata/diff/check-deployer.json"}, repo(), 1},
  };
}

// Writes each invocation's output in `format` to DIR/NAME.EXT and returns the paths.
std::vector<fs::path> outputs(const std::string& format, const std::string& ext, const fs::path& dir) {
  std::vector<fs::path> paths;
  for (const Invocation& inv : invocations()) {
    std::vector<std::string> args = inv.args;
    args.insert(args.end(), {"--format", format});
    RunResult r = run_cli(args, "", inv.cwd);
    EXPECT_EQ(r.exit_code, inv.exit_code) << inv.name << " " << format << "\n" << r.err;
    paths.push_back(dir / (inv.name + "." + ext));
    test::write_file(paths.back(), r.out);
  }
  return paths;
}

bool have_python_jsonschema() { return std::system("python3 -c 'import jsonschema' >/dev/null 2>&1") == 0; }

// Runs a Python script with arguments; its output goes to the test log.
int python(const fs::path& dir, const std::string& script, const std::vector<std::string>& args) {
  test::write_file(dir / "check.py", script);
  std::string cmd = "python3 '" + (dir / "check.py").string() + "'";
  for (const std::string& a : args) cmd += " '" + a + "'";
  return std::system(cmd.c_str());
}

TEST(CiOutput, EverySarifOutputMatchesTheOfficialSchema) {
  Temp t;
  std::vector<fs::path> files = outputs("sarif", "sarif", t.dir());
  std::string skip;
  auto errors = test::sarif_schema_errors(files, &skip);
  if (!errors) GTEST_SKIP() << skip;
  EXPECT_EQ(*errors, "");
  // A resource is named once in run.logicalLocations, and each result
  // refers to its entry by index and name.
  for (const fs::path& f : files) {
    auto run = nlohmann::json::parse(test::read_file(f))["runs"][0];
    std::set<std::string> names;
    for (const auto& l : run.value("logicalLocations", nlohmann::json::array()))
      EXPECT_TRUE(names.insert(l["fullyQualifiedName"].get<std::string>()).second)
          << f << ": " << l["fullyQualifiedName"] << " is named twice";
    for (const auto& r : run["results"])
      for (const auto& loc : r["locations"])
        for (const auto& l : loc.value("logicalLocations", nlohmann::json::array()))
          EXPECT_EQ(run["logicalLocations"][l["index"].get<std::size_t>()]["fullyQualifiedName"], l["fullyQualifiedName"])
              << f;
  }
}

TEST(CiOutput, SarifNamesEachOwnerOnceAndCarriesCustomRules) {
  RunResult r = run_cli({"lint", "--format", "sarif", "main.tf"}, "", repo() / "testdata/cli/suppression");
  auto log = nlohmann::json::parse(r.out);
  const auto& run = log["runs"][0];
  ASSERT_EQ(run["logicalLocations"].size(), 1u) << run["logicalLocations"].dump(2);
  EXPECT_EQ(run["logicalLocations"][0],
            nlohmann::json({{"name", "aws_iam_policy.deploy"}, {"fullyQualifiedName", "aws_iam_policy.deploy"},
                            {"kind", "resource"}}));
  const auto& result = run["results"][0];
  EXPECT_EQ(result["locations"][0]["logicalLocations"][0]["index"], 0);
  EXPECT_EQ(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "aws_iam_policy.deploy");
  // The element's path in the file is a property, not part of the logical name.
  EXPECT_EQ(result["properties"]["pointer"], "aws_iam_policy.deploy.policy/Statement/0");

  RunResult custom = run_cli({"lint", "--format", "sarif"}, "", repo() / "examples/custom-rules");
  auto rules = nlohmann::json::parse(custom.out)["runs"][0]["tool"]["driver"]["rules"];
  bool found = false;
  for (const auto& rule : rules)
    if (rule["id"] == "ACME001") {
      found = true;
      EXPECT_EQ(rule["name"], "s3-wildcard-outside-acme-buckets");
      EXPECT_EQ(rule["shortDescription"]["text"], "Every S3 action is allowed on a resource outside the buckets named acme-*.");
      EXPECT_EQ(rule["properties"]["tags"], nlohmann::json({"custom", "security"}));
    }
  EXPECT_TRUE(found) << rules.dump(2);
}

TEST(CiOutput, JunitIsWellFormedAndCountsAgree) {
  Temp t;
  std::vector<std::string> args;
  for (const fs::path& p : outputs("junit", "xml", t.dir())) args.push_back(p.string());
  // The structure JUnit consumers (Jenkins, GitLab, Azure DevOps) read:
  // testsuites > testsuite > testcase (> failure), with counts that agree.
  const char* script =
      "import sys, xml.etree.ElementTree as ET\n"
      "for f in sys.argv[1:]:\n"
      "    root=ET.parse(f).getroot()\n"
      "    assert root.tag=='testsuites', (f, root.tag)\n"
      "    suites=root.findall('testsuite')\n"
      "    assert suites, f\n"
      "    total=fails=0\n"
      "    for s in suites:\n"
      "        cases=s.findall('testcase')\n"
      "        assert cases and s.get('name'), (f, s.attrib)\n"
      "        failed=[c for c in cases if c.find('failure') is not None]\n"
      "        assert int(s.get('tests'))==len(cases), (f, s.attrib, len(cases))\n"
      "        assert int(s.get('failures'))==len(failed), (f, s.attrib, len(failed))\n"
      "        for c in cases:\n"
      "            assert c.get('name') and c.get('classname'), (f, c.attrib)\n"
      "            for x in c.findall('failure'):\n"
      "                assert x.get('message') and x.get('type') and x.text, (f, x.attrib)\n"
      "        total+=len(cases); fails+=len(failed)\n"
      "    assert int(root.get('tests'))==total and int(root.get('failures'))==fails, (f, root.attrib, total, fails)\n"
      "    expect_fail=not (f.endswith('-clean.xml') or f.endswith('-none.xml'))\n"
      "    assert (fails>0)==expect_fail, (f, fails)\n";
  EXPECT_EQ(python(t.dir(), script, args), 0) << "see the messages above";
}

TEST(CiOutput, GitlabCodeQualityHasTheDocumentedShape) {
  if (!have_python_jsonschema()) GTEST_SKIP() << "python3 with jsonschema (Debian: python3-jsonschema) is not installed";
  Temp t;
  // GitLab's documented Code Quality report: an array of issues, each with
  // these fields (https://docs.gitlab.com/ci/testing/code_quality/); GitLab
  // keeps one issue per fingerprint.
  test::write_file(t.dir() / "schema.json", R"({
  "type": "array",
  "items": {
    "type": "object",
    "required": ["description", "check_name", "fingerprint", "severity", "location"],
    "properties": {
      "description": {"type": "string", "minLength": 1},
      "check_name": {"type": "string", "minLength": 1},
      "fingerprint": {"type": "string", "minLength": 1},
      "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
      "location": {
        "type": "object",
        "required": ["path", "lines"],
        "properties": {
          "path": {"type": "string", "minLength": 1},
          "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}}
        }
      }
    }
  }
})");
  std::vector<std::string> args = {(t.dir() / "schema.json").string()};
  for (const fs::path& p : outputs("gitlab", "json", t.dir())) args.push_back(p.string());
  const char* script =
      "import json,sys,jsonschema\n"
      "schema=json.load(open(sys.argv[1]))\n"
      "for f in sys.argv[2:]:\n"
      "    issues=json.load(open(f))\n"
      "    jsonschema.validate(issues, schema)\n"
      "    prints=[i['fingerprint'] for i in issues]\n"
      "    assert len(prints)==len(set(prints)), (f, 'fingerprints repeat')\n"
      "    assert (len(issues)==0)==(f.endswith('-clean.json') or f.endswith('-none.json')), (f, len(issues))\n";
  EXPECT_EQ(python(t.dir(), script, args), 0) << "see the messages above";
}

// More than ten findings: GitHub drops annotations past ten per level and
// step, the summary has them all.
std::string many_typos() {
  std::string s = R"({"Version": "2012-10-17", "Statement": [)";
  for (int i = 0; i < 12; ++i)
    s += std::string(i ? "," : "") + R"({"Sid": "S)" + std::to_string(i) +
         R"(", "Effect": "Allow", "Action": "s3:GetObjekt)" + std::to_string(i) + R"(", "Resource": "*"})";
  return s + "]}";
}

TEST(CiOutput, GithubAnnotationsAppendEveryFindingToTheStepSummary) {
  Temp t;
  test::write_file(t.dir() / "typos.json", many_typos());
  test::write_file(t.dir() / "summary.md", "## earlier step\n");
  std::string summary = "GITHUB_STEP_SUMMARY=" + (t.dir() / "summary.md").string();
  RunResult r = run_cli({"lint", "--no-config", "--format", "github", "typos.json"}, "", t.dir(), {summary});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::string md = test::read_file(t.dir() / "summary.md");
  EXPECT_EQ(md.rfind("## earlier step\n### iamtrim lint: 12 findings (12 warning)\n", 0), 0u) << md;
  for (int i = 0; i < 12; ++i)
    EXPECT_NE(md.find("unknown action \"s3:GetObjekt" + std::to_string(i) + "\""), std::string::npos) << i;
  // diff and check append their Markdown report the same way.
  RunResult d = run_cli({"diff", "--format", "github", "testdata/diff/trust-opened.old.json",
                         "testdata/diff/trust-opened.new.json"},
                        "", repo(), {summary});
  EXPECT_EQ(d.exit_code, 1);
  EXPECT_EQ(d.out.rfind("::error file=testdata/diff/trust-opened.new.json,line=7,col=7,", 0), 0u) << d.out;
  RunResult c = run_cli({"check", "--format", "github", "--not-granted", "iam:PassRole", "testdata/diff/check-deployer.json"},
                        "", repo(), {summary});
  EXPECT_EQ(c.exit_code, 1);
  md = test::read_file(t.dir() / "summary.md");
  EXPECT_NE(md.find("### iamtrim diff: new access"), std::string::npos) << md;
  EXPECT_NE(md.find("### iamtrim check: a listed action can be granted"), std::string::npos) << md;
  // Other formats, and a run without the variable, write no summary.
  test::write_file(t.dir() / "summary.md", "");
  run_cli({"lint", "--no-config", "--format", "text", "typos.json"}, "", t.dir(), {summary});
  EXPECT_EQ(test::read_file(t.dir() / "summary.md"), "");
  run_cli({"lint", "--no-config", "--format", "github", "typos.json"}, "", t.dir());
  EXPECT_FALSE(fs::exists(t.dir() / "GITHUB_STEP_SUMMARY"));
  // An unwritable summary is reported, and the annotations still printed.
  RunResult bad = run_cli({"lint", "--no-config", "--format", "github", "typos.json"}, "", t.dir(),
                          {"GITHUB_STEP_SUMMARY=" + (t.dir() / "missing-dir/summary.md").string()});
  EXPECT_NE(bad.err.find("cannot append the step summary to"), std::string::npos) << bad.err;
  EXPECT_NE(bad.out.find("::warning"), std::string::npos);
}

TEST(CiOutput, DiffGitInAShallowCloneSaysHowToFetchTheBase) {
  if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
  Temp t;
  fs::path origin = t.dir() / "origin", clone = t.dir() / "clone";
  fs::create_directories(origin);
  auto git = [&](const fs::path& dir, const std::string& args) {
    std::string cmd = "cd '" + dir.string() + "' && git -c user.name=t -c user.email=t@example.com " + args +
                      " >/dev/null 2>&1";
    return std::system(cmd.c_str());
  };
  ASSERT_EQ(git(origin, "init -q -b main ."), 0);
  test::write_file(origin / "policy.json", R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})");
  ASSERT_EQ(git(origin, "add -A && git -c user.name=t -c user.email=t@example.com commit -qm one"), 0);
  ASSERT_EQ(git(origin, "branch base"), 0);
  test::write_file(origin / "policy.json", R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})");
  ASSERT_EQ(git(origin, "commit -qam two"), 0);
  ASSERT_EQ(git(t.dir(), "clone -q --depth 1 --branch main file://" + origin.string() + " clone"), 0);

  // The parent of a one-commit clone is not there: deepen.
  RunResult parent = run_cli({"diff", "--git", "HEAD~1"}, "", clone);
  EXPECT_EQ(parent.exit_code, 2);
  EXPECT_EQ(parent.out, "");
  EXPECT_EQ(parent.err,
            "iamtrim: git revision \"HEAD~1\" is not in this shallow clone; fetch it first:\n"
            "  git fetch --deepen=<N>  (or git fetch --unshallow)\n"
            "(with actions/checkout, `fetch-depth: 0` fetches the whole history)\n");
  // A branch of the remote that the clone did not fetch.
  RunResult branch = run_cli({"diff", "--git", "origin/base"}, "", clone);
  EXPECT_EQ(branch.exit_code, 2);
  EXPECT_EQ(branch.err,
            "iamtrim: git revision \"origin/base\" is not in this shallow clone; fetch it first:\n"
            "  git fetch --depth=1 origin base:refs/remotes/origin/base\n"
            "(with actions/checkout, `fetch-depth: 0` fetches the whole history)\n");
  // The advice works: after it, the gate runs and sees the new access.
  ASSERT_EQ(git(clone, "fetch -q --depth=1 origin base:refs/remotes/origin/base"), 0);
  RunResult gate = run_cli({"diff", "--git", "origin/base"}, "", clone);
  EXPECT_EQ(gate.exit_code, 1) << gate.err;
  EXPECT_NE(gate.out.find("newly-allowed"), std::string::npos) << gate.out;
  // A commit id, as CI passes the pull request's base (github.event.pull_request.base.sha).
  std::string sha = test::read_file(origin / ".git/refs/heads/base");
  sha.erase(sha.find_last_not_of("\n") + 1);
  ASSERT_EQ(sha.size(), 40u) << sha;
  fs::path fresh = t.dir() / "fresh";
  ASSERT_EQ(git(t.dir(), "clone -q --depth 1 --branch main file://" + origin.string() + " fresh"), 0);
  RunResult by_id = run_cli({"diff", "--git", sha}, "", fresh);
  EXPECT_EQ(by_id.exit_code, 2);
  EXPECT_EQ(by_id.out, "");
  EXPECT_EQ(by_id.err, "iamtrim: git revision \"" + sha +
                           "\" is not in this shallow clone; fetch it first:\n"
                           "  git fetch --depth=1 origin " + sha + "\n"
                           "(with actions/checkout, `fetch-depth: 0` fetches the whole history)\n");
  ASSERT_EQ(git(fresh, "fetch -q --depth=1 origin " + sha), 0);
  RunResult gate_by_id = run_cli({"diff", "--git", sha}, "", fresh);
  EXPECT_EQ(gate_by_id.exit_code, 1) << gate_by_id.err;
  EXPECT_NE(gate_by_id.out.find("newly-allowed"), std::string::npos) << gate_by_id.out;
  // Outside a shallow clone an unknown revision stays a plain error.
  RunResult unknown = run_cli({"diff", "--git", "no-such-rev"}, "", origin);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err.rfind("iamtrim: unknown git revision \"no-such-rev\"", 0), 0u) << unknown.err;
}

}  // namespace
}  // namespace iamtrim
