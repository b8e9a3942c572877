// Size quotas for narrowed policies. The quotas themselves live in
// rules/quotas.yaml (shared with the lint rule IAM601), compiled in at build
// time (size_quotas()), so the numbers are written down once.
#include "iamtrim/narrow.hpp"
#include "iamtrim/rules.hpp"
#include "iamtrim/text.hpp"

namespace iamtrim {
namespace {

std::size_t measure(const Policy& policy, const SizeQuota& q) {
  // The compact form has no whitespace outside strings; whitespace inside
  // strings is counted, which can only overstate the size.
  return code_points(write_policy(policy, {.pretty = q.whitespace_counts}));
}

}  // namespace

SizeReport check_size(const Catalog& catalog, const Policy& policy, PolicyKind kind, Attachment attachment) {
  SizeReport r;
  r.catalog_version = std::string(catalog.version());
  const SizeQuota* q = find_size_quota(kind, attachment);
  if (!q) {
    r.size = code_points(write_policy(policy, {.pretty = false}));
    r.message = "no size quota applies to this policy kind";
    return r;
  }
  r.size = measure(policy, *q);
  r.quota = q->limit;
  r.quota_name = std::string(q->kind);
  r.fits = r.size <= q->limit;
  if (r.fits) {
    r.message = std::to_string(r.size) + " of " + std::to_string(q->limit) + " characters (" + r.quota_name + " quota)";
    return r;
  }
  // Propose a split: consecutive statements packed greedily into policies
  // that each fit, measured the same way as the whole.
  Policy part = policy;
  part.statements.clear();
  part.statement_single = false;
  part.has_statement = true;
  std::vector<std::size_t> group;
  bool single_too_large = false;
  for (std::size_t i = 0; i < policy.statements.size(); ++i) {
    part.statements.push_back(policy.statements[i]);
    if (measure(part, *q) > q->limit && !group.empty()) {
      r.split.push_back(group);
      group.clear();
      part.statements.erase(part.statements.begin(), part.statements.end() - 1);
    }
    group.push_back(i);
    if (part.statements.size() == 1 && measure(part, *q) > q->limit) single_too_large = true;
  }
  if (!group.empty()) r.split.push_back(group);
  r.message = std::to_string(r.size) + " characters exceed the " + r.quota_name + " quota of " +
              std::to_string(q->limit) + "; ";
  if (single_too_large)
    r.message += "a single statement is larger than the quota, so split its Action list across policies";
  else
    r.message += "split into " + std::to_string(r.split.size()) + " policies by statement";
  return r;
}

}  // namespace iamtrim
