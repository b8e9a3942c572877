// What each failure of the AWS CLI means for a collection run, on the texts
// and exit statuses the CLI prints.
#include <gtest/gtest.h>

#include <csignal>

#include "collect/helpers.hpp"

namespace iamtrim::test {
namespace {

CommandResult exited(int code, const std::string& err) {
  CommandResult r;
  r.exit_code = code;
  r.err = err;
  return r;
}

TEST(AwsErrors, ServiceErrorsByCode) {
  struct Case {
    std::string code;
    AwsErrorClass kind;
  };
  const std::vector<Case> cases = {
      {"Throttling", AwsErrorClass::Retryable},
      {"ThrottlingException", AwsErrorClass::Retryable},
      {"RequestLimitExceeded", AwsErrorClass::Retryable},
      {"TooManyRequestsException", AwsErrorClass::Retryable},
      {"LimitExceeded", AwsErrorClass::Retryable},
      {"LimitExceededException", AwsErrorClass::Retryable},
      {"ReportGenerationLimitExceeded", AwsErrorClass::Retryable},
      {"ServiceFailure", AwsErrorClass::Retryable},
      {"ServiceUnavailable", AwsErrorClass::Retryable},
      {"InternalFailure", AwsErrorClass::Retryable},
      {"RequestTimeout", AwsErrorClass::Retryable},
      {"ExpiredToken", AwsErrorClass::Fatal},
      {"ExpiredTokenException", AwsErrorClass::Fatal},
      {"InvalidClientTokenId", AwsErrorClass::Fatal},
      {"SignatureDoesNotMatch", AwsErrorClass::Fatal},
      {"RequestExpired", AwsErrorClass::Fatal},
      {"NoSuchEntity", AwsErrorClass::Subject},
      {"AccessDenied", AwsErrorClass::Subject},
      {"InvalidInput", AwsErrorClass::Subject},
  };
  for (const Case& c : cases) {
    AwsError e = classify_failure(aws_error(c.code, "it went wrong: badly", "GenerateServiceLastAccessedDetails"));
    EXPECT_EQ(e.kind, c.kind) << c.code;
    EXPECT_EQ(e.code, c.code);
    EXPECT_EQ(e.message, "it went wrong: badly");
    EXPECT_EQ(e.text(), c.code + ": it went wrong: badly");
  }
}

TEST(AwsErrors, TheCliRetryNoteIsNotPartOfTheMessage) {
  AwsError e = classify_failure(exited(
      254, "\nAn error occurred (Throttling) when calling the GetServiceLastAccessedDetails operation (reached max "
           "retries: 2): Rate exceeded\n"));
  EXPECT_EQ(e.kind, AwsErrorClass::Retryable);
  EXPECT_EQ(e.text(), "Throttling: Rate exceeded");
}

TEST(AwsErrors, CliProblemsWithoutAServiceCode) {
  struct Case {
    int exit;
    std::string err;
    AwsErrorClass kind;
    std::string message;
  };
  const std::vector<Case> cases = {
      {253, "\nUnable to locate credentials. You can configure credentials by running \"aws configure\".\n",
       AwsErrorClass::Fatal, "Unable to locate credentials. You can configure credentials by running \"aws configure\"."},
      {255, "\nThe config profile (audit) could not be found\n", AwsErrorClass::Fatal,
       "The config profile (audit) could not be found"},
      {252, "usage: aws [options] <command> <subcommand>\naws: error: argument operation: Invalid choice, valid choices are:\n",
       AwsErrorClass::Fatal, "aws: error: argument operation: Invalid choice, valid choices are:"},
      {255, "\nCould not connect to the endpoint URL: \"https://iam.amazonaws.com/\"\n", AwsErrorClass::Retryable,
       "Could not connect to the endpoint URL: \"https://iam.amazonaws.com/\""},
      {255, "\nRead timeout on endpoint URL: \"https://iam.amazonaws.com/\"\n", AwsErrorClass::Retryable,
       "Read timeout on endpoint URL: \"https://iam.amazonaws.com/\""},
      {255, "", AwsErrorClass::Subject, "aws exited with status 255 and said nothing"},
  };
  for (const Case& c : cases) {
    AwsError e = classify_failure(exited(c.exit, c.err));
    EXPECT_EQ(e.kind, c.kind) << c.err;
    EXPECT_EQ(e.code, "");
    EXPECT_EQ(e.message, c.message);
  }
}

TEST(AwsErrors, SpawnFailuresSignalsAndTimeouts) {
  CommandResult missing;
  missing.spawn_error = "'aws' was not found on PATH";
  EXPECT_EQ(classify_failure(missing).kind, AwsErrorClass::Fatal);
  EXPECT_EQ(classify_failure(missing).message, "'aws' was not found on PATH (install the AWS CLI, or put it on PATH)");
  CommandResult killed;
  killed.signal = SIGKILL;
  EXPECT_EQ(classify_failure(killed).kind, AwsErrorClass::Retryable);
  killed.signal = SIGINT;
  EXPECT_EQ(classify_failure(killed).kind, AwsErrorClass::Fatal);
  CommandResult slow;
  slow.timed_out = true;
  slow.signal = SIGTERM;
  EXPECT_EQ(classify_failure(slow).kind, AwsErrorClass::Retryable);
}

TEST(ProcessRunner, CapturesBothStreamsAndTheExitStatus) {
  ProcessRunner runner;
  // More than a pipe holds on both streams at once: read together or stall.
  CommandResult r = runner.run({"sh", "-c", "head -c 200000 /dev/zero | tr '\\0' o; head -c 200000 /dev/zero | tr '\\0' e >&2; exit 7"});
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_EQ(r.out.size(), 200000u);
  EXPECT_EQ(r.err.size(), 200000u);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(runner.run({"true"}).ok());
}

TEST(ProcessRunner, PassesArgumentsVerbatimWithoutAShell) {
  ProcessRunner runner;
  CommandResult r = runner.run({"printf", "%s|", "a b", "$HOME", "*", "'\""});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.out, "a b|$HOME|*|'\"|");
}

TEST(ProcessRunner, SetsAnEmptyPagerAndNoInput) {
  ::setenv("AWS_PAGER", "less", 1);
  ProcessRunner runner;
  CommandResult r = runner.run({"sh", "-c", "printf '[%s]' \"$AWS_PAGER\"; cat"});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.out, "[]");  // and cat read /dev/null, not the test's stdin
}

TEST(ProcessRunner, StopsACommandThatRunsTooLong) {
  ProcessRunner runner(300);
  CommandResult r = runner.run({"sh", "-c", "echo started; exec sleep 30"});
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.out, "started\n");
  EXPECT_EQ(classify_failure(r).kind, AwsErrorClass::Retryable);
}

TEST(ProcessRunner, AMissingProgramIsReportedNotThrown) {
  ProcessRunner runner;
  CommandResult r = runner.run({"iamtrim-no-such-program"});
  EXPECT_EQ(r.spawn_error, "'iamtrim-no-such-program' was not found on PATH");
}

}  // namespace
}  // namespace iamtrim::test
