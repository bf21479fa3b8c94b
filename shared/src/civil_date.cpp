#include "civil_date.hpp"

#include <string>

namespace hostbridge::detail {

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Microseconds since 1970 reach about 292,000 years either way; a round bound well inside it.
constexpr std::int64_t kMaxYear = 200000;

std::string civilProblem(const CivilTime& t) {
    static const char* const monthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                             "July",    "August",   "September", "October", "November", "December"};
    auto outside = [](const char* field, unsigned value, const char* range) {
        return std::string(field) + " " + std::to_string(value) + " is not " + range;
    };
    // Years past these would overflow microseconds since 1970 (xmlrpc-c reads any unsigned year).
    if (t.year < -kMaxYear || t.year > kMaxYear)
        return "year " + std::to_string(t.year) + " is not -" + std::to_string(kMaxYear) + "-" +
               std::to_string(kMaxYear);
    if (t.month < 1 || t.month > 12) return outside("month", t.month, "1-12");
    const bool leap = (t.year % 4 == 0 && t.year % 100 != 0) || t.year % 400 == 0;
    static const unsigned monthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const unsigned days = monthDays[t.month - 1] + (t.month == 2 && leap ? 1 : 0);
    if (t.day < 1 || t.day > days)
        return "day " + std::to_string(t.day) + " does not exist in " + monthNames[t.month - 1] + " " +
               std::to_string(t.year);
    if (t.hour > 23) return outside("hour", t.hour, "0-23");
    if (t.minute > 59) return outside("minute", t.minute, "0-59");
    if (t.second > 59) return outside("second", t.second, "0-59 (leap seconds are not kept)");
    if (t.microsecond > 999999) return outside("microsecond", t.microsecond, "0-999999");
    return {};
}

CivilTime civilFromMicroseconds(std::int64_t us) {
    std::int64_t seconds = us / 1000000, micro = us % 1000000;
    if (micro < 0) {
        micro += 1000000;
        --seconds;
    }
    std::int64_t days = seconds / 86400, secOfDay = seconds % 86400;
    if (secOfDay < 0) {
        secOfDay += 86400;
        --days;
    }
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    CivilTime t{};
    t.day = doy - (153 * mp + 2) / 5 + 1;
    t.month = mp < 10 ? mp + 3 : mp - 9;
    t.year = static_cast<std::int64_t>(yoe) + era * 400 + (t.month <= 2);
    t.hour = static_cast<unsigned>(secOfDay / 3600);
    t.minute = static_cast<unsigned>(secOfDay % 3600 / 60);
    t.second = static_cast<unsigned>(secOfDay % 60);
    t.microsecond = static_cast<unsigned>(micro);
    return t;
}

std::int64_t microsecondsFromCivil(const CivilTime& t) {
    const std::int64_t seconds =
        daysFromCivil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
    return seconds * 1000000 + t.microsecond;
}

}  // namespace hostbridge::detail
