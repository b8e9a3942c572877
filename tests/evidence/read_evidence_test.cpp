#include <gtest/gtest.h>

#include <fstream>

#include "dump.hpp"
#include "support/corpus.hpp"
#include "support/files.hpp"

namespace iamtrim {
namespace {

using test::testdata;

std::string fixture(const std::string& name) { return testdata("evidence/" + name).string(); }

EvidenceResult read(const std::vector<std::string>& names, const ReadOptions& options = {}) {
  std::vector<std::string> paths;
  for (const std::string& n : names) paths.push_back(fixture(n));
  return read_evidence_files(paths, options);
}

void expect_golden(const std::string& golden, const std::string& actual) {
  const std::string problem = test::check_golden(testdata("evidence/" + golden), actual);
  EXPECT_EQ(problem, "") << actual;
}

// Two pages of one ACTION_LEVEL job, in either order, make one report with
// the subject of the first page's sidecar.
TEST(ReadEvidence, MergesPagesOfOneActionLevelJob) {
  EvidenceResult r = read({"action-level.p1.json", "action-level.p2.json"});
  ASSERT_TRUE(r.ok()) << test::dump(r);
  expect_golden("action-level.expected", test::dump(r));
  EvidenceResult reversed = read({"action-level.p2.json", "action-level.p1.json"});
  ASSERT_TRUE(reversed.ok()) << test::dump(reversed);
  ASSERT_EQ(reversed.reports.size(), 1u);
  EXPECT_EQ(reversed.reports[0].subject, "arn:aws:iam::123456789012:role/App");
  EXPECT_EQ(reversed.reports[0].services.size(), 4u);
}

TEST(ReadEvidence, OtherShapes) {
  expect_golden("unused-access-finding.expected", test::dump(read({"unused-access-finding.json"})));
  expect_golden("org-access.expected", test::dump(read({"org-access.json"})));
  expect_golden("with-entities.expected", test::dump(read({"with-entities.json"})));
}

TEST(ReadEvidence, RefusesWithPreciseMessages) {
  const struct {
    std::vector<std::string> files;
    std::string errors;
  } cases[] = {
      {{"in-progress.json"},
       "in-progress.json:2:18: job is still IN_PROGRESS: run the get command again once JobStatus is COMPLETED\n"},
      {{"failed.json"},
       "failed.json:2:18: job FAILED: EntityNotFound: The job could not be completed because the entity was deleted.\n"},
      {{"truncated.json"}, "truncated.json:7:1: invalid JSON: expected a quoted member name, found end of input\n"},
      {{"duplicate-key.json"}, "duplicate-key.json:4:5: duplicate key \"JobCreationDate\" (first at line 3)\n"},
      {{"wrong-types.json"},
       "wrong-types.json:6:33: ServiceNamespace must be a string, not a number\n"
       "wrong-types.json:11:34: LastAuthenticated: '2021-04-15T25:00:00Z' is not a timestamp (expected ISO 8601 with a "
       "zone, e.g. 2019-10-01T03:50:35Z, or epoch seconds)\n"
       "wrong-types.json:12:43: TotalAuthenticatedEntities must be a number, not a string\n"
       "wrong-types.json:15:35: action 's3:GetObject' does not belong to service 'ec2'\n"
       "wrong-types.json:17:17: expected an object, not a string\n"
       "wrong-types.json:21:20: IsTruncated must be a boolean, not a string\n"},
      {{"missing-last-page.json"},
       "missing-last-page.json: the service-last-accessed job created 2021-05-01T00:00:00Z has more pages (IsTruncated "
       "is true, Marker 'next'): fetch them with --marker and pass every page\n"},
      {{"action-level.p1.json", "action-level.p1.json", "action-level.p2.json"},
       "action-level.p1.json: the same page is given twice (also action-level.p1.json)\n"
       "action-level.p1.json: service 'ec2' appears on two pages of one job (action-level.p1.json) "
       "(at /ServicesLastAccessed/0)\n"
       "action-level.p1.json: service 'iam' appears on two pages of one job (action-level.p1.json) "
       "(at /ServicesLastAccessed/1)\n"},
      {{"aardvark-shape.json"},
       "aardvark-shape.json:1:1: unknown evidence format: expected the JSON output of aws iam "
       "get-service-last-accessed-details, get-service-last-accessed-details-with-entities, "
       "get-organizations-access-report or aws accessanalyzer get-finding-v2 (this looks like aardvark's cached "
       "Access Advisor data, not an AWS CLI output)\n"},
      {{"action-level.p1.request.json"},
       "action-level.p1.request.json:1:1: unknown evidence format: expected the JSON output of aws iam "
       "get-service-last-accessed-details, get-service-last-accessed-details-with-entities, "
       "get-organizations-access-report or aws accessanalyzer get-finding-v2\n"},
      // Files that sit beside evidence, named for what they are: a
      // rewritten policy and a detail file from an account run's --out, its
      // --report, and the authorization details (as the product wrote them).
      {{"narrowed-policy.json"},
       "narrowed-policy.json:1:1: unknown evidence format: expected the JSON output of aws iam "
       "get-service-last-accessed-details, get-service-last-accessed-details-with-entities, "
       "get-organizations-access-report or aws accessanalyzer get-finding-v2 (this is an IAM policy document, not "
       "evidence)\n"},
      {{"narrowing-report.json", "account-report.json"},
       "narrowing-report.json:1:1: unknown evidence format: expected the JSON output of aws iam "
       "get-service-last-accessed-details, get-service-last-accessed-details-with-entities, "
       "get-organizations-access-report or aws accessanalyzer get-finding-v2 (this is an iamtrim narrowing report, "
       "not evidence; a run leaves out only its own --out folder and --report file)\n"
       "account-report.json:1:1: unknown evidence format: expected the JSON output of aws iam "
       "get-service-last-accessed-details, get-service-last-accessed-details-with-entities, "
       "get-organizations-access-report or aws accessanalyzer get-finding-v2 (this is an iamtrim narrowing report, "
       "not evidence; a run leaves out only its own --out folder and --report file)\n"},
      {{"authorization-details.json"},
       "authorization-details.json:1:1: unknown evidence format: expected the JSON output of aws iam "
       "get-service-last-accessed-details, get-service-last-accessed-details-with-entities, "
       "get-organizations-access-report or aws accessanalyzer get-finding-v2 (this is "
       "get-account-authorization-details output: pass it with --account, not --evidence)\n"},
      {{"no-such-file.json"}, "no-such-file.json: cannot read the file (no such file)\n"},
  };
  for (const auto& c : cases) {
    EvidenceResult r = read(c.files);
    EXPECT_TRUE(r.reports.empty()) << c.files[0];
    EXPECT_EQ(test::dump_errors(r.errors), c.errors) << c.files[0];
  }
}

TEST(ReadEvidence, PrincipalOptionNamesTheSubjectAndMustAgreeWithTheReport) {
  EvidenceResult r = read({"org-access.json"}, {"o-a1b2c3d4e5/r-f6g7h8i9j0example"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.reports[0].subject, "o-a1b2c3d4e5/r-f6g7h8i9j0example");
  EXPECT_EQ(r.reports[0].subject_origin, "option");
  EvidenceResult clash = read({"unused-access-finding.json"}, {"arn:aws:iam::123456789012:role/Other"});
  EXPECT_EQ(test::dump_errors(clash.errors),
            "unused-access-finding.json: --principal 'arn:aws:iam::123456789012:role/Other' does not match the "
            "report's subject 'arn:aws:iam::123456789012:role/demoIAMRole'\n");
}

TEST(ReadEvidence, SidecarProblems) {
  const struct {
    const char* sidecar;
    const char* errors;
  } cases[] = {
      {R"({"Arn": "arn:aws:iam::1:role/A", "Granularity": "SERVICE_LEVEL"})",
       "side.json:1:49: the sidecar asks for SERVICE_LEVEL but the report is ACTION_LEVEL\n"},
      {R"({"Arn": "arn:aws:iam::1:role/A", "Arm": "x"})", "side.json:1:41: unknown request key 'Arm'\n"},
      {R"({"Arn": 12})", "side.json:1:9: Arn must be a string, not a number\n"},
  };
  SourceFile evidence = SourceFile::from_string("p.json", test::read_file(fixture("action-level.p2.json")));
  for (const auto& c : cases) {
    SourceFile side = SourceFile::from_string("side.json", c.sidecar);
    EXPECT_EQ(test::dump_errors(read_evidence(evidence, &side, {}).errors), c.errors) << c.sidecar;
  }
}

// AWS's own example outputs: the get-* outputs read, the rest are refused
// with the reason (a generate-* JobId, a list-findings summary, a policy).
// Files are read on several threads; what comes back is in the order given,
// whichever file finishes first: the first file is by far the largest, and
// a broken one sits in the middle. Each file read alone gives the same.
TEST(ReadEvidence, PagesComeBackInTheOrderGivenWhicheverFinishesFirst) {
  test::TempDir dir("evidence-order");
  auto report = [](int services) {
    std::string s = R"({"JobStatus": "COMPLETED", "JobType": "SERVICE_LEVEL", "JobCreationDate": "2024-06-30T06:00:00Z",)"
                    R"( "JobCompletionDate": "2024-06-30T06:00:03Z", "IsTruncated": false, "ServicesLastAccessed": [)";
    for (int i = 0; i < services; ++i)
      s += (i ? ", " : "") + std::string(R"({"ServiceName": "s)") + std::to_string(i) + R"(", "ServiceNamespace": "s)" +
           std::to_string(i) + R"(", "TotalAuthenticatedEntities": 0})";
    return s + "]}";
  };
  std::vector<std::string> paths;
  for (int i = 0; i < 40; ++i) {
    const std::string path = (dir / ("page-" + std::to_string(i) + ".json")).string();
    std::ofstream(path) << (i == 20 ? std::string("{\"JobStatus\": ") : report(i == 0 ? 20000 : 1 + i % 3));
    paths.push_back(path);
  }
  const EvidenceResult all = read_evidence_pages(paths, {});
  ASSERT_EQ(all.reports.size(), 39u);
  ASSERT_EQ(all.errors.size(), 1u);
  EXPECT_EQ(all.errors[0].file, paths[20]);
  EXPECT_EQ(all.reports[0].services.size(), 20000u);
  std::string together, alone;
  for (const Report& r : all.reports) together += test::dump(r);
  for (const std::string& path : paths)
    for (const Report& r : read_evidence_pages({path}, {}).reports) alone += test::dump(r);
  EXPECT_EQ(together, alone);
}

TEST(ReadEvidenceCorpus, AwsExamples) {
  IAMTRIM_REQUIRE_CORPUS(dir, "evidence");
  std::string all;
  for (const auto& path : test::files_in(dir, ".json")) {
    EvidenceResult r = read_evidence_files({path.string()}, {});
    std::string text = test::dump(r);
    const std::string prefix = dir.string() + "/";
    for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
    all += "== " + path.filename().string() + "\n" + text;
  }
  expect_golden("corpus.expected", all);
}

}  // namespace
}  // namespace iamtrim
