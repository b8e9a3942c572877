// The product's risk lists (rules/risk-actions.yaml), size quotas
// (rules/quotas.yaml), condition-key facts (rules/condition-keys.yaml) and
// ARN service aliases (rules/arn-services.yaml), resolved against one catalog when a Linter is built.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "iamtrim/actions.hpp"
#include "iamtrim/catalog.hpp"

namespace iamtrim::lint {

struct EscalationMethod {
  std::string name;                  // "CreateAccessKey"
  std::vector<ActionId> actions;     // every action the method needs
  bool complete = true;              // false when a name is not in the catalog
};

struct Quota {
  std::size_t limit = 0;
  bool whitespace_counts = false;
  std::string source;
};

// Condition keys every request of some actions carries
// (rules/condition-keys.yaml, IAM307).
struct AlwaysPresentKey {
  std::vector<std::string> keys;
  ActionSet actions;
};

struct RiskData {
  ActionSet data_exfiltration;
  ActionSet credentials_exposure;
  // By access level, from the catalog: what "write" and "permissions
  // management" mean to the risk rules.
  ActionSet permissions_management;  // without read-only names (read_only_name)
  ActionSet write_or_permissions;
  std::vector<EscalationMethod> privilege_escalation;
  std::vector<AlwaysPresentKey> always_present;
  // Pairs of ARN service names for one service (rules/arn-services.yaml).
  std::vector<std::pair<std::string, std::string>> service_aliases;
  std::map<std::string, Quota> quotas;  // managed, inline-user, inline-group, inline-role, trust, scp
  std::vector<std::string> unresolved;  // listed names this catalog does not know
  std::vector<std::string> errors;      // defects in the embedded files
};

RiskData load_risk_data(const Catalog& catalog);

// Whether an action's name says it only reads: List*, Get*, Describe*,
// Search*, BatchGet*, View* (the verb followed by a capital, not "Listen").
bool read_only_name(std::string_view name);

// The other name of an aliased ARN service, or "".
std::string_view service_alias(const RiskData& data, std::string_view service);

}  // namespace iamtrim::lint
