// Condition operators by family, and condition key types, for the
// condition rules. Source: the IAM condition operators page
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
#pragma once

#include <string>
#include <string_view>

#include "iamtrim/catalog.hpp"
#include "iamtrim/policy.hpp"

namespace iamtrim::lint {

enum class OpFamily { Unknown, String, Numeric, Date, Bool, Binary, Ip, Arn, Null };

// The family of an operator base name (qualifier and IfExists removed).
OpFamily op_family(std::string_view base);
std::string_view to_string(OpFamily f);
// The known operator equal to `base` ignoring case, or empty.
std::string_view operator_ignoring_case(std::string_view base);

// A catalog key type ("ArrayOfString", "ARN", "Date|Numeric") as families.
struct KeyType {
  bool multi = false;                    // ArrayOf...
  OpFamily first = OpFamily::Unknown;    // String, Numeric, ...
  OpFamily second = OpFamily::Unknown;   // the "Numeric" of "Date|Numeric"
  bool accepts(OpFamily f) const { return f == first || (second != OpFamily::Unknown && f == second); }
};
KeyType key_type(std::string_view catalog_type);

// Whether `value` is a valid literal for the family (variables aside).
bool valid_value(OpFamily f, const Item& value);

}  // namespace iamtrim::lint
