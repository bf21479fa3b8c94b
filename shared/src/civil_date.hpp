#pragma once
// Private: proleptic Gregorian dates <-> days since 1970-01-01 (Howard Hinnant's public-domain
// algorithms), so no conversion depends on the process's time zone or on timegm().

#include <cstdint>
#include <string>

namespace hostbridge::detail {

struct CivilTime {
    std::int64_t year;
    unsigned month, day, hour, minute, second, microsecond;
};

std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);

// What makes `time` a date and time that does not exist or cannot be kept (a year beyond
// +-200,000), naming the field ("day 31 does not exist in February 2023", "hour 24 is not
// 0-23", "second 60 is not 0-59 (leap seconds are not kept)"), or "" when it exists. Callers refuse such times instead
// of letting microsecondsFromCivil roll them into another day.
std::string civilProblem(const CivilTime& time);

// Microseconds since the epoch <-> calendar time in UTC.
CivilTime civilFromMicroseconds(std::int64_t microseconds);
std::int64_t microsecondsFromCivil(const CivilTime& time);

}  // namespace hostbridge::detail
