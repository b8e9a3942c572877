// Action rules: IAM101-IAM104 (a pattern that matches nothing, by reason),
// IAM105 (a pattern covered by the others) and IAM106 (SCP wildcard form).
#include <memory>
#include <string>

#include "lint/check.hpp"
#include "lint/facts.hpp"
#include "lint/fixes.hpp"

namespace iamtrim::lint {
namespace {

// Each item of Action/NotAction whose expansion has `status` becomes one
// finding of `code`. Which reason a pattern fails for is decided by
// expand_pattern(); the four rules differ in severity and docs.
class ActionMatchCheck final : public Check {
 public:
  ActionMatchCheck(std::string_view code, MatchStatus status) : code_(code), status_(status) {}
  std::string_view code() const override { return code_; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    const auto& statements = ctx.parsed.policy.statements;
    for (std::size_t si = 0; si < statements.size(); ++si) {
      const Statement& s = statements[si];
      const ItemList* list = s.actions();
      if (!list) continue;
      std::string element = s.uses_not_action() ? "/NotAction" : "/Action";
      const auto& matches = ctx.actions[si].matches;
      for (std::size_t i = 0; i < list->items.size() && i < matches.size(); ++i) {
        const Item& item = list->items[i];
        if (item.kind != ValueKind::String || matches[i].status != status_) continue;
        std::string pointer = s.pointer + element + (list->single ? "" : "/" + std::to_string(i));
        Diagnostic d = at(code_, message(ctx.catalog, item.text), item.span, pointer);
        d.suggestions = matches[i].suggestions;
        // One close name is likely what was meant, but it changes what the
        // statement grants: never applied without --unsafe-fixes.
        std::vector<Fix> fixes;
        if (d.suggestions.size() == 1 && status_ != MatchStatus::Malformed)
          if (auto fix = replace_item(ctx, item, d.suggestions.front(),
                                      "replace \"" + item.text + "\" with \"" + d.suggestions.front() + "\""))
            fixes.push_back(std::move(*fix));
        out.push_back({std::move(d), std::move(fixes), ""});
      }
    }
  }

 private:
  std::string message(const Catalog& catalog, const std::string& text) const {
    std::string version = "catalog " + std::string(catalog.version());
    switch (status_) {
      case MatchStatus::Malformed:
        return "\"" + text + "\" is not an action: " + std::string(malformed_reason(text));
      case MatchStatus::UnknownService:
        return "unknown service \"" + text.substr(0, text.find(':')) + "\" in \"" + text + "\" (not in " +
               version + ")";
      case MatchStatus::NoMatch:
        return "\"" + text + "\" matches no action (in " + version + ")";
      case MatchStatus::UnknownAction:
        return "unknown action \"" + text + "\" (not in " + version + ")";
      case MatchStatus::Matched: break;
    }
    return "";
  }
  std::string code_;
  MatchStatus status_;
};

class RedundantAction final : public Check {
 public:
  std::string_view code() const override { return "IAM105"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    const auto& statements = ctx.parsed.policy.statements;
    for (std::size_t si = 0; si < statements.size(); ++si) {
      const Statement& s = statements[si];
      const ItemList* list = s.actions();
      const auto& matches = ctx.actions[si].matches;
      if (!list || list->items.size() < 2 || matches.size() != list->items.size()) continue;
      // Cheap screen first: a redundant pattern only holds actions that two
      // or more patterns cover.
      std::size_t universe = ctx.catalog.action_count();
      ActionSet once(universe), twice(universe);
      for (const PatternMatch& m : matches) {
        // Copies the pattern's small set, not the growing union, and only
        // when it overlaps: most patterns of a statement do not.
        if (m.actions.intersects(once)) twice |= (m.actions & once);
        once |= m.actions;
      }
      std::vector<bool> removed(matches.size(), false);
      // Later items first, so of two equal patterns the second is reported.
      for (std::size_t i = matches.size(); i-- > 0;) {
        const PatternMatch& m = matches[i];
        if (m.status != MatchStatus::Matched || !m.actions.is_subset_of(twice)) continue;
        ActionSet others(universe);
        std::size_t cover = matches.size();
        for (std::size_t j = 0; j < matches.size(); ++j) {
          if (j == i || removed[j]) continue;
          others |= matches[j].actions;
          if (cover == matches.size() && m.actions.is_subset_of(matches[j].actions)) cover = j;
        }
        if (!m.actions.is_subset_of(others)) continue;
        removed[i] = true;
        std::string by = cover < matches.size() ? "\"" + list->items[cover].text + "\""
                                                : "the other actions of this statement";
        std::string element = s.uses_not_action() ? "/NotAction/" : "/Action/";
        // Dropping a covered pattern leaves the statement's grant as it was.
        std::vector<Fix> fixes;
        if (auto fix = remove_item(ctx, *list, i, "remove \"" + list->items[i].text + "\""))
          fixes.push_back(std::move(*fix));
        out.push_back({at(code(), "\"" + list->items[i].text + "\" is already covered by " + by,
                          list->items[i].span, s.pointer + element + std::to_string(i)),
                       std::move(fixes), ""});
      }
    }
  }
};

class ScpActionWildcard final : public Check {
 public:
  std::string_view code() const override { return "IAM106"; }
  void run(const PolicyContext& ctx, std::vector<Report>& out) const override {
    for (const Statement& s : ctx.parsed.policy.statements) {
      const ItemList* list = s.actions();
      if (!list) continue;
      for (const Item& item : list->items) {
        if (item.kind != ValueKind::String || item.text == "*") continue;
        std::size_t wild = item.text.find_first_of("*?");
        if (wild == std::string::npos) continue;
        bool trailing_star = wild == item.text.size() - 1 && item.text[wild] == '*' &&
                             item.text.find(':') < wild;
        if (trailing_star) continue;
        out.push_back({at(code(), "\"" + item.text + "\": an SCP allows a wildcard only as the last character "
                                  "of the action name",
                          item.span, s.pointer),
                       {}, ""});
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_action_match_check(std::string_view code) {
  MatchStatus status = code == "IAM101"   ? MatchStatus::Malformed
                       : code == "IAM102" ? MatchStatus::UnknownService
                       : code == "IAM103" ? MatchStatus::NoMatch
                                          : MatchStatus::UnknownAction;
  return std::make_unique<ActionMatchCheck>(code, status);
}
std::unique_ptr<Check> make_redundant_action() { return std::make_unique<RedundantAction>(); }
std::unique_ptr<Check> make_scp_action_wildcard() { return std::make_unique<ScpActionWildcard>(); }

}  // namespace iamtrim::lint
