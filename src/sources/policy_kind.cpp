#include "iamtrim/catalog.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim {

std::string_view to_string(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::Unknown: return "unknown";
    case PolicyKind::Identity: return "identity";
    case PolicyKind::Resource: return "resource";
    case PolicyKind::Trust: return "trust";
    case PolicyKind::Scp: return "scp";
    case PolicyKind::PermissionsBoundary: return "boundary";
  }
  return "unknown";
}

std::optional<PolicyKind> parse_policy_kind(std::string_view t) {
  if (iequals(t, "identity")) return PolicyKind::Identity;
  if (iequals(t, "resource")) return PolicyKind::Resource;
  if (iequals(t, "trust")) return PolicyKind::Trust;
  if (iequals(t, "scp")) return PolicyKind::Scp;
  if (iequals(t, "boundary") || iequals(t, "permissions-boundary")) return PolicyKind::PermissionsBoundary;
  if (iequals(t, "unknown") || iequals(t, "auto")) return PolicyKind::Unknown;
  return std::nullopt;
}

}  // namespace iamtrim
