// Resource rules: IAM201 malformed ARN, IAM202 ARN of another service,
// IAM203 ARN of a resource type no action acts on, IAM204 an action that
// supports only "*" given specific ARNs.
#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lint/arn.hpp"
#include "lint/check.hpp"
#include "lint/facts.hpp"
#include "lint/risk_data.hpp"
#include "lint/targets.hpp"

namespace iamtrim::lint {
namespace {

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

// The JSON pointer of item `i` of a statement's Resource (built only for a
// finding).
std::string resource_pointer(const Statement& s, std::size_t i) {
  return s.pointer + "/Resource" + (s.resource->single ? "" : "/" + std::to_string(i));
}

// The specific ARNs of Resource: strings other than "*", with their index.
template <typename F>
void each_arn(const Statement& s, F&& f) {
  if (!s.resource) return;
  for (std::size_t i = 0; i < s.resource->items.size(); ++i) {
    const Item& item = s.resource->items[i];
    if (item.kind != ValueKind::String || item.text == "*") continue;
    f(item, i);
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

bool has_service(const ResourceTargets& t, std::string_view service) {
  for (const std::string& svc : t.services)
    if (iequals(svc, service)) return true;
  return false;
}

// One ARN of a statement as IAM202 and IAM203 judge it: under the name of
// its service that the statement's actions use when that service has two
// (rules/arn-services.yaml).
struct JudgedArn {
  const Item& item;
  std::string_view text;  // item.text, or the same ARN under the service's other name
  ArnParts parts;         // of `text`
  const Statement& s;
  std::size_t statement;
  std::size_t index;  // in Resource
  std::string pointer() const { return resource_pointer(s, index); }
};

// Calls f(targets, arn) for every ARN with a literal service in a statement
// whose actions IAM202 and IAM203 can judge.
template <typename F>
void each_judged_arn(const PolicyContext& ctx, F&& f) {
  const auto& statements = ctx.parsed.policy.statements;
  for (std::size_t si = 0; si < statements.size(); ++si) {
    const Statement& s = statements[si];
    if (!has_judgeable_arn(s)) continue;
    const ResourceTargets& t = ctx.memo.targets(ctx.catalog, si, s, ctx.actions[si]);
    if (!t.judged) continue;
    each_arn(s, [&](const Item& item, std::size_t index) {
      auto parts = split_arn(item.text);
      if (!parts || !literal(parts->service)) return;
      JudgedArn arn{item, item.text, *parts, s, si, index};
      std::string renamed;  // what arn.text views when the ARN is renamed
      std::string_view alias = service_alias(ctx.risk, parts->service);
      if (!has_service(t, parts->service) && !alias.empty() && has_service(t, alias)) {
        renamed = "arn:" + std::string(parts->partition) + ":" + std::string(alias) + ":" +
                  std::string(parts->region) + ":" + std::string(parts->account) + ":" + std::string(parts->resource);
        arn.text = renamed;
        arn.parts = *split_arn(renamed);
      }
      f(t, arn);
    });
  }
}

// The one action of a literal pattern's match, without building a list.
ActionId only_action(const ActionSet& matched) {
  ActionId first = 0;
  bool found = false;
  matched.for_each([&](ActionId id) {
    if (!found) first = id, found = true;
  });
  return first;
}

// A literal action of the statement that the catalog links to no resource
// type at all: if AWS has since given it one, an ARN of another service may
// be exactly that type.
std::string typeless_action(const PolicyContext& ctx, std::size_t si) {
  const Statement& s = ctx.parsed.policy.statements[si];
  const auto& matches = ctx.actions[si].matches;
  for (std::size_t i = 0; s.action && i < s.action->items.size() && i < matches.size(); ++i) {
    if (matches[i].status != MatchStatus::Matched || has_wildcard(s.action->items[i].text)) continue;
    ActionId id = only_action(matches[i].actions);
    if (ctx.catalog.resource_types_text(id).empty()) return ctx.catalog.full_name(id);
  }
  return "";
}

class ResourceServiceMismatch final : public Check {
 public:
  std::string_view code() const override { return "IAM202"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_judged_arn(ctx, [&](const ResourceTargets& t, const JudgedArn& arn) {
      if (has_service(t, arn.parts.service)) return;
      Report r{at(code(), "resource \"" + arn.item.text + "\" belongs to service \"" +
                              std::string(arn.parts.service) + "\", which no action of the statement is in",
                  arn.item.span, arn.pointer()),
               {}, ""};
      if (std::string action = typeless_action(ctx, arn.statement); !action.empty())
        r.lowered_because = action + " has no resource type in catalog " + std::string(ctx.catalog.version()) +
                            "; if AWS has added one since, this ARN may be it";
      out.push_back(std::move(r));
    });
  }
};

class ResourceTypeMismatch final : public Check {
 public:
  std::string_view code() const override { return "IAM203"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    each_judged_arn(ctx, [&](const ResourceTargets& t, const JudgedArn& arn) {
      std::string_view service = arn.parts.service;
      if (t.types.empty() || !has_service(t, service)) return;  // the latter is IAM202's finding
      // Types of the ARN's own service are the likely match: try them first.
      std::string names;
      for (const ResourceTypeInfo* type : t.types)
        if (iequals(arn_format_service(type->arn), service)) {
          if (arn_overlaps(arn.text, type->arn)) return;
          if (names.size() < 60) names += (names.empty() ? "" : ", ") + std::string(type->name);
        }
      for (const ResourceTypeInfo* type : t.types)
        if (!iequals(arn_format_service(type->arn), service) && arn_overlaps(arn.text, type->arn)) return;
      out.push_back({at(code(), "resource \"" + arn.item.text +
                                    "\" matches no resource type the statement's actions act on (" + names + ")",
                        arn.item.span, arn.pointer()),
                     {}, ""});
    });
  }
};


// Whether `arn` covers every resource of `service`: its service part
// matches the prefix and its resource part is empty or only '*' ("*",
// "arn:aws:s3:::*", "arn:aws:logs:*:*:*"). Such an ARN is how many policies,
// AWS's own among them, write "any resource of this service", and IAM
// accepts it for actions that support no resource type.
bool service_wide(const ArnParts& arn, std::string_view service) {
  if (!wildcard_match(arn.service, service)) return false;
  return arn.resource.find_first_not_of('*') == std::string_view::npos;
}

// Literal characters the resource parts of a policy ARN and an ARN format
// share from their start ("cluster/" for "cluster/*" and
// "cluster/${ClusterName}").
std::size_t shared_resource_prefix(std::string_view arn, std::string_view format) {
  auto a = split_arn(arn), f = split_arn(format);
  if (!a || !f) return 0;
  std::size_t n = 0;
  while (n < a->resource.size() && n < f->resource.size()) {
    char x = a->resource[n], y = f->resource[n];
    if (x == '*' || x == '?' || x == '$' || y == '$' || std::tolower(x) != std::tolower(y)) break;
    ++n;
  }
  return n;
}

// The resource type of the action's own service that `arn` most likely
// names (of those it could be an ARN of, the one sharing the longest
// literal start), or nullptr.
const ResourceTypeInfo* type_of_service(const Catalog& catalog, const ServiceInfo& svc, std::string_view arn) {
  // Ties go to the format with the fewest literal characters to account
  // for ("${BucketName}" rather than "access-grants/default/grant/...").
  const ResourceTypeInfo* best = nullptr;
  std::pair<std::size_t, long> best_score;
  for (const ResourceTypeInfo& type : catalog.resource_types(svc)) {
    if (!arn_overlaps(arn, type.arn)) continue;
    auto f = split_arn(type.arn);
    long literal = 0;
    for (std::size_t i = 0; f && i < f->resource.size(); ++i) {
      if (f->resource[i] == '$' && (i = f->resource.find('}', i)) == std::string_view::npos) break;
      if (i != std::string_view::npos && f->resource[i] != '}') ++literal;
    }
    std::pair<std::size_t, long> score{shared_resource_prefix(arn, type.arn), -literal};
    if (!best || score > best_score) best = &type, best_score = score;
  }
  return best;
}

// What a statement's ARNs (split in `arns`, one per item) say about the
// actions of one service that support only "*": whether one of them covers
// the whole service, else the first that has the form of one of the
// service's resource types, with that type.
struct ServiceVerdict {
  const ServiceInfo* service = nullptr;
  bool covered = false;
  const ResourceTypeInfo* lagging = nullptr;
  std::string lagging_arn;
};

ServiceVerdict judge_arns(const Catalog& catalog, const ServiceInfo& svc, const std::vector<Item>& items,
                          const std::vector<std::optional<ArnParts>>& arns) {
  ServiceVerdict v;
  v.service = &svc;
  for (std::size_t r = 0; r < items.size(); ++r) {
    if (!arns[r]) continue;  // IAM201's finding
    if (service_wide(*arns[r], svc.prefix)) v.covered = true;
    else if (!v.lagging && iequals(arns[r]->service, svc.prefix))
      if ((v.lagging = type_of_service(catalog, svc, items[r].text))) v.lagging_arn = items[r].text;
  }
  return v;
}

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
      // What the statement's ARNs say depends only on the action's service:
      // worked out once per service, not once per action (a statement
      // often lists dozens of one service's actions).
      std::vector<std::optional<ArnParts>> arns;
      std::vector<ServiceVerdict> verdicts;
      for (std::size_t i = 0; i < s.action->items.size() && i < matches.size(); ++i) {
        const Item& item = s.action->items[i];
        if (item.kind != ValueKind::String || has_wildcard(item.text) ||
            matches[i].status != MatchStatus::Matched)
          continue;
        ActionId id = only_action(matches[i].actions);
        if (!ctx.catalog.resource_types_text(id).empty()) continue;
        const ServiceInfo& svc = ctx.catalog.service_of(id);
        if (arns.empty())
          for (const Item& r : s.resource->items) arns.push_back(split_arn(r.text));
        auto known = std::find_if(verdicts.begin(), verdicts.end(), [&](const ServiceVerdict& v) { return v.service == &svc; });
        if (known == verdicts.end()) {
          verdicts.push_back(judge_arns(ctx.catalog, svc, s.resource->items, arns));
          known = verdicts.end() - 1;
        }
        if (known->covered) continue;
        const ResourceTypeInfo* lagging = known->lagging;
        const std::string& lagging_arn = known->lagging_arn;
        std::string name = ctx.catalog.full_name(id);
        Report report{at(code(), name + " supports only \"Resource\": \"*\" in catalog " +
                                     std::string(ctx.catalog.version()) +
                                     ", so this statement does not grant it",
                         item.span, s.pointer + "/Action" + (s.action->single ? "" : "/" + std::to_string(i))),
                      {}, ""};
        // The ARN names a resource type of the action's own service: AWS
        // may have given the action resource-level permissions after the
        // catalog was built, so the finding is only a suggestion to check.
        if (lagging)
          report.lowered_because = "\"" + lagging_arn + "\" has the form of " + std::string(svc.prefix) + " resource type \"" +
                                   std::string(lagging->name) + "\", which AWS may have linked to " + name +
                                   " after this catalog was built";
        out.push_back(std::move(report));
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
