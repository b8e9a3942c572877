// Whom to collect evidence about, and the file each report goes to.
#include <algorithm>
#include <cctype>
#include <set>

#include "iamtrim/catalog.hpp"
#include "iamtrim/collect.hpp"

namespace iamtrim {
namespace {

bool iam_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("+=,.@_-").find(c) != std::string_view::npos;
}

std::string hex_escape(unsigned char c) {
  static const char* kHex = "0123456789ABCDEF";
  return std::string{'%', kHex[c >> 4], kHex[c & 15]};
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// A short, stable digest, to keep over-long names unique once cut.
std::string digest(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  std::string out;
  for (int i = 0; i < 12; ++i, h >>= 5) out += "0123456789abcdefghijklmnopqrstuv"[h & 31];
  return out;
}

SubjectKind kind_of(PrincipalType type) {
  switch (type) {
    case PrincipalType::User: return SubjectKind::User;
    case PrincipalType::Group: return SubjectKind::Group;
    case PrincipalType::Role: return SubjectKind::Role;
  }
  return SubjectKind::Role;
}

}  // namespace

std::string_view to_string(SubjectKind kind) {
  switch (kind) {
    case SubjectKind::User: return "user";
    case SubjectKind::Group: return "group";
    case SubjectKind::Role: return "role";
    case SubjectKind::Policy: return "policy";
    case SubjectKind::Organizations: return "organizations";
  }
  return "role";
}

std::string CollectSubject::label() const { return std::string(to_string(kind)) + "/" + name; }

std::string safe_file_name(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    // "X.request" would be X.request.json, which narrow reads as the
    // sidecar of X.json: escape that dot. '%' is not an IAM name character,
    // so the escapes cannot collide with a real name.
    const bool request_dot = c == '.' && i + 8 == name.size() && ends_with_ci(name, ".request");
    out += iam_name_char(c) && !request_dot ? std::string(1, c) : hex_escape(static_cast<unsigned char>(c));
  }
  if (out.empty()) out = "%00";
  // File names stop at 255 bytes; ".request.json" and a clash suffix need room.
  if (out.size() > 200) out = out.substr(0, 180) + "~" + digest(name);
  return out;
}

std::vector<CollectSubject> account_subjects(const Account& account, const SubjectsOptions& options) {
  std::vector<CollectSubject> out;
  for (const AccountPrincipal& p : account.principals)
    out.push_back({kind_of(p.type), p.name, p.arn, ""});
  if (options.policies)
    for (const ManagedPolicyInfo& m : account.managed)
      if (!m.aws_managed) out.push_back({SubjectKind::Policy, m.name, m.arn, ""});
  // Names are unique per kind and case-insensitive in IAM, so a clash can
  // only come from a hand-made input; it must still not share a file.
  std::set<std::string> taken;
  for (CollectSubject& s : out) {
    const std::string base = std::string(to_string(s.kind)) + "/" + safe_file_name(s.name);
    std::string file = base;
    for (int n = 2; !taken.insert(to_lower(file)).second; ++n) file = base + "~" + std::to_string(n);
    s.file = file;
  }
  return out;
}

CollectSubject organizations_subject(const std::string& path, std::string& error) {
  error.clear();
  // ^o-[0-9a-z]{10,32}/r-[0-9a-z]{4,32}[0-9a-z-/]*
  auto lower_alnum = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); };
  auto run = [&](std::size_t from) {
    std::size_t i = from;
    while (i < path.size() && lower_alnum(path[i])) ++i;
    return i - from;
  };
  bool ok = path.rfind("o-", 0) == 0;
  std::size_t org = ok ? run(2) : 0;
  ok = ok && org >= 10 && org <= 32 && path.compare(2 + org, 3, "/r-") == 0;
  std::size_t root = ok ? run(5 + org) : 0;
  ok = ok && root >= 4 && root <= 32 &&
       std::all_of(path.begin() + static_cast<std::ptrdiff_t>(5 + org + root), path.end(),
                   [&](char c) { return lower_alnum(c) || c == '-' || c == '/'; });
  if (!ok) {
    error = "'" + path + "' is not an Organizations entity path (o-ORGID/r-ROOTID[/ou-.../ACCOUNT])";
    return {};
  }
  std::string file = path;
  while (!file.empty() && file.back() == '/') file.pop_back();
  std::replace(file.begin(), file.end(), '/', '_');  // '_' is not in the path alphabet: no clash
  return {SubjectKind::Organizations, path, path, "organizations/" + file};
}

}  // namespace iamtrim
