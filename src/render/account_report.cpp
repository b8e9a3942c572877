// What account mode shows: the summary table on standard output, and the
// --report files, which are the one-policy narrowing reports of every judged
// policy plus what only the account as a whole knows (AWS-managed policies,
// evidence that names nobody, principals without evidence).
#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "iamtrim/account.hpp"
#include "iamtrim/text.hpp"
#include "render/json_stream.hpp"
#include "render/markdown.hpp"

namespace iamtrim {
namespace {

// A policy shared by a thousand roles must not make every row of the table
// a thousand names wide; --report has the full lists.
std::string short_list(const std::vector<std::string>& items) {
  constexpr std::size_t kShown = 3;
  if (items.empty()) return "-";
  if (items.size() <= kShown + 1) return join(items);
  return join({items.begin(), items.begin() + kShown}) + " and " + std::to_string(items.size() - kShown) +
         " more";
}

}  // namespace

std::string_view to_string(AccountOutcome outcome) {
  switch (outcome) {
    case AccountOutcome::Unchanged: return "unchanged";
    case AccountOutcome::Narrowed: return "narrowed";
    case AccountOutcome::Detach: return "detach";
    case AccountOutcome::KeptNoEvidence: return "kept-no-evidence";
    case AccountOutcome::AwsManaged: return "not-narrowable";
    case AccountOutcome::Failed: return "failed-verification";
  }
  return "unchanged";
}

std::string printable(std::string_view text) {
  static const char* kHex = "0123456789abcdef";
  auto hex = [](unsigned char c) { return std::string("\\x") + kHex[c >> 4] + kHex[c & 15]; };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c < 0x20 || c == 0x7f) out += hex(c);
    else if (c == '\\') out += "\\\\";
    else if (c == 0xc2 && next >= 0x80 && next <= 0x9f) out += hex(c) + hex(next), ++i;  // C1 controls (U+0080-U+009F)
    else out += static_cast<char>(c);
  }
  return out;
}

namespace {

// One code point of UTF-8 at `i` (advancing it); an invalid byte stands for
// itself, one column wide.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n <= 1 || i + n > s.size()) return ++i, c;
  char32_t cp = c & (0x7f >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return ++i, c;
    cp = (cp << 6) | (b(i + k) & 0x3f);
  }
  i += n;
  return cp;
}

// Columns a terminal gives a code point: none for combining marks and
// zero-width characters, two for East Asian wide and fullwidth ones and
// emoji, else one (the common ranges of Unicode's East Asian Width).
std::size_t columns(char32_t c) {
  if ((c >= 0x0300 && c <= 0x036f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) ||
      (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f) || (c >= 0x200b && c <= 0x200f) || c == 0xfeff)
    return 0;
  if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
      (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
      (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
    return 2;
  return 1;
}

// `text` cut to at most `width` columns with "…" in the middle: the start
// and the end of a name are what tell names apart ("role/payments-in…-42").
std::string fit(const std::string& text, std::size_t width) {
  if (display_width(text) <= width || width == 0) return text;
  std::vector<std::pair<std::size_t, std::size_t>> points;  // byte offset, columns
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    points.emplace_back(at, columns(next_code_point(text, i)));
  }
  const std::size_t room = width - 1, head_room = (room + 1) / 2;
  std::size_t head = 0, used = 0;  // code points kept at the start
  while (head < points.size() && used + points[head].second <= head_room) used += points[head++].second;
  std::size_t tail = points.size();  // first code point kept at the end
  while (tail > head && used + points[tail - 1].second <= room) used += points[--tail].second;
  // A combining mark stays with the character before it.
  while (tail < points.size() && points[tail].second == 0) ++tail;
  const std::size_t head_end = head < points.size() ? points[head].first : text.size();
  const std::size_t tail_start = tail < points.size() ? points[tail].first : text.size();
  return text.substr(0, head_end) + "\u2026" + text.substr(tail_start);
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) width += columns(next_code_point(text, i));
  return width;
}

std::string account_summary_table(const AccountNarrowResult& r, const SummaryTableOptions& options) {
  std::vector<std::vector<std::string>> rows = {
      {"OWNER", "POLICY", "KIND", "GRANTED", "REMOVED", "KEPT", "OUTCOME", "USED BY", "NO EVIDENCE"}};
  std::size_t granted = 0, removed = 0, kept = 0, due = 0;
  for (const AccountPolicyResult& p : r.policies) {
    std::string used_by = short_list(p.principals);
    if (p.narrowed && !p.arn.empty() && p.narrowed->principals == std::vector<std::string>{p.arn})
      used_by += " (the policy's own report)";
    const std::string missing = short_list(p.without_evidence);
    // Names come from the authorization details: a control character in one
    // must not reach the terminal raw.
    rows.push_back({printable(p.owner), printable(p.name), std::string(p.kind()), std::to_string(p.granted),
                    std::to_string(p.removed), std::to_string(p.kept), std::string(to_string(p.outcome)),
                    printable(used_by), printable(missing)});
    granted += p.granted, removed += p.removed, kept += p.kept, due += p.rewrite_due();
  }
  const std::size_t n = rows.front().size();
  std::vector<std::size_t> width(n, 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < n; ++i) width[i] = std::max(width[i], display_width(row[i]));
  // Too wide: first who uses a policy and who lacks evidence give way, down
  // to their headings; if that is not enough they are left out (the report,
  // the warnings above the table and --wide have them), and the owner and
  // the policy, which say what a row is, are cut a column at a time from the
  // wider: none narrower than its heading, then none narrower than kMin.
  constexpr std::size_t kMin = 6;
  std::size_t total = 2 * (n - 1);
  for (std::size_t w : width) total += w;
  bool cut = false, hidden = false;
  auto shrink = [&](std::initializer_list<std::size_t> columns, bool heading_floor) {
    while (options.max_width && total > options.max_width) {
      std::size_t* widest = nullptr;
      for (std::size_t i : columns) {
        const std::size_t floor = heading_floor ? std::max(kMin, display_width(rows.front()[i])) : kMin;
        if (width[i] > floor && (!widest || width[i] > *widest)) widest = &width[i];
      }
      if (!widest) return;  // as narrow as this step allows
      --*widest, --total, cut = true;
    }
  };
  shrink({7, 8}, true);
  if (options.max_width && total > options.max_width) {
    total -= width[7] + width[8] + 4;
    hidden = true;
    cut = false;  // nothing shown was cut yet
  }
  shrink({0, 1}, true);
  shrink({0, 1}, false);
  const std::size_t shown = hidden ? n - 2 : n;
  // Appended by hand: an account has tens of thousands of rows, and a
  // stream per cell cost more than narrowing some of them.
  std::string text;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < shown; ++i) {
      const bool number = i >= 3 && i <= 5;
      const std::string cell = cut ? fit(row[i], width[i]) : row[i];
      const std::size_t pad = width[i] - display_width(cell);
      if (i) line += "  ";
      if (number) line.append(pad, ' ');
      line += cell;
      if (!number && i + 1 < shown) line.append(pad, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line;
    text += '\n';
  }
  std::ostringstream out;
  out << text;
  out << r.policies.size() << " policies, " << due << " to rewrite; evidence as of " << (r.as_of.empty() ? "-" : r.as_of)
      << "\n";
  out << "actions: " << granted << " granted, " << removed << " removed, " << kept << " kept\n";
  if (hidden || cut)
    out << (hidden ? "USED BY and NO EVIDENCE left out" : "") << (hidden && cut ? ", " : "") << (cut ? "names cut" : "")
        << " to fit " << options.max_width << " columns: --wide shows all\n";
  return out.str();
}

namespace {

// What the summary says about one judged policy: how many of its granted
// actions were used, and its removals and keeps by reason; removals also by
// service, with their names.
struct PolicyCounts {
  std::size_t used = 0;
  std::map<std::string, std::map<std::string, std::vector<std::string>>> removed;  // service -> reason -> actions
  std::map<std::string, std::size_t> kept;                                         // reason -> actions
};

// From the policy's compact summary (AccountPolicyResult::decided), which
// counts each distinct action once, as the policy's counts do.
PolicyCounts counts_of(const Catalog& catalog, const AccountPolicyResult& p) {
  PolicyCounts c;
  if (!p.narrowed) return c;
  for (const auto& [action, reason] : p.decided.removed) {
    const std::string_view service = catalog.service_of(action).prefix;
    c.removed[std::string(service)][std::string(to_string(reason))].push_back(std::string(service) + ":" +
                                                                           std::string(catalog.action_name(action)));
  }
  for (const auto& [reason, count] : p.decided.kept) {
    c.kept[std::string(to_string(reason))] += count;
    if (reason == DecisionReason::Used) c.used += count;
  }
  for (auto& [service, reasons] : c.removed)
    for (auto& [reason, actions] : reasons) std::sort(actions.begin(), actions.end());
  return c;
}

constexpr std::string_view kThroughMembers = " (through its members)";

// "role/App" of a principals entry ("group/G (through its members)" -> "group/G").
std::string principal_of(const std::string& entry) {
  return entry.size() > kThroughMembers.size() && entry.ends_with(kThroughMembers)
             ? entry.substr(0, entry.size() - kThroughMembers.size())
             : entry;
}

struct PrincipalRow {
  std::size_t policies = 0, to_rewrite = 0, granted = 0, removed = 0, kept = 0;
  bool evidence = true;
};

// Per principal, in the order the policies name them: the sums over the
// policies it uses (a shared policy counts for each of its principals).
std::vector<std::pair<std::string, PrincipalRow>> principal_rows(const AccountNarrowResult& r) {
  std::vector<std::pair<std::string, PrincipalRow>> rows;
  std::map<std::string, std::size_t> at;
  for (const AccountPolicyResult& p : r.policies) {
    if (p.outcome == AccountOutcome::AwsManaged) continue;
    for (const std::string& entry : p.principals) {
      const std::string who = principal_of(entry);
      auto [it, added] = at.emplace(who, rows.size());
      if (added) rows.emplace_back(who, PrincipalRow{});
      PrincipalRow& row = rows[it->second].second;
      ++row.policies;
      row.to_rewrite += p.rewrite_due();
      row.granted += p.granted, row.removed += p.removed, row.kept += p.kept;
    }
  }
  for (const std::string& missing : r.without_evidence)
    if (auto it = at.find(missing); it != at.end()) rows[it->second].second.evidence = false;
  return rows;
}

std::string details_note(const AccountReportOptions& options) {
  if (!options.details_dir.empty())
    return "every decision of a policy, with its reason and evidence, is in its detail file under " +
           (std::filesystem::path(options.details_dir) / "details").string();
  return "the detail files (every decision of a policy, with its reason and evidence) were not written: run the same "
         "command with --out DIR to write them to DIR/details/";
}

}  // namespace

std::string details_path(const AccountPolicyResult& p) {
  return p.narrowed && !p.out_path.empty() ? "details/" + p.out_path : "";
}

std::string account_policy_details_json(const Catalog& catalog, const std::string& as_of, const AccountPolicyResult& p) {
  if (!p.narrowed) return narrow_report_json(catalog, std::vector<const NarrowedPolicy*>{}, as_of);
  return narrow_report_json(catalog, std::vector<const NarrowedPolicy*>{&*p.narrowed}, as_of);
}

std::string account_policy_details_json(const Catalog& catalog, const AccountNarrowResult& r,
                                        const AccountPolicyResult& p) {
  return account_policy_details_json(catalog, r.as_of, p);
}

std::string account_report_json(const Catalog& catalog, const AccountNarrowResult& r,
                                const AccountReportOptions& options) {
  using render::JsonStream;
  // The totals come first in the document: the policies are counted before
  // anything is written.
  std::vector<PolicyCounts> counts;
  counts.reserve(r.policies.size());
  std::size_t due = 0, granted = 0, used = 0, removed = 0, kept = 0;
  std::map<std::string, std::map<std::string, std::size_t>> by_service;  // service -> reason -> removals
  for (const AccountPolicyResult& p : r.policies) {
    counts.push_back(counts_of(catalog, p));
    due += p.rewrite_due(), granted += p.granted, used += counts.back().used, removed += p.removed, kept += p.kept;
    for (const auto& [service, reasons] : counts.back().removed)
      for (const auto& [reason, actions] : reasons) by_service[service][reason] += actions.size();
  }
  const auto principals = principal_rows(r);
  auto optional_string = [](JsonStream& js, const std::string& s) -> JsonStream& {
    return s.empty() ? js.null() : js.value(s);
  };
  // Written directly, laid out as dump(2) would (the tree of a large
  // account's report cost more than writing it), except that each principal
  // and each policy is one compact line: the report of thousands of
  // policies stays a few megabytes, and a line per entry is what grep and
  // jq -c users want.
  JsonStream js(2, 0);
  js.begin_object();
  js.key("catalog").value(catalog.version());
  js.key("catalog_date").value(catalog.date());
  js.key("as_of").value(r.as_of);
  js.key("totals").begin_object();
  js.key("policies").value(std::uint64_t{r.policies.size()});
  js.key("to_rewrite").value(std::uint64_t{due});
  js.key("granted").value(std::uint64_t{granted});
  js.key("used").value(std::uint64_t{used});
  js.key("removed").value(std::uint64_t{removed});
  js.key("kept").value(std::uint64_t{kept});
  js.key("principals").value(std::uint64_t{principals.size()});
  js.key("principals_without_evidence").value(std::uint64_t{r.without_evidence.size()});
  js.end_object();
  js.key("details").begin_object();
  optional_string(js.key("out"), options.details_dir);
  js.key("note").value(details_note(options));
  js.end_object();
  js.key("removed_by_service").begin_array();
  for (const auto& [service, reasons] : by_service) {
    std::size_t count = 0;
    for (const auto& [reason, n] : reasons) count += n;
    js.begin_object().key("service").value(service).key("removed").value(std::uint64_t{count});
    js.key("by_reason").begin_object();
    for (const auto& [reason, n] : reasons) js.key(reason).value(std::uint64_t{n});
    js.end_object().end_object();
  }
  js.end_array();
  js.key("principals").begin_array();
  for (const auto& [who, row] : principals) {
    JsonStream line(-1, 0);
    line.begin_object().key("principal").value(who).key("evidence").value(row.evidence);
    line.key("policies").value(std::uint64_t{row.policies}).key("to_rewrite").value(std::uint64_t{row.to_rewrite});
    line.key("granted").value(std::uint64_t{row.granted}).key("removed").value(std::uint64_t{row.removed});
    line.key("kept").value(std::uint64_t{row.kept}).end_object();
    js.raw(line.text());
  }
  js.end_array();
  js.key("policies").begin_array();
  for (std::size_t i = 0; i < r.policies.size(); ++i) {
    const AccountPolicyResult& p = r.policies[i];
    const PolicyCounts& c = counts[i];
    JsonStream line(-1, 0);
    line.begin_object().key("owner").value(p.owner).key("name").value(p.name);
    if (!p.arn.empty()) line.key("arn").value(p.arn);
    line.key("kind").value(p.kind()).key("outcome").value(to_string(p.outcome));
    line.key("granted").value(std::uint64_t{p.granted}).key("used").value(std::uint64_t{c.used});
    line.key("removed").value(std::uint64_t{p.removed}).key("kept").value(std::uint64_t{p.kept});
    line.key("principals").strings(p.principals);
    line.key("without_evidence").strings(p.without_evidence);
    optional_string(line.key("out"), p.out_path);
    optional_string(line.key("details"), details_path(p));
    line.key("removed_by_service").begin_array();
    for (const auto& [service, reasons] : c.removed) {
      std::size_t count = 0;
      for (const auto& [reason, actions] : reasons) count += actions.size();
      line.begin_object().key("service").value(service).key("count").value(std::uint64_t{count});
      line.key("reasons").begin_array();
      for (const auto& [reason, actions] : reasons) {
        line.begin_object().key("reason").value(reason).key("count").value(std::uint64_t{actions.size()});
        line.key("actions").strings(actions).end_object();
      }
      line.end_array().end_object();
    }
    line.end_array();
    line.key("kept_by_reason").begin_object();
    for (const auto& [reason, count] : c.kept) line.key(reason).value(std::uint64_t{count});
    line.end_object();
    if (!p.note().empty()) line.key("note").value(p.note());
    line.end_object();
    js.raw(line.text());
  }
  js.end_array();
  js.key("unmatched_evidence").begin_array();
  for (const UnmatchedEvidence& u : r.unmatched)
    js.begin_object().key("file").value(u.file).key("subject").value(u.subject).key("reason").value(u.reason).end_object();
  js.end_array();
  js.key("principals_without_evidence").strings(r.without_evidence);
  js.end_object();
  std::string text = js.take();
  text += '\n';
  return text;
}

namespace {

std::string md(std::string_view s) { return detail::markdown_cell(s); }

}  // namespace

std::string account_report_markdown(const Catalog& catalog, const AccountNarrowResult& r,
                                    const AccountReportOptions& options) {
  std::ostringstream out;
  std::size_t due = 0, granted = 0, used = 0, removed = 0, kept = 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_service;  // service -> removals, policies
  std::vector<PolicyCounts> counts;
  for (const AccountPolicyResult& p : r.policies) {
    counts.push_back(counts_of(catalog, p));
    due += p.rewrite_due(), granted += p.granted, used += counts.back().used, removed += p.removed, kept += p.kept;
    for (const auto& [service, reasons] : counts.back().removed) {
      auto& [n, policies] = by_service[service];
      for (const auto& [reason, actions] : reasons) n += actions.size();
      ++policies;
    }
  }
  const auto principals = principal_rows(r);
  out << "# Account narrowing report\n\n";
  out << "Catalog " << catalog.version() << " (" << catalog.date() << "), evidence as of "
      << (r.as_of.empty() ? "-" : r.as_of) << ".\n\n";
  out << "| principals | without evidence | policies | to rewrite | actions granted | used | removed | kept |\n"
      << "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
      << "| " << principals.size() << " | " << r.without_evidence.size() << " | " << r.policies.size() << " | " << due
      << " | " << granted << " | " << used << " | " << removed << " | " << kept << " |\n\n";
  out << "Details: " << details_note(options) << ".\n\n";
  out << "## Removed, by service\n\n";
  if (by_service.empty()) out << "None.\n\n";
  else {
    out << "| service | actions removed | policies |\n| --- | ---: | ---: |\n";
    for (const auto& [service, c] : by_service) out << "| " << service << " | " << c.first << " | " << c.second << " |\n";
    out << "\n";
  }
  out << "## Principals\n\n";
  if (principals.empty()) out << "None.\n\n";
  else {
    out << "| principal | evidence | policies | to rewrite | granted | removed | kept |\n"
        << "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n";
    for (const auto& [who, row] : principals)
      out << "| " << md(who) << " | " << (row.evidence ? "yes" : "**none**") << " | " << row.policies << " | "
          << row.to_rewrite << " | " << row.granted << " | " << row.removed << " | " << row.kept << " |\n";
    out << "\n";
  }
  out << "## Policies\n\n";
  if (r.policies.empty()) out << "None.\n\n";
  else {
    out << "| owner | policy | kind | outcome | granted | used | removed | kept | removed by service | details |\n"
        << "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n";
    for (std::size_t i = 0; i < r.policies.size(); ++i) {
      const AccountPolicyResult& p = r.policies[i];
      std::string services;
      for (const auto& [service, reasons] : counts[i].removed) {
        std::size_t n = 0;
        for (const auto& [reason, actions] : reasons) n += actions.size();
        services += (services.empty() ? "" : ", ") + service + " " + std::to_string(n);
      }
      const std::string details = details_path(p);
      out << "| " << md(p.owner) << " | " << md(p.name) << " | " << p.kind() << " | " << to_string(p.outcome) << " | "
          << p.granted << " | " << counts[i].used << " | " << p.removed << " | " << p.kept << " | "
          << (services.empty() ? "-" : services) << " | " << (details.empty() ? "-" : "`" + md(details) + "`") << " |\n";
    }
    out << "\n";
  }
  out << "## Not narrowable\n\n";
  bool any = false;
  for (const AccountPolicyResult& p : r.policies)
    if (p.outcome == AccountOutcome::AwsManaged) {
      out << "- `" << p.arn << "` (attached to " << (p.principals.empty() ? "nobody" : short_list(p.principals)) << "): "
          << p.note() << "\n";
      any = true;
    }
  out << (any ? "\n" : "None.\n\n") << "## Evidence that matches no principal\n\n";
  for (const UnmatchedEvidence& u : r.unmatched)
    out << "- " << u.file << " (" << (u.subject.empty() ? "no subject" : u.subject) << "): " << u.reason << "\n";
  out << (r.unmatched.empty() ? "None.\n\n" : "\n") << "## Principals without evidence\n\n";
  for (const std::string& p : r.without_evidence) out << "- " << p << "\n";
  out << (r.without_evidence.empty() ? "None.\n" : "");
  return out.str();
}

}  // namespace iamtrim
