// ARN pieces and ARN pattern overlap, for the resource rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iamtrim::lint {

struct ArnParts {
  std::string_view partition, service, region, account, resource;
};

// Splits "arn:partition:service:region:account:resource"; nullopt when the
// text does not start with "arn:" or has fewer than six parts.
std::optional<ArnParts> split_arn(std::string_view arn);

// The service of a catalog ARN format ("arn:${Partition}:s3:::${BucketName}"
// -> "s3"); empty when the format is not an ARN. `own`, the resource type's
// service prefix, is tried first without splitting, as nearly every format
// names it.
std::string_view arn_format_service(std::string_view format, std::string_view own = {});

// Whether some ARN matches both a policy resource (IAM wildcards '*' and
// '?', policy variables "${...}" standing for any text) and a catalog ARN
// format ("${Placeholder}" standing for any text). Case-insensitive, so it
// errs towards "they overlap".
bool arn_overlaps(std::string_view policy_arn, std::string_view format);

}  // namespace iamtrim::lint
