#include "lint/condition_ops.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace iamtrim::lint {
namespace {

constexpr std::array<std::pair<std::string_view, OpFamily>, 27> kOperators = {{
    {"StringEquals", OpFamily::String},          {"StringNotEquals", OpFamily::String},
    {"StringEqualsIgnoreCase", OpFamily::String}, {"StringNotEqualsIgnoreCase", OpFamily::String},
    {"StringLike", OpFamily::String},            {"StringNotLike", OpFamily::String},
    {"NumericEquals", OpFamily::Numeric},        {"NumericNotEquals", OpFamily::Numeric},
    {"NumericLessThan", OpFamily::Numeric},      {"NumericLessThanEquals", OpFamily::Numeric},
    {"NumericGreaterThan", OpFamily::Numeric},   {"NumericGreaterThanEquals", OpFamily::Numeric},
    {"DateEquals", OpFamily::Date},              {"DateNotEquals", OpFamily::Date},
    {"DateLessThan", OpFamily::Date},            {"DateLessThanEquals", OpFamily::Date},
    {"DateGreaterThan", OpFamily::Date},         {"DateGreaterThanEquals", OpFamily::Date},
    {"Bool", OpFamily::Bool},                    {"BinaryEquals", OpFamily::Binary},
    {"IpAddress", OpFamily::Ip},                 {"NotIpAddress", OpFamily::Ip},
    {"ArnEquals", OpFamily::Arn},                {"ArnLike", OpFamily::Arn},
    {"ArnNotEquals", OpFamily::Arn},             {"ArnNotLike", OpFamily::Arn},
    {"Null", OpFamily::Null},
}};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool number(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  std::size_t dot = s.find('.');
  if (dot == std::string_view::npos) return all_digits(s);
  return all_digits(s.substr(0, dot)) && (dot + 1 == s.size() || all_digits(s.substr(dot + 1)));
}

// ISO 8601 as IAM reads it: a date, optionally a time; or epoch seconds.
bool date(std::string_view s) {
  if (all_digits(s)) return true;
  if (s.size() < 10 || !all_digits(s.substr(0, 4)) || s[4] != '-' || !all_digits(s.substr(5, 2)) ||
      s[7] != '-' || !all_digits(s.substr(8, 2)))
    return false;
  if (s.size() == 10) return true;
  return s[10] == 'T' && s.size() >= 16 && all_digits(s.substr(11, 2)) && s[13] == ':';
}

bool ipv4(std::string_view s) {
  int parts = 0;
  while (true) {
    std::size_t dot = s.find('.');
    std::string_view p = s.substr(0, dot);
    if (!all_digits(p) || p.size() > 3 || std::stoi(std::string(p)) > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  return parts == 4;
}

bool ip(std::string_view s) {
  std::size_t slash = s.find('/');
  if (slash != std::string_view::npos) {
    std::string_view bits = s.substr(slash + 1);
    if (!all_digits(bits) || bits.size() > 3) return false;
    s = s.substr(0, slash);
  }
  if (s.find(':') == std::string_view::npos) return ipv4(s);
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
  return s.size() >= 2;
}

}  // namespace

OpFamily op_family(std::string_view base) {
  for (const auto& [name, family] : kOperators)
    if (name == base) return family;
  return OpFamily::Unknown;
}

std::string_view operator_ignoring_case(std::string_view base) {
  for (const auto& [name, family] : kOperators)
    if (iequals(name, base)) return name;
  return "";
}

std::string_view to_string(OpFamily f) {
  switch (f) {
    case OpFamily::String: return "String";
    case OpFamily::Numeric: return "Numeric";
    case OpFamily::Date: return "Date";
    case OpFamily::Bool: return "Bool";
    case OpFamily::Binary: return "Binary";
    case OpFamily::Ip: return "IPAddress";
    case OpFamily::Arn: return "ARN";
    case OpFamily::Null: return "Null";
    case OpFamily::Unknown: break;
  }
  return "unknown";
}

KeyType key_type(std::string_view t) {
  KeyType k;
  if (t.substr(0, 7) == "ArrayOf") {
    k.multi = true;
    t.remove_prefix(7);
  }
  auto one = [](std::string_view x) {
    if (x == "String") return OpFamily::String;
    if (x == "Numeric" || x == "Long" || x == "Integer") return OpFamily::Numeric;
    if (x == "Date") return OpFamily::Date;
    if (x == "Bool" || x == "Boolean") return OpFamily::Bool;
    if (x == "Binary") return OpFamily::Binary;
    if (x == "IPAddress") return OpFamily::Ip;
    if (x == "ARN" || x == "Arn") return OpFamily::Arn;
    return OpFamily::Unknown;
  };
  std::size_t bar = t.find('|');
  k.first = one(t.substr(0, bar));
  if (bar != std::string_view::npos) k.second = one(t.substr(bar + 1));
  return k;
}

bool valid_value(OpFamily f, const Item& v) {
  if (v.kind == ValueKind::Opaque || has_policy_variable(v.text)) return true;
  const std::string& s = v.text;
  switch (f) {
    case OpFamily::Numeric: return number(s);
    case OpFamily::Date: return date(s);
    case OpFamily::Bool:
    case OpFamily::Null: return iequals(s, "true") || iequals(s, "false");
    case OpFamily::Ip: return ip(s);
    case OpFamily::Arn: return s.substr(0, 4) == "arn:" || s == "*";
    default: return true;
  }
}

}  // namespace iamtrim::lint
