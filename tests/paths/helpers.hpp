// Accounts for the paths tests: authorization details as JSON, read the way
// the CLI reads them, and small accessors for the results.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "iamtrim/paths.hpp"

namespace iamtrim::test {

using Json = nlohmann::ordered_json;

inline constexpr const char* kAcct = "111122223333";

// The fixture testdata/paths/<name>/authorization-details.json as JSON.
Json fixture(const std::string& name);

// Reads `details` as get-account-authorization-details (fails the test on errors).
Account account_of(const Json& details, const std::string& path = "details.json");

// find_paths with the embedded catalog.
PathsResult run(const Json& details, PathsOptions options = {});
PathsResult run(const Account& account, PathsOptions options = {});

// The path from `source` ("user/ci"), or nullptr.
const EscalationPath* path_from(const PathsResult& r, const std::string& source);
// Node ids along a path: {"user/ci", "role/Deployer", "role/Ops"}.
std::vector<std::string> nodes_of(const PathsResult& r, const EscalationPath& p);
// Whether `id` is at the target or has a path to it.
bool reaches(const PathsResult& r, const std::string& id);

// The entry of a user, group or role in `details` ("role", "Ops").
Json& entry(Json& details, const std::string& type, const std::string& name);

// Builders for documents.
Json doc(std::vector<Json> statements);
Json allow(const Json& actions, const Json& resource = "*");
Json deny(const Json& actions, const Json& resource = "*");
std::string arn(const std::string& type, const std::string& name);  // arn:aws:iam::111122223333:TYPE/NAME

// An empty authorization details document with AdministratorAccess in Policies.
Json empty_details();
void add_user(Json& d, const std::string& name, std::vector<std::pair<std::string, Json>> inline_policies = {},
              std::vector<std::string> managed = {}, std::vector<std::string> groups = {});
void add_group(Json& d, const std::string& name, std::vector<std::pair<std::string, Json>> inline_policies = {},
               std::vector<std::string> managed = {});
void add_role(Json& d, const std::string& name, const Json& trust,
              std::vector<std::pair<std::string, Json>> inline_policies = {}, std::vector<std::string> managed = {},
              bool instance_profile = false);
void add_managed(Json& d, const std::string& arn, const Json& document);

inline constexpr const char* kAdminArn = "arn:aws:iam::aws:policy/AdministratorAccess";

}  // namespace iamtrim::test
