#include "lint/targets.hpp"

#include <algorithm>

#include "lint/arn.hpp"

namespace iamtrim::lint {
namespace {

void add_unique(std::vector<std::string>& v, std::string_view s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.emplace_back(s);
}

}  // namespace

ResourceTargets resource_targets(const Catalog& catalog, const Statement& s, const StatementActions& a) {
  ResourceTargets t;
  if (!s.action || a.has_opaque || a.actions.empty()) return t;
  for (std::size_t i = 0; i < a.matches.size(); ++i)
    if (a.matches[i].status != MatchStatus::Matched || s.action->items[i].text == "*") return t;
  t.judged = true;
  const ServiceInfo* last = nullptr;
  // Actions of one service mostly repeat a few resource lists ("bucket*",
  // "object*"); each distinct list is resolved once.
  std::vector<std::string_view> seen;
  a.actions.for_each([&](ActionId id) {
    const ServiceInfo& svc = catalog.service_of(id);
    if (&svc != last) {
      add_unique(t.services, svc.prefix);
      seen.clear();
    }
    last = &svc;
    std::string_view list = catalog.resource_types_text(id);
    if (list.empty() || std::find(seen.begin(), seen.end(), list) != seen.end()) return;
    seen.push_back(list);
    for (const ActionResource& r : catalog.resource_types(id)) {
      const ResourceTypeInfo* type = r.type;
      if (!type || std::find(t.types.begin(), t.types.end(), type) != t.types.end()) continue;
      t.types.push_back(type);
      add_unique(t.services, arn_format_service(type->arn, svc.prefix));
    }
  });
  return t;
}

}  // namespace iamtrim::lint
