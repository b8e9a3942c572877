// Account mode the way users save their files: evidence named after its
// principal binds without a sidecar, ambiguous or unbindable files are
// errors that say what to write, reports of different principals that share
// job dates stay apart; and --out writes every file it can, each to its own
// name, atomically, never through a symbolic link, with names escaped on the
// terminal.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "helpers.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;

namespace iamtrim::test {
namespace {

using Json = nlohmann::ordered_json;

// An ACTION_LEVEL report about role `name`: S3 used yesterday except
// PutBucketPolicy. Every report has the same job dates, as jobs a script
// starts together for a whole account do.
std::string evidence_about(const std::string& name) {
  std::string text = read_file(testdata("narrow/binding/writer.json"));
  for (std::size_t at = text.find("role/writer"); at != std::string::npos; at = text.find("role/writer", at))
    text.replace(at, 11, "role/" + name);
  return text;
}

Json role(const std::string& role_name, const std::string& arn_name) {
  return {{"RoleName", role_name},
          {"Arn", "arn:aws:iam::123456789012:role/" + arn_name},
          {"RolePolicyList", Json::array({{{"PolicyName", "p"}, {"PolicyDocument", allow({"s3:ListBucket", "s3:PutBucketPolicy"})}}})},
          {"AttachedManagedPolicies", Json::array()}};
}

class AccountFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir("iamtrim-account-files");
    fs::create_directories(dir_ / "evidence");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void account(const Json& roles, const Json& users = Json::array()) {
    write_file(dir_ / "details.json", Json{{"UserDetailList", users}, {"GroupDetailList", Json::array()},
                                           {"RoleDetailList", roles}, {"Policies", Json::array()}}.dump(2));
  }
  void evidence(const std::string& file, const std::string& text) { write_file(dir_ / "evidence" / file, text); }
  RunResult narrow(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"narrow", "--account", (dir_ / "details.json").string(), "--evidence",
                                     (dir_ / "evidence").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
  }
  std::string ev(const std::string& file) const { return (dir_ / "evidence" / file).string(); }
  fs::path dir_;
};

// Two reports with the same job dates and no sidecar: each binds by its
// file name (a role's name, or its ARN with ':' and '/' as '_'), and they are
// two jobs, not two pages of one.
TEST_F(AccountFiles, FileNamesBindAndSharedJobDatesStayApart) {
  account(Json::array({role("AppA", "AppA"), role("AppB", "team/AppB")}));
  evidence("appa.json", evidence_about("AppA"));  // names compare without case
  evidence("arn_aws_iam__123456789012_role_team_AppB.json", evidence_about("team/AppB"));
  RunResult r = narrow();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("role/AppA  p       inline        2        1     1  narrowed  role/AppA"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("role/AppB  p       inline        2        1     1  narrowed  role/AppB"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
}

// docs/narrow.md: the further pages of a job join the page whose name binds.
TEST_F(AccountFiles, FurtherPagesJoinThePageWhoseNameBinds) {
  account(Json::array({role("AppA", "AppA"), role("AppB", "AppB")}));
  Json first = Json::parse(evidence_about("AppA"));
  Json second = first;
  Json services = first["ServicesLastAccessed"];
  first["ServicesLastAccessed"] = Json::array({services[0], services[1]});
  first["IsTruncated"] = true;
  first["Marker"] = "page-2";
  second["ServicesLastAccessed"] = Json::array({services[2]});
  evidence("AppA.json", first.dump(2));
  evidence("AppA.p2.json", second.dump(2));
  evidence("AppB.json", evidence_about("AppB"));  // another job with the same dates
  RunResult r = narrow();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("role/AppA  p       inline        2        1     1  narrowed  role/AppA"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("role/AppB  p       inline        2        1     1  narrowed  role/AppB"), std::string::npos) << r.out;
}

// Two jobs of two roles with the same dates, each in two pages; the second
// pages bind to nobody by their names and either job could take either
// page. Taking AppB's page for AppA's would judge AppA on AppB's use: an
// error names both jobs until a sidecar says whose page is whose, and one
// sidecar is enough (AppA's job then has its last page).
TEST_F(AccountFiles, PagesOfJobsThatShareDatesAreNeverMixed) {
  account(Json::array({role("AppA", "AppA"), role("AppB", "AppB")}));
  for (const std::string name : {"AppA", "AppB"}) {
    Json first = Json::parse(evidence_about(name));
    Json second = first;
    const Json services = first["ServicesLastAccessed"];  // dynamodb, s3, sqs
    first["ServicesLastAccessed"] = Json::array({services[0], services[2]});
    first["IsTruncated"] = true;
    first["Marker"] = "next-" + name;
    second["ServicesLastAccessed"] = Json::array({services[1]});
    if (name == "AppB") {  // AppB used PutBucketPolicy too
      Json& put = second["ServicesLastAccessed"][0]["TrackedActionsLastAccessed"][1];
      put = second["ServicesLastAccessed"][0]["TrackedActionsLastAccessed"][0];
      put["ActionName"] = "PutBucketPolicy";
    }
    evidence(name + ".json", first.dump(2));
    evidence(name + ".p2.json", second.dump(2));
  }
  RunResult r = narrow();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, ev("AppA.p2.json") + ": the page names no subject, and the jobs of several principals have its job "
                   "dates: arn:aws:iam::123456789012:role/AppA (" + ev("AppA.json") + "), arn:aws:iam::123456789012:role/"
                   "AppB (" + ev("AppB.json") + "); write " + ev("AppA.p2.request.json") + " with the Arn of the one it "
                   "belongs to\n" +
                   ev("AppB.p2.json") + ": the page names no subject, and the jobs of several principals have its job "
                   "dates: arn:aws:iam::123456789012:role/AppA (" + ev("AppA.json") + "), arn:aws:iam::123456789012:role/"
                   "AppB (" + ev("AppB.json") + "); write " + ev("AppB.p2.request.json") + " with the Arn of the one it "
                   "belongs to\n");
  evidence("AppA.p2.request.json", R"({"Arn": "arn:aws:iam::123456789012:role/AppA"})");
  RunResult named = narrow();
  EXPECT_EQ(named.exit_code, 0) << named.err;
  EXPECT_NE(named.out.find("role/AppA  p       inline        2        1     1  narrowed   role/AppA"), std::string::npos)
      << named.out;
  EXPECT_NE(named.out.find("role/AppB  p       inline        2        0     2  unchanged  role/AppB"), std::string::npos)
      << named.out;
}

TEST_F(AccountFiles, AnAmbiguousFileNameIsAnErrorNamingTheCandidates) {
  account(Json::array({role("Deploy", "Deploy")}),
          Json::array({{{"UserName", "Deploy"}, {"Arn", "arn:aws:iam::123456789012:user/Deploy"},
                        {"UserPolicyList", Json::array()}, {"GroupList", Json::array()}}}));
  evidence("Deploy.json", evidence_about("Deploy"));
  RunResult r = narrow();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, ev("Deploy.json") + ": the file name 'Deploy' names several principals of the account: user/Deploy "
                   "(arn:aws:iam::123456789012:user/Deploy), role/Deploy (arn:aws:iam::123456789012:role/Deploy); write " +
                       ev("Deploy.request.json") + " with the Arn of the one the report is about\n");
}

TEST_F(AccountFiles, AFileThatBindsToNothingNamesTheSidecarToWrite) {
  account(Json::array({role("AppA", "AppA")}));
  evidence("job-1.json", evidence_about("AppA"));
  RunResult r = narrow();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, ev("job-1.json") + ": the report does not say whom it is about, and 'job-1' is not the name of a role, "
                   "user or group of the account: write " + ev("job-1.request.json") +
                       " containing {\"Arn\": \"arn:aws:iam::123456789012:role/AppA\"} (the report's LastAuthenticatedEntity: "
                       "check it, a group's or a managed policy's report names its members), or name the file after the "
                       "principal\n");
}

TEST_F(AccountFiles, AReportThatContradictsItsFileNameIsAnError) {
  account(Json::array({role("AppA", "AppA"), role("AppB", "AppB")}));
  evidence("AppA.json", evidence_about("AppB"));
  RunResult r = narrow();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("the report is said to be about arn:aws:iam::123456789012:role/AppA (file name " + ev("AppA.json") +
                       "), but it shows arn:aws:iam::123456789012:role/AppB as the one who accessed"),
            std::string::npos) << r.err;
}

// a/b and a_b must not share a file; a control character never reaches the
// terminal raw; one write that fails does not stop the others.
TEST_F(AccountFiles, OutNamesAreDistinctEscapedAndEveryWritableFileIsWritten) {
  account(Json::array({role("a/b", "r1"), role("a_b", "r2"), role("evil\x1b[2J", "r3"), role("blocked", "r4")}));
  for (const char* r : {"r1", "r2", "r3", "r4"})
    evidence(std::string("arn_aws_iam__123456789012_role_") + r + ".json", evidence_about(r));
  const fs::path out = dir_ / "out";
  write_file(out / "role" / "blocked", "a file where a folder must go\n");
  RunResult r = narrow({"--out", out.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_NE(r.out.find("role/evil\\x1b[2J"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("iamtrim: --out: role/blocked / p: " + (out / "role/blocked").string() +
                       " exists and is not a folder\n"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("iamtrim: --out: 1 file(s) not written (above); the others were\n"), std::string::npos) << r.err;
  const std::string narrowed = read_file(out / "role/a%2Fb/inline/p.json");
  EXPECT_EQ(read_file(out / "role/a_b/inline/p.json"), narrowed);
  EXPECT_EQ(read_file(out / "role/evil%1B%5B2J/inline/p.json"), narrowed);
  EXPECT_NE(narrowed.find("s3:ListBucket"), std::string::npos);
  EXPECT_EQ(narrowed.find("s3:PutBucketPolicy"), std::string::npos);
  for (const auto& e : fs::recursive_directory_iterator(out))
    EXPECT_EQ(e.path().filename().string().find(".iamtrim-"), std::string::npos) << e.path();
}

// --out files are written on several threads: what fails is still said in
// the order of the files, each once, every other file is written, and new
// files and folders get the modes the umask gives (it is never changed while
// another thread creates one).
TEST_F(AccountFiles, OutWrittenInParallelSaysFailuresInOrderAndKeepsTheUmask) {
  Json roles = Json::array();
  for (int i = 0; i < 60; ++i) {
    const std::string name = (i < 10 ? "r0" : "r") + std::to_string(i);
    roles.push_back(role(name, name));
    evidence(name + ".json", evidence_about(name));
  }
  account(roles);
  const fs::path out = dir_ / "out";
  for (int i = 0; i < 60; i += 3) write_file(out / "role" / ((i < 10 ? "r0" : "r") + std::to_string(i)), "blocked\n");
  const mode_t old_mask = ::umask(027);
  RunResult r = narrow({"--out", out.string()});
  ::umask(old_mask);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  std::string expected;
  for (int i = 0; i < 60; i += 3) {
    const std::string name = (i < 10 ? "r0" : "r") + std::to_string(i);
    expected += "iamtrim: --out: role/" + name + " / p: " + (out / "role" / name).string() + " exists and is not a folder\n";
  }
  expected += "iamtrim: --out: 20 file(s) not written (above); the others were\n";
  EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  int written = 0;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    struct stat st {};
    ASSERT_EQ(::stat(e.path().c_str(), &st), 0) << e.path();
    if (S_ISDIR(st.st_mode)) {
      if (e.path() != out / "role") EXPECT_EQ(st.st_mode & 07777, 0750u) << e.path();  // that one is the test's
    } else if (e.path().filename() == "p.json") {
      EXPECT_EQ(st.st_mode & 07777, 0640u) << e.path();
      EXPECT_NE(read_file(e.path()).find("s3:ListBucket"), std::string::npos) << e.path();
      ++written;
    }
  }
  EXPECT_EQ(written, 40);
}

// Users keep their outputs beside their evidence (`--evidence reports/ --out
// reports/narrowed/ --report reports/report.json`): a second run does not read
// the first run's --out files and --report back as evidence (each left out
// with a note, in path order), and decides and writes exactly what the first
// did. A --report naming a real report stays evidence and is not written
// over; --out naming an evidence folder itself, or a folder below it that
// holds evidence, is refused before anything is written.
TEST_F(AccountFiles, OutputsInsideTheEvidenceFolderAreNotReadBackAsEvidence) {
  account(Json::array({role("AppA", "AppA"), role("AppB", "AppB")}));
  evidence("AppA.json", evidence_about("AppA"));
  evidence("AppB.json", evidence_about("AppB"));
  const fs::path out = dir_ / "evidence" / "narrowed";
  const fs::path report = dir_ / "evidence" / "report.json";
  auto files = [&] {
    std::map<std::string, std::string> texts;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / "evidence"))
      if (!e.is_directory()) texts[fs::relative(e.path(), dir_).generic_string()] = read_file(e.path());
    return texts;
  };
  // --report naming a real report by mistake: it stays evidence (read, an
  // input), so the report is never written over it.
  const std::string appb = read_file(dir_ / "evidence" / "AppB.json");
  RunResult typo = narrow({"--report", ev("AppB.json")});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("iamtrim: --report " + ev("AppB.json") + ": " + ev("AppB.json") +
                          " is an input of this command: not overwritten\n"),
            std::string::npos)
      << typo.err;
  EXPECT_EQ(typo.err.find("is the --report file"), std::string::npos) << typo.err;
  EXPECT_EQ(read_file(dir_ / "evidence" / "AppB.json"), appb);

  const std::vector<std::string> args = {"--out", out.string(), "--report", report.string()};
  RunResult first = narrow(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err.find("note: --evidence"), std::string::npos) << first.err;  // nothing there yet
  const std::map<std::string, std::string> written = files();
  ASSERT_EQ(written.count("evidence/narrowed/role/AppA/inline/p.json"), 1u);
  ASSERT_EQ(written.count("evidence/narrowed/details/role/AppB/inline/p.json"), 1u);
  ASSERT_EQ(written.count("evidence/report.json"), 1u);

  RunResult second = narrow(args);
  EXPECT_EQ(second.exit_code, 0) << second.err;
  const std::string ev_dir = (dir_ / "evidence").string();
  EXPECT_NE(second.err.find("iamtrim: note: --evidence " + ev_dir + ": " + out.string() +
                            " is the --out folder of this run, not evidence: not read\n"
                            "iamtrim: note: --evidence " + ev_dir + ": " + report.string() +
                            " is the --report file of this run, not evidence: not read\n"),
            std::string::npos)
      << second.err;
  EXPECT_EQ(second.err.find("unknown evidence format"), std::string::npos) << second.err;
  EXPECT_EQ(second.out, first.out);
  EXPECT_EQ(files(), written);

  // An --out folder inside the evidence that holds evidence itself (a
  // report with its sidecar, as collect writes them): refused, not left out
  // and written over.
  write_file(out / "policy" / "Shared.json", evidence_about("AppA"));
  write_file(out / "policy" / "Shared.request.json", R"({"Arn": "arn:aws:iam::123456789012:role/AppA"})");
  const std::map<std::string, std::string> with_evidence = files();
  RunResult holds = narrow(args);
  EXPECT_EQ(holds.exit_code, 2);
  EXPECT_NE(holds.err.find("iamtrim: --out " + out.string() + " holds evidence (" + (out / "policy/Shared.json").string() +
                           " with its sidecar): give --out a folder of its own\n"),
            std::string::npos)
      << holds.err;
  EXPECT_EQ(holds.out, "");
  EXPECT_EQ(files(), with_evidence);
  fs::remove_all(out / "policy");

  // An evidence folder that is --out: refused, nothing written or removed.
  RunResult same = narrow({"--out", (dir_ / "evidence").string()});
  EXPECT_EQ(same.exit_code, 2);
  EXPECT_NE(same.err.find("iamtrim: --evidence " + ev_dir +
                          " is the --out folder: the files this run writes are not evidence; give --out another folder\n"),
            std::string::npos)
      << same.err;
  EXPECT_EQ(same.out, "");
  EXPECT_EQ(files(), written);
}

// Two inline policies whose names differ only in case would be one file on a
// file system that ignores case: neither detail file is written (each said
// on standard error, exit 2), their texts, already written beside their
// places while the account was judged, are removed with the folders made
// for them, and the other policies' detail files are in place.
TEST_F(AccountFiles, DetailFilesWhoseNamesDifferOnlyInCaseAreNeitherWritten) {
  Json app = role("AppA", "AppA");
  app["RolePolicyList"].push_back({{"PolicyName", "P"}, {"PolicyDocument", allow({"s3:ListBucket"})}});
  account(Json::array({app, role("AppB", "AppB")}));
  evidence("AppA.json", evidence_about("AppA"));
  evidence("AppB.json", evidence_about("AppB"));
  const fs::path out = dir_ / "out";
  RunResult r = narrow({"--out", out.string(), "--report", (dir_ / "r.json").string()});
  EXPECT_EQ(r.exit_code, 2);
  for (const std::string name : {"p", "P"})
    EXPECT_NE(r.err.find("iamtrim: --out: role/AppA / " + name + ": details/role/AppA/inline/" + name +
                         ".json differs from another policy's detail file only in case; not written\n"),
              std::string::npos)
        << r.err;
  std::vector<std::string> files, folders;
  for (const auto& e : fs::recursive_directory_iterator(out))
    (e.is_directory() ? folders : files).push_back(fs::relative(e.path(), out).generic_string());
  std::sort(folders.begin(), folders.end());
  EXPECT_EQ(files, std::vector<std::string>{"details/role/AppB/inline/p.json"});
  // The folders made for the refused files are not left behind, empty.
  EXPECT_EQ(folders, (std::vector<std::string>{"details", "details/role", "details/role/AppB", "details/role/AppB/inline"}));
}

TEST_F(AccountFiles, OutNeverWritesThroughASymbolicLinkAndReplacesFilesSafely) {
  account(Json::array({role("AppA", "AppA"), role("AppB", "AppB")}));
  evidence("AppA.json", evidence_about("AppA"));
  evidence("AppB.json", evidence_about("AppB"));
  const fs::path out = dir_ / "out", elsewhere = dir_ / "elsewhere";
  fs::create_directories(out / "role");
  fs::create_directories(elsewhere);
  fs::create_directory_symlink(elsewhere, out / "role/AppA");
  // A file from an earlier run, made read-only by its reviewer.
  write_file(out / "role/AppB/inline/p.json", "reviewed\n");
  ::chmod((out / "role/AppB/inline/p.json").c_str(), 0444);
  RunResult r = narrow({"--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("iamtrim: --out: role/AppA / p: " + (out / "role/AppA").string() +
                       " is a symbolic link: not written through\n"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("p.json is read-only (mode 0444): not rewritten; --force rewrites it anyway"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(elsewhere));
  EXPECT_EQ(read_file(out / "role/AppB/inline/p.json"), "reviewed\n");
  RunResult forced = narrow({"--out", out.string(), "--force"});
  EXPECT_NE(read_file(out / "role/AppB/inline/p.json"), "reviewed\n") << forced.err;
  struct stat st {};
  ASSERT_EQ(::stat((out / "role/AppB/inline/p.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0444u);
  EXPECT_TRUE(fs::is_empty(elsewhere));
}

}  // namespace
}  // namespace iamtrim::test
