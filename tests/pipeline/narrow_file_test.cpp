// The narrow pipeline (pipeline.hpp) on real fixtures: a JSON policy file,
// a CloudFormation YAML template, a Terraform module with several
// principals and evidence about only one of them, and a file that cannot be
// edited safely. Each result is checked against what the file must become,
// derived from the file itself or from the command line's golden output.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "iamtrim/pipeline.hpp"
#include "support/files.hpp"

namespace iamtrim::test {
namespace {

const Catalog& catalog() {
  static const Catalog c = Catalog::embedded();
  return c;
}

std::shared_ptr<const SourceFile> load(const std::string& sub) {
  const std::string path = testdata(sub).string();
  return std::make_shared<const SourceFile>(SourceFile::from_string(path, read_file(path)));
}

std::vector<Report> evidence(const std::string& sub) {
  EvidenceResult ev = read_evidence_files({testdata(sub).string()}, {});
  EXPECT_TRUE(ev.ok());
  return ev.reports;
}

// The settings `narrow --window 90 --as-of DAY` judges with.
NarrowFileSettings settings(const std::string& as_of, const std::string& only = "") {
  NarrowFileSettings s;
  s.rules = &TrackingRules::embedded();
  s.input.window_days = 90;
  s.input.as_of = *parse_date(as_of) * kMsPerDay;
  s.only = only;
  return s;
}

std::string without_lines(std::string text, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    const std::size_t at = text.find(line + "\n");
    EXPECT_NE(at, std::string::npos) << line;
    if (at != std::string::npos) text.erase(at, line.size() + 1);
  }
  return text;
}

// The policy at `pointer` of `text` read as the file `path`, compact.
std::string policy_at(const std::string& path, const std::string& text, const std::string& pointer) {
  SourceResult src = read_source(std::make_shared<const SourceFile>(SourceFile::from_string(path, text)));
  for (const FoundPolicy& p : src.policies)
    if (p.pointer == pointer) return write_policy(parse_policy(p.document, p.pointer).policy, {.pretty = false});
  return "(no policy at " + pointer + ")";
}

// narrow_file() on a fixture; the result points into `source`, kept with it.
struct Narrowed {
  std::shared_ptr<const SourceFile> file;
  SourceResult source;
  NarrowFileResult r;
};
std::unique_ptr<Narrowed> narrow(const std::string& sub, const std::string& evidence_file, const NarrowFileSettings& s) {
  auto n = std::make_unique<Narrowed>();
  n->file = load(sub);
  n->source = read_source(n->file);
  n->r = narrow_file(catalog(), n->file, n->source, evidence(evidence_file), s);
  return n;
}

const FilePolicy* find(const NarrowFileResult& r, const std::string& pointer) {
  for (const FilePolicy& p : r.policies)
    if (p.found->pointer == pointer) return &p;
  return nullptr;
}

// A plain policy file goes through the per-policy step and the one-policy
// edit, and comes out as `narrow` prints it (the CLI's golden file).
TEST(NarrowPipeline, AJsonPolicyFileIsNarrowedAsTheCommandPrintsIt) {
  auto file = load("narrow/s3-role.policy.json");
  SourceResult src = read_source(file);
  ASSERT_EQ(src.policies.size(), 1u);
  const FoundPolicy& found = src.policies.front();
  PolicyResult parsed = parse_policy(found.document, found.pointer);
  ASSERT_TRUE(parsed.usable);
  const std::vector<Report> reports = evidence("narrow/s3-role.evidence.json");
  BindResult bound = bind_evidence({&found}, reports, {});
  ASSERT_TRUE(bound.policies.front().bound) << bound.policies.front().refusal;
  const NarrowFileSettings s = settings("2024-06-30");
  PolicyNarrowing n = narrow_bound(catalog(), file->path(), found, parsed.policy, bound.policies.front(), s);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n.granted, 10u);  // three object actions, seven bucket actions
  ASSERT_TRUE(n.narrowed.result.changed);
  EXPECT_EQ(n.narrowed.file, file->path());
  FileEdit edit = edit_policy(catalog(), {&found, &n.narrowed.result});
  ASSERT_TRUE(edit.ok()) << edit.problems.front();
  EXPECT_EQ(edit.text, read_file(testdata("narrow/s3-role.expected.json")));
}

// In a CloudFormation template the unused actions' lines go, comments and
// quoting of the rest stay; the trust policy is not narrowed.
TEST(NarrowPipeline, ACloudFormationYamlTemplateLosesOnlyTheUnusedActionsLines) {
  auto n = narrow("pipeline/uploader.cfn.yaml", "narrow/s3-role.evidence.json", settings("2024-06-30"));
  const NarrowFileResult& r = n->r;
  const auto& file = n->file;
  ASSERT_EQ(r.stage, NarrowStage::Done);
  ASSERT_EQ(r.policies.size(), 2u);
  EXPECT_EQ(r.policies[0].step, FilePolicy::Step::WrongKind);  // AssumeRolePolicyDocument
  EXPECT_EQ(r.policies[1].step, FilePolicy::Step::Narrowed);
  EXPECT_EQ(r.policies[1].edit, FilePolicy::Edit::Planned);
  EXPECT_TRUE(r.due);
  ASSERT_TRUE(r.edit.ok()) << r.edit.problems.front();
  EXPECT_EQ(r.edit.text, without_lines(file->text(), {"                  - s3:DeleteBucket",
                                                       "                  - 's3:CreateBucket'"}));
}

// Evidence about one of two roles: with --only naming it, its policy is
// narrowed, the policy it shares with the other role keeps what that role
// may use (no evidence), and the other role's policy is not touched.
TEST(NarrowPipeline, SeveralPrincipalsEvidenceForOneNarrowsOnlyItsPolicies) {
  auto n = narrow("narrow/binding/two-roles.tf", "narrow/binding/writer.json", settings("2026-11-20", "aws_iam_role.writer"));
  const NarrowFileResult& r = n->r;
  const auto& file = n->file;
  ASSERT_EQ(r.stage, NarrowStage::Done);
  const FilePolicy* writer = find(r, "aws_iam_role_policy.writer.policy");
  const FilePolicy* shared = find(r, "aws_iam_policy.queue.policy");
  ASSERT_TRUE(writer && shared);
  EXPECT_EQ(find(r, "aws_iam_role_policy.reader.policy"), nullptr);  // not selected
  EXPECT_EQ(writer->edit, FilePolicy::Edit::Planned);
  EXPECT_EQ(shared->step, FilePolicy::Step::Narrowed);
  EXPECT_EQ(shared->edit, FilePolicy::Edit::None);
  EXPECT_FALSE(shared->narrowing.narrowed.result.changed);
  ASSERT_TRUE(r.edit.ok()) << r.edit.problems.front();
  const std::string& path = file->path();
  EXPECT_EQ(policy_at(path, r.edit.text, "aws_iam_role_policy.writer.policy"),
            write_policy(writer->narrowing.narrowed.result.policy, {.pretty = false}));
  for (const char* untouched : {"aws_iam_role_policy.reader.policy", "aws_iam_policy.queue.policy"})
    EXPECT_EQ(policy_at(path, r.edit.text, untouched), policy_at(path, file->text(), untouched)) << untouched;
  const std::string narrowed = policy_at(path, r.edit.text, "aws_iam_role_policy.writer.policy");
  EXPECT_NE(narrowed.find("s3:ListBucket"), std::string::npos);
  EXPECT_EQ(narrowed.find("s3:PutBucketPolicy"), std::string::npos);
  EXPECT_EQ(narrowed.find("dynamodb:PutItem"), std::string::npos);
}

// Without --only the same evidence judges the reader's policy too, which it
// is not about: that policy is refused, nothing is narrowed or edited, and
// the suggestion names the principal the evidence is about.
TEST(NarrowPipeline, EvidenceAboutAnotherPrincipalIsRefusedAndNothingIsEdited) {
  auto n = narrow("narrow/binding/two-roles.tf", "narrow/binding/writer.json", settings("2026-11-20"));
  const NarrowFileResult& r = n->r;
  ASSERT_EQ(r.stage, NarrowStage::Refused);
  const FilePolicy* reader = find(r, "aws_iam_role_policy.reader.policy");
  const FilePolicy* writer = find(r, "aws_iam_role_policy.writer.policy");
  ASSERT_TRUE(reader && writer);
  EXPECT_EQ(reader->step, FilePolicy::Step::Refused);
  EXPECT_NE(reader->refusal.find("role/reader"), std::string::npos) << reader->refusal;
  EXPECT_NE(reader->refusal.find("arn:aws:iam::123456789012:role/writer"), std::string::npos) << reader->refusal;
  EXPECT_NE(writer->step, FilePolicy::Step::Refused);
  EXPECT_EQ(r.binding.suggestion, "aws_iam_role.writer");
  EXPECT_TRUE(r.edit.edits.empty());
  EXPECT_FALSE(r.due);
}

// A resource declared twice: both copies are narrowed, neither is edited
// (the planner says why), and the file comes back as it was.
TEST(NarrowPipeline, AFileThatCannotBeEditedSafelyIsLeftAsItIs) {
  auto n = narrow("pipeline/declared-twice.tf", "narrow/s3-role.evidence.json", settings("2024-06-30"));
  const NarrowFileResult& r = n->r;
  ASSERT_EQ(r.stage, NarrowStage::Done);
  ASSERT_EQ(r.policies.size(), 2u);
  for (const FilePolicy& p : r.policies) {
    EXPECT_TRUE(p.narrowing.narrowed.result.changed);
    EXPECT_EQ(p.edit, FilePolicy::Edit::PlanFailed);
    EXPECT_NE(p.plan_error.find("more than once"), std::string::npos) << p.plan_error;
  }
  EXPECT_TRUE(r.plan_failed());
  EXPECT_TRUE(r.edit.edits.empty());
  EXPECT_EQ(r.edit.text, n->file->text());
}

// The file-level edit never returns text it could not verify: overlapping
// edits are refused with the reason, and the original text is kept.
TEST(NarrowPipeline, OverlappingEditsAreAProblemNotAText) {
  auto file = load("pipeline/declared-twice.tf");
  const Span span{{10, 1, 11}, {20, 1, 21}};
  FileEdit e = edit_file(catalog(), *file, {{span, "x"}, {span, "y"}}, {});
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.text, file->text());
}

}  // namespace
}  // namespace iamtrim::test
