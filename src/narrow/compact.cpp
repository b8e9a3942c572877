// compact_outcomes(): a policy's outcomes as actions and shared decisions.
#include <map>
#include <tuple>

#include "iamtrim/narrow.hpp"

namespace iamtrim {

CompactOutcomes compact_outcomes(const NarrowResult& result) {
  CompactOutcomes c;
  c.removed.reserve(result.removed.size());
  c.kept.reserve(result.kept.size());
  // A decision is the same kind as another when everything the page shows
  // of it is: the facts objects are shared, so their addresses tell them apart.
  using Key = std::tuple<DecisionReason, const ReportFacts*, const TrackingFacts*, int, std::optional<std::int64_t>,
                         std::string_view>;
  std::map<Key, std::uint32_t> index;
  auto kind_of = [&](const ActionOutcome& o) {
    const EvidenceRef& e = o.decision.evidence;
    const Key key{o.decision.reason, e.report.get(), e.tracking.get(), e.window_days, e.last_accessed_at, o.kept_by};
    auto [it, fresh] = index.try_emplace(key, static_cast<std::uint32_t>(c.kinds.size()));
    if (fresh) c.kinds.push_back({o.decision.reason, e, o.kept_by});
    return it->second;
  };
  for (const ActionOutcome& o : result.removed) c.removed.emplace_back(o.action, kind_of(o));
  for (const ActionOutcome& o : result.kept) c.kept.emplace_back(o.action, kind_of(o));
  return c;
}

}  // namespace iamtrim
