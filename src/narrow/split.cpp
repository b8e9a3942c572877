// Splitting a rewrite that exceeds its size quota into policies that each
// fit, for a person to create and attach together. Sizes are measured by
// check_size() (quota.cpp), the same way the quota check measures the whole.
#include "iamtrim/narrow.hpp"

namespace iamtrim {

std::vector<Policy> split_policy(const Catalog& c, const Policy& policy, PolicyKind kind, Attachment attachment) {
  const SizeReport whole = check_size(c, policy, kind, attachment);
  if (!whole.quota || whole.fits) return {};
  const auto fits = [&](const Policy& p) { return check_size(c, p, kind, attachment).fits; };
  Policy frame = policy;
  frame.statements.clear();
  frame.statement_single = false;
  frame.has_statement = true;
  const auto alone = [&](const Statement& st) {
    Policy p = frame;
    p.statements.push_back(st);
    return p;
  };

  // The units to pack: whole statements, and the chunks of an Allow whose
  // Action list is too large alone. Each chunk takes as many consecutive
  // items as fit, so two chunks of one statement never fit in one part
  // (and their shared Sid never appears twice in a policy).
  std::vector<Statement> units;
  for (const Statement& st : policy.statements) {
    if (fits(alone(st))) {
      units.push_back(st);
      continue;
    }
    if (st.effect != Effect::Allow || !st.action || st.action->opaque || st.action->items.size() < 2) return {};
    for (const Item& item : st.action->items)
      if (item.kind == ValueKind::Opaque) return {};
    // The longest run of items from `from` that fits, found by bisection:
    // a size is monotonic in the number of items.
    Statement base = st;
    base.action->items.clear();
    base.action->single = false;
    const auto chunk = [&](std::size_t from, std::size_t count) {
      Statement out = base;
      out.action->items.assign(st.action->items.begin() + static_cast<std::ptrdiff_t>(from),
                               st.action->items.begin() + static_cast<std::ptrdiff_t>(from + count));
      return out;
    };
    const std::size_t n = st.action->items.size();
    for (std::size_t from = 0; from < n;) {
      std::size_t lo = 1, hi = n - from;  // lo fits (checked below), hi may not
      if (!fits(alone(chunk(from, 1)))) return {};
      while (lo < hi) {
        const std::size_t mid = lo + (hi - lo + 1) / 2;
        if (fits(alone(chunk(from, mid)))) lo = mid;
        else hi = mid - 1;
      }
      units.push_back(chunk(from, lo));
      from += lo;
    }
  }

  std::vector<Policy> parts;
  Policy part = frame;
  for (Statement& unit : units) {
    Policy next = part;
    next.statements.push_back(unit);
    if (part.statements.empty() || fits(next)) {
      part = std::move(next);
      continue;
    }
    parts.push_back(std::move(part));
    part = alone(unit);
  }
  parts.push_back(std::move(part));
  for (Policy& p : parts) {
    for (std::size_t i = 0; i < p.statements.size(); ++i) p.statements[i].index = i;
    p.statement_single = false;
  }
  return parts;
}

}  // namespace iamtrim
