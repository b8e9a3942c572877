// Size quotas for narrowed policies. The quotas themselves live in
// rules/quotas.yaml (shared with the lint rule IAM601), compiled in at build
// time (size_quotas()), so the numbers are written down once.
#include "iamtrim/narrow.hpp"
#include "iamtrim/rules.hpp"

namespace iamtrim {
namespace {

std::string quota_key(PolicyKind kind, Attachment attachment) {
  if (kind == PolicyKind::Scp) return "scp";
  if (kind == PolicyKind::Trust) return "trust";
  if (kind == PolicyKind::Resource) return "";  // resource policies have per-service limits
  switch (attachment) {
    case Attachment::InlineUser: return "inline-user";
    case Attachment::InlineGroup: return "inline-group";
    case Attachment::InlineRole: return "inline-role";
    // A policy file of unknown attachment is most often a managed policy
    // (and boundaries are managed policies), so that quota applies.
    case Attachment::Managed:
    case Attachment::Unknown: return "managed";
  }
  return "";
}

// Characters (code points), the unit AWS counts quotas in.
std::size_t characters(std::string_view text) {
  std::size_t n = 0;
  for (char ch : text)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

std::size_t measure(const Policy& policy, const SizeQuota& q) {
  // The compact form has no whitespace outside strings; whitespace inside
  // strings is counted, which can only overstate the size.
  return characters(write_policy(policy, {.pretty = q.whitespace_counts}));
}

}  // namespace

SizeReport check_size(const Catalog& catalog, const Policy& policy, PolicyKind kind, Attachment attachment) {
  SizeReport r;
  r.catalog_version = std::string(catalog.version());
  const SizeQuota* q = find_size_quota(quota_key(kind, attachment));
  if (!q) {
    r.size = characters(write_policy(policy, {.pretty = false}));
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
