// The fields the engine needs to run rules (code, slug, severity, category,
// applies_to, fix.safety), read from the embedded YAML by a line scan instead of a YAML
// parser: parsing 50-odd documents with yaml-cpp costs tens of milliseconds,
// which every pre-commit run would pay. The rule files are ours and keep
// these keys as top-level one-line scalars; a test checks that this index
// agrees field by field with the full parse in lint_rules().
#include <algorithm>

#include "iamtrim/catalog.hpp"
#include "iamtrim/text.hpp"
#include "lint/rule_info.hpp"

namespace iamtrim::lint {
namespace {

struct Scanned {
  RuleInfo info;
  FixSafety fix_safety = FixSafety::DisplayOnly;
};

Scanned scan(std::string_view text) {
  Scanned out;
  RuleInfo& r = out.info;
  // The six keys come first in every rule file (before the long examples),
  // so the scan stops once it has seen them all; fix.safety is the one
  // nested key ("fix:", then "  safety: unsafe" among its fields).
  enum : unsigned { kCode = 1, kSlug = 2, kCategory = 4, kSeverity = 8, kAppliesTo = 16, kFixSafety = 32, kAll = 63 };
  unsigned seen = 0;
  bool in_fix = false;
  std::size_t pos = 0;
  while (pos < text.size() && seen != kAll) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!line.empty() && line[0] != ' ' && line[0] != '#') in_fix = line.substr(0, line.find(':')) == "fix";
    if (in_fix && line.substr(0, 10) == "  safety: ") {
      out.fix_safety = parse_fix_safety(trim(line.substr(10), " \"\r")).value_or(FixSafety::DisplayOnly);
      seen |= kFixSafety;
      continue;
    }
    std::size_t colon = line.find(": ");
    if (line.empty() || line[0] == ' ' || line[0] == '#' || colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon), value = trim(line.substr(colon + 2), " \"\r");
    if (key == "code") r.code = value, seen |= kCode;
    else if (key == "slug") r.slug = value, seen |= kSlug;
    else if (key == "category") r.category = value, seen |= kCategory;
    else if (key == "severity") r.severity = parse_severity(value).value_or(Severity::Error), seen |= kSeverity;
    else if (key == "applies_to" && value.size() >= 2 && value.front() == '[') {
      seen |= kAppliesTo;
      value = value.substr(1, value.size() - 2);
      while (!value.empty()) {
        std::size_t comma = value.find(',');
        std::string_view kind = trim(value.substr(0, comma), " \"\r");
        if (!kind.empty()) r.applies_to.emplace_back(kind);
        value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
      }
    }
  }
  return out;
}

struct Index {
  std::vector<RuleInfo> rules;  // sorted by code
  std::map<std::string, FixSafety, std::less<>> fix_safety;
};

const Index& index() {
  static const Index built = [] {
    Index out;
    for (const RuleFile& f : embedded_rule_files())
      if (f.path.rfind("lint/", 0) == 0) {
        Scanned s = scan(f.content);
        out.fix_safety[s.info.code] = s.fix_safety;
        out.rules.push_back(std::move(s.info));
      }
    std::sort(out.rules.begin(), out.rules.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.code < b.code; });
    return out;
  }();
  return built;
}

}  // namespace

const std::vector<RuleInfo>& rule_index() { return index().rules; }

FixSafety indexed_fix_safety(std::string_view code) {
  const auto& by_code = index().fix_safety;
  auto it = by_code.find(code);
  return it == by_code.end() ? FixSafety::DisplayOnly : it->second;
}

const RuleInfo* find_indexed_rule(std::string_view code_or_slug) {
  for (const RuleInfo& r : rule_index())
    if (iequals(r.code, code_or_slug) || r.slug == code_or_slug) return &r;
  return nullptr;
}

}  // namespace iamtrim::lint
