// The product's risk lists (rules/risk-actions.yaml) and size quotas
// (rules/quotas.yaml), resolved against one catalog when a Linter is built.
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

struct RiskData {
  ActionSet data_exfiltration;
  ActionSet credentials_exposure;
  // By access level, from the catalog: what "write" and "permissions
  // management" mean to the risk rules.
  ActionSet permissions_management;
  ActionSet write_or_permissions;
  std::vector<EscalationMethod> privilege_escalation;
  std::map<std::string, Quota> quotas;  // managed, inline-user, inline-group, inline-role, trust, scp
  std::vector<std::string> unresolved;  // listed names this catalog does not know
  std::vector<std::string> errors;      // defects in the embedded files
};

RiskData load_risk_data(const Catalog& catalog);

}  // namespace iamtrim::lint
