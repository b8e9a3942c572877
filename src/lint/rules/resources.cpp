// Resource rules: IAM201 malformed ARN, IAM202 ARN of another service,
// IAM203 ARN of a resource type no action acts on, IAM204 an action that
// supports only "*" given specific ARNs.
#include <algorithm>
#include <memory>
#include <string>

#include "lint/arn.hpp"
#include "lint/check.hpp"
#include "lint/facts.hpp"
#include "lint/targets.hpp"

namespace iamtrim::lint {
namespace {

std::string_view arn_service(std::string_view format) {
  auto parts = split_arn(format);
  return parts ? parts->service : std::string_view();
}

bool literal(std::string_view s) { return s.find_first_of("*?$") == std::string_view::npos; }

// Whether Resource names an ARN whose service IAM202/IAM203 can judge; most
// statements say "*", and working out their targets is the costly part.
bool has_judgeable_arn(const Statement& s) {
  if (!s.resource) return false;
  for (const Item& item : s.resource->items) {
    if (item.kind != ValueKind::String || item.text == "*") continue;
    auto parts = split_arn(item.text);
    if (parts && literal(parts->service)) return true;
  }
  return false;
}

// The specific ARNs of Resource: strings other than "*".
template <typename F>
void each_arn(const Statement& s, F&& f) {
  if (!s.resource) return;
  for (std::size_t i = 0; i < s.resource->items.size(); ++i) {
    const Item& item = s.resource->items[i];
    if (item.kind != ValueKind::String || item.text == "*") continue;
    f(item, s.pointer + "/Resource" + (s.resource->single ? "" : "/" + std::to_string(i)));
  }
}

class MalformedArn final : public Check {
 public:
  std::string_view code() const override { return "IAM201"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements)
      for (const std::optional<ItemList>* list : {&s.resource, &s.not_resource}) {
        if (!*list) continue;
        for (const Item& item : (*list)->items) {
          if (item.kind != ValueKind::String || item.text == "*" || split_arn(item.text)) continue;
          std::string why = item.text.substr(0, 4) == "arn:" ? "has fewer than six ':'-separated parts"
                                                             : "does not start with \"arn:\"";
          out.push_back({at(code(), "resource \"" + item.text + "\" is not an ARN: it " + why, item.span,
                            s.pointer),
                         {}, ""});
        }
      }
  }
};

// Calls f(targets, item, arn parts, pointer) for every ARN with a literal
// service in a statement whose actions IAM202 and IAM203 can judge.
template <typename F>
void each_judged_arn(const PolicyContext& ctx, F&& f) {
  const auto& statements = ctx.parsed.policy.statements;
  for (std::size_t si = 0; si < statements.size(); ++si) {
    const Statement& s = statements[si];
    if (!has_judgeable_arn(s)) continue;
    const ResourceTargets& t = ctx.memo.targets(ctx.catalog, si, s, ctx.actions[si]);
    if (!t.judged) continue;
    each_arn(s, [&](const Item& item, const std::string& pointer) {
      auto parts = split_arn(item.text);
      if (parts && literal(parts->service)) f(t, item, *parts, pointer);
    });
  }
}

bool has_service(const ResourceTargets& t, std::string_view service) {
  for (const std::string& svc : t.services)
    if (iequals(svc, service)) return true;
  return false;
}

class ResourceServiceMismatch final : public Check {
 public:
  std::string_view code() const override { return "IAM202"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_judged_arn(ctx, [&](const ResourceTargets& t, const Item& item, const ArnParts& parts, const std::string& pointer) {
      if (has_service(t, parts.service)) return;
      out.push_back({at(code(), "resource \"" + item.text + "\" belongs to service \"" +
                                    std::string(parts.service) + "\", which no action of the statement is in",
                        item.span, pointer),
                     {}, ""});
    });
  }
};

class ResourceTypeMismatch final : public Check {
 public:
  std::string_view code() const override { return "IAM203"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_judged_arn(ctx, [&](const ResourceTargets& t, const Item& item, const ArnParts& parts, const std::string& pointer) {
      if (t.types.empty() || !has_service(t, parts.service)) return;  // the latter is IAM202's finding
      // Types of the ARN's own service are the likely match: try them first.
      std::string names;
      for (const ResourceTypeInfo* type : t.types)
        if (iequals(arn_service(type->arn), parts.service)) {
          if (arn_overlaps(item.text, type->arn)) return;
          if (names.size() < 60) names += (names.empty() ? "" : ", ") + std::string(type->name);
        }
      for (const ResourceTypeInfo* type : t.types)
        if (!iequals(arn_service(type->arn), parts.service) && arn_overlaps(item.text, type->arn)) return;
      out.push_back({at(code(), "resource \"" + item.text +
                                    "\" matches no resource type the statement's actions act on (" + names + ")",
                        item.span, pointer),
                     {}, ""});
    });
  }
};


class StarOnlyActionWithArn final : public Check {
 public:
  std::string_view code() const override { return "IAM204"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    const auto& statements = ctx.parsed.policy.statements;
    for (std::size_t si = 0; si < statements.size(); ++si) {
      const Statement& s = statements[si];
      if (!s.action || !s.resource || s.resource->items.empty() || has_star_resource(s)) continue;
      bool computed = false;
      for (const Item& r : s.resource->items) computed |= r.kind != ValueKind::String;
      if (computed) continue;
      const auto& matches = ctx.actions[si].matches;
      for (std::size_t i = 0; i < s.action->items.size() && i < matches.size(); ++i) {
        const Item& item = s.action->items[i];
        if (item.kind != ValueKind::String || has_wildcard(item.text) ||
            matches[i].status != MatchStatus::Matched)
          continue;
        ActionId id = matches[i].actions.ids().front();
        if (!ctx.catalog.resource_types(id).empty()) continue;
        out.push_back({at(code(), ctx.catalog.full_name(id) +
                                      " supports only \"Resource\": \"*\", so this statement does not grant it",
                          item.span, s.pointer + "/Action" + (s.action->single ? "" : "/" + std::to_string(i))),
                       {}, ""});
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_malformed_arn() { return std::make_unique<MalformedArn>(); }
std::unique_ptr<Check> make_resource_service_mismatch() { return std::make_unique<ResourceServiceMismatch>(); }
std::unique_ptr<Check> make_resource_type_mismatch() { return std::make_unique<ResourceTypeMismatch>(); }
std::unique_ptr<Check> make_star_only_action_with_arn() { return std::make_unique<StarOnlyActionWithArn>(); }

}  // namespace iamtrim::lint
