// What account mode shows: the summary table on standard output, and the
// --report files, which are the one-policy narrowing reports of every judged
// policy plus what only the account as a whole knows (AWS-managed policies,
// evidence that names nobody, principals without evidence).
#include <nlohmann/json.hpp>
#include <sstream>

#include "evidence/coverage.hpp"
#include "iamtrim/account.hpp"

namespace iamtrim {
namespace {

using Json = nlohmann::ordered_json;

std::string kind_of(const AccountPolicyResult& p) {
  if (p.outcome == AccountOutcome::AwsManaged) return "aws-managed";
  return p.arn.empty() ? "inline" : "managed";
}

std::vector<const NarrowedPolicy*> judged(const AccountNarrowResult& r) {
  std::vector<const NarrowedPolicy*> out;
  for (const AccountPolicyResult& p : r.policies)
    if (p.narrowed) out.push_back(&*p.narrowed);
  return out;
}

// A policy shared by a thousand roles must not make every row of the table
// a thousand names wide; --report has the full lists.
std::string short_list(const std::vector<std::string>& items) {
  constexpr std::size_t kShown = 3;
  if (items.empty()) return "-";
  if (items.size() <= kShown + 1) return evidence::join(items);
  return evidence::join({items.begin(), items.begin() + kShown}) + " and " + std::to_string(items.size() - kShown) +
         " more";
}

constexpr const char* kAwsManagedNote =
    "AWS owns this policy, so it cannot be edited: to narrow it, replace it with a customer-managed copy and "
    "narrow that";

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

std::string account_summary_table(const AccountNarrowResult& r) {
  std::vector<std::vector<std::string>> rows = {
      {"OWNER", "POLICY", "KIND", "GRANTED", "REMOVED", "KEPT", "OUTCOME", "USED BY", "NO EVIDENCE FOR"}};
  for (const AccountPolicyResult& p : r.policies) {
    std::string used_by = short_list(p.principals);
    if (p.narrowed && !p.arn.empty() && p.narrowed->principals == std::vector<std::string>{p.arn})
      used_by += " (the policy's own report)";
    const std::string missing = short_list(p.without_evidence);
    // Names come from the authorization details: a control character in one
    // must not reach the terminal raw.
    rows.push_back({printable(p.owner), printable(p.name), kind_of(p), std::to_string(p.granted),
                    std::to_string(p.removed), std::to_string(p.kept), std::string(to_string(p.outcome)),
                    printable(used_by), printable(missing)});
  }
  std::vector<std::size_t> width(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  // Appended by hand: an account has tens of thousands of rows, and a
  // stream per cell cost more than narrowing some of them.
  std::string text;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool number = i >= 3 && i <= 5;
      if (i) text += "  ";
      if (number) text.append(width[i] - row[i].size(), ' ');
      text += row[i];
      if (!number && i + 1 < row.size()) text.append(width[i] - row[i].size(), ' ');
    }
    text += '\n';
  }
  std::ostringstream out;
  out << text;
  std::size_t due = 0;
  for (const AccountPolicyResult& p : r.policies) due += p.rewrite_due();
  out << r.policies.size() << " policies, " << due << " to rewrite; evidence as of " << (r.as_of.empty() ? "-" : r.as_of)
      << "\n";
  return out.str();
}

std::string account_report_json(const Catalog& catalog, const AccountNarrowResult& r) {
  Json policies = Json::array();
  for (const AccountPolicyResult& p : r.policies) {
    Json e;
    e["owner"] = p.owner;
    e["name"] = p.name;
    if (!p.arn.empty()) e["arn"] = p.arn;
    e["kind"] = kind_of(p);
    e["outcome"] = std::string(to_string(p.outcome));
    e["granted"] = p.granted;
    e["removed"] = p.removed;
    e["kept"] = p.kept;
    e["principals"] = p.principals;
    e["without_evidence"] = p.without_evidence;
    e["out"] = p.out_path.empty() ? Json() : Json(p.out_path);
    if (p.outcome == AccountOutcome::AwsManaged) e["note"] = kAwsManagedNote;
    policies.push_back(std::move(e));
  }
  Json unmatched = Json::array();
  for (const UnmatchedEvidence& u : r.unmatched) unmatched.push_back({{"file", u.file}, {"subject", u.subject}, {"reason", u.reason}});
  Json account;
  account["account"] = {{"summary", std::move(policies)},
                        {"unmatched_evidence", std::move(unmatched)},
                        {"principals_without_evidence", r.without_evidence}};
  // The narrowing report with "account" as its last key: the two texts are
  // joined rather than the report parsed back into a tree (hundreds of
  // megabytes for a large account). {"account": ...} dumped alone is indented
  // as it is inside the report; its braces are dropped.
  std::string text = narrow_report_json(catalog, judged(r), r.as_of);
  const std::string part = account.dump(2, ' ', false, Json::error_handler_t::replace);
  text.erase(text.size() - std::string_view("\n}\n").size());
  text += ",\n";
  text.append(part, 2, part.size() - 2 - 2);  // without "{\n" and "\n}"
  text += "\n}\n";
  return text;
}

std::string account_report_markdown(const Catalog& catalog, const AccountNarrowResult& r) {
  std::ostringstream out;
  out << narrow_report_markdown(catalog, judged(r), r.as_of);
  out << "## Account summary\n\n```\n" << account_summary_table(r) << "```\n\n";
  out << "### Not narrowable\n\n";
  bool any = false;
  for (const AccountPolicyResult& p : r.policies)
    if (p.outcome == AccountOutcome::AwsManaged) {
      out << "- `" << p.arn << "` (attached to " << (p.principals.empty() ? "nobody" : evidence::join(p.principals)) << "): "
          << kAwsManagedNote << "\n";
      any = true;
    }
  out << (any ? "\n" : "None.\n\n") << "### Evidence that matches no principal\n\n";
  for (const UnmatchedEvidence& u : r.unmatched)
    out << "- " << u.file << " (" << (u.subject.empty() ? "no subject" : u.subject) << "): " << u.reason << "\n";
  out << (r.unmatched.empty() ? "None.\n\n" : "\n") << "### Principals without evidence\n\n";
  for (const std::string& p : r.without_evidence) out << "- " << p << "\n";
  out << (r.without_evidence.empty() ? "None.\n" : "");
  return out.str();
}

}  // namespace iamtrim
