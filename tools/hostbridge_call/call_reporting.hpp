#pragma once
// How hostbridge-call reports outcomes, shared by the one-shot call and --repl: faults and
// transport errors on stderr (with hints), method listings on stdout, and the exit statuses.

#include <hostbridge/client.hpp>

#include "call_target.hpp"

namespace hostbridge {

constexpr int kExitFault = 1;      // the server answered with a fault
constexpr int kExitUsage = 2;      // the command line is wrong, or no target was found
constexpr int kExitTransport = 3;  // no connection, timeout, HTTP error, not XML-RPC

// The client-side codes: the call may never have reached a handler.
bool isTransportFault(int code);

// Prints a fault (with a hint for a timeout or a 401) and returns the exit status for it.
int reportFault(const Fault& fault, const Client& client, const CallTarget& target);

// Prints every method with its signatures and help (system.listMethods, then one
// system.multicall); returns an exit status.
int listMethods(Client& client, const CallTarget& target);

}  // namespace hostbridge
