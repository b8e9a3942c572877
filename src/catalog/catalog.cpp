// The catalog index: string_views into one text buffer (the embedded bytes or
// a loaded file), built in a single pass. Nothing is copied or lower-cased at
// load time; lookups binary-search with a case-insensitive comparison over the
// sort order the importer guarantees.
#include "iamtrim/catalog.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <atomic>
#include <mutex>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

extern "C" const char iamtrim_catalog_data_begin[];
extern "C" const char iamtrim_catalog_data_end[];

namespace iamtrim {

struct ActionRecord {
  std::string_view name, resources, keys;
  std::uint32_t service = 0;
  AccessLevel level = AccessLevel::Read;
  Tracking tracking = Tracking::Unknown;
};

struct ServiceExtra {
  std::vector<ConditionKeyInfo> keys;
  std::vector<ResourceTypeInfo> resources;
};

struct KeyIndex {
  // Lower-cased exact keys. Service keys are indexed only under the service
  // their prefix names, as a policy's key is looked up there.
  std::unordered_map<std::string, const ConditionKeyInfo*> global_exact, service_exact;
  // (lower-cased fixed part, key) of templated keys, in catalog order.
  std::vector<std::pair<std::string, const ConditionKeyInfo*>> global_templates;
  std::unordered_map<std::string, std::vector<std::pair<std::string, const ConditionKeyInfo*>>> service_templates;
};

struct Catalog::Data {
  std::string owned;  // empty for the embedded copy
  std::string_view text;
  std::string_view version, date, source;
  std::vector<ServiceInfo> services;
  std::vector<std::uint64_t> service_keys;  // sort_key(prefix), parallel to services
  std::vector<ServiceExtra> extras;
  std::vector<ActionRecord> actions;
  std::vector<ConditionKeyInfo> global_keys;
  // Open-addressing table of action ids by hash of "prefix:name", lower-cased:
  // exact lookups are the commonest question and cost one probe or two.
  // Built on demand (see find_action): a run that looks up a handful of
  // names should not pay for hashing 20,000.
  mutable std::vector<std::uint32_t> table;  // kEmpty or an ActionId
  mutable std::once_flag table_once;
  mutable std::atomic<bool> table_ready{false};
  mutable std::atomic<std::uint32_t> lookups{0};
  // Condition key lookups, also built on first use.
  mutable std::once_flag keys_once;
  mutable std::unique_ptr<KeyIndex> keys;
};

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;

// FNV-1a over lower-cased bytes, continued from `h`.
std::uint64_t ihash(std::string_view s, std::uint64_t h = 1469598103934665603ull) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(lower(c));
    h *= 1099511628211ull;
  }
  return h;
}

std::uint64_t action_hash(std::string_view prefix, std::string_view name) {
  return ihash(name, ihash(":", ihash(prefix)));
}

void build_table(const Catalog::Data& d) {
  std::size_t size = 1;
  while (size < d.actions.size() * 2) size <<= 1;
  d.table.assign(size, kEmpty);
  for (std::uint32_t id = 0; id < d.actions.size(); ++id) {
    std::size_t slot = action_hash(d.services[d.actions[id].service].prefix, d.actions[id].name) & (size - 1);
    while (d.table[slot] != kEmpty) slot = (slot + 1) & (size - 1);
    d.table[slot] = id;
  }
}

// The first eight lower-cased bytes, big-endian, zero-padded: comparing two
// keys orders names exactly as icompare() does on those bytes.
std::uint64_t sort_key(std::string_view s) {
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < 8; ++i)
    k = (k << 8) | (i < s.size() ? static_cast<unsigned char>(lower(s[i])) : 0u);
  return k;
}

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
// "secretsmanager:ResourceTag/tag-key"), or npos for a plain key.
std::size_t template_prefix(std::string_view key) {
  for (std::size_t i = 0; i < key.size(); ++i)
    if (key[i] == '$' || key[i] == '<') return i;
  constexpr std::string_view kTagKey = "/tag-key";
  if (key.size() > kTagKey.size() && key.substr(key.size() - kTagKey.size()) == kTagKey)
    return key.size() - kTagKey.size() + 1;
  return std::string_view::npos;
}


bool build(Catalog::Data& d, CatalogError* error, bool verify) {
  auto fail = [&](std::uint32_t line, std::string message) {
    if (error) *error = {std::move(message), line};
    return false;
  };
  std::string_view text = d.text;
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
      ActionRecord a;
      a.name = f[0];
      if (!parse_level(f[1], a.level)) return fail(line_no, "unknown access level '" + std::string(f[1]) + "'");
      a.resources = f[2];
      a.keys = f[3];
      a.tracking = parse_tracking(f[4]);
      a.service = static_cast<std::uint32_t>(d.services.size() - 1);
      ServiceInfo& s = d.services.back();
      // The embedded copy was checked when it was imported (and by a test).
      if (verify && s.end > s.first && icompare(d.actions.back().name, a.name) >= 0)
        return fail(line_no, "actions of service '" + std::string(s.prefix) + "' are not sorted at '" + std::string(a.name) + "'");
      d.actions.push_back(a);
      s.end = static_cast<ActionId>(d.actions.size());
    } else if (record == 'S') {
      std::array<std::string_view, 2> f;
      std::size_t n = 0;
      if (!fields(rest, f, n)) return fail(line_no, "service record needs 2 fields");
      if (!d.services.empty() && d.services.back().prefix >= f[0])
        return fail(line_no, "services are not sorted at '" + std::string(f[0]) + "'");
      ServiceInfo s;
      s.prefix = f[0];
      s.name = f[1];
      s.first = s.end = static_cast<ActionId>(d.actions.size());
      s.index = static_cast<std::uint32_t>(d.services.size());
      d.services.push_back(s);
      d.service_keys.push_back(sort_key(s.prefix));
      d.extras.emplace_back();
    } else if (record == 'C' || record == 'G') {
      std::array<std::string_view, 2> f;
      std::size_t n = 0;
      if (!fields(rest, f, n)) return fail(line_no, "condition key record needs 2 fields");
      if (record == 'G') d.global_keys.push_back({f[0], f[1]});
      else if (d.services.empty()) return fail(line_no, "condition key before any service");
      else d.extras.back().keys.push_back({f[0], f[1]});
    } else if (record == 'R') {
      std::array<std::string_view, 3> f;
      std::size_t n = 0;
      if (!fields(rest, f, n)) return fail(line_no, "resource type record needs 3 fields");
      if (d.services.empty()) return fail(line_no, "resource type before any service");
      const auto& types = d.extras.back().resources;
      if (verify && !types.empty() && icompare(types.back().name, f[0]) >= 0)
        return fail(line_no, "resource types of service '" + std::string(d.services.back().prefix) +
                                 "' are not sorted at '" + std::string(f[0]) + "'");
      d.extras.back().resources.push_back({f[0], f[1], split(f[2], ',')});
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

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// ASCII lower-casing by table: the binary searches compare names millions of
// times when a large corpus is expanded.
constexpr std::array<unsigned char, 256> kLower = [] {
  std::array<unsigned char, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = static_cast<unsigned char>(i >= 'A' && i <= 'Z' ? i + 32 : i);
  return t;
}();

int icompare(std::string_view a, std::string_view b) {
  std::size_t n = std::min(a.size(), b.size());
  const auto* x = reinterpret_cast<const unsigned char*>(a.data());
  const auto* y = reinterpret_cast<const unsigned char*>(b.data());
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char p = kLower[x[i]], q = kLower[y[i]];
    if (p != q) return p < q ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

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
  // Built once: the embedded bytes never change while the program runs.
  static const std::shared_ptr<const Data> data = [] {
    auto d = std::make_shared<Data>();
    d->text = std::string_view(iamtrim_catalog_data_begin,
                               static_cast<std::size_t>(iamtrim_catalog_data_end - iamtrim_catalog_data_begin));
    CatalogError error;
    if (!build(*d, &error, false)) {
      // Only a broken build can get here; fail loudly rather than judge policies on nothing.
      std::fprintf(stderr, "iamtrim: embedded catalog is corrupt (line %u: %s)\n", error.line,
                   error.message.c_str());
      std::abort();
    }
    return d;
  }();
  return Catalog(data);
}

std::optional<Catalog> Catalog::parse(std::string text, CatalogError* error) {
  auto d = std::make_shared<Data>();
  d->owned = std::move(text);
  d->text = d->owned;
  if (!build(*d, error, true)) return std::nullopt;
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

std::string_view Catalog::version() const { return data_->version; }
std::string_view Catalog::date() const { return data_->date; }
std::string_view Catalog::source() const { return data_->source; }
std::size_t Catalog::action_count() const { return data_->actions.size(); }
std::span<const ServiceInfo> Catalog::services() const { return data_->services; }

const ServiceInfo* Catalog::find_service(std::string_view prefix) const {
  const auto& keys = data_->service_keys;
  std::uint64_t k = sort_key(prefix);
  std::size_t lo = 0, hi = keys.size();
  while (lo < hi) {
    std::size_t mid = lo + (hi - lo) / 2;
    bool less = keys[mid] != k ? keys[mid] < k : icompare(data_->services[mid].prefix, prefix) < 0;
    if (less) lo = mid + 1;
    else hi = mid;
  }
  if (lo < keys.size() && keys[lo] == k && iequals(data_->services[lo].prefix, prefix)) return &data_->services[lo];
  return nullptr;
}

std::optional<ActionId> Catalog::find_action(const ServiceInfo& service, std::string_view name) const {
  const Data& d = *data_;
  // A few lookups binary-search; many (a directory, a corpus) build the hash
  // table once and probe it.
  if (!d.table_ready.load(std::memory_order_acquire) && d.lookups.fetch_add(1, std::memory_order_relaxed) >= 512) {
    std::call_once(d.table_once, [&d] {
      build_table(d);
      d.table_ready.store(true, std::memory_order_release);
    });
  }
  if (d.table_ready.load(std::memory_order_acquire)) {
    const auto& t = d.table;
    std::size_t slot = action_hash(service.prefix, name) & (t.size() - 1);
    for (; t[slot] != kEmpty; slot = (slot + 1) & (t.size() - 1)) {
      ActionId id = t[slot];
      if (d.actions[id].service == service.index && iequals(d.actions[id].name, name)) return id;
    }
    return std::nullopt;
  }
  ActionId lo = service.first, hi = service.end;
  while (lo < hi) {
    ActionId mid = lo + (hi - lo) / 2;
    if (icompare(d.actions[mid].name, name) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo < service.end && iequals(d.actions[lo].name, name)) return lo;
  return std::nullopt;
}

std::optional<ActionId> Catalog::find_action(std::string_view full_name) const {
  std::size_t colon = full_name.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const ServiceInfo* s = find_service(full_name.substr(0, colon));
  if (!s) return std::nullopt;
  return find_action(*s, full_name.substr(colon + 1));
}

const ServiceInfo& Catalog::service_of(ActionId id) const {
  return data_->services[data_->actions[id].service];
}
std::string_view Catalog::action_name(ActionId id) const { return data_->actions[id].name; }
std::string Catalog::full_name(ActionId id) const {
  std::string out(service_of(id).prefix);
  out += ':';
  out += action_name(id);
  return out;
}
AccessLevel Catalog::access_level(ActionId id) const { return data_->actions[id].level; }
Tracking Catalog::tracking(ActionId id) const { return data_->actions[id].tracking; }

std::vector<ActionResource> Catalog::resource_types(ActionId id) const {
  std::vector<ActionResource> out;
  for (std::string_view r : split(data_->actions[id].resources, ',')) {
    bool required = !r.empty() && r.back() == '*';
    if (required) r.remove_suffix(1);
    out.push_back({r, required});
  }
  return out;
}

std::string_view Catalog::resource_types_text(ActionId id) const { return data_->actions[id].resources; }

std::vector<std::string_view> Catalog::condition_keys(ActionId id) const {
  return split(data_->actions[id].keys, ',');
}

std::span<const ResourceTypeInfo> Catalog::resource_types(const ServiceInfo& service) const {
  return data_->extras[service.index].resources;
}
std::span<const ConditionKeyInfo> Catalog::condition_keys(const ServiceInfo& service) const {
  return data_->extras[service.index].keys;
}
std::span<const ConditionKeyInfo> Catalog::global_condition_keys() const { return data_->global_keys; }

const ResourceTypeInfo* Catalog::find_resource_type(const ServiceInfo& service, std::string_view name) const {
  // A linear scan: services have few types, and iequals() rejects most of
  // them on length alone, which beats a binary search's full comparisons.
  for (const ResourceTypeInfo& r : data_->extras[service.index].resources)
    if (iequals(r.name, name)) return &r;
  return nullptr;
}

namespace {

void build_key_index(const Catalog::Data& d) {
  auto index = std::make_unique<KeyIndex>();
  auto add = [](std::span<const ConditionKeyInfo> keys, auto& exact, auto& templates, std::string_view service) {
    for (const ConditionKeyInfo& k : keys) {
      std::size_t fixed = template_prefix(k.key);
      if (fixed != std::string_view::npos) {
        templates.emplace_back(to_lower(k.key.substr(0, fixed)), &k);
        continue;
      }
      std::size_t colon = k.key.find(':');
      if (!service.empty() && !iequals(k.key.substr(0, colon), service)) continue;
      exact.emplace(to_lower(k.key), &k);  // the first of equal keys wins, as a scan would find it
    }
  };
  add(d.global_keys, index->global_exact, index->global_templates, "");
  for (const ServiceInfo& s : d.services)
    add(d.extras[s.index].keys, index->service_exact, index->service_templates[std::string(s.prefix)], s.prefix);
  d.keys = std::move(index);
}

const ConditionKeyInfo* match_template(const std::vector<std::pair<std::string, const ConditionKeyInfo*>>& templates,
                                       const std::string& lower) {
  for (const auto& [fixed, info] : templates)
    if (lower.size() > fixed.size() && lower.compare(0, fixed.size(), fixed) == 0) return info;
  return nullptr;
}

}  // namespace

const ConditionKeyInfo* Catalog::find_condition_key(std::string_view key) const {
  const Data& d = *data_;
  std::call_once(d.keys_once, [&d] { build_key_index(d); });
  const KeyIndex& index = *d.keys;
  std::string lower = to_lower(key);
  // Global keys first (exact, then templates), then the service the key's prefix names.
  if (auto it = index.global_exact.find(lower); it != index.global_exact.end()) return it->second;
  if (auto* t = match_template(index.global_templates, lower)) return t;
  std::size_t colon = lower.find(':');
  if (colon == std::string::npos) return nullptr;
  if (!find_service(key.substr(0, colon))) return nullptr;
  if (auto it = index.service_exact.find(lower); it != index.service_exact.end()) return it->second;
  auto templates = index.service_templates.find(lower.substr(0, colon));
  return templates == index.service_templates.end() ? nullptr : match_template(templates->second, lower);
}

}  // namespace iamtrim
