// lint --jobs: files are linted on several threads and merged in input
// order, so stdout, stderr and the exit code are the same for every thread
// count. The file set makes later files finish first: the first file is
// far larger than all the others together.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/files.hpp"

namespace iamtrim {
namespace {

namespace fs = std::filesystem;

// 1,500 statements of wildcards and ARNs: many findings, and a few hundred
// times the work of one small file.
std::string big_policy() {
  nlohmann::ordered_json statements = nlohmann::ordered_json::array();
  const char* services[] = {"s3", "ec2", "iam", "dynamodb", "lambda", "kms", "sqs", "sns"};
  for (int i = 0; i < 1500; ++i) {
    const std::string svc = services[i % 8];
    statements.push_back({{"Sid", "S" + std::to_string(i)},
                          {"Effect", "Allow"},
                          {"Action", {svc + ":Get*", svc + ":List*", svc + ":Put*", svc + ":Delete*"}},
                          {"Resource", i % 3 ? "*" : "arn:aws:s3:::bucket-" + std::to_string(i) + "/*"}});
  }
  return nlohmann::ordered_json{{"Version", "2012-10-17"}, {"Statement", statements}}.dump(2);
}

// Small policies, each with its own findings (an unknown action, a
// wildcard service, a missing Version, or nothing at all).
std::string small_policy(int i) {
  switch (i % 4) {
    case 0: return R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]})";
    case 1: return R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]})";
    case 2: return R"({"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]})";
    default:
      return R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]})";
  }
}

class LintJobs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iamtrim-lint-jobs-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "more");
    // Named on the command line in this order: the big one first.
    test::write_file(dir_ / "z-big.json", big_policy());
    args_ = {"z-big.json"};
    for (int i = 0; i < 24; ++i) {
      const std::string name = "p" + std::to_string(i) + ".json";
      test::write_file(dir_ / name, small_policy(i));
      args_.push_back(name);
      if (i == 11) {
        // A named file that is no policy: a message in the middle of stderr.
        test::write_file(dir_ / "notes.yaml", "title: notes\nitems: [1, 2]\n");
        args_.push_back("notes.yaml");
      }
    }
    // And a folder walked after them.
    for (int i = 0; i < 8; ++i) test::write_file(dir_ / "more" / ("m" + std::to_string(i) + ".json"), small_policy(i + 1));
    args_.push_back("more");
  }
  void TearDown() override { fs::remove_all(dir_); }

  test::RunResult lint(const std::string& format, const std::string& jobs) {
    std::vector<std::string> a = {"lint", "--no-config", "--format", format, "--jobs", jobs};
    a.insert(a.end(), args_.begin(), args_.end());
    return test::run_cli(a, "", dir_);
  }

  fs::path dir_;
  std::vector<std::string> args_;
};

TEST_F(LintJobs, OutputIsTheSameForEveryThreadCount) {
  for (const std::string format : {"json", "text", "sarif", "github"}) {
    const test::RunResult one = lint(format, "1");
    EXPECT_NE(one.exit_code, 0) << one.err;
    EXPECT_NE(one.err.find("notes.yaml"), std::string::npos) << one.err;  // a note about the file that is no policy
    for (const std::string jobs : {"2", "3", "8"}) {
      const test::RunResult many = lint(format, jobs);
      EXPECT_EQ(many.exit_code, one.exit_code) << format << " --jobs " << jobs;
      EXPECT_EQ(many.out, one.out) << format << " --jobs " << jobs;
      EXPECT_EQ(many.err, one.err) << format << " --jobs " << jobs;
    }
  }
}

// The files' findings come in the order the files were given, the big one
// first, then the walked folder's in sorted order.
TEST_F(LintJobs, FindingsFollowTheInputOrder) {
  const test::RunResult r = lint("json", "4");
  const auto json = nlohmann::json::parse(r.out);
  std::vector<std::string> order;
  for (const auto& f : json.at("findings")) {
    const std::string file = f.at("file").get<std::string>();
    if (order.empty() || order.back() != file) order.push_back(file);
  }
  std::vector<std::string> want;
  for (const std::string& a : args_)
    if (a != "more" && a != "notes.yaml" && a != "p3.json" && a != "p7.json" && a != "p11.json" && a != "p15.json" &&
        a != "p19.json" && a != "p23.json")
      want.push_back(a);
  for (int i = 0; i < 8; ++i)
    if ((i + 1) % 4 != 3) want.push_back("more/m" + std::to_string(i) + ".json");
  EXPECT_EQ(order, want) << r.out.substr(0, 2000);
  EXPECT_GT(json.at("findings").size(), 1000u);  // the big file's are many
}

TEST_F(LintJobs, RejectsZeroJobs) {
  const test::RunResult r = lint("json", "0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--jobs"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace iamtrim
