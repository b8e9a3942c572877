// iamtrim expand: what an action pattern, or each statement of a policy,
// covers in the catalog.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/sources.hpp"

namespace iamtrim::cli {
namespace {

struct ExpandOptions {
  std::vector<std::string> patterns;
  bool negate = false;
  std::string format = "text";
  std::string policy;
  bool list = false;
};

nlohmann::ordered_json names(const Catalog& c, const ActionSet& s) {
  auto out = nlohmann::ordered_json::array();
  s.for_each([&](ActionId id) { out.push_back(c.full_name(id)); });
  return out;
}

// Counts per service and access level, for the policy summary.
nlohmann::ordered_json breakdown(const Catalog& c, const ActionSet& s) {
  std::map<std::string, std::map<std::string, int>> per;
  s.for_each([&](ActionId id) {
    auto& levels = per[std::string(c.service_of(id).prefix)];
    ++levels[std::string(to_string(c.access_level(id)))];
    ++levels["total"];
  });
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (auto& [svc, levels] : per) out[svc] = levels;
  return out;
}

void print_match_problem(const std::string& pattern, const PatternMatch& m) {
  std::cerr << "iamtrim: " << pattern << ": " << to_string(m.status);
  if (m.status == MatchStatus::Malformed) std::cerr << " (" << malformed_reason(pattern) << ")";
  if (!m.suggestions.empty()) {
    std::cerr << " (did you mean ";
    for (std::size_t i = 0; i < m.suggestions.size(); ++i)
      std::cerr << (i ? ", " : "") << m.suggestions[i];
    std::cerr << "?)";
  }
  std::cerr << "\n";
}

int expand_patterns(const Catalog& c, const ExpandOptions& o) {
  ActionSet all(c.action_count());
  int rc = kExitClean;
  auto problems = nlohmann::ordered_json::array();
  for (const std::string& p : o.patterns) {
    PatternMatch m = expand_pattern(c, p);
    if (m.status != MatchStatus::Matched) {
      rc = kExitFindings;
      print_match_problem(p, m);
      problems.push_back({{"pattern", p}, {"status", to_string(m.status)}, {"suggestions", m.suggestions}});
    }
    all |= m.actions;
  }
  if (o.negate) all = all.complement();
  if (o.format == "json") {
    nlohmann::ordered_json out;
    out["catalog"] = c.version();
    out["patterns"] = o.patterns;
    out["not"] = o.negate;
    out["count"] = all.count();
    out["actions"] = names(c, all);
    out["problems"] = problems;
    std::cout << out.dump(2) << "\n";
  } else {
    all.for_each([&](ActionId id) { std::cout << c.full_name(id) << "\n"; });
  }
  return rc;
}

int expand_policy(const Catalog& c, const ExpandOptions& o) {
  auto text = read_input(o.policy);
  if (!text) return kExitUsage;
  auto file = std::make_shared<const SourceFile>(SourceFile::from_string(o.policy, std::move(*text)));
  SourceResult src = read_source(file);
  for (const Diagnostic& d : src.diagnostics)
    std::cerr << o.policy << ":" << d.span.begin.line << ":" << d.span.begin.column << ": " << d.message << "\n";
  if (src.policies.empty()) {
    std::cerr << "iamtrim: " << o.policy << ": no policy found\n";
    return kExitUsage;
  }
  int rc = kExitClean;
  auto docs = nlohmann::ordered_json::array();
  for (const FoundPolicy& found : src.policies) {
    PolicyResult pr = parse_policy(found.document, found.pointer);
    for (const Diagnostic& d : pr.diagnostics)
      std::cerr << o.policy << ":" << d.span.begin.line << ":" << d.span.begin.column << ": " << d.code << " "
                << d.message << "\n";
    if (!pr.usable) {
      rc = kExitUsage;
      continue;
    }
    ActionSet allowed(c.action_count()), denied(c.action_count());
    auto statements = nlohmann::ordered_json::array();
    for (const Statement& st : pr.policy.statements) {
      StatementActions sa = expand_statement(c, st);
      for (std::size_t i = 0; i < sa.matches.size(); ++i)
        if (sa.matches[i].status != MatchStatus::Matched && st.actions()->items[i].kind != ValueKind::Opaque) {
          const Item& it = st.actions()->items[i];
          std::cerr << o.policy << ":" << it.span.begin.line << ":" << it.span.begin.column << ": ";
          print_match_problem(it.text, sa.matches[i]);
        }
      if (st.effect == Effect::Allow) allowed |= sa.actions;
      if (st.effect == Effect::Deny) denied |= sa.actions;
      nlohmann::ordered_json js;
      js["index"] = st.index;
      if (st.sid) js["sid"] = st.sid->text;
      js["effect"] = st.effect == Effect::Allow ? "Allow" : st.effect == Effect::Deny ? "Deny" : "invalid";
      js["line"] = st.span.begin.line;
      js["not_action"] = st.uses_not_action();
      js["computed"] = sa.has_opaque;
      js["count"] = sa.actions.count();
      js["services"] = breakdown(c, sa.actions);
      if (o.list || o.format == "json") js["actions"] = names(c, sa.actions);
      statements.push_back(std::move(js));
    }
    nlohmann::ordered_json doc;
    doc["file"] = o.policy;
    if (!found.owner.empty()) doc["owner"] = found.owner;
    doc["statements"] = std::move(statements);
    doc["allowed"] = {{"count", allowed.count()}, {"services", breakdown(c, allowed)}};
    doc["denied"] = {{"count", denied.count()}, {"services", breakdown(c, denied)}};
    docs.push_back(std::move(doc));
  }
  if (o.format == "json") {
    std::cout << nlohmann::ordered_json{{"catalog", c.version()}, {"policies", docs}}.dump(2) << "\n";
    return rc;
  }
  for (const auto& doc : docs) {
    for (const auto& st : doc["statements"]) {
      std::cout << doc["file"].get<std::string>() << ":" << st["line"].get<int>() << ": statement "
                << st["index"].get<int>();
      if (st.contains("sid")) std::cout << " (" << st["sid"].get<std::string>() << ")";
      std::cout << ": " << st["effect"].get<std::string>() << (st["not_action"].get<bool>() ? " NotAction" : "")
                << ", " << st["count"].get<int>() << " actions" << (st["computed"].get<bool>() ? " (at least; computed items)" : "")
                << "\n";
      for (const auto& [svc, levels] : st["services"].items()) {
        std::cout << "  " << svc << ": " << levels["total"].get<int>();
        std::string sep = " (";
        for (const auto& [level, n] : levels.items()) {
          if (level == "total") continue;
          std::cout << sep << level << " " << n.get<int>();
          sep = ", ";
        }
        std::cout << ")\n";
      }
      if (o.list)
        for (const auto& a : st["actions"]) std::cout << "    " << a.get<std::string>() << "\n";
    }
    std::cout << "allowed: " << doc["allowed"]["count"].get<int>() << " actions in "
              << doc["allowed"]["services"].size() << " services; denied: " << doc["denied"]["count"].get<int>()
              << " actions\n";
  }
  return rc;
}

}  // namespace

void add_expand_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ExpandOptions>();
  CLI::App* cmd = app.add_subcommand("expand", "Expand action patterns, or each statement of a policy, against the catalog");
  cmd->add_option("patterns", o->patterns, "Action patterns such as s3:Get* or iam:*AccessKey*");
  cmd->add_flag("--not", o->negate, "Print the complement (what a NotAction with these patterns covers)");
  cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--policy", o->policy, "Expand every statement of this policy file ('-' for stdin)");
  cmd->add_flag("--list", o->list, "With --policy: list every action, not only the counts");
  cmd->callback([o, &ctx] {
    if (o->policy.empty() == o->patterns.empty())
      throw CLI::ValidationError("expand", "give either action patterns or --policy FILE");
    const Catalog* c = ctx.catalog();
    if (!c) {
      ctx.exit_code = kExitUsage;
      return;
    }
    ctx.exit_code = o->policy.empty() ? expand_patterns(*c, *o) : expand_policy(*c, *o);
  });
}

}  // namespace iamtrim::cli
