// The registry: one line per rule, sorted by code. Each factory lives beside
// its check class in src/lint/rules/.
#include "lint/registry.hpp"

namespace iamtrim::lint {

// Structure (src/lint/rules/structure_parser.cpp, structure.cpp).
std::unique_ptr<Check> make_parser_check(std::string_view code);
std::unique_ptr<Check> make_missing_resource();
std::unique_ptr<Check> make_missing_version();
std::unique_ptr<Check> make_variable_without_version();
std::unique_ptr<Check> make_duplicate_sid();
std::unique_ptr<Check> make_invalid_sid();
std::unique_ptr<Check> make_principal_in_identity_policy();
std::unique_ptr<Check> make_not_principal_in_identity_or_trust();
std::unique_ptr<Check> make_missing_principal();
// Actions (src/lint/rules/actions.cpp).
std::unique_ptr<Check> make_action_match_check(std::string_view code);
std::unique_ptr<Check> make_redundant_action();
std::unique_ptr<Check> make_scp_action_wildcard();
// Resources (src/lint/rules/resources.cpp).
std::unique_ptr<Check> make_malformed_arn();
std::unique_ptr<Check> make_resource_service_mismatch();
std::unique_ptr<Check> make_resource_type_mismatch();
std::unique_ptr<Check> make_star_only_action_with_arn();
// Conditions (src/lint/rules/conditions.cpp, condition_types.cpp).
std::unique_ptr<Check> make_unknown_condition_operator();
std::unique_ptr<Check> make_unknown_condition_key();
std::unique_ptr<Check> make_condition_key_not_for_actions();
std::unique_ptr<Check> make_condition_type_mismatch();
std::unique_ptr<Check> make_string_operator_on_arn_key();
std::unique_ptr<Check> make_forallvalues_single_valued_key();
std::unique_ptr<Check> make_forallvalues_with_allow();
std::unique_ptr<Check> make_null_with_if_exists();
std::unique_ptr<Check> make_condition_key_case_duplicate();
std::unique_ptr<Check> make_mfa_bool_false();
// Principals and trust (src/lint/rules/principals.cpp).
std::unique_ptr<Check> make_public_principal();
std::unique_ptr<Check> make_cross_account_trust_without_external_id();
std::unique_ptr<Check> make_oidc_trust_without_sub();
std::unique_ptr<Check> make_not_principal_with_allow();
// Cross-statement risk (src/lint/rules/risk.cpp, escalation.cpp).
std::unique_ptr<Check> make_full_admin();
std::unique_ptr<Check> make_not_action_with_allow();
std::unique_ptr<Check> make_not_resource_with_allow();
std::unique_ptr<Check> make_service_wildcard_write_on_star();
std::unique_ptr<Check> make_pass_role_on_star();
std::unique_ptr<Check> make_privilege_escalation();
std::unique_ptr<Check> make_risk_list_check(std::string_view code);
std::unique_ptr<Check> make_resource_exposure();
// Size (src/lint/rules/size.cpp).
std::unique_ptr<Check> make_policy_too_large();

const std::vector<std::unique_ptr<Check>>& all_checks() {
  static const std::vector<std::unique_ptr<Check>> checks = [] {
    std::vector<std::unique_ptr<Check>> v;
    v.push_back(make_parser_check("IAM001"));  // invalid-json
    v.push_back(make_parser_check("IAM002"));  // duplicate-key
    v.push_back(make_parser_check("IAM003"));  // unknown-element
    v.push_back(make_parser_check("IAM004"));  // invalid-effect
    v.push_back(make_parser_check("IAM005"));  // missing-action
    v.push_back(make_parser_check("IAM006"));  // action-and-not-action
    v.push_back(make_parser_check("IAM007"));  // resource-and-not-resource
    v.push_back(make_parser_check("IAM008"));  // principal-and-not-principal
    v.push_back(make_missing_resource());      // IAM009
    v.push_back(make_parser_check("IAM010"));  // invalid-version
    v.push_back(make_missing_version());       // IAM011
    v.push_back(make_variable_without_version());  // IAM012
    v.push_back(make_duplicate_sid());         // IAM013
    v.push_back(make_invalid_sid());           // IAM014
    v.push_back(make_parser_check("IAM015"));  // empty-list
    v.push_back(make_principal_in_identity_policy());       // IAM016
    v.push_back(make_not_principal_in_identity_or_trust()); // IAM017
    v.push_back(make_parser_check("IAM018"));  // wrong-type
    v.push_back(make_parser_check("IAM019"));  // missing-statement
    v.push_back(make_missing_principal());     // IAM020
    v.push_back(make_parser_check("IAM090"));  // invalid-source-syntax
    v.push_back(make_parser_check("IAM091"));  // policy-not-evaluated
    v.push_back(make_parser_check("IAM092"));  // unknown-suppression (Linter::check_suppressions)
    v.push_back(make_parser_check("IAM093"));  // unused-suppression (Linter::check_suppressions)
    v.push_back(make_action_match_check("IAM101"));  // malformed-action
    v.push_back(make_action_match_check("IAM102"));  // unknown-service
    v.push_back(make_action_match_check("IAM103"));  // wildcard-matches-nothing
    v.push_back(make_action_match_check("IAM104"));  // unknown-action
    v.push_back(make_redundant_action());      // IAM105
    v.push_back(make_scp_action_wildcard());   // IAM106
    v.push_back(make_malformed_arn());         // IAM201
    v.push_back(make_resource_service_mismatch());  // IAM202
    v.push_back(make_resource_type_mismatch());     // IAM203
    v.push_back(make_star_only_action_with_arn());  // IAM204
    v.push_back(make_unknown_condition_operator());     // IAM301
    v.push_back(make_unknown_condition_key());          // IAM302
    v.push_back(make_condition_key_not_for_actions());  // IAM303
    v.push_back(make_condition_type_mismatch());        // IAM304
    v.push_back(make_string_operator_on_arn_key());     // IAM305
    v.push_back(make_forallvalues_single_valued_key()); // IAM306
    v.push_back(make_forallvalues_with_allow());        // IAM307
    v.push_back(make_null_with_if_exists());            // IAM308
    v.push_back(make_condition_key_case_duplicate());   // IAM309
    v.push_back(make_mfa_bool_false());                 // IAM310
    v.push_back(make_public_principal());                          // IAM401
    v.push_back(make_cross_account_trust_without_external_id());   // IAM402
    v.push_back(make_oidc_trust_without_sub());                    // IAM403
    v.push_back(make_not_principal_with_allow());                  // IAM404
    v.push_back(make_full_admin());                    // IAM501
    v.push_back(make_not_action_with_allow());         // IAM502
    v.push_back(make_not_resource_with_allow());       // IAM503
    v.push_back(make_service_wildcard_write_on_star());  // IAM504
    v.push_back(make_pass_role_on_star());             // IAM505
    v.push_back(make_privilege_escalation());          // IAM506
    v.push_back(make_risk_list_check("IAM507"));       // credentials-exposure
    v.push_back(make_risk_list_check("IAM508"));       // data-exfiltration
    v.push_back(make_resource_exposure());             // IAM509
    v.push_back(make_policy_too_large());              // IAM601
    return v;
  }();
  return checks;
}

}  // namespace iamtrim::lint
