#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "iamtrim/evidence.hpp"

namespace iamtrim {
namespace {

TEST(Dates, CivilRoundTripOverFourCenturies) {
  // Every day from 1900 to 2300 converts to a date and back.
  const Days first = days_from_civil(1900, 1, 1), last = days_from_civil(2300, 12, 31);
  for (Days d = first; d <= last; ++d) {
    int y;
    unsigned m, day;
    civil_from_days(d, y, m, day);
    ASSERT_EQ(days_from_civil(y, m, day), d) << y << "-" << m << "-" << day;
  }
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2);  // 2000 is a leap year
  EXPECT_EQ(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1);  // 1900 is not
  EXPECT_EQ(format_date(days_from_civil(2021, 4, 7)), "2021-04-07");
}

TEST(Dates, ParseDate) {
  EXPECT_EQ(parse_date("2023-05-23"), days_from_civil(2023, 5, 23));
  EXPECT_EQ(parse_date("2024-02-29"), days_from_civil(2024, 2, 29));
  for (const char* bad : {"2023-02-29", "2023-13-01", "2023-00-10", "2023-5-23", "2023-05-23T00:00:00Z", "", "20230523"})
    EXPECT_FALSE(parse_date(bad)) << bad;
}

TEST(Dates, EveryTimestampFormAwsPrints) {
  const struct {
    const char* text;
    const char* utc;
  } cases[] = {
      {"2019-10-01T03:50:35Z", "2019-10-01T03:50:35Z"},                   // IAM via CLI v1
      {"2019-10-01T03:50:35.929Z", "2019-10-01T03:50:35.929Z"},           // with milliseconds
      {"2019-10-01T03:50:35+00:00", "2019-10-01T03:50:35Z"},              // CLI v2
      {"2024-07-22T20:40:58.413698+00:00", "2024-07-22T20:40:58.413Z"},  // microseconds, truncated
      {"2019-10-01 03:50:35+00:00", "2019-10-01T03:50:35Z"},              // Python str(datetime)
      {"2019-10-01T03:50:35.5+00:00", "2019-10-01T03:50:35.500Z"},
      {"2020-01-05T11:12:13-05:00", "2020-01-05T16:12:13Z"},
      {"2020-01-01T01:00:00+05:30", "2019-12-31T19:30:00Z"},              // crosses the year
      {"2020-03-01T00:30:00+0100", "2020-02-29T23:30:00Z"},               // offset without colon, leap day
      {"2021-04-19t10:00:00z", "2021-04-19T10:00:00Z"},
  };
  for (const auto& c : cases) {
    auto t = parse_timestamp(c.text);
    ASSERT_TRUE(t) << c.text;
    EXPECT_EQ(format_timestamp(*t), c.utc) << c.text;
  }
}

TEST(Dates, RefusesAmbiguousOrBrokenTimestamps) {
  for (const char* bad : {"2019-10-01T03:50:35", "2019-10-01", "2019-10-01T24:00:00Z", "2019-10-01T03:60:00Z",
                          "2019-02-30T00:00:00Z", "2019-10-01T03:50:35.Z", "2019-10-01T03:50Z", "Sat, 11 Jan 2020 21:28:22 GMT",
                          "2019-10-01T03:50:35+25:00", "2019-10-01T03:50:35Z trailing", ""})
    EXPECT_FALSE(parse_timestamp(bad)) << bad;
}

TEST(Dates, EpochSecondsAndMilliseconds) {
  EXPECT_EQ(parse_epoch("1716967537", EpochUnit::Seconds), 1716967537000);
  EXPECT_EQ(parse_epoch("1716967537.25", EpochUnit::Seconds), 1716967537250);
  EXPECT_EQ(parse_epoch("1.716967537E9", EpochUnit::Seconds), 1716967537000);
  EXPECT_EQ(parse_epoch("1578778102000", EpochUnit::Milliseconds), 1578778102000);
  EXPECT_EQ(parse_epoch("0", EpochUnit::Milliseconds), 0);
  EXPECT_EQ(format_timestamp(*parse_epoch("1716967537", EpochUnit::Seconds)), "2024-05-29T07:25:37Z");
  for (const char* bad : {"", "-", "1.", "abc", "12e", "1e99"}) EXPECT_FALSE(parse_epoch(bad, EpochUnit::Seconds)) << bad;
}

TEST(Dates, DayOfRoundsTowardsThePast) {
  EXPECT_EQ(day_of(0), 0);
  EXPECT_EQ(day_of(kMsPerDay - 1), 0);
  EXPECT_EQ(day_of(-1), -1);
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59.999Z");
}

// The digit-by-digit formatting against the standard library's calendar
// and printf: every day from 1900 to 2100, the edges of four-digit years
// (printf's way beyond them), and the fractions of a second.
TEST(Dates, FormattingAgreesWithTheStandardCalendar) {
  namespace ch = std::chrono;
  auto expected_date = [](Days days) {
    const ch::year_month_day ymd{ch::sys_days{ch::days{days}}};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return std::string(buf);
  };
  const Days first = days_from_civil(1900, 1, 1), last = days_from_civil(2100, 12, 31);
  for (Days d = first; d <= last; ++d) ASSERT_EQ(format_date(d), expected_date(d)) << d;
  for (Days d : {days_from_civil(0, 1, 1), days_from_civil(0, 1, 1) - 1, days_from_civil(9999, 12, 31),
                 days_from_civil(9999, 12, 31) + 1, days_from_civil(-200, 6, 15), days_from_civil(12345, 2, 3)})
    EXPECT_EQ(format_date(d), expected_date(d)) << d;
  EXPECT_EQ(format_date(days_from_civil(0, 1, 1) - 1), "-001-12-31");
  EXPECT_EQ(format_date(days_from_civil(9999, 12, 31) + 1), "10000-01-01");
  const TimeMs noon = days_from_civil(2024, 2, 29) * kMsPerDay + 12 * 3600 * 1000;
  EXPECT_EQ(format_timestamp(noon), "2024-02-29T12:00:00Z");
  EXPECT_EQ(format_timestamp(noon + 1), "2024-02-29T12:00:00.001Z");
  EXPECT_EQ(format_timestamp(noon + 59'010), "2024-02-29T12:00:59.010Z");
  EXPECT_EQ(format_timestamp(noon + 11 * 3600 * 1000 + 59 * 60'000 + 59'999), "2024-02-29T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(noon + 12 * 3600 * 1000), "2024-03-01T00:00:00Z");
  EXPECT_EQ(format_timestamp((days_from_civil(9999, 12, 31) + 1) * kMsPerDay + 5'120), "10000-01-01T00:00:05.120Z");
}

}  // namespace
}  // namespace iamtrim
