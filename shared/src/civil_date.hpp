#pragma once
// Private: proleptic Gregorian dates <-> days since 1970-01-01 (Howard Hinnant's public-domain
// algorithms), so no conversion depends on the process's time zone or on timegm().

#include <cstdint>

namespace hostbridge::detail {

struct CivilTime {
    std::int64_t year;
    unsigned month, day, hour, minute, second, microsecond;
};

std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);

// Microseconds since the epoch <-> calendar time in UTC.
CivilTime civilFromMicroseconds(std::int64_t microseconds);
std::int64_t microsecondsFromCivil(const CivilTime& time);

}  // namespace hostbridge::detail
