// Orders two Condition blocks: is the covering grant's condition implied by
// the target's? Clauses are ANDed, so it is implied when every clause of the
// cover is implied by some clause of the target on the same key. A clause's
// values are ORed (ANDed for negated operators), which decides the direction
// in which adding or removing a value loosens it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>

#include "diff/coverage.hpp"

namespace iamtrim::gate {
namespace {

enum class Family { Exact, IgnoreCase, Glob, Ordered, Ip, Bool, Unknown };

struct OpInfo {
  Family family = Family::Unknown;
  bool negated = false;
  int direction = 0;  // Ordered: -1 for LessThan*, +1 for GreaterThan*
};

OpInfo classify(std::string_view base) {
  auto is = [&](std::string_view s) { return iequals(base, s); };
  if (is("StringEquals") || is("BinaryEquals") || is("NumericEquals") || is("DateEquals") || is("Null"))
    return {Family::Exact, false};
  if (is("StringNotEquals") || is("NumericNotEquals") || is("DateNotEquals")) return {Family::Exact, true};
  if (is("StringEqualsIgnoreCase")) return {Family::IgnoreCase, false};
  if (is("StringNotEqualsIgnoreCase")) return {Family::IgnoreCase, true};
  // ArnEquals and ArnLike both accept wildcards in every ARN field.
  if (is("StringLike") || is("ArnEquals") || is("ArnLike")) return {Family::Glob, false};
  if (is("StringNotLike") || is("ArnNotEquals") || is("ArnNotLike")) return {Family::Glob, true};
  if (is("Bool")) return {Family::Bool, false};
  if (is("IpAddress")) return {Family::Ip, false};
  if (is("NotIpAddress")) return {Family::Ip, true};
  for (std::string_view p : {"Numeric", "Date"}) {
    std::string lt = std::string(p) + "LessThan", gt = std::string(p) + "GreaterThan";
    if (is(lt) || is(lt + "Equals")) return {Family::Ordered, false, -1};
    if (is(gt) || is(gt + "Equals")) return {Family::Ordered, false, +1};
  }
  return {};
}

struct Cidr {
  std::uint32_t base = 0, mask = 0;
};
std::optional<Cidr> parse_ipv4(std::string_view s) {
  std::uint32_t addr = 0;
  int prefix = 32;
  std::size_t slash = s.find('/');
  std::string_view ip = s.substr(0, slash);
  if (slash != std::string_view::npos) {
    auto r = std::from_chars(s.data() + slash + 1, s.data() + s.size(), prefix);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || prefix < 0 || prefix > 32) return std::nullopt;
  }
  int parts = 0;
  const char* p = ip.data();
  const char* end = ip.data() + ip.size();
  while (parts < 4) {
    unsigned octet = 0;
    auto r = std::from_chars(p, end, octet);
    if (r.ec != std::errc() || octet > 255) return std::nullopt;
    addr = (addr << 8) | octet;
    ++parts;
    p = r.ptr;
    if (parts < 4) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
  }
  if (p != end) return std::nullopt;
  std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return Cidr{addr & mask, mask};
}

enum class ValueCover { Yes, No, Unknown };

// Whether every request value `inner` admits is admitted by `outer`.
ValueCover value_covers(const OpInfo& op, const std::string& outer, const std::string& inner) {
  switch (op.family) {
    case Family::Exact: return outer == inner ? ValueCover::Yes : ValueCover::No;
    case Family::IgnoreCase:
    case Family::Bool: return iequals(outer, inner) ? ValueCover::Yes : ValueCover::No;
    case Family::Glob: {
      GlobVerdict v = glob_contains(outer, inner);
      return v == GlobVerdict::Yes ? ValueCover::Yes : v == GlobVerdict::No ? ValueCover::No : ValueCover::Unknown;
    }
    case Family::Ip: {
      auto o = parse_ipv4(outer), i = parse_ipv4(inner);
      if (!o || !i) return outer == inner ? ValueCover::Yes : ValueCover::Unknown;
      return (i->mask & o->mask) == o->mask && (i->base & o->mask) == o->base ? ValueCover::Yes : ValueCover::No;
    }
    case Family::Ordered: {
      // LessThan 10 admits everything LessThan 5 does: outer bound >= inner bound.
      double a = 0, b = 0;
      auto ra = std::from_chars(outer.data(), outer.data() + outer.size(), a);
      auto rb = std::from_chars(inner.data(), inner.data() + inner.size(), b);
      int cmp = 0;
      if (ra.ec == std::errc() && ra.ptr == outer.data() + outer.size() && rb.ec == std::errc() &&
          rb.ptr == inner.data() + inner.size())
        cmp = a < b ? -1 : a > b ? 1 : 0;
      else if (outer.size() == inner.size() && !outer.empty() && std::isdigit(static_cast<unsigned char>(outer[0])) &&
               std::isdigit(static_cast<unsigned char>(inner[0])))
        cmp = outer.compare(inner) < 0 ? -1 : outer.compare(inner) > 0 ? 1 : 0;  // ISO 8601 dates, same shape
      else
        return outer == inner ? ValueCover::Yes : ValueCover::Unknown;
      return cmp * -op.direction >= 0 ? ValueCover::Yes : ValueCover::No;
    }
    case Family::Unknown: return outer == inner ? ValueCover::Yes : ValueCover::Unknown;
  }
  return ValueCover::Unknown;
}

// Whether some value of `outer` covers `inner`.
ValueCover any_covers(const OpInfo& op, const std::vector<std::string>& outer, const std::string& inner) {
  ValueCover r = ValueCover::No;
  for (const std::string& o : outer) {
    ValueCover v = value_covers(op, o, inner);
    if (v == ValueCover::Yes) return v;
    if (v == ValueCover::Unknown) r = v;
  }
  return r;
}

std::string clause_name(const ConditionClause& c) { return c.op + " " + c.key_as_written; }

// The relation of one cover clause to one target clause with the same key,
// operator and qualifier.
CondComparison compare_clause(const ConditionClause& cover, const ConditionClause& target) {
  OpInfo op = classify(cover.base);
  CondComparison r;
  bool unknown = false;
  std::vector<std::string> loose;
  // Non-negated: each target value must fall inside a cover value. Negated:
  // each value the cover excluded must still be excluded by the target.
  const auto& inner = op.negated ? cover.values : target.values;
  const auto& outer = op.negated ? target.values : cover.values;
  for (const std::string& v : inner) {
    ValueCover c = any_covers(op, outer, v);
    if (c == ValueCover::No) loose.push_back(v);
    if (c == ValueCover::Unknown) unknown = true;
  }
  if (op.family == Family::Ip && !loose.empty()) {
    // A range outside every single old range may still lie inside their union.
    for (const std::string& v : loose) {
      auto in = parse_ipv4(v);
      for (const std::string& o : outer) {
        auto out = parse_ipv4(o);
        std::uint32_t m = in && out ? (in->mask & out->mask) : 0;
        if (in && out && (in->base & m) == (out->base & m)) unknown = true;
      }
    }
    if (unknown) loose.clear();
  }
  if (!loose.empty()) {
    r.relation = CondRelation::Looser;
    r.detail = clause_name(cover) + (op.negated ? " no longer excludes " : " now admits ") + join(loose, ", ");
  } else if (unknown) {
    r.relation = CondRelation::Changed;
    r.detail = clause_name(cover) + " values changed";
  } else if (target.if_exists && !cover.if_exists) {
    r.relation = CondRelation::Looser;
    r.detail = clause_name(target) + " now passes when the key is absent (IfExists added)";
  }
  return r;
}

int rank(CondRelation r) {
  switch (r) {
    case CondRelation::Implied: return 0;
    case CondRelation::Changed: return 1;
    case CondRelation::Looser: return 2;
    case CondRelation::Removed: return 3;
  }
  return 0;
}

}  // namespace

CondComparison compare_conditions(const std::vector<ConditionClause>& cover,
                                  const std::vector<ConditionClause>& target) {
  CondComparison result;
  std::vector<std::string> details;
  for (const ConditionClause& c : cover) {
    CondComparison best{CondRelation::Removed, "condition " + clause_name(c) + " removed"};
    bool same_key = false;
    for (const ConditionClause& t : target) {
      if (t.key != c.key) continue;
      same_key = true;
      if (!iequals(t.base, c.base) || t.qualifier != c.qualifier) continue;
      CondComparison one = compare_clause(c, t);
      if (rank(one.relation) < rank(best.relation)) best = one;
      if (best.relation == CondRelation::Implied) break;
    }
    if (best.relation == CondRelation::Removed && same_key)
      best = {CondRelation::Changed, "condition on " + c.key_as_written + " changed from " + c.op};
    if (best.relation == CondRelation::Implied) continue;
    details.push_back(best.detail);
    if (rank(best.relation) > rank(result.relation)) result.relation = best.relation;
  }
  result.detail = join(details, "; ");
  return result;
}

}  // namespace iamtrim::gate
