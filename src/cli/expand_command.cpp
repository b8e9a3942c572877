// iamtrim expand: what an action pattern, or each statement of a policy,
// covers in the catalog.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/sources.hpp"
#include "render/json_stream.hpp"

namespace iamtrim::cli {
namespace {

struct ExpandOptions {
  std::vector<std::string> patterns;
  bool negate = false;
  std::string format = "text";
  std::string policy;
  bool list = false;
};

// Counts per service and access level, as the policy summary shows them:
// services by prefix, the levels of each by name and then "total" (the
// order a std::map of the names gives, which the output has always had).
struct ServiceCounts {
  const ServiceInfo* service = nullptr;
  std::array<std::size_t, 5> levels{};  // by AccessLevel
  std::size_t total = 0;
};

std::vector<ServiceCounts> breakdown(const Catalog& c, const ActionSet& s) {
  std::vector<ServiceCounts> out;
  s.for_each([&](ActionId id) {
    // Ids ascend and each service's ids are contiguous.
    if (out.empty() || id >= out.back().service->end) out.push_back({&c.service_of(id), {}, 0});
    ++out.back().levels[static_cast<std::size_t>(c.access_level(id))];
    ++out.back().total;
  });
  return out;
}

// The access levels in the order of their names.
const std::array<AccessLevel, 5>& levels_by_name() {
  static const std::array<AccessLevel, 5> order = [] {
    std::array<AccessLevel, 5> a{AccessLevel::List, AccessLevel::Read, AccessLevel::Write,
                                 AccessLevel::PermissionsManagement, AccessLevel::Tagging};
    std::sort(a.begin(), a.end(), [](AccessLevel x, AccessLevel y) { return to_string(x) < to_string(y); });
    return a;
  }();
  return order;
}

void write_breakdown(render::JsonStream& js, const std::vector<ServiceCounts>& counts) {
  js.begin_object();
  for (const ServiceCounts& sc : counts) {
    js.key(sc.service->prefix).begin_object();
    for (AccessLevel level : levels_by_name())
      if (std::size_t n = sc.levels[static_cast<std::size_t>(level)]) js.key(to_string(level)).value(n);
    js.key("total").value(sc.total);
    js.end_object();
  }
  js.end_object();
}

// Text lines go through one buffer, handed to the stream as it fills.
class TextOut {
 public:
  explicit TextOut(std::ostream& out) : out_(out) {}
  ~TextOut() { flush(); }
  TextOut& operator<<(std::string_view s) {
    buf_ += s;
    if (buf_.size() >= (1 << 16)) flush();
    return *this;
  }
  TextOut& operator<<(char ch) { return *this << std::string_view(&ch, 1); }
  TextOut& operator<<(std::size_t n) { return *this << std::string_view(std::to_string(n)); }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  std::ostream& out_;
  std::string buf_;
};

// f(prefix, name) for each action of the set, in id order, without
// building "prefix:name".
template <typename F>
void for_each_name(const Catalog& c, const ActionSet& s, F&& f) {
  const ServiceInfo* service = nullptr;
  s.for_each([&](ActionId id) {
    if (!service || id >= service->end) service = &c.service_of(id);
    f(service->prefix, c.action_name(id));
  });
}

void write_names(render::JsonStream& js, const Catalog& c, const ActionSet& s) {
  js.begin_array();
  for_each_name(c, s, [&](std::string_view prefix, std::string_view name) { js.value(prefix, ':', name); });
  js.end_array();
}

void list_names(TextOut& out, const Catalog& c, const ActionSet& s, std::string_view indent) {
  for_each_name(c, s, [&](std::string_view prefix, std::string_view name) {
    out << indent << prefix << ':' << name << '\n';
  });
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
  std::vector<std::pair<const std::string*, PatternMatch>> problems;
  for (const std::string& p : o.patterns) {
    PatternMatch m = expand_pattern(c, p);
    all |= m.actions;
    if (m.status != MatchStatus::Matched) {
      rc = kExitFindings;
      print_match_problem(p, m);
      problems.emplace_back(&p, std::move(m));
    }
  }
  if (o.negate) all = all.complement();
  if (o.format == "json") {
    render::JsonStream js(std::cout);
    js.begin_object();
    js.key("catalog").value(c.version());
    js.key("patterns").strings(o.patterns);
    js.key("not").value(o.negate);
    js.key("count").value(all.count());
    js.key("actions");
    write_names(js, c, all);
    js.key("problems").begin_array();
    for (const auto& [pattern, m] : problems) {
      js.begin_object();
      js.key("pattern").value(*pattern);
      js.key("status").value(to_string(m.status));
      js.key("suggestions").strings(m.suggestions);
      js.end_object();
    }
    js.end_array();
    js.end_object();
    js.finish();
    std::cout << "\n";
  } else {
    TextOut out(std::cout);
    list_names(out, c, all, "");
  }
  return rc;
}

std::string_view effect_name(Effect e) {
  return e == Effect::Allow ? "Allow" : e == Effect::Deny ? "Deny" : "invalid";
}

// One statement's summary line and its services, as text.
void print_statement(TextOut& out, const std::string& file, const Statement& st, const StatementActions& sa,
                     const std::vector<ServiceCounts>& counts) {
  out << file << ':' << std::string_view(std::to_string(st.span.begin.line)) << ": statement " << st.index;
  if (st.sid) out << " (" << st.sid->text << ")";
  out << ": " << effect_name(st.effect) << (st.uses_not_action() ? " NotAction" : "") << ", "
      << sa.actions.count() << " actions" << (sa.has_opaque ? " (at least; computed items)" : "") << '\n';
  for (const ServiceCounts& sc : counts) {
    out << "  " << sc.service->prefix << ": " << sc.total;
    std::string_view sep = " (";
    for (AccessLevel level : levels_by_name())
      if (std::size_t n = sc.levels[static_cast<std::size_t>(level)]) {
        out << sep << to_string(level) << ' ' << n;
        sep = ", ";
      }
    out << ")\n";
  }
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
  const bool json = o.format == "json";
  // Each policy is written as soon as it is expanded: JSON into one
  // document, text as lines.
  std::optional<render::JsonStream> js;
  std::optional<TextOut> out;
  if (json) {
    js.emplace(std::cout);
    js->begin_object().key("catalog").value(c.version()).key("policies").begin_array();
  } else {
    out.emplace(std::cout);
  }
  int rc = kExitClean;
  for (const FoundPolicy& found : src.policies) {
    PolicyResult pr = parse_policy(found.document, found.pointer);
    for (const Diagnostic& d : pr.diagnostics)
      std::cerr << o.policy << ":" << d.span.begin.line << ":" << d.span.begin.column << ": " << d.code << " "
                << d.message << "\n";
    if (!pr.usable) {
      rc = kExitUsage;
      continue;
    }
    if (json) {
      js->begin_object().key("file").value(o.policy);
      if (!found.owner.empty()) js->key("owner").value(found.owner);
      js->key("statements").begin_array();
    }
    ActionSet allowed(c.action_count()), denied(c.action_count());
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
      const std::vector<ServiceCounts> counts = breakdown(c, sa.actions);
      if (!json) {
        print_statement(*out, o.policy, st, sa, counts);
        if (o.list) list_names(*out, c, sa.actions, "    ");
        continue;
      }
      js->begin_object();
      js->key("index").value(st.index);
      if (st.sid) js->key("sid").value(st.sid->text);
      js->key("effect").value(effect_name(st.effect));
      js->key("line").value(st.span.begin.line);
      js->key("not_action").value(st.uses_not_action());
      js->key("computed").value(sa.has_opaque);
      js->key("count").value(sa.actions.count());
      js->key("services");
      write_breakdown(*js, counts);
      js->key("actions");
      write_names(*js, c, sa.actions);
      js->end_object();
    }
    const std::vector<ServiceCounts> allowed_counts = breakdown(c, allowed);
    if (!json) {
      *out << "allowed: " << allowed.count() << " actions in " << allowed_counts.size()
           << " services; denied: " << denied.count() << " actions\n";
      continue;
    }
    js->end_array();
    js->key("allowed").begin_object().key("count").value(allowed.count()).key("services");
    write_breakdown(*js, allowed_counts);
    js->end_object();
    js->key("denied").begin_object().key("count").value(denied.count()).key("services");
    write_breakdown(*js, breakdown(c, denied));
    js->end_object();
    js->end_object();
  }
  if (json) {
    js->end_array().end_object();
    js->finish();
    std::cout << "\n";
  }
  return rc;
}

int run_expand(Context& ctx, const ExpandOptions& o) {
  if (o.policy.empty() == o.patterns.empty())
    throw CLI::ValidationError("expand", "give either action patterns or --policy FILE");
  const Catalog* c = ctx.catalog();
  if (!c) return kExitUsage;
  return o.policy.empty() ? expand_patterns(*c, o) : expand_policy(*c, o);
}

}  // namespace

void add_expand_command(CLI::App& app, Context& ctx) {
  auto [cmd, o] = add_command<ExpandOptions>(app, ctx, "expand", "Expand action patterns, or each statement of a policy, against the catalog", run_expand);
  cmd->add_option("patterns", o->patterns, "Action patterns such as s3:Get* or iam:*AccessKey*");
  cmd->add_flag("--not", o->negate, "Print the complement (what a NotAction with these patterns covers)");
  add_choice(*cmd, "--format", o->format, "Output format", {"text", "json"});
  cmd->add_option("--policy", o->policy, "Expand every statement of this policy file ('-' for stdin)");
  cmd->add_flag("--list", o->list, "With --policy: list every action, not only the counts");
}

}  // namespace iamtrim::cli
