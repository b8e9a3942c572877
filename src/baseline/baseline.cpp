#include "iamtrim/baseline.hpp"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <tuple>

#include "iamtrim/json.hpp"

namespace iamtrim::baseline {
namespace {

// FNV-1a, 64 bit: stable across platforms and releases, which std::hash is not.
std::uint64_t fnv1a(std::string_view data, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string hex64(std::uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = digits[v & 15];
  return out;
}

// The offending text as written, so the fingerprint follows the value; long
// spans (a whole statement) are cut, since their start identifies them.
std::string offending_text(const Finding& f) {
  if (!f.file || !f.diagnostic.span.known()) return "";
  std::uint32_t b = f.diagnostic.span.begin.offset, e = f.diagnostic.span.end.offset;
  const std::string& text = f.file->text();
  if (b >= text.size() || e <= b) return "";
  return text.substr(b, std::min<std::size_t>(e - b, 256));
}

const std::string* string_member(const Value& object, std::string_view key) {
  const Value* v = object.find(key);
  return v && v->is_string() ? &v->text : nullptr;
}

}  // namespace

StatementSids statement_sids(const Policy& policy) {
  StatementSids out;
  for (const Statement& s : policy.statements)
    if (s.sid && !s.sid->text.empty()) out[s.pointer] = s.sid->text;
  return out;
}

std::string stable_pointer(const std::string& pointer, const StatementSids& sids) {
  // The longest statement pointer that is a whole-token prefix of `pointer`.
  for (auto it = sids.rbegin(); it != sids.rend(); ++it) {
    const std::string& prefix = it->first;
    if (pointer.compare(0, prefix.size(), prefix) == 0 &&
        (pointer.size() == prefix.size() || pointer[prefix.size()] == '/')) {
      std::string base = prefix.substr(0, prefix.rfind('/'));
      return base + "[" + it->second + "]" + pointer.substr(prefix.size());
    }
  }
  return pointer;
}

std::string fingerprint(const Finding& f, const std::string& relative_path, const StatementSids& sids) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  // A separator that cannot occur in any field keeps ("ab","c") != ("a","bc").
  for (const std::string& part : {f.diagnostic.code, relative_path, f.owner, stable_pointer(f.diagnostic.pointer, sids),
                                  offending_text(f)}) {
    h = fnv1a(part, h);
    h = fnv1a(std::string_view("\0", 1), h);
  }
  return hex64(h);
}

std::string write_baseline(std::vector<BaselineEntry> entries) {
  std::sort(entries.begin(), entries.end(), [](const BaselineEntry& a, const BaselineEntry& b) {
    return std::tie(a.file, a.code, a.fingerprint, a.owner, a.message) <
           std::tie(b.file, b.code, b.fingerprint, b.owner, b.message);
  });
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const BaselineEntry& e : entries)
    list.push_back({{"fingerprint", e.fingerprint}, {"code", e.code}, {"file", e.file}, {"owner", e.owner},
                    {"message", e.message}});
  nlohmann::ordered_json out = {{"iamtrim-baseline", 1}, {"findings", std::move(list)}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<Baseline> read_baseline(const std::string& text, const std::string& path, std::string* error) {
  SourceFile file = SourceFile::from_string(path, text);
  JsonResult json = parse_json(file);
  auto fail = [&](const Span& at, const std::string& message) -> std::optional<Baseline> {
    if (error)
      *error = path + ":" + std::to_string(at.begin.line) + ":" + std::to_string(at.begin.column) + ": " + message;
    return std::nullopt;
  };
  // Duplicate keys are reported too: a baseline is written by us, so any is a sign of hand edits gone wrong.
  if (!json.diagnostics.empty()) return fail(json.diagnostics[0].span, json.diagnostics[0].message);
  const Value& top = json.value;
  const Value* version = top.find("iamtrim-baseline");
  if (!top.is_object() || !version || version->text != "1")
    return fail(top.span, "not an iamtrim baseline (expected {\"iamtrim-baseline\": 1, \"findings\": [...]})");
  const Value* findings = top.find("findings");
  if (!findings || !findings->is_array()) return fail(top.span, "baseline needs a \"findings\" list");
  Baseline b;
  for (const Value& item : findings->items) {
    const std::string* fp = item.is_object() ? string_member(item, "fingerprint") : nullptr;
    if (!fp) return fail(item.span, "baseline entry needs a \"fingerprint\" string");
    BaselineEntry e;
    e.fingerprint = *fp;
    if (auto* s = string_member(item, "code")) e.code = *s;
    if (auto* s = string_member(item, "file")) e.file = *s;
    if (auto* s = string_member(item, "owner")) e.owner = *s;
    if (auto* s = string_member(item, "message")) e.message = *s;
    b.entries.push_back(std::move(e));
  }
  return b;
}

Suppression apply_baseline(const Baseline& baseline, const std::vector<std::string>& fingerprints) {
  Suppression s;
  s.suppressed.assign(fingerprints.size(), false);
  std::vector<bool> used(baseline.entries.size(), false);
  std::multimap<std::string, std::size_t> by_fingerprint;
  for (std::size_t i = 0; i < baseline.entries.size(); ++i) by_fingerprint.emplace(baseline.entries[i].fingerprint, i);
  for (std::size_t i = 0; i < fingerprints.size(); ++i) {
    auto [lo, hi] = by_fingerprint.equal_range(fingerprints[i]);
    for (auto it = lo; it != hi; ++it) {
      if (used[it->second]) continue;
      used[it->second] = true;
      s.suppressed[i] = true;
      break;
    }
  }
  for (std::size_t i = 0; i < baseline.entries.size(); ++i)
    if (!used[i]) s.fixed.push_back(baseline.entries[i]);
  return s;
}

}  // namespace iamtrim::baseline
