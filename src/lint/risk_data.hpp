// The product's risk lists (rules/risk-actions.yaml), size quotas
// (rules/quotas.yaml), condition-key facts (rules/condition-keys.yaml) and
// ARN service aliases (rules/arn-services.yaml), resolved against one
// catalog when a Linter is built.
//
// All four are read at build time (tools/builtin-data, with the readers
// below) and compiled in: builtin_risk() holds every list with each name's
// action id in the embedded catalog, so a Linter on the embedded catalog
// takes the ids as they are and one on a catalog loaded with --catalog
// resolves the names. No YAML is read at run time. (The patterns of
// condition-keys.yaml are expanded against the embedded catalog: a newer
// --catalog's new actions of a pattern are not in the list until the
// embedded catalog has them too.)
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/actions.hpp"
#include "iamtrim/catalog.hpp"
#include "iamtrim/rules.hpp"

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
  std::vector<std::string> unresolved;  // listed names this catalog does not know
};

RiskData load_risk_data(const Catalog& catalog);

// Whether an action's name says it only reads: List*, Get*, Describe*,
// Search*, BatchGet*, View* (the verb followed by a capital, not "Listen").
bool read_only_name(std::string_view name);

// The other name of an aliased ARN service, or "".
std::string_view service_alias(const RiskData& data, std::string_view service);

// ---- Build time: the readers of the four files, and what they compile to ----

// rules/risk-actions.yaml as read; `errors` (one per defect) fail the build.
struct RiskLists {
  std::vector<std::string> data_exfiltration, credentials_exposure;
  std::vector<std::pair<std::string, std::vector<std::string>>> privilege_escalation;  // method, actions
  std::vector<std::string> errors;
};
RiskLists read_risk_lists(std::string_view yaml);

// rules/quotas.yaml as read (see SizeQuota in iamtrim/rules.hpp).
struct QuotaList {
  std::vector<std::pair<std::string, Quota>> quotas;  // in file order
  std::vector<std::string> errors;
};
QuotaList read_quotas(std::string_view yaml);

// One entry of rules/condition-keys.yaml's always_present list, as read.
struct ConditionKeyRule {
  std::vector<std::string> keys;
  std::vector<std::string> actions;  // full names or patterns ("kms:CreateGrant")
  std::vector<std::string> names;    // action-name patterns across services ("Tag*")
  std::optional<AccessLevel> level;  // with names: the level the action must have
  std::vector<std::string> except;   // full names the rule leaves out
};
struct ConditionKeyList {
  std::vector<ConditionKeyRule> always_present;
  std::vector<std::string> errors;
};
ConditionKeyList read_condition_keys(std::string_view yaml);
// The actions a rule names in `catalog`, in id order; a pattern or name that
// matches nothing goes to `unresolved`.
std::vector<ActionId> resolve_rule(const Catalog& catalog, const ConditionKeyRule& rule,
                                   std::vector<std::string>& unresolved);

// rules/arn-services.yaml as read: pairs of ARN service names for one service.
struct AliasList {
  std::vector<std::pair<std::string, std::string>> aliases;
  std::vector<std::string> errors;
};
AliasList read_arn_services(std::string_view yaml);

inline constexpr ActionId kNoAction = 0xFFFFFFFFu;

struct BuiltinAction {
  std::string_view name;  // as listed, lower-case
  ActionId id;            // in the embedded catalog; kNoAction when it lacks the name
};
struct BuiltinEscalation {
  std::string_view method;
  std::span<const BuiltinAction> actions;
};
struct BuiltinAlwaysPresent {
  std::span<const std::string_view> keys;
  std::span<const BuiltinAction> actions;  // resolve_rule() in the embedded catalog
};
struct BuiltinAlias {
  std::string_view first, second;
};
struct BuiltinRisk {
  std::string_view catalog_version;  // of the catalog the ids belong to
  std::span<const BuiltinAction> data_exfiltration, credentials_exposure;
  std::span<const BuiltinEscalation> privilege_escalation;
  std::span<const BuiltinAlwaysPresent> always_present;
  std::span<const BuiltinAlias> service_aliases;
};
// Generated at build time (builtin_risk.cpp in the build folder).
const BuiltinRisk& builtin_risk();

}  // namespace iamtrim::lint
