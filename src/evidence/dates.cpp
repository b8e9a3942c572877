// Civil-date arithmetic and the timestamp forms AWS prints. Written out by
// hand (no <chrono> calendar, no time zones) so the rules are visible: the
// only zones are explicit UTC offsets, and nothing reads the wall clock.
#include <cstdio>

#include "iamtrim/evidence.hpp"

namespace iamtrim {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<Days> date_at(std::string_view s, std::size_t& pos) {
  int y = 0, m = 0, d = 0;  // set by digits() before any use (GCC 12 cannot tell)
  if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, m) || !expect(s, pos, '-') ||
      !digits(s, pos, 2, d))
    return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, m)) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

}  // namespace

// The era-based algorithm: a 400-year era has a fixed 146097 days, and
// counting years from March puts the leap day last.
Days days_from_civil(int year, unsigned month, unsigned day) {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (month + 9) % 12;  // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(Days days, int& year, unsigned& month, unsigned& day) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

std::optional<Days> parse_date(std::string_view text) {
  std::size_t pos = 0;
  auto d = date_at(text, pos);
  if (!d || pos != text.size()) return std::nullopt;
  return d;
}

std::optional<TimeMs> parse_timestamp(std::string_view s) {
  std::size_t pos = 0;
  auto date = date_at(s, pos);
  if (!date || pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return std::nullopt;
  ++pos;
  int hh, mm, ss;
  if (!digits(s, pos, 2, hh) || !expect(s, pos, ':') || !digits(s, pos, 2, mm) || !expect(s, pos, ':') ||
      !digits(s, pos, 2, ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;  // AWS never prints leap seconds
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;  // no zone: ambiguous
  std::int64_t offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om;
    if (!digits(s, pos, 2, oh)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (!digits(s, pos, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_min = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const std::int64_t local_ms = *date * kMsPerDay + ((hh * 60 + mm) * 60 + ss) * 1000LL + ms;
  return local_ms - offset_min * 60'000;
}

std::optional<TimeMs> parse_epoch(std::string_view s, EpochUnit unit) {
  // Decimal digits with an optional fraction; exponents (1.7E9) are read too
  // because some JSON printers use them for large floats.
  std::size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && s[pos] == '-') {
    negative = true;
    ++pos;
  }
  std::int64_t whole = 0;
  std::string frac;
  std::size_t start = pos;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    if (whole > 1'000'000'000'000'000LL) return std::nullopt;
    whole = whole * 10 + (s[pos++] - '0');
  }
  if (pos == start) return std::nullopt;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') frac += s[pos++];
    if (frac.empty()) return std::nullopt;
  }
  int exponent = 0;
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    ++pos;
    int esign = 1;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) esign = s[pos++] == '-' ? -1 : 1;
    std::size_t es = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && exponent < 100) exponent = exponent * 10 + (s[pos++] - '0');
    if (pos == es) return std::nullopt;
    exponent *= esign;
  }
  if (pos != s.size()) return std::nullopt;
  // Scale to milliseconds: shift the decimal point by the exponent (+3 for seconds).
  int shift = exponent + (unit == EpochUnit::Seconds ? 3 : 0);
  std::string all = std::to_string(whole) + frac;
  int point = static_cast<int>(std::to_string(whole).size()) + shift;
  if (point > 19) return std::nullopt;
  std::int64_t ms = 0;
  for (int i = 0; i < point; ++i) ms = ms * 10 + (i < static_cast<int>(all.size()) && i >= 0 ? all[i] - '0' : 0);
  return negative ? -ms : ms;
}

namespace {

// Two digits of `v` (< 100) at `p`.
void put2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

// "YYYY-MM-DD" into `p` (10 characters) for a year of four digits; false
// for any other year, which takes printf's way ("%04d": a sign, more digits).
bool put_date(char* p, Days days) {
  int y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (y < 0 || y > 9999) return false;
  put2(p, static_cast<unsigned>(y) / 100);
  put2(p + 2, static_cast<unsigned>(y) % 100);
  p[4] = '-';
  put2(p + 5, m);
  p[7] = '-';
  put2(p + 8, d);
  return true;
}

std::string format_date_printf(Days days) {
  int y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

}  // namespace

// Account reports format a date or two for each of a million decisions:
// written digit by digit, without printf's format parsing.
std::string format_date(Days days) {
  char buf[10];
  if (!put_date(buf, days)) return format_date_printf(days);
  return std::string(buf, sizeof buf);
}

std::string format_timestamp(TimeMs time) {
  const Days day = day_of(time);
  std::int64_t rest = time - day * kMsPerDay;
  const auto ms = static_cast<unsigned>(rest % 1000);
  rest /= 1000;
  const auto seconds = static_cast<unsigned>(rest);
  std::string out;
  out.reserve(40);
  char date[10];
  if (put_date(date, day)) out.append(date, sizeof date);
  else out += format_date_printf(day);
  char clock[9] = {'T'};
  put2(clock + 1, seconds / 3600);
  clock[3] = ':';
  put2(clock + 4, seconds / 60 % 60);
  clock[6] = ':';
  put2(clock + 7, seconds % 60);
  out.append(clock, sizeof clock);
  if (ms) {
    out += '.';
    out += static_cast<char>('0' + ms / 100);
    put2(date, ms % 100);
    out.append(date, 2);
  }
  out += 'Z';
  return out;
}

}  // namespace iamtrim
