#pragma once
// hostbridge-call --clients: the answer of hostbridge.clients() (docs/tools.md) as a table.

#include <string>

#include <hostbridge/value.hpp>

namespace hostbridge {

// One header line, then one line per client: ID NAME PID PORT STATE SINCE LAST SEEN, columns
// aligned; "(no clients)" for an empty list. Members missing or of another type show as "?".
std::string formatClientList(const Value& clients);

}  // namespace hostbridge
