// model.hpp - the catalog as the importer builds it, before it is written.
//
// Every map is keyed by the lower-cased name. IAM compares names without
// case, so two sources that spell a name differently still describe one
// thing, and the map order is exactly the order catalog.tsv requires.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace iamtrim::importer {

struct ConditionKey {
  std::string key;   // canonical case: "s3:ExistingObjectTag/<key>"
  std::string type;  // as the source gives it: String, ArrayOfString, ARN...
};

struct ResourceType {
  std::string name;
  std::string arn;
  std::vector<std::string> condition_keys;
};

struct ActionResource {
  std::string name;
  bool required = false;
};

struct Action {
  std::string name;
  char level = 'R';  // L R W P T, see catalog.hpp
  std::vector<ActionResource> resources;
  std::vector<std::string> condition_keys;
  char tracked = '-';  // '1' / '0' from the Service Authorization Reference
};

struct Service {
  std::string prefix;
  std::string name;
  std::map<std::string, ConditionKey> condition_keys;
  std::map<std::string, ResourceType> resource_types;
  std::map<std::string, Action> actions;
};

struct Model {
  std::string version;
  std::string date;
  std::string source;
  std::map<std::string, ConditionKey> global_keys;
  std::map<std::string, Service> services;  // keyed by prefix
};

// ASCII only: IAM names are ASCII, and locale-dependent lowering would make
// the output depend on the machine that ran the import.
std::string lower(std::string_view text);

// Appends `name` unless the list already holds it in any case. The sources
// repeat names now and then (s3:signatureversion twice in one action).
void add_unique(std::vector<std::string>& list, const std::string& name);
void add_unique(std::vector<ActionResource>& list, const ActionResource& resource);

// Sorts a key list the way catalog.tsv lists them: by lower-cased key, then
// byte order, so the output never depends on the order of the source.
void sort_keys(std::vector<std::string>& keys);

// True for YYYY-MM-DD with a plausible month and day.
bool is_iso_date(std::string_view text);

}  // namespace iamtrim::importer
