#pragma once
// JSON text <-> Value, for command lines and scripts (hostbridge-call, connection files).
// JSON has no dates or bytes: they are written as {"$dateTime": "2026-11-21T10:00:00Z"} and
// {"$base64": "..."}, and read back from the same shapes.

#include <optional>
#include <string>
#include <string_view>

#include "hostbridge/shared_export.hpp"
#include "hostbridge/value.hpp"

namespace hostbridge {

// Throws std::invalid_argument with the position of the error for text that is not JSON.
// Whole numbers become Int (if they fit in 64 bits), others Double.
HOSTBRIDGE_SHARED_EXPORT Value parseJson(std::string_view text);

// `indent` < 0: one line; otherwise pretty-printed with that many spaces.
HOSTBRIDGE_SHARED_EXPORT std::string toJson(const Value& value, int indent = -1);

// "2026-11-21T10:00:00Z" (microseconds shown when not zero); parsing accepts that form and the
// XML-RPC form "20261121T10:00:00".
HOSTBRIDGE_SHARED_EXPORT std::string formatDateTime(DateTime time);
HOSTBRIDGE_SHARED_EXPORT std::optional<DateTime> parseDateTime(std::string_view text);

}  // namespace hostbridge
