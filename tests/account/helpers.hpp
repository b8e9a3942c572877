// Builders for the account-mode tests: authorization details as JSON text
// and last-accessed reports as values, so each test states its whole input.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "iamtrim/account.hpp"

namespace iamtrim::test {

inline constexpr const char* kAccountId = "123456789012";

TimeMs at(int y, unsigned m, unsigned d);  // midnight UTC
// A one-statement Allow policy document granting `actions` on "*".
nlohmann::ordered_json allow(const std::vector<std::string>& actions);

// get-account-authorization-details, built entry by entry.
struct Details {
  nlohmann::ordered_json doc = {{"UserDetailList", nlohmann::ordered_json::array()},
                                {"GroupDetailList", nlohmann::ordered_json::array()},
                                {"RoleDetailList", nlohmann::ordered_json::array()},
                                {"Policies", nlohmann::ordered_json::array()}};
  // type "user", "group" or "role"; `inline_policies`: name -> document.
  Details& principal(const std::string& type, const std::string& name, const std::string& created,
                     const std::vector<std::pair<std::string, nlohmann::ordered_json>>& inline_policies,
                     const std::vector<std::string>& attached = {}, const std::vector<std::string>& groups = {},
                     const std::string& path = "/");
  Details& managed(const std::string& arn, const nlohmann::ordered_json& document, const std::string& created = "2019-01-01T00:00:00Z");
  Account read() const;  // fails the test on errors
};

std::string arn_of(const std::string& type, const std::string& name);  // arn:aws:iam::123456789012:TYPE/NAME

// A SERVICE_LEVEL report about `subject`, job on 2024-06-30: `used`
// services last accessed 2024-06-29, `unused` ones never.
Report service_report(const std::string& subject, const std::vector<std::string>& used,
                      const std::vector<std::string>& unused);

AccountNarrowResult narrow(const Account& account, std::vector<Report> reports, int window = 90);
const AccountPolicyResult& find(const AccountNarrowResult& r, const std::string& owner, const std::string& name);
// The rewritten policy, compact; the input when unchanged.
std::string text_of(const AccountPolicyResult& p);

}  // namespace iamtrim::test
