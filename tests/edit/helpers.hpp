// Helpers for the in-place edit tests: decisions from a sidecar, a whole
// file narrowed and edited the way `narrow --write` does it, and the
// independent oracles (HashiCorp's HCL via tools/hcl-check, yaml-cpp,
// nlohmann) that read the edited text back.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iamtrim/catalog.hpp"
#include "iamtrim/decision.hpp"
#include "iamtrim/edit.hpp"

namespace iamtrim::test {

// Decisions from lines of patterns: "svc:Name*" removable (service not
// accessed), "!pattern" used; later lines override earlier ones; "#" comments.
Decisions decisions_from_lines(const Catalog& catalog, const std::string& text);

// Marks every other granted service (chosen by a fixed hash) not accessed,
// and one action in five of the other services, so that lists lose items
// and wildcards become the names they still grant.
Decisions half_the_services(const Catalog& catalog, const Policy& policy);

struct EditedFile {
  std::string text;                    // the edited file (the input when nothing changed)
  std::vector<SourceEdit> edits;
  std::vector<ExpectedPolicy> expected;
  std::vector<std::string> plan_errors;  // policies the planner refused, with the reason
  std::vector<std::string> problems;     // apply and verification failures
  std::string log;                       // one line per policy: what happened to it
};

// Reads `text` as `path`, narrows each policy that `narrow_it` accepts with
// `decide(policy)`, plans, applies and verifies the edits.
EditedFile edit_file(const Catalog& catalog, const std::string& path, const std::string& text,
                     const std::function<Decisions(const Policy&)>& decide,
                     const std::function<bool(const FoundPolicy&)>& narrow_it);

// Empty when `after` is `before` with only the edits' ranges replaced by
// their texts, byte for byte everywhere else; else where it differs.
std::string outside_edits_identical(const std::string& before, const std::string& after,
                                    std::vector<SourceEdit> edits);

// The action element of every statement of a policy as plain JSON
// ({"Action": [...]} or {"NotAction": [...]} per statement, a bare string
// as a one-item list), from a JSON policy document.
nlohmann::json action_elements(const nlohmann::json& policy);
nlohmann::json action_elements(const Policy& policy);

// tools/hcl-check on `text` (written to a temporary .tf file): nullopt when
// the binary was not built; else {exit code, address -> evaluated JSON}.
struct HclCheck {
  int exit_code = -1;
  std::string output;
  std::map<std::string, nlohmann::json> values;
};
std::optional<HclCheck> hcl_check(const std::string& text);
std::string hcl_check_path();

// HashiCorp's formatter as a second oracle for .tf edits: `terraform fmt
// -check -list=true`, run once over all the files, originals and edited
// texts in two folders. Returns, for every file whose original is formatted,
// the names whose edited text is not (the edit broke the formatting);
// nullopt when terraform is not on PATH (the caller says the check was skipped).
struct FmtFile {
  std::string name, original, edited;
};
std::optional<std::vector<std::string>> terraform_fmt_regressions(const std::vector<FmtFile>& files);
// The skip message when terraform is not on PATH.
inline constexpr const char* kNoTerraform = "[  SKIPPED ] terraform fmt -check (terraform is not on PATH)\n";

// A YAML document as JSON data (scalars as strings, tags dropped).
nlohmann::json yaml_to_json(const std::string& text);

}  // namespace iamtrim::test
