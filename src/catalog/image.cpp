// catalog.tsv -> the catalog's binary image (layout in image.hpp). The only
// reader of the catalog format: the build runs it through tools/builtin-data
// to embed the image, `--catalog DIR` runs it at run time.
#include "catalog/image.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <unordered_map>

namespace iamtrim::catalog_image {
namespace {


// Splits a record's fields without allocating; false when the count is not N.
template <std::size_t N>
bool fields(std::string_view s, std::array<std::string_view, N>& out, std::size_t& found) {
  found = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t p = s.find('\t', start);
    if (found < N) out[found] = s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start);
    ++found;
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return found == N;
}

bool parse_level(std::string_view f, AccessLevel& level) {
  if (f.size() != 1) return false;
  switch (f[0]) {
    case 'L': level = AccessLevel::List; return true;
    case 'R': level = AccessLevel::Read; return true;
    case 'W': level = AccessLevel::Write; return true;
    case 'P': level = AccessLevel::PermissionsManagement; return true;
    case 'T': level = AccessLevel::Tagging; return true;
    default: return false;
  }
}

Tracking parse_tracking(std::string_view f) {
  if (f.size() == 1 && f[0] == '1') return Tracking::Tracked;
  if (f.size() == 1 && f[0] == '0') return Tracking::NotTracked;
  return Tracking::Unknown;
}

// The fixed part of a catalog key template ("aws:RequestTag/${TagKey}",
// "s3:ExistingObjectTag/<key>", and AWS's own spelling
// "secretsmanager:ResourceTag/tag-key"), or kNoTemplate for a plain key.
std::uint32_t template_prefix(std::string_view key) {
  for (std::size_t i = 0; i < key.size(); ++i)
    if (key[i] == '$' || key[i] == '<') return static_cast<std::uint32_t>(i);
  constexpr std::string_view kTagKey = "/tag-key";
  if (key.size() > kTagKey.size() && key.substr(key.size() - kTagKey.size()) == kTagKey)
    return static_cast<std::uint32_t>(key.size() - kTagKey.size() + 1);
  return kNoTemplate;
}

std::size_t table_size(std::size_t entries) {
  std::size_t size = 2;
  while (size < entries * 2) size <<= 1;
  return size;
}

// What the parse collects, as views into the text, before the image is laid out.
struct Parsed {
  std::string_view version, date, source;
  struct Service {
    std::string_view prefix, name;
    std::uint32_t first = 0, end = 0;
    std::vector<std::pair<std::string_view, std::string_view>> keys;  // (key, type)
    struct Type {
      std::string_view name, arn, keys;
    };
    std::vector<Type> types;
  };
  struct Action {
    std::string_view name, resources, keys;
    std::uint32_t service = 0;
    AccessLevel level = AccessLevel::Read;
    Tracking tracking = Tracking::Unknown;
  };
  std::vector<Service> services;
  std::vector<Action> actions;
  std::vector<std::pair<std::string_view, std::string_view>> global_keys;
};

bool parse(std::string_view text, Parsed& d, CatalogError* error, bool verify) {
  auto fail = [&](std::uint32_t line, std::string message) {
    if (error) *error = {std::move(message), line};
    return false;
  };
  std::uint32_t line_no = 0;
  bool header = false;
  std::size_t pos = 0;
  d.actions.reserve(text.size() / 64);
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    std::size_t tab = line.size() > 1 && line[1] == '\t' ? 1 : line.find('\t');
    std::string_view tag = line.substr(0, tab);
    std::string_view rest = tab == std::string_view::npos ? std::string_view{} : line.substr(tab + 1);
    // One-letter records are the bulk of the file: dispatch on the letter.
    char record = tab == 1 ? line[0] : '\0';
    if (!header) {
      if (tag != "iamtrim-catalog") return fail(line_no, "not an iamtrim catalog (first line must be 'iamtrim-catalog<TAB>1')");
      if (rest != "1") return fail(line_no, "unsupported catalog format version '" + std::string(rest) + "'");
      header = true;
      continue;
    }
    if (record == 'A') {
      if (d.services.empty()) return fail(line_no, "action before any service");
      std::array<std::string_view, 5> f;
      std::size_t n = 0;
      if (!fields(rest, f, n)) return fail(line_no, "action record needs 5 fields, found " + std::to_string(n));
      Parsed::Action a;
      a.name = f[0];
      if (!parse_level(f[1], a.level)) return fail(line_no, "unknown access level '" + std::string(f[1]) + "'");
      if (a.name.size() > 0xFFFF) return fail(line_no, "action name too long");
      a.resources = f[2];
      a.keys = f[3];
      a.tracking = parse_tracking(f[4]);
      a.service = static_cast<std::uint32_t>(d.services.size() - 1);
      Parsed::Service& s = d.services.back();
      if (verify && s.end > s.first && icompare(d.actions.back().name, a.name) >= 0)
        return fail(line_no, "actions of service '" + std::string(s.prefix) + "' are not sorted at '" + std::string(a.name) + "'");
      d.actions.push_back(a);
      s.end = static_cast<std::uint32_t>(d.actions.size());
    } else if (record == 'S') {
      std::array<std::string_view, 2> f;
      std::size_t n = 0;
      if (!fields(rest, f, n)) return fail(line_no, "service record needs 2 fields");
      if (!d.services.empty() && d.services.back().prefix >= f[0])
        return fail(line_no, "services are not sorted at '" + std::string(f[0]) + "'");
      Parsed::Service s;
      s.prefix = f[0];
      s.name = f[1];
      s.first = s.end = static_cast<std::uint32_t>(d.actions.size());
      d.services.push_back(std::move(s));
    } else if (record == 'C' || record == 'G') {
      std::array<std::string_view, 2> f;
      std::size_t n = 0;
      if (!fields(rest, f, n)) return fail(line_no, "condition key record needs 2 fields");
      if (record == 'G') d.global_keys.emplace_back(f[0], f[1]);
      else if (d.services.empty()) return fail(line_no, "condition key before any service");
      else d.services.back().keys.emplace_back(f[0], f[1]);
    } else if (record == 'R') {
      std::array<std::string_view, 3> f;
      std::size_t n = 0;
      if (!fields(rest, f, n)) return fail(line_no, "resource type record needs 3 fields");
      if (d.services.empty()) return fail(line_no, "resource type before any service");
      const auto& types = d.services.back().types;
      if (verify && !types.empty() && icompare(types.back().name, f[0]) >= 0)
        return fail(line_no, "resource types of service '" + std::string(d.services.back().prefix) +
                                 "' are not sorted at '" + std::string(f[0]) + "'");
      d.services.back().types.push_back({f[0], f[1], f[2]});
    } else if (tag == "version") {
      d.version = rest;
    } else if (tag == "date") {
      d.date = rest;
    } else if (tag == "source") {
      d.source = rest;
    } else {
      return fail(line_no, "unknown record '" + std::string(tag) + "'");
    }
  }
  if (!header) return fail(0, "empty catalog");
  if (d.services.empty()) return fail(0, "catalog has no services");
  return true;
}

// Lays out the image: the header, then each array 8-byte aligned.
class Writer {
 public:
  Str str(std::string_view s) {
    if (auto it = interned_.find(s); it != interned_.end()) return it->second;
    Str out{static_cast<std::uint32_t>(pool_.size()), static_cast<std::uint32_t>(s.size())};
    pool_.append(s);
    interned_.emplace(s, out);
    return out;
  }

  template <typename T>
  void put(Array& where, const std::vector<T>& items) {
    align();
    where = {bytes_.size(), items.size()};
    const auto* p = reinterpret_cast<const char*>(items.data());
    bytes_.insert(bytes_.end(), p, p + items.size() * sizeof(T));
  }

  void finish(Header& h, std::vector<std::uint64_t>& image) {
    align();
    h.pool = {bytes_.size(), pool_.size()};
    bytes_.insert(bytes_.end(), pool_.begin(), pool_.end());
    align();
    h.image_size = bytes_.size();
    std::memcpy(bytes_.data(), &h, sizeof h);
    image.assign(bytes_.size() / 8, 0);
    std::memcpy(image.data(), bytes_.data(), bytes_.size());
  }

 private:
  void align() { bytes_.resize((bytes_.size() + 7) / 8 * 8, '\0'); }

  std::vector<char> bytes_ = std::vector<char>(sizeof(Header), '\0');  // the header is written last
  std::string pool_;
  std::unordered_map<std::string_view, Str> interned_;
};

// Open addressing: slot = hash & (size - 1), then the next free slot.
void insert(std::vector<std::uint32_t>& table, std::uint64_t hash, std::uint32_t value) {
  std::size_t slot = hash & (table.size() - 1);
  while (table[slot] != kEmpty) slot = (slot + 1) & (table.size() - 1);
  table[slot] = value;
}

}  // namespace

namespace {

// The eight bytes of `w` with 'A'..'Z' lower-cased, every other byte as it
// is: a byte's high bit marks it as >= 'A' and as > 'Z' (adding to its low
// seven bits cannot carry into the next byte), and bytes from 0x80 on are
// left alone.
std::uint64_t lower_bytes(std::uint64_t w) {
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  const std::uint64_t low7 = w & ~kHigh;
  const std::uint64_t upper = ~w & kHigh & ((low7 + 0x3F3F3F3F3F3F3F3Full) ^ (low7 + 0x2525252525252525ull));
  return w | (upper >> 2);
}

std::uint64_t mix(std::uint64_t h, std::uint64_t w) {
  h = (h ^ w) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 32);
}

}  // namespace

std::uint64_t ihash(std::string_view s, std::uint64_t h) {
  h = mix(h, s.size());
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = mix(h, lower_bytes(w));
  }
  if (i == s.size()) return h;
  std::uint64_t tail = 0;
  for (std::size_t j = 0; i + j < s.size(); ++j) tail |= std::uint64_t{static_cast<unsigned char>(s[i + j])} << (8 * j);
  return mix(h, lower_bytes(tail));
}

bool build(std::string_view text, std::vector<std::uint64_t>& image, CatalogError* error, bool verify) {
  Parsed p;
  if (!parse(text, p, error, verify)) return false;
  Writer w;
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.layout_version = kLayoutVersion;
  h.record_sizes = record_sizes();
  h.version = w.str(p.version);
  h.date = w.str(p.date);
  h.source = w.str(p.source);

  std::vector<KeyRow> keys;
  std::vector<TypeRow> types;
  std::vector<Str> type_keys;
  std::vector<ServiceRow> services;
  for (const auto& [key, type] : p.global_keys) keys.push_back({w.str(key), w.str(type), template_prefix(key)});
  h.global_keys = static_cast<std::uint32_t>(keys.size());
  for (const Parsed::Service& s : p.services) {
    ServiceRow r;
    r.prefix = w.str(s.prefix);
    r.name = w.str(s.name);
    r.first = s.first;
    r.end = s.end;
    r.name_seed = ihash(":", ihash(s.prefix));
    r.keys_begin = static_cast<std::uint32_t>(keys.size());
    for (const auto& [key, type] : s.keys) keys.push_back({w.str(key), w.str(type), template_prefix(key)});
    r.keys_end = static_cast<std::uint32_t>(keys.size());
    r.types_begin = static_cast<std::uint32_t>(types.size());
    for (const Parsed::Service::Type& t : s.types) {
      TypeRow row{w.str(t.name), w.str(t.arn), static_cast<std::uint32_t>(type_keys.size()), 0};
      std::size_t start = 0;
      while (!t.keys.empty()) {
        std::size_t comma = t.keys.find(',', start);
        type_keys.push_back(w.str(t.keys.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      row.keys_end = static_cast<std::uint32_t>(type_keys.size());
      types.push_back(row);
    }
    r.types_end = static_cast<std::uint32_t>(types.size());
    services.push_back(r);
  }

  std::vector<ActionRow> actions;
  std::vector<ActionDetail> details;
  actions.reserve(p.actions.size());
  details.reserve(p.actions.size());
  const std::size_t words = (p.actions.size() + 63) / 64;
  std::vector<std::uint64_t> level_bits(5 * words, 0);
  std::vector<std::uint32_t> action_table(table_size(p.actions.size()), kEmpty);
  std::vector<std::uint32_t> action_types;
  for (std::uint32_t id = 0; id < p.actions.size(); ++id) {
    const Parsed::Action& a = p.actions[id];
    Str name = w.str(a.name);
    actions.push_back({name.offset, static_cast<std::uint16_t>(name.size), static_cast<std::uint8_t>(a.level),
                       static_cast<std::uint8_t>(a.tracking)});
    ActionDetail detail{w.str(a.resources), w.str(a.keys), a.service};
    detail.types_begin = static_cast<std::uint32_t>(action_types.size());
    const ServiceRow& row = services[a.service];
    for_each_listed_type(a.resources, [&](std::string_view name, bool) {
      std::uint32_t found = kEmpty;
      for (std::uint32_t t = row.types_begin; t < row.types_end && found == kEmpty; ++t)
        if (iequals(p.services[a.service].types[t - row.types_begin].name, name)) found = t;
      action_types.push_back(found);
    });
    detail.types_end = static_cast<std::uint32_t>(action_types.size());
    details.push_back(detail);
    level_bits[static_cast<std::size_t>(a.level) * words + id / 64] |= std::uint64_t{1} << (id % 64);
    insert(action_table, ihash(a.name, services[a.service].name_seed), id);
  }

  // Exact condition keys, lower-cased hash; the first of equal keys wins, as
  // a scan would find it. A service's key is indexed only when its prefix
  // names that service, as a policy's key is looked up there.
  std::vector<std::uint32_t> global_table(table_size(h.global_keys), kEmpty);
  std::vector<std::uint32_t> service_table(table_size(keys.size() - h.global_keys), kEmpty);
  std::unordered_map<std::string, bool> seen_global, seen_service;
  auto index_key = [&](std::uint32_t i, std::vector<std::uint32_t>& table, std::unordered_map<std::string, bool>& seen,
                       std::string_view key) {
    std::string low(key);
    for (char& c : low) c = ascii_lower(c);
    if (seen.emplace(low, true).second) insert(table, ihash(key), i);
  };
  for (std::uint32_t i = 0; i < h.global_keys; ++i)
    if (keys[i].template_prefix == kNoTemplate) index_key(i, global_table, seen_global, p.global_keys[i].first);
  for (std::size_t si = 0; si < p.services.size(); ++si) {
    const Parsed::Service& s = p.services[si];
    for (std::size_t k = 0; k < s.keys.size(); ++k) {
      std::string_view key = s.keys[k].first;
      std::uint32_t i = services[si].keys_begin + static_cast<std::uint32_t>(k);
      if (keys[i].template_prefix != kNoTemplate) continue;
      std::size_t colon = key.find(':');
      if (!iequals(key.substr(0, colon), s.prefix)) continue;
      index_key(i, service_table, seen_service, key);
    }
  }

  // Services by prefix, lower-cased hash (prefixes are unique, as verify checks).
  std::vector<std::uint32_t> prefix_table(table_size(services.size()), kEmpty);
  for (std::uint32_t si = 0; si < p.services.size(); ++si) insert(prefix_table, ihash(p.services[si].prefix), si);

  // Resource types by "prefix:name", lower-cased hash, in catalog order, so
  // the first of two names equal but for case is found first, as a scan would.
  std::vector<std::uint32_t> type_table(table_size(types.size()), kEmpty);
  for (std::size_t si = 0; si < p.services.size(); ++si)
    for (std::size_t t = 0; t < p.services[si].types.size(); ++t)
      insert(type_table, ihash(p.services[si].types[t].name, services[si].name_seed),
             services[si].types_begin + static_cast<std::uint32_t>(t));

  w.put(h.services, services);
  w.put(h.actions, actions);
  w.put(h.details, details);
  w.put(h.keys, keys);
  w.put(h.types, types);
  w.put(h.type_keys, type_keys);
  w.put(h.action_table, action_table);
  w.put(h.global_key_table, global_table);
  w.put(h.service_key_table, service_table);
  w.put(h.level_bits, level_bits);
  w.put(h.type_table, type_table);
  w.put(h.action_types, action_types);
  w.put(h.service_table, prefix_table);
  w.finish(h, image);
  return true;
}

bool valid(std::span<const std::byte> image) {
  if (image.size() < sizeof(Header) || reinterpret_cast<std::uintptr_t>(image.data()) % 8 != 0) return false;
  Header h;
  std::memcpy(&h, image.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.layout_version != kLayoutVersion ||
      h.record_sizes != record_sizes() || h.image_size > image.size())
    return false;
  auto fits = [&](const Array& a, std::size_t element) {
    return a.offset % 8 == 0 && a.offset <= h.image_size && a.count <= (h.image_size - a.offset) / element;
  };
  auto power_of_two = [](const Array& a) { return a.count >= 2 && (a.count & (a.count - 1)) == 0; };
  const std::uint64_t words = (h.actions.count + 63) / 64;
  return fits(h.pool, 1) && fits(h.services, sizeof(ServiceRow)) && fits(h.actions, sizeof(ActionRow)) &&
         fits(h.details, sizeof(ActionDetail)) && h.details.count == h.actions.count && fits(h.keys, sizeof(KeyRow)) &&
         h.global_keys <= h.keys.count && fits(h.types, sizeof(TypeRow)) && fits(h.type_keys, sizeof(Str)) &&
         fits(h.action_table, 4) && power_of_two(h.action_table) && fits(h.global_key_table, 4) &&
         power_of_two(h.global_key_table) && fits(h.service_key_table, 4) && power_of_two(h.service_key_table) &&
         fits(h.type_table, 4) && power_of_two(h.type_table) && fits(h.action_types, 4) &&
         fits(h.service_table, 4) && power_of_two(h.service_table) &&
         fits(h.level_bits, 8) && h.level_bits.count == 5 * words && h.services.count > 0;
}

}  // namespace iamtrim::catalog_image
