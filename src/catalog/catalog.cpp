// The catalog: a view over its binary image (src/catalog/image.hpp), the
// embedded one or one parsed from catalog.tsv at run time. Nothing is parsed,
// copied or hashed at start: lookups read the image's records, hash tables
// and bitmaps in place; only the few public structs that hold string_views
// (services eagerly, condition keys and resource types on first use) are
// materialised from it.
#include <atomic>
#include "iamtrim/catalog.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "catalog/image.hpp"

extern "C" const char iamtrim_catalog_image_begin[];
extern "C" const char iamtrim_catalog_image_end[];

namespace iamtrim {

using namespace catalog_image;

namespace {
std::uint64_t next_instance() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}
}  // namespace

struct Catalog::Data {
  std::vector<std::uint64_t> owned;  // the image of a parsed catalog; empty for the embedded one
  bool embedded = false;
  std::uint64_t instance = next_instance();
  const char* pool = nullptr;
  std::string_view version, date, source;
  std::span<const ServiceRow> service_rows;
  std::span<const ActionRow> actions;
  std::span<const ActionDetail> details;
  std::span<const KeyRow> key_rows;
  std::span<const TypeRow> type_rows;
  std::span<const Str> type_keys;
  std::span<const std::uint32_t> action_table, global_key_table, service_key_table, type_table, action_types,
      service_table;
  std::span<const std::uint64_t> level_bits;  // one bitmap of action_count bits per AccessLevel
  std::size_t global_keys = 0;
  std::vector<ServiceInfo> services;
  // Materialised on first use, parallel to key_rows and type_rows.
  mutable std::once_flag extras_once;
  mutable std::vector<ConditionKeyInfo> keys;
  mutable std::vector<ResourceTypeInfo> types;
  mutable std::vector<std::string_view> type_key_views;

  std::string_view str(Str s) const { return {pool + s.offset, s.size}; }
  std::string_view name(ActionId id) const { return {pool + actions[id].name_offset, actions[id].name_size}; }
};

namespace {


template <typename T>
std::span<const T> array_at(const std::byte* base, const Array& a) {
  return {reinterpret_cast<const T*>(base + a.offset), static_cast<std::size_t>(a.count)};
}

// Points `d` at the arrays of the image at `base` (already checked by valid()).
void attach(Catalog::Data& d, const std::byte* base) {
  const auto* h = reinterpret_cast<const Header*>(base);
  d.pool = reinterpret_cast<const char*>(base + h->pool.offset);
  d.version = d.str(h->version);
  d.date = d.str(h->date);
  d.source = d.str(h->source);
  d.service_rows = array_at<ServiceRow>(base, h->services);
  d.actions = array_at<ActionRow>(base, h->actions);
  d.details = array_at<ActionDetail>(base, h->details);
  d.key_rows = array_at<KeyRow>(base, h->keys);
  d.type_rows = array_at<TypeRow>(base, h->types);
  d.type_keys = array_at<Str>(base, h->type_keys);
  d.action_table = array_at<std::uint32_t>(base, h->action_table);
  d.global_key_table = array_at<std::uint32_t>(base, h->global_key_table);
  d.service_key_table = array_at<std::uint32_t>(base, h->service_key_table);
  d.type_table = array_at<std::uint32_t>(base, h->type_table);
  d.action_types = array_at<std::uint32_t>(base, h->action_types);
  d.service_table = array_at<std::uint32_t>(base, h->service_table);
  d.level_bits = array_at<std::uint64_t>(base, h->level_bits);
  d.global_keys = h->global_keys;
  d.services.reserve(d.service_rows.size());
  for (std::uint32_t i = 0; i < d.service_rows.size(); ++i) {
    const ServiceRow& r = d.service_rows[i];
    d.services.push_back({d.str(r.prefix), d.str(r.name), r.first, r.end, i});
  }
}

void materialise_extras(const Catalog::Data& d) {
  d.keys.reserve(d.key_rows.size());
  for (const KeyRow& k : d.key_rows) d.keys.push_back({d.str(k.key), d.str(k.type)});
  d.type_key_views.reserve(d.type_keys.size());
  for (Str s : d.type_keys) d.type_key_views.push_back(d.str(s));
  d.types.reserve(d.type_rows.size());
  for (const TypeRow& t : d.type_rows)
    d.types.push_back({d.str(t.name), d.str(t.arn),
                       std::span<const std::string_view>(d.type_key_views.data() + t.keys_begin, t.keys_end - t.keys_begin)});
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  if (s.empty()) return out;
  std::size_t start = 0;
  while (true) {
    std::size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}


}  // namespace

std::string_view to_string(AccessLevel level) {
  switch (level) {
    case AccessLevel::List: return "List";
    case AccessLevel::Read: return "Read";
    case AccessLevel::Write: return "Write";
    case AccessLevel::PermissionsManagement: return "Permissions management";
    case AccessLevel::Tagging: return "Tagging";
  }
  return "";
}

Catalog Catalog::embedded() {
  // Viewed once: the embedded image never changes while the program runs.
  static const std::shared_ptr<const Data> data = [] {
    auto d = std::make_shared<Data>();
    std::span<const std::byte> image(reinterpret_cast<const std::byte*>(iamtrim_catalog_image_begin),
                                     static_cast<std::size_t>(iamtrim_catalog_image_end - iamtrim_catalog_image_begin));
    if (!valid(image)) {
      // Only a broken build can get here; fail loudly rather than judge policies on nothing.
      std::fprintf(stderr, "iamtrim: the embedded catalog image is missing or corrupt\n");
      std::abort();
    }
    d->embedded = true;
    attach(*d, image.data());
    return d;
  }();
  return Catalog(data);
}

std::optional<Catalog> Catalog::parse(std::string text, CatalogError* error) {
  auto d = std::make_shared<Data>();
  if (!build(text, d->owned, error)) return std::nullopt;
  attach(*d, reinterpret_cast<const std::byte*>(d->owned.data()));
  return Catalog(d);
}

std::optional<Catalog> Catalog::load_dir(const std::string& dir, CatalogError* error) {
  std::string path = dir + "/catalog.tsv";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = {"cannot read " + path, 0};
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  auto c = parse(ss.str(), error);
  if (!c && error) error->message = path + ": " + error->message;
  return c;
}

std::uint64_t Catalog::instance() const { return data_->instance; }

bool Catalog::is_embedded() const { return data_->embedded; }
std::string_view Catalog::version() const { return data_->version; }
std::string_view Catalog::date() const { return data_->date; }
std::string_view Catalog::source() const { return data_->source; }
std::size_t Catalog::action_count() const { return data_->actions.size(); }
std::span<const ServiceInfo> Catalog::services() const { return data_->services; }

const ServiceInfo* Catalog::find_service(std::string_view prefix) const {
  const Data& d = *data_;
  const auto& t = d.service_table;
  for (std::size_t slot = ihash(prefix) & (t.size() - 1); t[slot] != kEmpty; slot = (slot + 1) & (t.size() - 1))
    if (iequals(d.services[t[slot]].prefix, prefix)) return &d.services[t[slot]];
  return nullptr;
}

std::optional<ActionId> Catalog::find_action(const ServiceInfo& service, std::string_view name) const {
  const Data& d = *data_;
  const auto& t = d.action_table;
  std::size_t slot = ihash(name, d.service_rows[service.index].name_seed) & (t.size() - 1);
  for (; t[slot] != kEmpty; slot = (slot + 1) & (t.size() - 1)) {
    ActionId id = t[slot];
    if (id >= service.first && id < service.end && iequals(d.name(id), name)) return id;
  }
  return std::nullopt;
}

std::optional<ActionId> Catalog::find_action(std::string_view full_name) const {
  std::size_t colon = full_name.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const ServiceInfo* s = find_service(full_name.substr(0, colon));
  if (!s) return std::nullopt;
  return find_action(*s, full_name.substr(colon + 1));
}

const ServiceInfo& Catalog::service_of(ActionId id) const { return data_->services[data_->details[id].service]; }
std::string_view Catalog::action_name(ActionId id) const { return data_->name(id); }
std::string Catalog::full_name(ActionId id) const {
  std::string out(service_of(id).prefix);
  out += ':';
  out += action_name(id);
  return out;
}
AccessLevel Catalog::access_level(ActionId id) const { return static_cast<AccessLevel>(data_->actions[id].level); }
Tracking Catalog::tracking(ActionId id) const { return static_cast<Tracking>(data_->actions[id].tracking); }

std::span<const std::uint64_t> Catalog::actions_at_level(AccessLevel level) const {
  const std::size_t words = (data_->actions.size() + 63) / 64;
  return data_->level_bits.subspan(static_cast<std::size_t>(level) * words, words);
}

namespace {

const Catalog::Data& with_extras(const Catalog::Data& d) {
  std::call_once(d.extras_once, [&d] { materialise_extras(d); });
  return d;
}

}  // namespace

std::vector<ActionResource> Catalog::resource_types(ActionId id) const {
  // One vector, read in place; each name's type was resolved when the image
  // was built, in the same order (ActionDetail::types_begin).
  const ActionDetail& detail = data_->details[id];
  std::vector<ActionResource> out;
  if (detail.types_begin == detail.types_end) return out;  // no list: nothing to materialise
  const Data& d = with_extras(*data_);
  out.reserve(detail.types_end - detail.types_begin);
  std::uint32_t next = detail.types_begin;
  for_each_listed_type(d.str(detail.resources), [&](std::string_view name, bool required) {
    const std::uint32_t type = next < detail.types_end ? d.action_types[next++] : kEmpty;
    out.push_back({name, required, type == kEmpty ? nullptr : &d.types[type]});
  });
  return out;
}

std::string_view Catalog::resource_types_text(ActionId id) const { return data_->str(data_->details[id].resources); }

std::vector<std::string_view> Catalog::condition_keys(ActionId id) const {
  return split(data_->str(data_->details[id].keys), ',');
}


std::span<const ResourceTypeInfo> Catalog::resource_types(const ServiceInfo& service) const {
  const Data& d = with_extras(*data_);
  const ServiceRow& r = d.service_rows[service.index];
  return std::span<const ResourceTypeInfo>(d.types).subspan(r.types_begin, r.types_end - r.types_begin);
}
std::span<const ConditionKeyInfo> Catalog::condition_keys(const ServiceInfo& service) const {
  const Data& d = with_extras(*data_);
  const ServiceRow& r = d.service_rows[service.index];
  return std::span<const ConditionKeyInfo>(d.keys).subspan(r.keys_begin, r.keys_end - r.keys_begin);
}
std::span<const ConditionKeyInfo> Catalog::global_condition_keys() const {
  const Data& d = with_extras(*data_);
  return std::span<const ConditionKeyInfo>(d.keys).first(d.global_keys);
}

const ResourceTypeInfo* Catalog::find_resource_type(const ServiceInfo& service, std::string_view name) const {
  const Data& d = with_extras(*data_);
  const ServiceRow& r = d.service_rows[service.index];
  const auto& t = d.type_table;
  std::size_t slot = ihash(name, r.name_seed) & (t.size() - 1);
  for (; t[slot] != kEmpty; slot = (slot + 1) & (t.size() - 1)) {
    std::uint32_t i = t[slot];
    if (i >= r.types_begin && i < r.types_end && iequals(d.types[i].name, name)) return &d.types[i];
  }
  return nullptr;
}

namespace {

// The first exact key in `table` equal to `key`, ignoring case.
std::optional<std::uint32_t> probe_key(const Catalog::Data& d, std::span<const std::uint32_t> table, std::string_view key) {
  std::size_t slot = ihash(key) & (table.size() - 1);
  for (; table[slot] != kEmpty; slot = (slot + 1) & (table.size() - 1))
    if (iequals(d.str(d.key_rows[table[slot]].key), key)) return table[slot];
  return std::nullopt;
}

// The first templated key in rows [begin, end) whose fixed part starts `key`.
std::optional<std::uint32_t> match_template(const Catalog::Data& d, std::size_t begin, std::size_t end, std::string_view key) {
  for (std::size_t i = begin; i < end; ++i) {
    const KeyRow& row = d.key_rows[i];
    if (row.template_prefix == kNoTemplate) continue;
    std::string_view fixed = d.str(row.key).substr(0, row.template_prefix);
    if (key.size() > fixed.size() && iequals(key.substr(0, fixed.size()), fixed)) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

}  // namespace

const ConditionKeyInfo* Catalog::find_condition_key(std::string_view key) const {
  const Data& d = with_extras(*data_);
  // Global keys first (exact, then templates), then the service the key's
  // prefix names: its own exact keys, then every templated key it lists.
  auto found = probe_key(d, d.global_key_table, key);
  if (!found) found = match_template(d, 0, d.global_keys, key);
  if (!found) {
    std::size_t colon = key.find(':');
    if (colon == std::string_view::npos) return nullptr;
    const ServiceInfo* s = find_service(key.substr(0, colon));
    if (!s) return nullptr;
    found = probe_key(d, d.service_key_table, key);
    if (!found) found = match_template(d, d.service_rows[s->index].keys_begin, d.service_rows[s->index].keys_end, key);
  }
  return found ? &d.keys[*found] : nullptr;
}

}  // namespace iamtrim
