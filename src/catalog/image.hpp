// The catalog's binary image: the form every Catalog is read from.
//
// catalog.tsv is read by one parser (build_catalog_image). Its result is a
// flat, position-independent image: fixed-width records, strings as
// (offset, size) into one pool, the exact-lookup hash tables and the
// per-access-level action bitmaps already built. The build runs the parser
// once (tools/builtin-data) and embeds the image, so the program only checks
// its header at start; `--catalog DIR` runs the same parser at run time and
// views its image in memory the same way.
//
// The layout is private to this build (the generator and the library are
// built from the same sources); kLayoutVersion and the record sizes in the
// header catch a mismatched image anyway.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "iamtrim/catalog.hpp"

namespace iamtrim::catalog_image {

inline constexpr char kMagic[8] = {'i', 'a', 'm', 't', 'c', 'a', 't', '\0'};
inline constexpr std::uint32_t kLayoutVersion = 2;
inline constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;  // an empty hash slot
inline constexpr std::uint32_t kNoTemplate = 0xFFFFFFFFu;

struct Str {
  std::uint32_t offset = 0, size = 0;  // into the pool
};

struct ServiceRow {
  Str prefix, name;
  std::uint32_t first = 0, end = 0;              // actions
  std::uint32_t keys_begin = 0, keys_end = 0;    // KeyRow range
  std::uint32_t types_begin = 0, types_end = 0;  // TypeRow range
  std::uint64_t name_seed = 0;                   // ihash(":", ihash(prefix)): where "prefix:Name" hashes go on
};

// The part of an action every lookup touches, 8 bytes; the rest is apart.
struct ActionRow {
  std::uint32_t name_offset = 0;
  std::uint16_t name_size = 0;
  std::uint8_t level = 0;     // AccessLevel
  std::uint8_t tracking = 0;  // Tracking
};

struct ActionDetail {
  Str resources, keys;  // comma-separated, as in catalog.tsv
  std::uint32_t service = 0;
  // The resource types of `resources` resolved within the service, one per
  // name and in its order: [types_begin, types_end) of the action-type
  // array, each a TypeRow index or kEmpty for a name the service does not define.
  std::uint32_t types_begin = 0, types_end = 0;
};

struct KeyRow {
  Str key, type;
  std::uint32_t template_prefix = kNoTemplate;  // size of the fixed part of a templated key
};

struct TypeRow {
  Str name, arn;
  std::uint32_t keys_begin = 0, keys_end = 0;  // into the type-key Str array
};

// Array positions are byte offsets from the start of the image, each 8-byte aligned.
struct Array {
  std::uint64_t offset = 0, count = 0;
};

struct Header {
  char magic[8];
  std::uint32_t layout_version;
  std::uint32_t record_sizes;  // checksum of the record sizes, see record_sizes()
  std::uint64_t image_size;
  Str version, date, source;
  std::uint32_t global_keys;  // KeyRows [0, global_keys) are the global keys
  Array pool, services, actions, details, keys, types, type_keys, action_table, global_key_table,
      service_key_table, level_bits, type_table, action_types, service_table;
};

constexpr std::uint32_t record_sizes() {
  return static_cast<std::uint32_t>(sizeof(Header) ^ (sizeof(ServiceRow) << 8) ^ (sizeof(ActionRow) << 14) ^
                                    (sizeof(ActionDetail) << 18) ^ (sizeof(KeyRow) << 22) ^ (sizeof(TypeRow) << 26));
}

// A hash of the ASCII-lower-cased bytes, eight at a time, continued from
// `h`: the hash of the exact-lookup tables, "prefix:Name" for actions and
// resource types (the name continued from ServiceRow::name_seed), the
// whole key for keys. Names equal but for ASCII case hash alike.
std::uint64_t ihash(std::string_view s, std::uint64_t h = 1469598103934665603ull);

// Calls f(name, required) for each resource type of an action's list as
// catalog.tsv writes it ("bucket*,object": '*' marks a required type); the
// image is built and read back with the same split.
template <typename F>
void for_each_listed_type(std::string_view list, F f) {
  for (std::size_t start = 0; !list.empty() && start <= list.size();) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    std::string_view name = list.substr(start, comma - start);
    start = comma + 1;
    const bool required = !name.empty() && name.back() == '*';
    if (required) name.remove_suffix(1);
    f(name, required);
  }
}

// Parses catalog.tsv text into an image (8-byte words, so that the records
// are aligned). `verify` checks the sort order lookups rely on.
bool build(std::string_view text, std::vector<std::uint64_t>& image, CatalogError* error, bool verify = true);

// Checks an image's header and array bounds; false for a foreign or truncated image.
bool valid(std::span<const std::byte> image);

}  // namespace iamtrim::catalog_image
