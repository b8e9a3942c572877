// The JSON narrowing report: one entry per removed or kept action, so tools
// can join it with anything else keyed by action name.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <type_traits>

#include "iamtrim/narrow.hpp"
#include "parse/json_writer.hpp"
#include "render/json_stream.hpp"

namespace iamtrim {
namespace {

using Json = nlohmann::ordered_json;
using namespace std::string_view_literals;

// A string's JSON form, kept while the same facts repeat: a policy's
// outcomes share a handful of reports and tracking rules, so their file,
// subject and rule are checked and escaped once per run of the same facts
// rather than once per action.
template <typename Facts>
class Cached {
 public:
  // The JSON forms of `fields(facts)`, remade when `facts` is another object.
  template <typename Fields>
  const std::vector<std::string>& of(const Facts* facts, Fields fields) {
    if (!made_ || facts != facts_) {
      made_ = true;
      facts_ = facts;
      texts_.clear();
      for (std::string_view field : fields()) {
        std::string& t = texts_.emplace_back();
        render::append_json_value(t, field);
      }
    }
    return texts_;
  }

 private:
  bool made_ = false;
  const Facts* facts_ = nullptr;
  std::vector<std::string> texts_;
};

// One piece of text written through a cursor, without a capacity check per
// piece: start() makes room for at most `bytes` (the buffer is kept from
// piece to piece, never zero-filled), text() is what was written since.
class Cursor {
 public:
  void start(std::size_t bytes) {
    if (bytes > size_) {
      size_ = std::max(bytes, 2 * size_);
      bytes_ = std::make_unique_for_overwrite<char[]>(size_);
    }
    at_ = bytes_.get();
  }
  std::string_view text() const { return {bytes_.get(), static_cast<std::size_t>(at_ - bytes_.get())}; }

  Cursor& operator<<(std::string_view s) {
    std::memcpy(at_, s.data(), s.size());
    at_ += s.size();
    return *this;
  }
  Cursor& operator<<(char c) {
    *at_++ = c;
    return *this;
  }
  // A number, as std::to_string writes it (room for 20 characters).
  template <typename N>
    requires std::is_integral_v<N>
  Cursor& operator<<(N n) {
    at_ = std::to_chars(at_, at_ + 20, n).ptr;
    return *this;
  }

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0;
  char* at_ = nullptr;
};

// A string as a JSON value: `plain` (nothing to escape) between quotes as it
// is, else escaped into `escaped` first (rare: names from the account).
struct JsonValue {
  explicit JsonValue(std::string_view s) : text(s), plain(detail::plain_json_chars(s)) {
    if (!plain) render::append_json_value(escaped, s);
  }
  std::size_t size() const { return plain ? text.size() + 2 : escaped.size(); }
  std::string_view text;
  bool plain;
  std::string escaped;
};

Cursor& operator<<(Cursor& c, const JsonValue& v) {
  if (!v.plain) return c << std::string_view(v.escaped);
  return c << '"' << v.text << '"';
}

// The removed or kept outcomes of a policy, as dump(2) writes their array
// where it sits in the document (a member of a policy, in "policies"): an
// object per action with its members ten spaces in. Written directly: they
// are nearly all of an account's detail files (about a million entries at
// 5,000 roles), and a tree of each cost most of the time of --report.
void append_outcomes(std::string& out, const Catalog& c, const std::vector<ActionOutcome>& outcomes) {
  if (outcomes.empty()) {
    out += "[]"sv;
    return;
  }
  constexpr std::string_view kElement = "        ", kMember = ",\n          ";
  // What an entry writes besides its strings: members' names, indentation
  // and punctuation (320 bytes counted with "null" and the action's quotes)
  // and two numbers (20 each), with room to spare.
  constexpr std::size_t kFrame = 512;
  // An entry is about 600 bytes of names and sentences: room is made once
  // (at least doubling, so a report of many policies still grows geometrically).
  if (const std::size_t need = out.size() + outcomes.size() * 640; need > out.capacity())
    out.reserve(std::max(need, 2 * out.capacity()));
  Cached<ReportFacts> report;
  Cached<TrackingFacts> tracking;
  Cursor cursor;  // each entry is written here, then appended whole
  out += '[';
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const ActionOutcome& o = outcomes[i];
    const EvidenceRef& e = o.decision.evidence;
    const auto& facts = report.of(e.report.get(), [&e] { return std::array<std::string_view, 3>{e.file(), e.subject(), e.job_date()}; });
    const auto& rule = tracking.of(e.tracking.get(), [&e] { return std::array<std::string_view, 2>{e.tracking_start(), e.rule()}; });
    // Catalog names are plain ASCII, written as they are without a copy
    // (checked all the same: a catalog can be extended).
    const std::string_view prefix = c.service_of(o.action).prefix, name = c.action_name(o.action);
    const bool plain_action = detail::plain_json_chars(prefix) && detail::plain_json_chars(name);
    std::string action;
    if (!plain_action) render::append_json_value(action, c.full_name(o.action));
    const std::string last = e.last_accessed_at ? e.last_accessed() : std::string();
    const JsonValue last_accessed(last), detail(o.decision.detail), kept_by(o.kept_by);
    const std::string_view reason = to_string(o.decision.reason);
    cursor.start(kFrame + prefix.size() + name.size() + action.size() + reason.size() + facts[0].size() +
                facts[1].size() + facts[2].size() + last_accessed.size() + rule[0].size() + rule[1].size() +
                detail.size() + kept_by.size());
    cursor << (i ? ",\n"sv : "\n"sv) << kElement << "{\n          \"action\": "sv;
    if (plain_action) cursor << '"' << prefix << ':' << name << '"';
    else cursor << std::string_view(action);
    cursor << kMember << "\"statement\": "sv << o.statement;
    cursor << kMember << "\"reason\": \""sv << reason << '"';
    cursor << kMember << "\"evidence\": "sv << std::string_view(facts[0]);
    cursor << kMember << "\"subject\": "sv << std::string_view(facts[1]);
    cursor << kMember << "\"job_date\": "sv << std::string_view(facts[2]);
    cursor << kMember << "\"last_accessed\": "sv;
    if (!e.last_accessed_at) cursor << "null"sv;
    else cursor << last_accessed;
    cursor << kMember << "\"tracking_start\": "sv << std::string_view(rule[0]);
    cursor << kMember << "\"window_days\": "sv << e.window_days;
    cursor << kMember << "\"rule\": "sv << std::string_view(rule[1]);
    cursor << kMember << "\"detail\": "sv << detail;
    if (!o.kept_by.empty()) cursor << kMember << "\"kept_by\": "sv << kept_by;
    cursor << "\n"sv << kElement << '}';
    out += cursor.text();
  }
  out += "\n      ]"sv;
}

void write_size(render::JsonStream& js, const SizeReport& s) {
  js.begin_object();
  js.key("catalog").value(s.catalog_version);
  js.key("compressed").value(s.compressed);
  js.key("characters").value(std::uint64_t{s.size});
  js.key("quota");
  if (s.quota) js.value(std::uint64_t{*s.quota});
  else js.null();
  js.key("quota_name").value(s.quota_name);
  js.key("fits").value(s.fits);
  js.key("split").begin_array();
  for (const std::vector<std::size_t>& part : s.split) {
    js.begin_array();
    for (std::size_t statement : part) js.value(std::uint64_t{statement});
    js.end_array();
  }
  js.end_array();
  js.key("message").value(s.message);
  js.end_object();
}

// A policy's members up to its outcomes, as dump(2) lays them out where the
// policy sits in the document (an element of "policies"); the object is
// left open for "removed" and "kept".
void write_policy_head(render::JsonStream& js, const NarrowedPolicy& p) {
  const NarrowResult& r = p.result;
  js.begin_object();
  js.key("file").value(p.file);
  if (!p.pointer.empty()) js.key("pointer").value(p.pointer);
  if (!p.owner.empty()) js.key("owner").value(p.owner);
  if (!p.name.empty()) js.key("name").value(p.name);
  if (!p.principals.empty()) js.key("principals").strings(p.principals);
  js.key("result").value(r.detach ? "detach" : r.changed ? "narrowed" : "unchanged");
  js.key("verified").value(r.verification.ok);
  if (!r.verification.ok) js.key("violations").strings(r.verification.violations);
  if (r.changed) write_size(js.key("size"), r.size);
  if (!r.parts.empty()) {
    // The split --split writes, each within the quota: policy documents,
    // laid out by a tree's dump at this depth (rare, and small).
    Json parts = Json::array();
    for (const Policy& part : r.parts) parts.push_back(Json::parse(write_policy(part, {.pretty = false})));
    std::string laid_out;
    for (char ch : parts.dump(2, ' ', false, Json::error_handler_t::replace))
      laid_out += ch == '\n' ? std::string_view("\n      ") : std::string_view(&ch, 1);
    js.key("parts").raw(laid_out);
  }
  js.key("notes").strings(p.notes);
  js.key("statements").begin_array();
  for (const StatementChange& s : r.statements) {
    js.begin_object();
    js.key("index").value(std::uint64_t{s.index});
    js.key("new_index");
    if (s.new_index) js.value(std::uint64_t{*s.new_index});
    else js.null();
    if (!s.sid.empty()) js.key("sid").value(s.sid);
    js.key("outcome").value(to_string(s.outcome));
    js.key("line").value(std::uint64_t{s.span.begin.line});
    js.key("not_action").value(s.was_not_action);
    js.key("replaced_items").strings(s.replaced_items);
    js.key("granted").value(std::uint64_t{s.granted});
    js.key("removed").value(std::uint64_t{s.removed});
    if (!s.low_risk.empty()) {
      js.key("low_risk_wildcards").begin_array();
      for (const StatementChange::LowRiskKeep& k : s.low_risk)
        js.begin_object().key("item").value(k.item).key("unused").value(std::uint64_t{k.unused}).end_object();
      js.end_array();
    }
    js.end_object();
  }
  js.end_array();
}

}  // namespace

std::string narrow_report_json(const Catalog& c, const std::vector<NarrowedPolicy>& policies,
                               const std::string& as_of) {
  std::vector<const NarrowedPolicy*> all;
  for (const NarrowedPolicy& p : policies) all.push_back(&p);
  return narrow_report_json(c, all, as_of);
}

std::string narrow_report_json(const Catalog& c, const std::vector<const NarrowedPolicy*>& policies,
                               const std::string& as_of) {
  // The bytes of the whole document's dump(2), written directly: an
  // account's detail files are about a gigabyte at 5,000 roles, and a tree
  // of each policy cost more than writing it.
  render::JsonStream head(2, 0);
  head.begin_object().key("catalog").value(c.version()).key("catalog_date").value(c.date());
  head.key("as_of").value(as_of).key("policies");
  std::string text(head.text());
  if (policies.empty()) return text + "[]\n}\n";
  text += "[";
  for (std::size_t i = 0; i < policies.size(); ++i) {
    render::JsonStream policy(2, 2);  // an element of "policies"
    write_policy_head(policy, *policies[i]);
    text += i ? ",\n    "sv : "\n    "sv;
    text += policy.text();
    text += ",\n      \"removed\": "sv;
    append_outcomes(text, c, policies[i]->result.removed);
    text += ",\n      \"kept\": "sv;
    append_outcomes(text, c, policies[i]->result.kept);
    text += "\n    }"sv;
  }
  text += "\n  ]\n}\n"sv;
  return text;
}

}  // namespace iamtrim
