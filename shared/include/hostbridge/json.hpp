#pragma once
// JSON text <-> Value, for command lines and scripts (hostbridge-call, connection files).
// JSON has no dates or bytes: they are written as {"$dateTime": "2026-11-21T10:00:00Z"} and
// {"$base64": "..."}, and read back from the same shapes.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "hostbridge/shared_export.hpp"
#include "hostbridge/value.hpp"

namespace hostbridge {

// JSON text that is JSON but cannot become a Value unchanged: an integer beyond 64 bits, a
// number beyond a double's range (1e400), nesting deeper than kMaxValueDepth. An
// invalid_argument, so code that takes any error as "not JSON" still refuses it.
class HOSTBRIDGE_SHARED_EXPORT JsonRangeError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Throws std::invalid_argument with the position of the error for text that is not JSON (or a
// tagged object with invalid base64 or a date that does not exist, the field named), and
// JsonRangeError for what XML-RPC cannot carry, never changing a value to something else.
// Whole numbers become Int, others Double.
HOSTBRIDGE_SHARED_EXPORT Value parseJson(std::string_view text);

// `indent` < 0: one line; otherwise pretty-printed with that many spaces. Throws
// ConversionError for a value nested deeper than kMaxValueDepth.
HOSTBRIDGE_SHARED_EXPORT std::string toJson(const Value& value, int indent = -1);

// "2026-11-21T10:00:00Z" (microseconds shown when not zero); parsing accepts that form and the
// XML-RPC form "20261121T10:00:00", and gives nullopt for a date that does not exist.
HOSTBRIDGE_SHARED_EXPORT std::string formatDateTime(DateTime time);
HOSTBRIDGE_SHARED_EXPORT std::optional<DateTime> parseDateTime(std::string_view text);

}  // namespace hostbridge
