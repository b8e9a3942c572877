// What a failed `aws` call means for the run: retry it, give up on this
// subject, or stop everything. The CLI prints a service error as
//   An error occurred (Throttling) when calling the GenerateServiceLastAccessedDetails
//   operation (reached max retries: 2): Rate exceeded
// and exits 254 (v2; v1 exits 255); 252 is bad syntax, 253 bad configuration
// or credentials (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html).
#include <algorithm>
#include <array>
#include <cctype>
#include <csignal>
#include <string_view>

#include "iamtrim/collect.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim {
namespace {

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

// Codes (and code prefixes) that say "try again later".
bool retryable_code(std::string_view code) {
  static constexpr std::array<std::string_view, 8> kPrefixes = {
      "Throttling", "TooManyRequests", "LimitExceeded", "ReportGenerationLimitExceeded",
      "ServiceFailure", "RequestTimeout", "Throttled", "SlowDown"};
  static constexpr std::array<std::string_view, 6> kExact = {
      "RequestLimitExceeded", "ServiceUnavailable", "InternalFailure", "InternalError", "InternalServerError",
      "PriorRequestNotComplete"};
  return std::any_of(kPrefixes.begin(), kPrefixes.end(), [&](std::string_view p) { return code.starts_with(p); }) ||
         std::find(kExact.begin(), kExact.end(), code) != kExact.end();
}

// Codes that every later call would get too: credentials and clocks.
bool fatal_code(std::string_view code) {
  static constexpr std::array<std::string_view, 5> kPrefixes = {"ExpiredToken", "UnrecognizedClient",
                                                                "InvalidClientTokenId", "SignatureDoesNotMatch",
                                                                "IncompleteSignature"};
  static constexpr std::array<std::string_view, 3> kExact = {"MissingAuthenticationToken", "AuthFailure",
                                                             "RequestExpired"};
  return std::any_of(kPrefixes.begin(), kPrefixes.end(), [&](std::string_view p) { return code.starts_with(p); }) ||
         std::find(kExact.begin(), kExact.end(), code) != kExact.end();
}

// The CLI's own words for a connection that failed or stalled: transient.
bool network_trouble(std::string_view err) {
  static constexpr std::array<std::string_view, 7> kTexts = {
      "Could not connect to the endpoint URL", "Read timeout on endpoint URL", "Connect timeout on endpoint URL",
      "Connection was closed before we received a valid response", "Connection reset by peer",
      "EndpointConnectionError", "Temporary failure in name resolution"};
  return std::any_of(kTexts.begin(), kTexts.end(), [&](std::string_view t) { return contains(err, t); });
}

// The last non-empty line of the CLI's error output: the message it ends with.
std::string last_line(std::string_view err) {
  std::string t = std::string(trim(err));
  std::size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : std::string(trim(std::string_view(t).substr(nl + 1)));
}

}  // namespace

std::string AwsError::text() const {
  if (code.empty()) return message;
  return message.empty() ? code : code + ": " + message;
}

AwsError classify_failure(const CommandResult& r) {
  AwsError e;
  if (!r.spawn_error.empty()) {
    e.kind = AwsErrorClass::Fatal;
    e.message = r.spawn_error + " (install the AWS CLI, or put it on PATH)";
    return e;
  }
  if (r.timed_out) {
    e.kind = AwsErrorClass::Retryable;
    e.message = "the aws command did not finish in time and was stopped";
    return e;
  }
  if (r.signal != 0) {
    // SIGINT/SIGTERM come from a person or a supervisor: stop. Anything else
    // (a crash, an OOM kill) may not happen again.
    e.kind = r.signal == SIGINT || r.signal == SIGTERM ? AwsErrorClass::Fatal : AwsErrorClass::Retryable;
    e.message = "the aws command was killed by signal " + std::to_string(r.signal);
    return e;
  }
  if (r.exit_code == 0) {
    e.message = "the aws command succeeded";  // the caller found its output wanting
    return e;
  }
  const std::string_view err = r.err;
  static constexpr std::string_view kMarker = "An error occurred (";
  if (std::size_t at = err.find(kMarker); at != std::string_view::npos) {
    const std::size_t begin = at + kMarker.size();
    const std::size_t end = err.find(')', begin);
    e.code = std::string(err.substr(begin, end == std::string_view::npos ? 0 : end - begin));
    // The message follows "operation: ", or "operation (reached max retries: 2): ".
    std::size_t colon = err.find(" operation", end == std::string_view::npos ? begin : end);
    if (colon != std::string_view::npos) {
      colon += 10;
      if (err.substr(colon, 2) == " (") colon = err.find(')', colon);
      colon = colon == std::string_view::npos ? colon : err.find(": ", colon);
    }
    std::size_t stop = colon == std::string_view::npos ? std::string_view::npos : err.find('\n', colon);
    if (colon != std::string_view::npos)
      e.message = std::string(
          trim(err.substr(colon + 2, stop == std::string_view::npos ? std::string_view::npos : stop - colon - 2)));
    if (retryable_code(e.code)) e.kind = AwsErrorClass::Retryable;
    else if (fatal_code(e.code)) e.kind = AwsErrorClass::Fatal;
    else e.kind = AwsErrorClass::Subject;
    return e;
  }
  e.message = last_line(err);
  if (e.message.empty()) e.message = "aws exited with status " + std::to_string(r.exit_code) + " and said nothing";
  if (network_trouble(err)) e.kind = AwsErrorClass::Retryable;
  else if (r.exit_code == 252 || r.exit_code == 253 || r.exit_code == 130 || r.exit_code == 2 ||
           contains(err, "Unable to locate credentials") || contains(err, "could not be found") ||
           contains(err, "Token has expired") || contains(err, "Invalid choice"))
    e.kind = AwsErrorClass::Fatal;  // syntax, configuration, credentials, an interrupt: every call would fail
  else e.kind = AwsErrorClass::Subject;
  return e;
}

}  // namespace iamtrim
