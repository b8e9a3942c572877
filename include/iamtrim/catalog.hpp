// iamtrim/catalog.hpp - every AWS service, action, resource type and
// condition key, as one versioned, read-only data set.
//
// The catalog is imported from public data (tools/import-catalog, see README
// "Refreshing the catalog") into rules/catalog/catalog.tsv. The build parses
// that file once into a binary image (records, string pool, hash tables) and
// embeds it, so the embedded catalog is ready without parsing anything: its
// lookups read the image in place. A catalog loaded at run time
// (load_dir, parse) goes through the same parser into the same image.
//
//   Catalog catalog = Catalog::embedded();
//   if (auto id = catalog.find_action("S3:getobject"))
//     std::cout << catalog.full_name(*id);          // "s3:GetObject"
//
// Lookups are case-insensitive, as IAM is. An action missing from the
// catalog is not necessarily invalid: it may be newer than this data set, so
// callers report the catalog version() that judged it.
//
// A Catalog is immutable, cheap to copy (it shares its data) and safe to use
// from several threads.
//
// File format (catalog.tsv, UTF-8, one record a line, fields split by TAB):
//   iamtrim-catalog  1                 format version, first line
//   version  <data version>            e.g. the npm package version
//   date     <YYYY-MM-DD>              when the source data was published
//   source   <free text>               where it was imported from
//   G  <key>  <type>                   global condition key (aws:...)
//   S  <prefix>  <service name>        starts a service; services sorted by prefix
//   C  <key>  <type>                   condition key of the current service
//   R  <name>  <arn format>  <keys>    resource type; keys comma-separated
//   A  <Name>  <level>  <resources>  <keys>  <tracked>
//        level: L(ist) R(ead) W(rite) P(ermissions management) T(agging)
//        resources: comma-separated resource type names, '*' suffix when
//          required; empty when the action supports only "Resource": "*"
//        keys: comma-separated condition keys
//        tracked: 1 / 0 when AWS's Service Authorization Reference says the
//          action is / is not in action last accessed data, '-' when unknown
//   Actions of a service are sorted by lower-cased name. Lines starting with
//   '#' and empty lines are ignored.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/text.hpp"  // iequals, icompare, to_lower: names compare without case

namespace iamtrim {

using ActionId = std::uint32_t;

enum class AccessLevel : std::uint8_t { List, Read, Write, PermissionsManagement, Tagging };
std::string_view to_string(AccessLevel level);  // "List", ..., "Permissions management"

enum class Tracking : std::uint8_t { Unknown, Tracked, NotTracked };

struct ServiceInfo {
  std::string_view prefix;  // "s3"
  std::string_view name;    // "Amazon S3"
  ActionId first = 0;       // actions [first, end) belong to this service
  ActionId end = 0;
  std::uint32_t index = 0;
};

struct ConditionKeyInfo {
  std::string_view key;   // canonical case, may contain a template: aws:RequestTag/${TagKey}
  std::string_view type;  // String, ArrayOfString, Numeric, Date, Bool, ARN, IPAddress, ...
};

struct ResourceTypeInfo {
  std::string_view name;
  std::string_view arn;  // ARN format with ${Placeholders}
  std::span<const std::string_view> condition_keys;
};

struct ActionResource {
  std::string_view name;  // as the action lists it
  bool required = false;
  // The service's entry for `name`, resolved when the catalog was built;
  // nullptr when the service does not define a type of that name.
  const ResourceTypeInfo* type = nullptr;
};

struct CatalogError {
  std::string message;
  std::uint32_t line = 0;
};

class Catalog {
 public:
  // The copy embedded in this binary. Never fails for a built binary.
  static Catalog embedded();
  // Loads DIR/catalog.tsv (the layout tools/import-catalog writes).
  static std::optional<Catalog> load_dir(const std::string& dir, CatalogError* error);
  // Parses catalog.tsv text; `origin` names it in errors.
  static std::optional<Catalog> parse(std::string text, CatalogError* error);

  // True for the copy embedded in this binary (data resolved against it at
  // build time, such as the risk lists' action ids, applies as is).
  bool is_embedded() const;
  // A number no other catalog of this process has; copies of one Catalog
  // share it. Caches of what was computed against a catalog key on it.
  std::uint64_t instance() const;

  std::string_view version() const;
  std::string_view date() const;
  std::string_view source() const;

  std::size_t action_count() const;
  std::span<const ServiceInfo> services() const;
  const ServiceInfo* find_service(std::string_view prefix) const;

  // "svc:Action", case-insensitive, no wildcards.
  std::optional<ActionId> find_action(std::string_view full_name) const;
  std::optional<ActionId> find_action(const ServiceInfo& service, std::string_view name) const;

  const ServiceInfo& service_of(ActionId id) const;
  std::string_view action_name(ActionId id) const;  // "GetObject"
  std::string full_name(ActionId id) const;         // "s3:GetObject"
  AccessLevel access_level(ActionId id) const;
  Tracking tracking(ActionId id) const;
  // Every action of one access level as a bitmap: bit (id % 64) of word
  // (id / 64) is set when action `id` has the level; action_count() bits.
  std::span<const std::uint64_t> actions_at_level(AccessLevel level) const;
  std::vector<ActionResource> resource_types(ActionId id) const;
  // The same list as written in the catalog, "bucket*,object" ('*' marks a
  // required type); actions of a service often share it, so callers that
  // visit many actions can skip lists they have already seen.
  std::string_view resource_types_text(ActionId id) const;
  std::vector<std::string_view> condition_keys(ActionId id) const;

  const ResourceTypeInfo* find_resource_type(const ServiceInfo& service,
                                             std::string_view name) const;
  std::span<const ResourceTypeInfo> resource_types(const ServiceInfo& service) const;
  std::span<const ConditionKeyInfo> condition_keys(const ServiceInfo& service) const;
  std::span<const ConditionKeyInfo> global_condition_keys() const;

  // Resolves a condition key as written in a policy (any case, with template
  // parts filled in: "aws:RequestTag/Env", "s3:ExistingObjectTag/team") to its
  // catalog entry: global keys first, then the service named by its prefix.
  const ConditionKeyInfo* find_condition_key(std::string_view key) const;

  struct Data;

 private:
  explicit Catalog(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
  std::shared_ptr<const Data> data_;
};

}  // namespace iamtrim
