// iamtrim expand: what an action pattern, or each statement of a policy,
// covers in the catalog.
#include <CLI/CLI.hpp>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "iamtrim/actions.hpp"
#include "iamtrim/json.hpp"
#include "iamtrim/parallel.hpp"
#include "iamtrim/sources.hpp"
#include "iamtrim/system.hpp"
#include "render/json_stream.hpp"

namespace iamtrim::cli {
namespace {

struct ExpandOptions {
  std::vector<std::string> patterns;
  bool negate = false;
  std::string format = "text";
  std::string policy;
  std::string from;   // more patterns, one a line ("-": standard input)
  bool each = false;  // each pattern on its own, not their union
  bool list = false;
  // 1 unless asked: on 2 cores (BENCHMARKS.md) a second thread costs more
  // than it saves on the whole corpus's patterns.
  unsigned jobs = 1;
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

using Plain = render::JsonStream::Plain;

// The catalog's names, checked for escaping once instead of at each write
// of a large listing: service prefixes and access levels up front, each
// service's action names when a statement first lists one of them, on
// whichever thread that is. A service with a name to escape (none in AWS's
// catalog; a --catalog could have one) is written the slow way.
class NameTable {
 public:
  explicit NameTable(const Catalog& c)
      : c_(c),
        services_(c.services().size()),
        once_(new std::once_flag[c.services().size()]),
        ready_(new std::atomic<bool>[c.services().size()]{}) {
    for (const ServiceInfo& s : c.services()) services_[s.index].prefix = Plain::check(s.prefix);
    for (AccessLevel level : levels_by_name())
      levels_[static_cast<std::size_t>(level)] = Plain::check(to_string(level));
  }

  void key(render::JsonStream& js, const ServiceInfo& s) const {
    if (const auto& p = services_[s.index].prefix) js.key(*p);
    else js.key(s.prefix);
  }
  void key(render::JsonStream& js, AccessLevel level) const {
    if (const auto& p = levels_[static_cast<std::size_t>(level)]) js.key(*p);
    else js.key(to_string(level));
  }

  // Writes the names of `set` ("s3:GetObject") as elements of the open array.
  void write(render::JsonStream& js, const ActionSet& set) {
    const ServiceInfo* service = nullptr;
    const Checked* names = nullptr;
    set.for_each([&](ActionId id) {
      // Ids ascend and each service's ids are contiguous.
      if (!service || id >= service->end) {
        service = &c_.service_of(id);
        names = &checked(*service);
      }
      if (names->plain) js.value(*names->prefix, ':', names->actions[id - service->first]);
      else js.value(service->prefix, ':', c_.action_name(id));
    });
  }

 private:
  struct Checked {
    std::optional<Plain> prefix;
    std::vector<Plain> actions;  // by id - first, when plain
    bool plain = false;          // the prefix and every action name
  };

  const Checked& checked(const ServiceInfo& s) {
    Checked& r = services_[s.index];
    // The flag first: call_once costs a call and a lock-free handshake on
    // every use, and a listing asks once per statement and service.
    if (ready_[s.index].load(std::memory_order_acquire)) return r;
    std::call_once(once_[s.index], [&] {
      r.plain = r.prefix.has_value();
      r.actions.reserve(s.end - s.first);
      for (ActionId id = s.first; r.plain && id < s.end; ++id) {
        std::optional<Plain> name = Plain::check(c_.action_name(id));
        r.plain = name.has_value();
        if (name) r.actions.push_back(*name);
      }
      ready_[s.index].store(true, std::memory_order_release);
    });
    return r;
  }

  const Catalog& c_;
  std::vector<Checked> services_;  // by ServiceInfo::index
  std::unique_ptr<std::once_flag[]> once_;
  std::unique_ptr<std::atomic<bool>[]> ready_;  // set when once_ has run
  std::array<std::optional<Plain>, 5> levels_{};  // by AccessLevel
};

void write_breakdown(render::JsonStream& js, const NameTable& names, const std::vector<ServiceCounts>& counts) {
  js.begin_object();
  for (const ServiceCounts& sc : counts) {
    names.key(js, *sc.service);
    js.begin_object();
    for (AccessLevel level : levels_by_name())
      if (std::size_t n = sc.levels[static_cast<std::size_t>(level)]) {
        names.key(js, level);
        js.value(n);
      }
    js.key(Plain("total")).value(sc.total);
    js.end_object();
  }
  js.end_object();
}

// Text lines go through one buffer, handed to the stream as it fills; or,
// without a stream, kept (text()) for a stream to take later in order.
class TextOut {
 public:
  explicit TextOut(std::ostream& out) : out_(&out) {}
  TextOut() : out_(nullptr) {}
  TextOut(const TextOut&) = delete;
  TextOut& operator=(const TextOut&) = delete;
  ~TextOut() { flush(); }
  TextOut& operator<<(std::string_view s) {
    buf_ += s;
    if (buf_.size() >= (1 << 16)) flush();
    return *this;
  }
  TextOut& operator<<(char ch) { return *this << std::string_view(&ch, 1); }
  TextOut& operator<<(std::size_t n) { return *this << std::string_view(std::to_string(n)); }
  void flush() {
    if (!out_) return;
    out_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  std::string take() { return std::move(buf_); }

 private:
  std::ostream* out_;
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

void write_names(render::JsonStream& js, NameTable& names, const ActionSet& s) {
  js.begin_array();
  names.write(js, s);
  js.end_array();
}

void list_names(TextOut& out, const Catalog& c, const ActionSet& s, std::string_view indent) {
  for_each_name(c, s, [&](std::string_view prefix, std::string_view name) {
    out << indent << prefix << ':' << name << '\n';
  });
}

// The line that says why a pattern matches nothing, added to `err`.
void describe_match_problem(std::string& err, const std::string& pattern, const PatternMatch& m) {
  err.append("iamtrim: ").append(pattern).append(": ").append(to_string(m.status));
  if (m.status == MatchStatus::Malformed) err.append(" (").append(malformed_reason(pattern)).append(")");
  if (!m.suggestions.empty()) {
    err.append(" (did you mean ");
    for (std::size_t i = 0; i < m.suggestions.size(); ++i) err.append(i ? ", " : "").append(m.suggestions[i]);
    err.append("?)");
  }
  err += '\n';
}

// Each pattern on its own, in the order given (repeats included): its
// actions, or why it has none. Text: "PATTERN (N)" and its actions
// indented; JSON: {catalog, patterns: [{pattern, status, count, actions,
// suggestions}]}. Each is written as soon as it is expanded.
int expand_each(const Catalog& c, const ExpandOptions& o) {
  int rc = kExitClean;
  const bool json = o.format == "json";
  std::optional<render::JsonStream> js;
  std::optional<TextOut> out;
  NameTable names(c);
  if (json) {
    js.emplace(std::cout);
    js->begin_object().key("catalog").value(c.version()).key("patterns").begin_array();
  } else {
    out.emplace(std::cout);
  }
  std::string err;
  for (const std::string& p : o.patterns) {
    // Not the cache: each pattern is asked for once here, and a list of
    // thousands would only fill it.
    const PatternMatch m = expand_pattern_uncached(c, p);
    if (json) {
      js->begin_object().key(Plain("pattern")).value(p);
      js->key(Plain("status")).value(to_string(m.status));
      js->key(Plain("count")).value(m.actions.count());
      js->key(Plain("actions"));
      write_names(*js, names, m.actions);
      js->key(Plain("suggestions")).strings(m.suggestions);
      js->end_object();
    } else {
      *out << p << " (" << m.actions.count() << ")\n";
      list_names(*out, c, m.actions, "  ");
    }
    if (m.status != MatchStatus::Matched) {
      rc = kExitFindings;
      err.clear();
      describe_match_problem(err, p, m);
      if (out) {  // on a terminal, the problem right after its pattern
        out->flush();
        std::cout.flush();
      }
      std::cerr << err;
    }
  }
  if (json) {
    js->end_array().end_object();
    js->finish();
    std::cout << "\n";
  }
  return rc;
}

int expand_patterns(const Catalog& c, const ExpandOptions& o) {
  if (o.each) return expand_each(c, o);
  ActionSet all(c.action_count());
  int rc = kExitClean;
  std::vector<std::pair<const std::string*, PatternMatch>> problems;
  for (const std::string& p : o.patterns) {
    PatternMatch m = expand_pattern(c, p);
    all |= m.actions;
    if (m.status != MatchStatus::Matched) {
      rc = kExitFindings;
      std::string err;
      describe_match_problem(err, p, m);
      std::cerr << err;
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
    NameTable names(c);
    write_names(js, names, all);
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

Plain effect_name(Effect e) {
  return e == Effect::Allow ? Plain("Allow") : e == Effect::Deny ? Plain("Deny") : Plain("invalid");
}

// One statement's summary line and its services, as text.
void print_statement(TextOut& out, const std::string& file, const Statement& st, const StatementActions& sa,
                     const std::vector<ServiceCounts>& counts) {
  out << file << ':' << std::string_view(std::to_string(st.span.begin.line)) << ": statement " << st.index;
  if (st.sid) out << " (" << st.sid->text << ")";
  out << ": " << effect_name(st.effect).text() << (st.uses_not_action() ? " NotAction" : "") << ", "
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

// Statements expanded and written one chunk at a time.
constexpr std::size_t kChunk = 64;

struct StatementChunk {
  std::string out;                 // text lines, or the statements' JSON objects one after the other
  std::vector<std::size_t> ends;   // JSON: where each object ends in `out`
  std::string err;                 // the lines for standard error
  ActionSet allowed, denied;       // the union of the Allow and of the Deny statements
};

// JSON goes into `document` when given (one thread: the document's stream
// is at the chunk's place), else into the chunk for the caller to join.
StatementChunk expand_chunk(const Catalog& c, const ExpandOptions& o, NameTable& names,
                            std::span<const Statement> statements, render::JsonStream* document) {
  StatementChunk r;
  r.allowed = ActionSet(c.action_count());
  r.denied = ActionSet(c.action_count());
  const bool json = o.format == "json";
  // As elements of "statements": inside the document, the policies, a
  // policy and its statements.
  std::optional<render::JsonStream> fragment;
  if (!document) fragment.emplace(2, 4);
  render::JsonStream& js = document ? *document : *fragment;
  TextOut out;
  for (const Statement& st : statements) {
    StatementActions sa = expand_statement(c, st);
    for (std::size_t i = 0; i < sa.matches.size(); ++i)
      if (sa.matches[i].status != MatchStatus::Matched && st.actions()->items[i].kind != ValueKind::Opaque) {
        const Item& it = st.actions()->items[i];
        r.err.append(o.policy).append(":").append(std::to_string(it.span.begin.line)).append(":");
        r.err.append(std::to_string(it.span.begin.column)).append(": ");
        describe_match_problem(r.err, it.text, sa.matches[i]);
      }
    if (st.effect == Effect::Allow) r.allowed |= sa.actions;
    if (st.effect == Effect::Deny) r.denied |= sa.actions;
    const std::vector<ServiceCounts> counts = breakdown(c, sa.actions);
    if (!json) {
      print_statement(out, o.policy, st, sa, counts);
      if (o.list) list_names(out, c, sa.actions, "    ");
      continue;
    }
    js.begin_object();
    js.key(Plain("index")).value(st.index);
    if (st.sid) js.key(Plain("sid")).value(st.sid->text);
    js.key(Plain("effect")).value(effect_name(st.effect));
    js.key(Plain("line")).value(st.span.begin.line);
    js.key(Plain("not_action")).value(st.uses_not_action());
    js.key(Plain("computed")).value(sa.has_opaque);
    js.key(Plain("count")).value(sa.actions.count());
    js.key(Plain("services"));
    write_breakdown(js, names, counts);
    js.key(Plain("actions"));
    write_names(js, names, sa.actions);
    js.end_object();
    if (!document) r.ends.push_back(js.text().size());
  }
  r.out = !json ? out.take() : document ? std::string() : js.take();
  return r;
}

// A policy file of megabytes becomes tens of MiB of tree: one page fault
// per 4 KiB page touched was about a quarter of the time of an expand of
// the whole corpus's patterns (11,500 faults, 3,700 with this). The heap is grown in one 64 MiB step up front and the
// kernel asked to back it with 2 MiB pages where it can (transparent huge
// pages "on request"); nothing changes where it cannot.
void ask_for_huge_pages() {
  constexpr std::size_t kPad = std::size_t{64} << 20, kHuge = std::size_t{2} << 20;
  auto* before = static_cast<char*>(sbrk(0));
  mallopt(M_TOP_PAD, static_cast<int>(kPad));
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kPad / 2));
  // The worker threads allocate from the same heap, not from arenas of
  // their own mapped page by page.
  mallopt(M_ARENA_MAX, 1);
  void* volatile grow = malloc(256 << 10);  // grows the heap by the pad, which freeing keeps
  free(grow);
  auto* after = static_cast<char*>(sbrk(0));
  auto first = (reinterpret_cast<std::uintptr_t>(before) + kHuge - 1) & ~(kHuge - 1);
  if (before == reinterpret_cast<char*>(-1) || reinterpret_cast<std::uintptr_t>(after) <= first) return;
  madvise(reinterpret_cast<void*>(first), reinterpret_cast<std::uintptr_t>(after) - first, MADV_HUGEPAGE);
}

int expand_policy(const Catalog& c, const ExpandOptions& o) {
  std::error_code size_error;  // a small policy, or stdin: not worth 2 MiB pages
  if (o.policy != "-" && std::filesystem::file_size(o.policy, size_error) >= (std::size_t{512} << 10) && !size_error)
    ask_for_huge_pages();
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
  const unsigned jobs = o.jobs;
  NameTable names(c);
  for (const FoundPolicy& found : src.policies) {
    PolicyResult pr = parse_policy(found.document, found.pointer, jobs);
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
    // Statements are expanded and written in chunks on o.jobs threads, and
    // the chunks joined in order: the bytes do not depend on the threads.
    // One thread writes JSON straight into the document, not through a
    // copy per chunk.
    render::JsonStream* document = json && jobs <= 1 ? &*js : nullptr;
    const std::vector<Statement>& statements = pr.policy.statements;
    const std::size_t chunks = (statements.size() + kChunk - 1) / kChunk;
    ActionSet allowed(c.action_count()), denied(c.action_count());
    for_each_ordered(
        chunks, jobs,
        [&](std::size_t k) {
          return expand_chunk(c, o, names, std::span(statements).subspan(k * kChunk).first(
                                        std::min(kChunk, statements.size() - k * kChunk)),
                              document);
        },
        [&](std::size_t, StatementChunk chunk) {
          std::cerr << chunk.err;
          allowed |= chunk.allowed;
          denied |= chunk.denied;
          if (!json) {
            *out << std::string_view(chunk.out);
            return;
          }
          std::size_t begin = 0;
          for (std::size_t end : chunk.ends) {
            js->raw(std::string_view(chunk.out).substr(begin, end - begin));
            begin = end;
          }
        });
    const std::vector<ServiceCounts> allowed_counts = breakdown(c, allowed);
    keep_until_exit(std::move(pr));
    if (!json) {
      *out << "allowed: " << allowed.count() << " actions in " << allowed_counts.size()
           << " services; denied: " << denied.count() << " actions\n";
      continue;
    }
    js->end_array();
    js->key("allowed").begin_object().key("count").value(allowed.count()).key("services");
    write_breakdown(*js, names, allowed_counts);
    js->end_object();
    js->key("denied").begin_object().key("count").value(denied.count()).key("services");
    write_breakdown(*js, names, breakdown(c, denied));
    js->end_object();
    js->end_object();
  }
  if (json) {
    js->end_array().end_object();
    js->finish();
    std::cout << "\n";
  }
  keep_until_exit(std::move(src));
  return rc;
}

// The patterns of --from: one a line, surrounding blanks and a CR
// dropped, empty lines skipped. nullopt (after saying why) when the file
// cannot be read.
std::optional<std::vector<std::string>> read_pattern_lines(const std::string& path) {
  FileRead r = read_input_file(path, kMaxInputFile);
  if (!r.text) {
    std::cerr << "iamtrim: " << path << ": " << r.error << "\n";
    return std::nullopt;
  }
  std::vector<std::string> out;
  const std::string_view text = *r.text;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    if (!line.empty()) out.emplace_back(line);
  }
  return out;
}

int run_expand(Context& ctx, const ExpandOptions& given) {
  ExpandOptions o = given;  // with the patterns of --from added
  if (!o.policy.empty() && (!o.patterns.empty() || !o.from.empty()))
    throw CLI::ValidationError("expand", "give either action patterns (or --from FILE) or --policy FILE, not both");
  if (o.policy.empty() && o.patterns.empty() && o.from.empty())
    throw CLI::ValidationError("expand", "give either action patterns, --from FILE or --policy FILE");
  if (o.each && !o.policy.empty()) throw CLI::ValidationError("expand", "--each expands patterns; --policy expands statements");
  if (o.each && o.negate) throw CLI::ValidationError("expand", "--not takes the complement of the patterns' union, not of each");
  if (!o.from.empty()) {
    auto lines = read_pattern_lines(o.from);
    if (!lines) return kExitUsage;
    o.patterns.insert(o.patterns.end(), std::make_move_iterator(lines->begin()), std::make_move_iterator(lines->end()));
    if (o.patterns.empty()) {
      std::cerr << "iamtrim: " << o.from << ": no patterns in it\n";
      return kExitUsage;
    }
  }
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
  cmd->add_option("--from", o->from, "Read more patterns from this file, one a line ('-' for stdin)");
  cmd->add_flag("--each", o->each, "Expand each pattern on its own: its actions, or why it has none");
  cmd->add_option("--policy", o->policy, "Expand every statement of this policy file ('-' for stdin)");
  cmd->add_flag("--list", o->list, "With --policy: list every action, not only the counts");
  cmd->add_option("--jobs,-j", o->jobs,
                  "With --policy: read and expand statements on N threads (default 1: on 2 cores a second thread "
                  "costs more than it saves); the output is the same for every N")
      ->check(CLI::Range(1u, 1024u));
}

}  // namespace iamtrim::cli
