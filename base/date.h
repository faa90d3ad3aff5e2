// Calendar dates (no time of day), as ISO 8601 "YYYY-MM-DD".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlgate {

struct Date {
  int year = 0, month = 0, day = 0;
  // Days since 1970-01-01 (proleptic Gregorian), for differences and comparisons.
  long DaysSinceEpoch() const;
  std::string ToString() const;  // YYYY-MM-DD
  auto operator<=>(const Date&) const = default;
};

// Strict YYYY-MM-DD naming a real day (2027-02-30 is rejected).
std::optional<Date> ParseDate(std::string_view text);

// The day `days` after 1970-01-01 (the inverse of Date::DaysSinceEpoch).
Date DateFromDays(long long days);

// Unix seconds as "2026-11-25T08:30:00Z" (to the minute: windows and report times).
std::string UtcMinute(long long seconds);

// A span of time written as a count and a unit: "12h", "30d", "2w". Returns seconds.
std::optional<long long> ParseDurationSeconds(std::string_view text);

// Today in UTC; MLGATE_TODAY=YYYY-MM-DD overrides it so that runs and tests are
// reproducible (a CI owner can pin the date a release is judged on).
Date Today();

}  // namespace mlgate
